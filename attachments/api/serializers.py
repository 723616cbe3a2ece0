from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from attachments.models import Attachment
from contacts.models import Entity
from events.models import Event, FollowUp
from relations.models import Relation, RelationStep


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = (
            "id",
            "title",
            "kind",
            "original_name",
            "content_type",
            "size",
            "entity",
            "relation",
            "step",
            "event",
            "followup",
            "uploaded_by",
            "uploaded_by_name",
            "download_url",
            "thumbnail_url",
            "created",
            "updated",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_uploaded_by_name(self, attachment: Attachment) -> str:
        user = attachment.uploaded_by
        return (user.get_full_name() or user.get_username()) if user else ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment: Attachment) -> str:
        return reverse("attachment-download", args=[attachment.pk], request=self.context.get("request"))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_thumbnail_url(self, attachment: Attachment) -> str | None:
        if not attachment.thumbnail:
            return None
        return reverse("attachment-thumbnail", args=[attachment.pk], request=self.context.get("request"))


class AttachmentWriteSerializer(serializers.ModelSerializer):
    """A multipart upload: the file, what it is, and exactly one record it is attached to."""

    file = serializers.FileField(help_text=_("The file (size and type limits: see the API's description)."))
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False, allow_null=True)
    relation = serializers.PrimaryKeyRelatedField(queryset=Relation.objects.all(), required=False, allow_null=True)
    step = serializers.PrimaryKeyRelatedField(
        queryset=RelationStep.objects.all(), required=False, allow_null=True, help_text=_("A tie's lifecycle step.")
    )
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all(), required=False, allow_null=True)
    followup = serializers.PrimaryKeyRelatedField(queryset=FollowUp.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Attachment
        fields = ("file", "title", "kind", "entity", "relation", "step", "event", "followup")
