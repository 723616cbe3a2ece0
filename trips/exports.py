"""Trip lists as spreadsheets (the list page's export and `GET /api/trips/export/`), with bilingual headers.

Trips have no import (an application goes through its lifecycle, not a spreadsheet), so these columns are the
list's: a code for each choice and "#id name" for the organising unit, as the import templates of the other kinds
write them.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import fields

from contacts.resources import entity_reference
from core.exports import table_bytes
from core.imports import ChoiceWidget, Column, DateWidget, IntegerWidget, OfficeResource, TextWidget
from trips.choices import ApprovingLevel, Payer, TravellerCategory, TripKind, TripStatus
from trips.models import Trip

TRIP_COLUMNS = (
    Column("id", "ID", "编号"),
    Column("title", "Title", "团组名称"),
    Column("organiser", "Organising unit", "组团单位"),
    Column("kind", "Kind", "类型"),
    Column("category", "Traveller category", "人员类别"),
    Column("approving_level", "Approving level", "审批级别"),
    Column("status", "Status", "状态"),
    Column("start_date", "Departure", "出发日期"),
    Column("end_date", "Return", "返回日期"),
    Column("destinations", "Destinations", "出访国家（地区）"),
    Column("headcount", "Person-times", "人次"),
    Column("budget", "Budget (yuan)", "预算（元）"),
    Column("payer", "Who pays", "费用承担"),
    Column("invitation_from", "Inviting party", "邀请方"),
    Column("invitation_ref", "Invitation reference", "邀请函编号"),
    Column("purpose", "Purpose", "出访任务"),
    Column("notes", "Notes", "备注"),
)


class TripResource(OfficeResource):
    """Trips out (export only): the list's columns, its destinations as "DE (3) | FR (2)" (country code, days)."""

    COLUMNS = TRIP_COLUMNS

    id = fields.Field(attribute="id", column_name="id", widget=IntegerWidget())
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(TripKind))
    category = fields.Field(attribute="category", column_name="category", widget=ChoiceWidget(TravellerCategory))
    approving_level = fields.Field(
        attribute="approving_level", column_name="approving_level", widget=ChoiceWidget(ApprovingLevel)
    )
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(TripStatus))
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DateWidget())
    headcount = fields.Field(attribute="headcount", column_name="headcount", widget=IntegerWidget())
    payer = fields.Field(attribute="payer", column_name="payer", widget=ChoiceWidget(Payer))
    invitation_from = fields.Field(attribute="invitation_from", column_name="invitation_from", widget=TextWidget())
    invitation_ref = fields.Field(attribute="invitation_ref", column_name="invitation_ref", widget=TextWidget())
    purpose = fields.Field(attribute="purpose", column_name="purpose", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta:
        model = Trip
        fields = tuple(column.key for column in TRIP_COLUMNS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for key in ("organiser", "destinations", "budget"):
            self.fields[key] = fields.Field(attribute=None, column_name=key, readonly=True)

    def export_field(self, field, instance, **kwargs):
        name = field.column_name
        if name == "organiser":
            return entity_reference(instance.organiser)
        if name == "destinations":
            return " | ".join(f"{leg.country.code} ({leg.days})" for leg in instance.legs.all())
        if name == "budget":
            return "" if instance.budget is None else float(instance.budget)
        return super().export_field(field, instance, **kwargs)


def trips_table(queryset: QuerySet[Trip], fmt: str) -> bytes:
    """The trips of `queryset` (a filtered list) as XLSX or CSV with bilingual headers."""
    dataset = TripResource().export(queryset.select_related("organiser").prefetch_related("legs"))
    return table_bytes(list(dataset.headers), dataset, fmt, title=_("Outbound trips"))
