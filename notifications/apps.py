from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The reminders this app knows itself; an app of the same layer (trips' overdue passports) registers its own
        # source in its ready() through notifications.sources, without this app importing it.
        from notifications import reminders, sources

        sources.register("followups_due", reminders.followups_due)
        sources.register("anniversaries_to_plan", reminders.anniversaries_to_plan)
