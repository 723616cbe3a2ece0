"""API for entities (`/api/entities/`), regions (`/api/regions/`) and the gazetteer (`/api/gazetteer/`)."""

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from contacts import services
from contacts.api.serializers import (
    EntityArchiveSerializer,
    EntityFromGazetteerSerializer,
    EntityListSerializer,
    EntitySerializer,
    GazetteerCitySerializer,
    GazetteerQuerySerializer,
    RegionSerializer,
)
from contacts.exports import entities_table
from contacts.filters import EntityFilterSet, RegionFilterSet
from contacts.models import Entity, Region
from contacts.selectors import entity_brief_list, entity_list, gazetteer_hits
from core.api import HasPerms, ModelPermissions, ServiceWritesMixin, VersionedMixin
from core.api_exports import ExportMixin
from core.history import HistoryEntrySerializer, HistoryMixin, history_entries


class PossibleDuplicateRefused(exceptions.APIException):
    """A 400 that keeps its body as given (ids stay numbers): DRF's ValidationError turns every value into text."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "possible_duplicate"

    def __init__(self, data: dict):
        self.detail = data


@extend_schema_view(
    list=extend_schema(
        summary="List entities",
        description="Partners and contacts on file, filtered and paginated, each in the list's brief shape with its "
        "tie and event counts; an entity's own answer (`url`) has every field.",
    ),
    retrieve=extend_schema(summary="One entity"),
    create=extend_schema(
        summary="File a new entity",
        description="Contact points may be given inline. A possible duplicate of an entity on file is refused "
        "(400: `confirm_duplicate` says why, `duplicates` lists the candidates with `id`, `name`, `score` 0-100, "
        "`reasons` among `geonameid`, `same_name`, `close_name`, and the names that matched) until the request "
        "is sent again with `confirm_duplicate: true`.",
    ),
    partial_update=extend_schema(
        summary="Change an entity",
        description="`contact_points`, when given, replaces "
        "the whole list: items with an `id` are kept and changed, others added.",
    ),
    destroy=extend_schema(
        summary="Delete an entity",
        description="Refused (400) while ties, events, child "
        "entities, follow-ups or notes refer to it: archive it instead.",
    ),
)
class EntityViewSet(VersionedMixin, ServiceWritesMixin, HistoryMixin, ExportMixin, viewsets.ModelViewSet):
    """Partners and contacts on file: cities, consulates, enterprises, schools, organisations, people."""

    export_table = staticmethod(entities_table)
    export_name = "entities"

    queryset = Entity.objects.all()
    serializer_class = EntitySerializer
    filterset_class = EntityFilterSet
    ordering_fields = ["name", "name_zh", "country", "kind", "population", "created", "updated"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Entity]:
        if self.action == "list":
            return entity_brief_list()
        return entity_list()

    def page_rows(self, page_ids):
        # The list's page is sorted and cut on the entities alone, then its rows read with their parent and counts
        # (core.api.Pagination): annotated on the list itself, the counts are counted for every row the filter
        # matches before the database sorts them (179 rows, some with thousands of events, for `q=ningbo`).
        return entity_brief_list(counts=True).filter(pk__in=page_ids)

    def get_serializer_class(self):
        if self.action == "list":
            return EntityListSerializer
        if self.action == "from_gazetteer":
            return EntityFromGazetteerSerializer
        if self.action == "archive":
            return EntityArchiveSerializer
        return EntitySerializer

    def perform_create(self, serializer):
        arguments = self.service_arguments(serializer)
        confirmed = arguments.pop("confirm_duplicate", False)
        try:
            serializer.instance = services.entity_create(
                by=self.request.user, check_duplicates=not confirmed, **arguments
            )
        except services.PossibleDuplicate as exc:
            raise PossibleDuplicateRefused(
                {
                    "confirm_duplicate": exc.messages,
                    "duplicates": [
                        {
                            **candidate.as_dict(),
                            "reason_labels": candidate.reason_labels,
                            "url": self.request.build_absolute_uri(
                                reverse("entity-detail", args=[candidate.entity_id])
                            ),
                        }
                        for candidate in exc.candidates
                    ],
                }
            ) from exc

    def perform_update(self, serializer):
        arguments = self.service_arguments(serializer)
        arguments.pop("confirm_duplicate", None)
        serializer.instance = services.entity_update(entity=serializer.instance, by=self.request.user, **arguments)

    def perform_destroy(self, instance):
        services.entity_delete(entity=instance, by=self.request.user)

    def _entity_response(self, entity: Entity, code: int = status.HTTP_200_OK) -> Response:
        entity = entity_list().get(pk=entity.pk)
        return Response(EntitySerializer(entity, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        summary="File a place from the gazetteer",
        request=EntityFromGazetteerSerializer,
        responses={201: EntitySerializer},
    )
    @action(detail=False, methods=["post"], url_path="from-gazetteer")
    def from_gazetteer(self, request):
        serializer = EntityFromGazetteerSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entity = services.entity_create_from_gazetteer(
            geonameid=data.pop("geonameid"),
            kind=data.pop("kind"),
            by=request.user,
            **{k: v for k, v in data.items() if v is not None},
        )
        return self._entity_response(entity, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Archive an entity (or bring it back)", request=EntityArchiveSerializer, responses=EntitySerializer
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        entity = self.get_object()
        serializer = EntityArchiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.entity_archive(entity=entity, by=request.user, archived=serializer.validated_data["archived"])
        return self._entity_response(entity)

    @extend_schema(summary="Bring an archived entity back", request=None, responses=EntitySerializer)
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        entity = self.get_object()
        services.entity_unarchive(entity=entity, by=request.user)
        return self._entity_response(entity)


@extend_schema_view(
    list=extend_schema(
        summary="List regions",
        description="Continents, UN M49 sub-regions and blocs (ASEAN, EU, "
        "RCEP, BRICS, Belt and Road) with their member countries. Any code here works as a `region` "
        "filter elsewhere.",
    ),
    retrieve=extend_schema(summary="One region, by code"),
    create=extend_schema(summary="Add a region (admins)"),
    partial_update=extend_schema(summary="Change a region (admins)"),
    destroy=extend_schema(summary="Delete a region (admins)"),
)
class RegionViewSet(VersionedMixin, ServiceWritesMixin, viewsets.ModelViewSet):
    """The regions offices plan by; shipped as data, editable by admins."""

    # Officers hold add/change on every domain model; regions are reference data, so writes also need the
    # permission only admins hold (delete_region).
    permission_classes = [ModelPermissions, HasPerms.of("contacts.view_region", write=("contacts.delete_region",))]
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "code"
    lookup_value_regex = "[-a-z0-9_]+"
    ordering_fields = ["code", "kind", "name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.order_by("kind", "code")

    def perform_create(self, serializer):
        serializer.instance = services.region_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = services.region_update(
            region=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        services.region_delete(region=instance, by=self.request.user)

    # HistoryMixin's action takes `pk`; regions are looked up by `code`, so the same action is declared here.
    @extend_schema(summary="A region's history", responses=HistoryEntrySerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, code=None):
        return Response(history_entries(self.get_object()))


class GazetteerView(APIView):
    """World cities over 15,000 people (GeoNames), to file a partner city with its coordinates and names."""

    permission_classes = [HasPerms.of("contacts.view_entity")]

    @extend_schema(
        summary="Search the gazetteer",
        parameters=[
            OpenApiParameter("q", str, required=True, description="A city name in any language, or its start."),
            OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code: only cities in this country."),
            OpenApiParameter("limit", int, description="At most this many (1–100, default 20)."),
        ],
        responses=GazetteerCitySerializer(many=True),
    )
    def get(self, request):
        query = GazetteerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        hits = gazetteer_hits(q=data["q"], country=data.get("country") or None, limit=data["limit"])
        return Response(GazetteerCitySerializer(hits, many=True).data)
