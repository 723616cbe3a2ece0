"""`/api/attachments/`: list (filtered by the record), upload (multipart), detail, download, delete."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer

from attachments.api.serializers import AttachmentSerializer, AttachmentWriteSerializer
from attachments.downloads import attachment_response
from attachments.filters import AttachmentFilterSet
from attachments.models import Attachment
from attachments.selectors import attachment_list
from attachments.services import allowed_types, attachment_create, attachment_delete
from core.api import ServiceWritesMixin


def _limits() -> str:
    return (
        f"At most {filesizeformat(settings.CRM_ATTACHMENT_MAX_BYTES)} per file (CRM_ATTACHMENT_MAX_MB); "
        f"types: {', '.join(sorted(allowed_types()))} (CRM_ATTACHMENT_TYPES)."
    )


class FileRenderer(BaseRenderer):
    """Lets a download be asked for with any Accept header (the answer is the file, or a JSON error)."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, "application/json", renderer_context)


_FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The file, with its content type and name.")


@extend_schema_view(
    list=extend_schema(summary="List attachments (filter by entity, relation, step, event or followup)"),
    retrieve=extend_schema(summary="Retrieve an attachment's details"),
    create=extend_schema(
        summary="Upload a file and attach it to one record",
        description="Multipart form: `file` and exactly one of `entity`, `relation`, `step`, `event`, `followup`. "
        + _limits(),
        request={"multipart/form-data": AttachmentWriteSerializer},
        responses={201: AttachmentSerializer},
    ),
    destroy=extend_schema(
        summary="Delete an attachment (admins; kept in history, restorable)",
        responses={204: OpenApiResponse(description="Deleted.")},
    ),
)
class AttachmentViewSet(
    ServiceWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Files attached to entities, ties, lifecycle steps, events and follow-ups; downloads check the permission."""

    queryset = Attachment.objects.all()
    serializer_class = AttachmentSerializer
    write_serializer_class = AttachmentWriteSerializer
    filterset_class = AttachmentFilterSet
    parser_classes = [MultiPartParser, FormParser]
    ordering_fields = ("created", "size", "original_name")

    def get_queryset(self):
        return attachment_list()

    def perform_create(self, serializer):
        serializer.instance = attachment_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):  # no update route: an attachment is replaced by uploading another
        raise NotImplementedError

    def perform_destroy(self, instance):
        attachment_delete(attachment=instance, by=self.request.user)

    @extend_schema(summary="Download the file", responses={200: _FILE, 404: OpenApiResponse(description="No file.")})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def download(self, request, pk=None):
        return attachment_response(self.get_object())

    @extend_schema(
        summary="Download the image's thumbnail (JPEG)",
        responses={200: _FILE, 404: OpenApiResponse(description="Not an image: no thumbnail.")},
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def thumbnail(self, request, pk=None):
        return attachment_response(self.get_object(), thumbnail=True)
