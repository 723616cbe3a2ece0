"""Tie lists as spreadsheets: the import template's columns (relations.resources), so an export re-imports as is;
and the approval decisions of the listed ties (city → province → association → ministry), one row each."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import fields

from contacts.resources import entity_reference
from core.exports import table_bytes
from core.imports import ChoiceWidget, Column, DateWidget, IntegerWidget, OfficeResource, TextWidget
from relations.choices import ApprovalLevel, ApprovalOutcome, RelationKind
from relations.models import ApprovalDecision, Relation
from relations.resources import RelationResource


def relations_table(queryset: QuerySet[Relation], fmt: str) -> bytes:
    """The ties of `queryset` (a filtered list) as XLSX or CSV with the template's bilingual headers."""
    resource = RelationResource()
    queryset = queryset.select_related("source", "target").prefetch_related("steps")
    dataset = resource.export(queryset)
    return table_bytes(list(dataset.headers), dataset, fmt, title=_("Ties"))


APPROVAL_COLUMNS = (
    Column("id", "ID", "编号"),
    Column("relation", "Tie", "关系编号"),
    Column("kind", "Kind", "类型"),
    Column("source", "Our side", "本方"),
    Column("target", "Partner", "对方"),
    Column("level", "Level", "审批层级"),
    Column("outcome", "Outcome", "审批结果"),
    Column("date", "Date", "日期"),
    Column("document_no", "Document number", "文号"),
    Column("note", "Note", "说明"),
    Column("recorded_by", "Recorded by", "记录人"),
)


class ApprovalDecisionResource(OfficeResource):
    """Approval decisions out (export only: they are recorded one by one on their tie's page, never imported)."""

    COLUMNS = APPROVAL_COLUMNS

    id = fields.Field(attribute="id", column_name="id", widget=IntegerWidget())
    relation = fields.Field(attribute="relation_id", column_name="relation", widget=IntegerWidget())
    level = fields.Field(attribute="level", column_name="level", widget=ChoiceWidget(ApprovalLevel))
    outcome = fields.Field(attribute="outcome", column_name="outcome", widget=ChoiceWidget(ApprovalOutcome))
    date = fields.Field(attribute="date", column_name="date", widget=DateWidget())
    document_no = fields.Field(attribute="document_no", column_name="document_no", widget=TextWidget())
    note = fields.Field(attribute="note", column_name="note", widget=TextWidget())

    class Meta:
        model = ApprovalDecision
        fields = tuple(column.key for column in APPROVAL_COLUMNS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["kind"] = fields.Field(
            attribute="relation__kind", column_name="kind", widget=ChoiceWidget(RelationKind), readonly=True
        )
        for key in ("source", "target", "recorded_by"):
            self.fields[key] = fields.Field(attribute=None, column_name=key, readonly=True)

    def export_field(self, field, instance, **kwargs):
        name = field.column_name
        if name in ("source", "target"):
            return entity_reference(getattr(instance.relation, name))
        if name == "recorded_by":
            return instance.recorded_by.get_username() if instance.recorded_by else ""
        return super().export_field(field, instance, **kwargs)


def approvals_table(relations: QuerySet[Relation], fmt: str) -> bytes:
    """The approval decisions of the ties of `relations` (a filtered tie list), tie by tie in date order."""
    decisions = (
        ApprovalDecision.objects.filter(relation_id__in=relations.order_by().values("pk"))
        .select_related("relation__source", "relation__target", "recorded_by")
        .order_by("relation_id", "date", "id")
    )
    dataset = ApprovalDecisionResource().export(decisions)
    return table_bytes(list(dataset.headers), dataset, fmt, title=_("Approval decisions"))
