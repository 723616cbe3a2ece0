from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.seeds import reseed_when_empty


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Entities")

    def ready(self) -> None:
        reseed_when_empty(self, "Region", "0002_regions", "load_regions")  # the shipped regions, again after a flush
