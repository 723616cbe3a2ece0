"""Ship the regions offices plan by (continents, UN M49 sub-regions, blocs) from contacts/data/regions.json.

The rows are ordinary data afterwards: admins may edit them; this migration only adds codes that are missing.
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def load_regions(apps, schema_editor):
    Region = apps.get_model("contacts", "Region")
    HistoricalRegion = apps.get_model("contacts", "HistoricalRegion")
    db = schema_editor.connection.alias
    existing = set(Region.objects.using(db).values_list("code", flat=True))
    now = timezone.now()
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        if row["code"] in existing:
            continue
        region = Region.objects.using(db).create(
            code=row["code"], kind=row["kind"], name=row["name"], name_zh=row["name_zh"], countries=row["countries"]
        )
        # Historical models in migrations do not record themselves; write the "created" entry by hand (the project's
        # models, which core.seeds passes when it loads the regions again after a flush, have written it already).
        if HistoricalRegion.objects.using(db).filter(id=region.id).exists():
            continue
        HistoricalRegion.objects.using(db).create(
            id=region.id,
            created=region.created,
            updated=region.updated,
            code=region.code,
            kind=region.kind,
            name=region.name,
            name_zh=region.name_zh,
            countries=region.countries,
            history_date=now,
            history_type="+",
            history_change_reason="Shipped region data",
        )


def unload_regions(apps, schema_editor):
    Region = apps.get_model("contacts", "Region")
    codes = [row["code"] for row in json.loads(DATA.read_text(encoding="utf-8"))]
    Region.objects.using(schema_editor.connection.alias).filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_regions, unload_regions),
    ]
