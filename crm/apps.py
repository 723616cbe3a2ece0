from django.apps import AppConfig
from django.apps import apps as registry
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    # post_migrate is sent once per app with models, in INSTALLED_APPS order, after every migrate and every flush
    # (a transactional test's teardown); auth's own handler creates each app's permissions on that app's signal. So on
    # the last app's signal every permission exists: syncing then, once, gives the groups the same permissions as
    # syncing on every app's signal did (about twenty times a migrate or a test flush).
    last = [config for config in registry.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from crm.roles import roles_sync

    roles_sync()


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Foreign-affairs CRM")

    def ready(self):
        from crm import checks  # noqa: F401  (registers the production-path checks)

        post_migrate.connect(_sync_roles, dispatch_uid="crm.sync_roles")
