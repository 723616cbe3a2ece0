from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    # Permissions are created per app by auth's own post_migrate handler; syncing after each app's
    # migration means the last call sees every model's permissions. Idempotent and cheap.
    from crm.roles import roles_sync

    roles_sync()


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Foreign-affairs CRM")

    def ready(self):
        from crm import checks  # noqa: F401  (registers the production-path checks)

        post_migrate.connect(_sync_roles, dispatch_uid="crm.sync_roles")
