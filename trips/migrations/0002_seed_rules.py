"""The default rules (every year: 5/8/10 days for 1/2/3 countries, counting travel) and review criteria."""

from django.db import migrations

CRITERIA = [
    # code, English, Chinese, highest score, order
    ("discipline", "Foreign-affairs policy and discipline", "执行外事政策和遵守外事纪律", 30, 10),
    ("duties", "Duties performed abroad", "履行出国（境）职责", 30, 20),
    ("results", "Results of the trip", "出国（境）取得成果", 40, 30),
]


def seed(apps, schema_editor):
    TripRules = apps.get_model("trips", "TripRules")
    ReviewCriterion = apps.get_model("trips", "ReviewCriterion")
    if not TripRules.objects.filter(year__isnull=True).exists():
        TripRules.objects.create(year=None, days_by_countries={"1": 5, "2": 8, "3": 10})
    for code, name, name_zh, max_score, order in CRITERIA:
        ReviewCriterion.objects.get_or_create(
            code=code, defaults={"name": name, "name_zh": name_zh, "max_score": max_score, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("trips", "ReviewCriterion").objects.filter(code__in=[c[0] for c in CRITERIA]).delete()
    apps.get_model("trips", "TripRules").objects.filter(year__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("trips", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
