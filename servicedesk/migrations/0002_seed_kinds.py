"""The kinds of service the offices' summaries count (admins add others)."""

from django.db import migrations

KINDS = [
    # code, English, Chinese, unit, running total, order
    ("official_passport_visa", "Official passports and visas", "因公护照签证", "person_times", False, 10),
    ("private_visa", "Private visas handled", "代办因私签证", "person_times", False, 20),
    ("consular_certification", "Consular certification", "领事认证", "documents", False, 30),
    ("invitation", "Invitations of foreigners to China", "邀请外国人来华", "person_times", False, 40),
    ("apec_application", "APEC business travel card applications", "APEC商务旅行卡申请", "person_times", False, 50),
    ("apec_issued", "APEC business travel cards issued", "APEC商务旅行卡获卡", "cards", False, 51),
    ("apec_held", "APEC business travel cards held", "APEC商务旅行卡累计持卡", "cards", True, 52),
    ("translation", "Translations", "翻译", "documents", False, 60),
    ("key_enterprise", "Key foreign-related enterprises registered", "涉外骨干企业备案", "documents", False, 70),
]


def seed(apps, schema_editor):
    ServiceKind = apps.get_model("servicedesk", "ServiceKind")
    for code, name, name_zh, unit, cumulative, order in KINDS:
        ServiceKind.objects.get_or_create(
            code=code, defaults={"name": name, "name_zh": name_zh, "unit": unit, "cumulative": cumulative, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("servicedesk", "ServiceKind").objects.filter(code__in=[kind[0] for kind in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
