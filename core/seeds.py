"""Shipped reference rows that come back when their table is emptied: the data a migration loads once (regions,
service kinds, the default trip rules) is loaded again after a migrate or a flush that left its table empty.

A flush (a transactional test's teardown, `manage.py flush`) empties every table and sends post_migrate, so without
this the next test on that worker, or the next user of a flushed database, would find no regions. A table with any row
in it is the office's own and is left alone. Imports no app.
"""

import importlib
from types import SimpleNamespace

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


def reseed_when_empty(config: AppConfig, model_name: str, migration: str, function: str = "seed") -> None:
    """After every post_migrate of `config`'s app, run `function` of its data migration `migration` again when the
    table of `model_name` is empty. The function is called as RunPython calls it: (apps, schema_editor), with the
    project's apps and an object whose `connection` is the database's."""

    def reseed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
        model = config.get_model(model_name)
        if model._meta.db_table not in connections[using].introspection.table_names():
            return  # migrated back to before the table
        if model._default_manager.using(using).exists():
            return
        module = importlib.import_module(f"{config.name}.migrations.{migration}")
        getattr(module, function)(global_apps, SimpleNamespace(connection=connections[using]))

    post_migrate.connect(reseed, sender=config, weak=False, dispatch_uid=f"{config.label}.reseed.{model_name}")
