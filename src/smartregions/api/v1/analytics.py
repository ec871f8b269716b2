"""The evidence engine: datasets, a region's evidence, every metric as a long-form table, pair
results (complementarity, similarity) and computation runs.

Reads are open; requesting a computation needs ``analytics.run_computation`` (platform staff).
Values are full precision (the web pages show rounded tables).
"""

from __future__ import annotations

import csv
import io
from typing import Any

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
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.analytics.compute import QUADRANT_LABELS
from smartregions.analytics.domain import queries
from smartregions.analytics.domain.computation import request_computation
from smartregions.analytics.enums import Quadrant
from smartregions.analytics.models import ComputationRun, Dataset
from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema, error_response, multi_value
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.regions.models import Region

SLUG_REGEX = "[-a-zA-Z0-9_]+"


def _quadrant_slug(code: int) -> str:
    return "present" if code == Quadrant.PRESENT else QUADRANT_LABELS[code]


# ---- Serializers -----------------------------------------------------------------------------


class RunSerializer(serializers.ModelSerializer):
    dataset = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    # Plain text rather than an enum: drf-spectacular would name the enum after the field,
    # which collides with the strategies' "status".
    status = serializers.CharField(read_only=True, help_text="queued, running, done or failed.")
    progress = serializers.IntegerField(read_only=True, help_text="Percent done, 0-100.")

    class Meta:
        model = ComputationRun
        fields = [
            "id",
            "dataset",
            "status",
            "progress",
            "message",
            "parameters",
            "created_at",
            "started_at",
            "finished_at",
        ]


class RunRequestSerializer(serializers.Serializer):
    parameters = serializers.DictField(
        required=False,
        default=dict,
        help_text='Computation options, e.g. {"threshold": 1.0}; defaults when omitted.',
    )


class DatasetSerializer(serializers.Serializer):
    """A :class:`~smartregions.analytics.domain.queries.DatasetOverview`."""

    slug = serializers.CharField(source="dataset.slug")
    name = serializers.CharField(source="dataset.name")
    description = serializers.CharField(source="dataset.description")
    kind = serializers.CharField(source="dataset.kind")
    source = serializers.CharField(source="dataset.source")
    licence = serializers.CharField(source="dataset.licence")
    value_label = serializers.CharField(source="dataset.value_label")
    activity_taxonomy = serializers.CharField(source="dataset.activity_taxonomy.slug")
    nuts_version = serializers.IntegerField(source="dataset.nuts_version")
    region_level = serializers.IntegerField(source="dataset.region_level", allow_null=True)
    is_synthetic = serializers.BooleanField(source="dataset.is_synthetic")
    years = serializers.ListField(
        child=serializers.IntegerField(), help_text="Years with computed results, ascending."
    )
    latest_run = RunSerializer(allow_null=True, help_text="The newest run of any status.")
    latest_done_run = RunSerializer(allow_null=True, help_text="The newest finished run.")


class ActivityRef(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class RegionRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="name_latin")


class ContributionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField()


class ComplexitySerializer(serializers.Serializer):
    eci = serializers.FloatField(allow_null=True)
    eci_rank = serializers.IntegerField(source="rank", allow_null=True)
    ranked_regions = serializers.IntegerField(source="ranked")
    coi = serializers.FloatField(allow_null=True)
    diversity = serializers.IntegerField()
    total = serializers.FloatField()


class ProfileSerializer(serializers.Serializer):
    activity = ActivityRef()
    value = serializers.FloatField()
    share = serializers.FloatField(help_text="Share of the region's total, 0-1.")
    rca = serializers.FloatField()
    present = serializers.BooleanField(help_text="Specialised: RCA at or above the threshold.")


class OpportunitySerializer(serializers.Serializer):
    activity = ActivityRef()
    density = serializers.FloatField(help_text="Relatedness density, 0-100.")
    pci = serializers.FloatField(allow_null=True)
    cog = serializers.FloatField(allow_null=True)
    rca = serializers.FloatField()
    quadrant = serializers.SerializerMethodField(
        help_text="low-low, low-high, high-low or high-high (relatedness-complexity)."
    )
    quadrant_name = serializers.CharField()

    def get_quadrant(self, obj: queries.Opportunity) -> str:
        return _quadrant_slug(obj.quadrant)


class OpportunitiesSerializer(serializers.Serializer):
    density_split = serializers.FloatField(allow_null=True)
    complexity_split = serializers.FloatField(allow_null=True)
    activities = OpportunitySerializer(source="points", many=True)


