"""Serializers for trips: the read shapes (list, detail with legs, members and steps), the write shape (ids), the
actions' requests, the rules and criteria (admins), the quarter's table."""

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from contacts.api.serializers import EntityBriefSerializer
from contacts.models import Entity
from relations.models import Relation
from trips.choices import ApprovingLevel, CadreLevel, Payer, TravellerCategory, TripKind
from trips.models import TRIP_DATES, ReviewCriterion, Trip, TripLeg, TripMember, TripReview, TripRules, TripStep
from trips.services import TRIP_FIELDS

DATES_TEXT = f"From {TRIP_DATES.low} to {TRIP_DATES.high}."


class TripLegSerializer(serializers.ModelSerializer):
    country = CountryField(read_only=True)
    city = EntityBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = TripLeg
        fields = ("order", "country", "city", "days")
        read_only_fields = fields


class TripMemberSerializer(serializers.ModelSerializer):
    person = EntityBriefSerializer(read_only=True)

    class Meta:
        model = TripMember
        fields = ("id", "person", "post", "level", "leader", "visa_days", "passport_returned_on")
        read_only_fields = fields


class TripStepSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = TripStep
        fields = (
            "id",
            "kind",
            "from_status",
            "to_status",
            "level",
            "date",
            "reason",
            "document_no",
            "detail",
            "recorded_by",
            "created",
        )
        read_only_fields = fields


class TripReviewSerializer(serializers.ModelSerializer):
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = TripReview
        fields = ("id", "trip", "year", "quarter", "scores", "total", "note", "reviewed_by", "updated")
        read_only_fields = fields


class TripSerializer(serializers.ModelSerializer):
    """A trip in a list: its organiser, dates, status, destinations and person-times."""

    organiser = EntityBriefSerializer(read_only=True)
    countries = serializers.SerializerMethodField()
    days = serializers.IntegerField(read_only=True)

    class Meta:
        model = Trip
        fields = (
            "id",
            "title",
            "organiser",
            "kind",
            "category",
            "approving_level",
            "status",
            "start_date",
            "end_date",
            "days",
            "headcount",
            "countries",
            "created",
            "updated",
        )
        read_only_fields = fields

    def get_countries(self, trip) -> list[str]:
        return [str(leg.country) for leg in trip.legs.all()]


class TripDetailSerializer(TripSerializer):
    """A trip with everything: legs, members, partners, ties, steps, the exchange it became, its follow-ups."""

    legs = TripLegSerializer(many=True, read_only=True)
    members = TripMemberSerializer(many=True, read_only=True)
    steps = TripStepSerializer(many=True, read_only=True)
    partners = EntityBriefSerializer(many=True, read_only=True)
    relations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    review = serializers.SerializerMethodField()

    class Meta(TripSerializer.Meta):
        fields = (
            *TripSerializer.Meta.fields,
            "purpose",
            "agenda",
            "budget",
            "payer",
            "invitation_from",
            "invitation_ref",
            "invitation_text",
            "legs",
            "members",
            "partners",
            "relations",
            "warnings",
            "event",
            "passports_followup",
            "report_followup",
            "passports_returned_on",
            "report_filed_on",
            "report",
            "notes",
            "steps",
            "review",
        )
        read_only_fields = fields

    def get_review(self, trip) -> dict | None:
        review = getattr(trip, "review", None)
        return TripReviewSerializer(review).data if review else None


class LegWriteSerializer(serializers.Serializer):
    country = CountryField(
        required=False, allow_blank=True, help_text=_("ISO code; may be left out when a city is given.")
    )
    city = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False, allow_null=True)
    days = serializers.IntegerField(min_value=1, max_value=366, default=1)


class MemberWriteSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())
    post = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    level = serializers.ChoiceField(choices=CadreLevel.choices, default=CadreLevel.NONE)
    leader = serializers.BooleanField(default=False)
    visa_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=366)


class TripWriteSerializer(serializers.ModelSerializer):
    """A trip as written: the organiser, partners and ties by id, the legs and members inline (replacing them)."""

    organiser = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.filter(domestic=True))
    start_date = serializers.DateField(help_text=DATES_TEXT)
    end_date = serializers.DateField(help_text=DATES_TEXT)
    kind = serializers.ChoiceField(choices=TripKind.choices, required=False)
    category = serializers.ChoiceField(choices=TravellerCategory.choices, required=False)
    approving_level = serializers.ChoiceField(choices=ApprovingLevel.choices, required=False)
    payer = serializers.ChoiceField(choices=Payer.choices, required=False)
    legs = LegWriteSerializer(many=True, required=False)
    members = MemberWriteSerializer(many=True, required=False)
    partners = serializers.PrimaryKeyRelatedField(many=True, queryset=Entity.objects.all(), required=False)
    relations = serializers.PrimaryKeyRelatedField(many=True, queryset=Relation.objects.all(), required=False)

    class Meta:
        model = Trip
        fields = (*TRIP_FIELDS, "legs", "members", "partners", "relations")  # what trips.services writes


class TripNoteSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True, help_text=_("Defaults to today."))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CheckSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=("accepted", "returned", "refused", "postponed"))
    date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=ApprovingLevel.choices)
    approved = serializers.BooleanField(default=True)
    date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    document_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class VisaSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("The member's id (see `members`)."))
    visa_days = serializers.IntegerField(min_value=1, max_value=366, allow_null=True)
    date = serializers.DateField(required=False, allow_null=True)


class VisaResultSerializer(serializers.Serializer):
    shortfalls = serializers.ListField(child=serializers.CharField())


class MembersChangeSerializer(serializers.Serializer):
    members = MemberWriteSerializer(many=True)
    reason = serializers.CharField()
    date = serializers.DateField(required=False, allow_null=True)


class DatesChangeSerializer(serializers.Serializer):
    start_date = serializers.DateField(help_text=DATES_TEXT)
    end_date = serializers.DateField(help_text=DATES_TEXT)
    reason = serializers.CharField()
    date = serializers.DateField(required=False, allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    date = serializers.DateField(required=False, allow_null=True)


class DateSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True)


class ReportSerializer(serializers.Serializer):
    report = serializers.CharField()
    date = serializers.DateField(required=False, allow_null=True)


class ReviewWriteSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField(min_value=0), help_text=_("Criterion code -> score."))
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    quarter = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class QuarterQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class TripRulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = TripRules
        fields = (
            "id",
            "year",
            "days_by_countries",
            "max_countries",
            "max_delegation",
            "per_person_per_year",
            "per_unit_per_year",
            "office_batches_per_year",
            "office_person_times_per_year",
            "capped_categories",
            "passports_due_days",
            "report_due_days",
            "updated",
        )
        read_only_fields = ("id", "updated")

    def validate_days_by_countries(self, value):
        if not isinstance(value, dict) or not all(
            str(k).isdigit() and isinstance(v, int) and 0 < v <= 366 for k, v in value.items()
        ):
            raise serializers.ValidationError(_('Give days per number of countries, e.g. {"1": 5, "2": 8}.'))
        return {str(k): v for k, v in value.items()}

    def validate_capped_categories(self, value):
        if not isinstance(value, list) or any(v not in TravellerCategory.values for v in value):
            raise serializers.ValidationError(_("Give a list of traveller categories."))
        return value


class ReviewCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewCriterion
        fields = ("id", "code", "name", "name_zh", "max_score", "order", "active", "updated")
        read_only_fields = ("id", "updated")
