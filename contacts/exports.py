"""Entity lists as spreadsheets: the import template's columns (contacts.resources), so an export re-imports as is."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from contacts.models import Entity
from contacts.resources import EntityResource
from core.exports import table_bytes


def entities_table(queryset: QuerySet[Entity], fmt: str) -> bytes:
    """The entities of `queryset` (a filtered list) as XLSX or CSV with the template's bilingual headers."""
    resource = EntityResource()
    queryset = queryset.select_related("parent").prefetch_related("contact_points")
    dataset = resource.export(queryset)
    return table_bytes(list(dataset.headers), dataset, fmt, title=_("Entities"))
