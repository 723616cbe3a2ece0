"""On PostgreSQL, a trigram index (pg_trgm) for `q=`: the search is `search_text LIKE '%term%'` on both databases
(contacts.filters.EntityFilterSet.filter_q), which a B-tree cannot serve; a GIN index with gin_trgm_ops can, so the
plan stops scanning every entity. SQLite keeps its scan of the one narrow column; the results are the same (the
query is the same), tested on both. Nothing happens on SQLite.
"""

from django.db import migrations

INDEX = "contacts_entity_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON contacts_entity USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_city_names")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