class SimilarSerializer(serializers.Serializer):
    region = RegionRef()
    distance = serializers.FloatField()
    rank = serializers.IntegerField(allow_null=True)
    contributions = ContributionSerializer(
        many=True, help_text="Each indicator's part of the squared distance, largest first."
    )


class ComplementarySerializer(serializers.Serializer):
    region = RegionRef()
    score = serializers.FloatField(help_text="Complementarity, 0-1 (Balland & Boschma 2021).")
    rank = serializers.IntegerField(allow_null=True)
    activities = ContributionSerializer(
        many=True, help_text="The activities that make the partner complementary."
    )


class EvidenceSerializer(serializers.Serializer):
    dataset = serializers.CharField(source="dataset.slug")
    region = RegionRef()
    year = serializers.IntegerField()
    complexity = ComplexitySerializer()
    profile = ProfileSerializer(many=True)
    opportunities = OpportunitiesSerializer()
    similar = SimilarSerializer(many=True)
    complementary = ComplementarySerializer(many=True)


class MetricRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    region = serializers.CharField(source="region_code", allow_null=True)
    activity = serializers.CharField(source="activity_code", allow_null=True)
    metric = serializers.SerializerMethodField()
    value = serializers.FloatField(source="metric_value", allow_null=True)

    def get_metric(self, obj: dict[str, Any]) -> str:
        return self.context["metric"]


MetricPageSerializer = inline_serializer(
    name="PaginatedMetricRowList",
    fields={
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": MetricRowSerializer(many=True),
    },
)

# ---- Parameters ------------------------------------------------------------------------------

YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="Year of the results; the latest one when omitted."
)
REGION = OpenApiParameter(
    "region", OpenApiTypes.STR, required=True, description="NUTS code of the region."
)
METRIC_PARAMETERS = [
    OpenApiParameter(
        "metric",
        OpenApiTypes.STR,
        enum=list(queries.METRICS),
        default="eci",
        description="The metric. Per region: "
        + ", ".join(queries.REGION_METRICS)
        + "; per region and activity: "
        + ", ".join(queries.REGION_ACTIVITY_METRICS)
        + "; per activity: "
        + ", ".join(queries.ACTIVITY_METRICS)
        + ".",
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description="Only this year (default: all)."),
    OpenApiParameter(
        "region", OpenApiTypes.STR, many=True, description="NUTS codes, comma-separated."
    ),
    OpenApiParameter(
        "activity", OpenApiTypes.STR, many=True, description="Activity codes, comma-separated."
    ),
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number (JSON only)."),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description="Rows per page, at most 500 (JSON only)."
    ),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "csv"],
        default="json",
        description="`csv` downloads the whole filtered table (not paginated).",
    ),
]


