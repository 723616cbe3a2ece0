"""Tie lists as spreadsheets: the import template's columns (relations.resources), so an export re-imports as is."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.exports import table_bytes
from relations.models import Relation
from relations.resources import RelationResource


def relations_table(queryset: QuerySet[Relation], fmt: str) -> bytes:
    """The ties of `queryset` (a filtered list) as XLSX or CSV with the template's bilingual headers."""
    resource = RelationResource()
    queryset = queryset.select_related("source", "target").prefetch_related("steps")
    dataset = resource.export(queryset)
    return table_bytes(list(dataset.headers), dataset, fmt, title=_("Ties"))
