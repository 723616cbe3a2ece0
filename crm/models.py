"""The project's own records: named filters of the list pages, which a user saves and may share."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TrackedModel


class SavedFilter(TrackedModel):
    """A list page's filters under a name ("ASEAN cities, signed"), the owner's own or shared with everyone."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_filters"
    )
    page = models.CharField(_("list"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    shared = models.BooleanField(_("shared with everyone"), default=False)

    class Meta:
        ordering = ("page", "name", "id")
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(fields=("owner", "page", "name"), name="crm_savedfilter_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