# ---- Views -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List evidence datasets with their years and latest runs"),
    retrieve=extend_schema(summary="One evidence dataset", responses={200: DatasetSerializer}),
)
class DatasetViewSet(viewsets.ReadOnlyModelViewSet):
    """Region x activity x year datasets and their computed evidence."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]
    serializer_class = DatasetSerializer
    filter_backends: list = []
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    def get_queryset(self) -> QuerySet[Dataset]:
        return queries.datasets()

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        overviews = queries.dataset_overviews(
            Dataset.objects.filter(pk__in=[dataset.pk for dataset in page])
        )
        return self.get_paginated_response(DatasetSerializer(overviews, many=True).data)

    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        return Response(DatasetSerializer(queries.dataset_overview(self.get_object())).data)

    def _year(self, dataset: Dataset, *, required_results: bool = True) -> int:
        raw = self.request.query_params.get("year", "")
        if raw:
            if not raw.isdigit():
                raise exceptions.ValidationError({"year": ["Enter a year, e.g. 2020."]})
            return int(raw)
        years = queries.result_years(dataset=dataset)
        if not years and required_results:
            msg = f"The dataset {dataset.slug} has no computed results yet."
            raise exceptions.NotFound(msg)
        return years[-1] if years else 0

    def _region(self, dataset: Dataset, code: str) -> Region:
        region = queries.regions_by_code(dataset=dataset, codes=[code.upper()]).get(code.upper())
        if region is None:
            msg = f"Unknown NUTS {dataset.nuts_version} region code: {code[:20]}."
            raise exceptions.NotFound(msg)
        return region

    def _region_param(self, dataset: Dataset) -> Region:
        code = self.request.query_params.get("region", "").strip()
        if not code:
            raise exceptions.ValidationError({"region": ["Name the region by its NUTS code."]})
        return self._region(dataset, code)

    @extend_schema(
        summary="A region's evidence: profile, opportunities, complexity, similar and "
        "complementary regions",
        parameters=[YEAR],
        responses={200: EvidenceSerializer, 400: error_response("Invalid year.")},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"regions/(?P<code>[A-Za-z0-9]+)/evidence",
        url_name="region-evidence",
        pagination_class=None,
    )
    def evidence(self, request: Request, slug: str, code: str) -> Response:
        dataset = self.get_object()
        region = self._region(dataset, code)
        year = self._year(dataset)
        evidence = queries.region_evidence(dataset=dataset, region=region, year=year)
        if not evidence.has_results:
            msg = f"No results for {region.code} in {year}."
            raise exceptions.NotFound(msg)
        return Response(EvidenceSerializer(evidence).data)

    @extend_schema(
        summary="One metric as a long-form table (year, region, activity, value)",
        parameters=METRIC_PARAMETERS,
        responses={
            (200, "application/json"): MetricPageSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file."),
            400: error_response("Unknown metric or format, or invalid year."),
        },
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def metrics(self, request: Request, slug: str) -> Response | HttpResponse:
        dataset = self.get_object()
        metric = request.query_params.get("metric", "eci")
        if metric not in queries.METRICS:
            raise exceptions.ValidationError(
                {"metric": [f"Choose one of: {', '.join(queries.METRICS)}."]}
            )
        fmt = request.query_params.get("format", "json").lower()
        if fmt not in ("json", "csv"):
            raise exceptions.ValidationError({"format": ["Choose one of: json, csv."]})
        raw_year = request.query_params.get("year", "")
        year = self._year(dataset, required_results=False) if raw_year else None
        rows = queries.metric_rows(
            dataset=dataset,
            metric=metric,
            year=year,
            regions=tuple(code.upper() for code in multi_value(request, "region")),
            activities=multi_value(request, "activity"),
        )
        context = {"metric": metric}
        if fmt == "csv":
            return _csv_response(
                MetricRowSerializer(rows, many=True, context=context).data,
                f"{dataset.slug}-{metric}.csv",
            )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            MetricRowSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        summary="The most complementary partner regions of a region",
        parameters=[REGION, YEAR],
        responses={
            200: ComplementarySerializer(many=True),
            400: error_response("Missing region or invalid year."),
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def complementarity(self, request: Request, slug: str) -> Response:
        dataset = self.get_object()
        region = self._region_param(dataset)
        partners = queries.complementary_partners(
            dataset=dataset, region=region, year=self._year(dataset)
        )
        return Response(ComplementarySerializer(partners, many=True).data)

    @extend_schema(
        summary="The structurally most similar regions of a region",
        parameters=[REGION, YEAR],
        responses={
            200: SimilarSerializer(many=True),
            400: error_response("Missing region or invalid year."),
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def similarity(self, request: Request, slug: str) -> Response:
        dataset = self.get_object()
        region = self._region_param(dataset)
        similar = queries.similar_regions(dataset=dataset, region=region, year=self._year(dataset))
        return Response(SimilarSerializer(similar, many=True).data)


def _csv_response(rows: list[dict[str, Any]], filename: str) -> HttpResponse:
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, fieldnames=["year", "region", "activity", "metric", "value"])
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    response = HttpResponse(
        ("\ufeff" + stream.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@extend_schema_view(
    list=extend_schema(summary="The computation runs of a dataset, newest first"),
    retrieve=extend_schema(summary="One computation run", responses={200: RunSerializer}),
    create=extend_schema(
        summary="Request a (re)computation of the dataset (platform staff)",
        request=RunRequestSerializer,
        responses={202: RunSerializer},
    ),
)
class DatasetRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Computation runs: status and progress; POST queues a new run in the background."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]
    serializer_class = RunSerializer
    filter_backends: list = []
    rules_permissions = {"create": "analytics.run_computation"}
    lookup_value_regex = "[0-9]+"

    def dataset(self) -> Dataset:
        dataset = queries.get_dataset(slug=self.kwargs["dataset_slug"])
        if dataset is None:
            raise exceptions.NotFound
        return dataset

    def get_queryset(self) -> QuerySet[ComputationRun]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular's schema generation
            return ComputationRun.objects.none()
        return queries.runs_of(dataset=self.dataset())

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        dataset = self.dataset()
        self.check_object_permissions(request, dataset)
        incoming = RunRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        run = request_computation(
            dataset=dataset,
            actor=request.user,
            parameters=incoming.validated_data.get("parameters") or None,
        )
        run.refresh_from_db()
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
