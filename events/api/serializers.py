"""Event serializers: read shapes (brief entities and ties inline) and the write shape (ids), kept apart."""

from rest_framework import serializers

from contacts.api.serializers import EntityBriefSerializer
from contacts.models import Entity
from events.models import Event, Participant
from relations.models import Relation


class EventRelationSerializer(serializers.ModelSerializer):
    """A tie an event serves, brief, with both ends."""

    source = EntityBriefSerializer(read_only=True)
    target = EntityBriefSerializer(read_only=True)

    class Meta:
        model = Relation
        fields = ("id", "kind", "status", "established_on", "source", "target")
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    entity = EntityBriefSerializer(read_only=True)

    class Meta:
        model = Participant
        fields = ("id", "entity", "role", "headcount")
        read_only_fields = fields


class ParticipantWriteSerializer(serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), help_text="Id of the entity.")
    headcount = serializers.IntegerField(min_value=0, default=0, help_text="How many people it brought.")

    class Meta:
        model = Participant
        fields = ("entity", "role", "headcount")


class EventSerializer(serializers.ModelSerializer):
    """An event as read: one batch; `headcount` is its person-times; participants and ties inline."""

    participants = ParticipantSerializer(many=True, read_only=True)
    relations = EventRelationSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = (
            "id",
            "kind",
            "status",
            "title",
            "start_date",
            "end_date",
            "location",
            "level",
            "headcount",
            "headcount_given",
            "participants",
            "relations",
            "outcome",
            "notes",
            "created",
            "updated",
        )
        read_only_fields = fields


class EventWriteSerializer(serializers.ModelSerializer):
    """An event as written. `participants`, when given, replace the current ones; `headcount` null or absent on
    create means "the sum of the participants' headcounts"; a number is kept as given."""

    participants = ParticipantWriteSerializer(many=True, required=False)
    relations = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Relation.objects.all(), help_text="Ids of the ties this event serves."
    )
    headcount = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Person-times; null or absent: the participants' sum."
    )

    class Meta:
        model = Event
        fields = (
            "kind",
            "status",
            "title",
            "start_date",
            "end_date",
            "location",
            "level",
            "headcount",
            "participants",
            "relations",
            "outcome",
            "notes",
        )

    def service_arguments(self) -> dict:
        """validated_data as keyword arguments of event_create / event_update."""
        data = dict(self.validated_data)
        if "participants" in data:
            data["participants"] = [dict(row) for row in data["participants"]]
        return data
