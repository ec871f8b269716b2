"""S3 priorities: the web's search, CRUD through the domain, export, import and map counts."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.accounts.rules import is_platform_staff
from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import (
    ApiAutoSchema,
    error_response,
    multi_int,
    multi_value,
)
from smartregions.api.v1.fields import TermCodesField, TermRefSerializer, ThematicAreaSlugsField
from smartregions.regions.domain.api_queries import import_targets
from smartregions.regions.domain.priorities import create_priority, delete_priority, update_priority
from smartregions.regions.domain.priority_io import export_priorities, import_priorities
from smartregions.regions.domain.queries import (
    PrioritySearch,
    count_priorities_by_region,
    priorities_with_codes,
    search_priorities,
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Priority, Strategy

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMPORT_SUFFIXES = (".csv", ".xlsx")


class PrioritySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="strategy.country.code", read_only=True)
    region = serializers.CharField(source="strategy.region.code", read_only=True, allow_null=True)
    economic_domains = TermRefSerializer(many=True, read_only=True)
    scientific_domains = TermRefSerializer(many=True, read_only=True)
    policy_objectives = TermRefSerializer(many=True, read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Priority
        fields = [
            "id",
            "strategy",
            "country",
            "region",
            "reference",
            "title",
            "description",
            "economic_domains",
            "scientific_domains",
            "policy_objectives",
            "thematic_areas",
            "keywords",
            "budget_eur",
            "source",
            "language",
            "is_synthetic",
            "created_at",
            "updated_at",
        ]


class PriorityUpdateSerializer(serializers.Serializer):
    """The editable fields of a priority; on PUT an omitted optional field is emptied."""

    title = serializers.CharField(max_length=300)
    description = serializers.CharField(allow_blank=True, default="")
    economic_domains = TermCodesField(kind=TaxonomyKind.ECONOMIC, default=list)
    scientific_domains = TermCodesField(kind=TaxonomyKind.SCIENTIFIC, default=list)
    policy_objectives = TermCodesField(kind=TaxonomyKind.POLICY, default=list)
    thematic_areas = ThematicAreaSlugsField(default=list)
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), default=list)
    budget_eur = serializers.DecimalField(
        max_digits=15, decimal_places=2, min_value=0, allow_null=True, default=None
    )
    source = serializers.CharField(max_length=500, allow_blank=True, default="")
    language = serializers.CharField(max_length=10, allow_blank=True, default="")


class PriorityCreateSerializer(PriorityUpdateSerializer):
    """A new priority of ``strategy``; ``reference`` defaults to the next free ``P<n>``."""

    strategy = serializers.PrimaryKeyRelatedField(
        queryset=Strategy.objects.select_related("region", "country")
    )
    reference = serializers.CharField(max_length=64, allow_blank=True, default="")


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Words that must all occur (title, "
        "description, keywords, thematic areas); accents and case are ignored.",
    ),
    *(
        OpenApiParameter(
            name,
            OpenApiTypes.STR,
            many=True,
            description=f"{label} codes, comma-separated or repeated; a code also matches the "
            "codes below it (NACE section C matches division 28).",
        )
        for name, label in (
            ("economic", "Economic-domain"),
            ("scientific", "Scientific-domain"),
            ("policy", "Policy-objective"),
        )
    ),
    OpenApiParameter(
        "country", OpenApiTypes.STR, many=True, description="Eurostat country codes (EL, not GR)."
    ),
    OpenApiParameter(
        "level", OpenApiTypes.INT, many=True, description="NUTS levels of the strategy's region."
    ),
    OpenApiParameter(
        "thematic_area", OpenApiTypes.STR, many=True, description="Thematic-area slugs."
    ),
    OpenApiParameter("strategy", OpenApiTypes.INT, description="Only this strategy's priorities."),
]
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=list(EXPORT_FORMATS),
    default="csv",
    description="File type of the export (the priority template: CSV or Excel).",
)
MapSerializer = inline_serializer(
    name="PriorityMap",
    fields={
        "total": serializers.IntegerField(help_text="Matching priorities, national ones included."),
        "counts": serializers.DictField(
            child=serializers.IntegerField(), help_text="Matching priorities per NUTS region code."
        ),
    },
)
ImportUploadSerializer = inline_serializer(
    name="PriorityImportUpload",
    fields={
        "file": serializers.FileField(help_text="The filled-in priority template (.csv/.xlsx).")
    },
)
ImportResultSerializer = inline_serializer(
    name="ImportResult",
    fields={
        "source": serializers.CharField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "deleted": serializers.IntegerField(),
        "notes": serializers.ListField(child=serializers.CharField()),
    },
)


class FileFormatNegotiation(DefaultContentNegotiation):
    """On the export, ``?format=`` names the file type, not a DRF renderer; errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema_view(
    list=extend_schema(summary="Search priorities", parameters=SEARCH_PARAMETERS),
    retrieve=extend_schema(summary="One priority", responses={200: PrioritySerializer}),
    create=extend_schema(
        summary="Add a priority to a strategy",
        request=PriorityCreateSerializer,
        responses={201: PrioritySerializer},
    ),
    update=extend_schema(
        summary="Replace a priority",
        request=PriorityUpdateSerializer,
        responses={200: PrioritySerializer},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a priority",
        request=PriorityUpdateSerializer,
        responses={200: PrioritySerializer},
    ),
    destroy=extend_schema(
        summary="Delete a priority",
        responses={204: OpenApiResponse(description="Deleted.")},
    ),
)
class PriorityViewSet(viewsets.ModelViewSet):
    """Declared S3 priorities coded on the three Eye@RIS3 axes."""

    schema = ApiAutoSchema()

    serializer_class = PrioritySerializer
    permission_classes = [RulesPermission]
    filter_backends = []  # the search is the domain's search_priorities(), see search()
    rules_permissions = {
        "create": "regions.add_priority",
        "update": "regions.change_priority",
        "partial_update": "regions.change_priority",
        "destroy": "regions.delete_priority",
        "import_file": "regions.import_priorities",
    }

    def search(self) -> QuerySet[Priority]:
        """The priorities matching the request's search parameters (the web's search)."""
        request = self.request
        criteria = PrioritySearch(
            text=request.query_params.get("q", ""),
            economic=multi_value(request, "economic"),
            scientific=multi_value(request, "scientific"),
            policy=multi_value(request, "policy"),
            countries=tuple(code.upper() for code in multi_value(request, "country")),
            levels=multi_int(request, "level"),
            thematic_areas=multi_value(request, "thematic_area"),
        )
        qs = search_priorities(criteria)
        strategy = multi_int(request, "strategy")
        if strategy:
            qs = qs.filter(strategy_id__in=strategy)
        return qs

    def get_queryset(self) -> QuerySet[Priority]:
        if self.action in ("list", "export", "map"):
            return self.search()
        return priorities_with_codes()

    def _respond(self, priority: Priority, code: int) -> Response:
        fresh = priorities_with_codes().get(pk=priority.pk)
        return Response(PrioritySerializer(fresh).data, status=code)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        incoming = PriorityCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        self.check_object_permissions(request, data["strategy"])
        priority = create_priority(actor=request.user, **data)
        return self._respond(priority, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        priority = self.get_object()
        incoming = PriorityUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        priority = update_priority(actor=request.user, priority=priority, **incoming.validated_data)
        return self._respond(priority, status.HTTP_200_OK)

    def perform_destroy(self, instance: Priority) -> None:
        delete_priority(actor=self.request.user, priority=instance)

    @extend_schema(
        summary="Export the matching priorities as the priority template",
        parameters=[FORMAT_PARAMETER, *SEARCH_PARAMETERS],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file."),
            (200, EXPORT_FORMATS["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="Excel workbook."
            ),
            400: error_response("Unknown format or invalid search parameter."),
        },
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def export(self, request: Request) -> HttpResponse:
        fmt = request.query_params.get("format", "csv").lower()
        if fmt not in EXPORT_FORMATS:
            raise exceptions.ValidationError(
                {"format": [f"Choose one of: {', '.join(EXPORT_FORMATS)}."]}
            )
        with tempfile.TemporaryDirectory(prefix="smartregions-export-") as folder:
            path = Path(folder) / f"priorities.{fmt}"
            export_priorities(queryset=self.get_queryset(), path=path, fmt=fmt)
            content = path.read_bytes()
        response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="priorities.{fmt}"'
        return response

    @extend_schema(
        summary="Import priorities from a filled-in template",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={200: ImportResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request: Request) -> Response:
        """All or nothing: a file with any problem is rejected as a whole with every problem."""
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Attach the template as `file`."]})
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in IMPORT_SUFFIXES:
            raise exceptions.ValidationError({"file": ["Upload a .csv or .xlsx file."]})
        # Without a region this means "may import for some region" (see regions/rules.py).
        self.check_object_permissions(request, None)
        with tempfile.TemporaryDirectory(prefix="smartregions-import-") as folder:
            # The importer names the file in its problem list, so keep the uploaded name.
            path = Path(folder) / Path(upload.name).name
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            self._authorise_import(request, path)
            result = import_priorities(path=path, actor=request.user)
        return Response(result.as_dict(), status=status.HTTP_200_OK)

    def _authorise_import(self, request: Request, path: Path) -> None:
        """Refuse the import unless the user may import for every region the file writes to.

        The importer itself does not know who may write where; a file that cannot be read here
        is only accepted from platform staff (who may import anywhere).
        """
        name = "regions.import_priorities"
        targets = import_targets(path)
        if targets is None or None in targets:
            if not is_platform_staff.test(request.user):
                raise exceptions.PermissionDenied
            return
        refused = sorted(
            {region.code for region in targets if not request.user.has_perm(name, region)}
        )
        if refused:
            msg = f"You may not import priorities for: {', '.join(refused)}."
            raise exceptions.PermissionDenied(msg)

    @extend_schema(
        summary="Count matching priorities per region (for choropleth maps)",
        parameters=SEARCH_PARAMETERS,
        responses={200: MapSerializer, 400: error_response("Invalid search parameter.")},
    )
    @action(detail=False, methods=["get"], url_path="map", url_name="map")
    def map(self, request: Request) -> Response:
        qs = self.get_queryset()
        return Response({"total": qs.count(), "counts": count_priorities_by_region(qs)})
