"""Region partner finding over the API: ranked partner regions with the score's parts and
reasons, the consortium builder, and (platform staff) importing region categories.

Finding partners and proposing consortia read public data and save nothing, so anyone may call
them; the consortium is a POST only because its request is a structured body.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from smartregions.api.v1.base import ApiAutoSchema, error_response
from smartregions.matching.domain.regions import (
    CATEGORY_CHOICES,
    COMPONENTS,
    MODES,
    RegionFilters,
    find_partners,
    parse_weights,
    propose_consortium,
)
from smartregions.regions.domain.categories import import_region_categories
from smartregions.regions.domain.web_queries import get_region

# ---- Serializers -----------------------------------------------------------------------------


class _Filters(serializers.Serializer):
    country = serializers.CharField(
        required=False, default="", help_text="NUTS country codes to include, comma-separated."
    )
    level = serializers.ChoiceField(choices=[1, 2, 3], default=2, help_text="NUTS level.")
    category = serializers.ChoiceField(
        choices=[value for value, _label in CATEGORY_CHOICES],
        required=False,
        default="",
        allow_blank=True,
        help_text="Cohesion Policy category, or industrial_transition.",
    )

    def filters(self, *, exclude_own_country: bool = False) -> RegionFilters:
        data = self.validated_data
        countries = data["country"]
        if isinstance(countries, str):
            countries = countries.split(",")
        return RegionFilters(
            level=int(data["level"]),
            countries=tuple(dict.fromkeys(c.strip().upper() for c in countries if c.strip())),
            category=data["category"],
            exclude_own_country=exclude_own_country,
        )


class PartnerQuerySerializer(_Filters):
    area = serializers.CharField(required=False, default="", help_text="Thematic-area slug.")
    priority = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of one of the region's priorities.",
    )
    q = serializers.CharField(required=False, default="", help_text="Free text, any EU language.")
    mode = serializers.ChoiceField(choices=list(MODES), default="partners")
    weights = serializers.CharField(
        required=False,
        default="",
        help_text="Weights overriding the mode's defaults, e.g. `codes:1,text:2`; components: "
        + ", ".join(COMPONENTS)
        + ".",
    )
    exclude_own_country = serializers.BooleanField(default=False)
    dataset = serializers.CharField(
        required=False, default="", help_text="Evidence dataset slug (default: newest computed)."
    )
    year = serializers.IntegerField(required=False, allow_null=True, default=None)
    limit = serializers.IntegerField(default=20, min_value=1, max_value=500)


class _RegionOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    country = serializers.CharField()
    category = serializers.CharField()
    industrial_transition = serializers.BooleanField()


class _CodeOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    taxonomy = serializers.CharField()
    kind = serializers.CharField()


class _ActivityOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    contribution = serializers.FloatField(help_text="Part of the complementarity score.")


class _PriorityOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    region = serializers.CharField(source="region_code")
    score = serializers.FloatField(help_text="Cosine similarity to the query text.")


class _SentenceOut(serializers.Serializer):
    query_sentence = serializers.CharField(source="sentence_a")
    priority_sentence = serializers.CharField(source="sentence_b")
    score = serializers.FloatField()


class _TieOut(serializers.Serializer):
    local = serializers.CharField(help_text="Organisation in the focal region.")
    partner = serializers.CharField(help_text="Organisation in the candidate region.")
    partner_region = serializers.CharField()
    subject = serializers.CharField(help_text="The cooperation profile.")
    since = serializers.DateTimeField(allow_null=True)


class PartnerResultSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    region = _RegionOut()
    total = serializers.FloatField(help_text="The score, 0-1: the sum of `parts`.")
    components = serializers.DictField(
        child=serializers.FloatField(), help_text="Each present component's value, 0-1."
    )
    parts = serializers.DictField(
        child=serializers.FloatField(), help_text="Each component's value times its share."
    )
    shared_codes = _CodeOut(many=True)
    complementary_activities = _ActivityOut(many=True, source="activities")
    matched_priority = _PriorityOut(allow_null=True)
    matching_sentences = _SentenceOut(many=True, source="sentences")
    ties = _TieOut(many=True)
    evidence_region = serializers.CharField(help_text="Region whose evidence row was used.")


class PartnerSearchSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    query = inline_serializer(
        name="PartnerQueryEcho",
        fields={"kind": serializers.CharField(), "label": serializers.CharField()},
    )
    mode = serializers.CharField()
    weights = serializers.DictField(child=serializers.FloatField())
    shares = serializers.DictField(child=serializers.FloatField())
    present = serializers.ListField(child=serializers.CharField())
    dataset = serializers.CharField(source="dataset.slug", allow_null=True, default=None)
    year = serializers.IntegerField(allow_null=True)
    evidence_region = serializers.CharField()
    candidates = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())
    results = PartnerResultSerializer(many=True)


class ConsortiumRequestSerializer(_Filters):
    codes = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Value chain codes."
    )
    activities = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Or activity codes of the evidence dataset.",
    )
    dataset = serializers.CharField(required=False, default="")
    year = serializers.IntegerField(required=False, allow_null=True, default=None)
    k = serializers.IntegerField(default=5, help_text="Members to propose, 1-20.")
    min_countries = serializers.IntegerField(default=3)
    locked = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    dropped = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    country = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Country codes."
    )


class _ElementOut(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class _MemberOut(serializers.Serializer):
    region = _RegionOut()
    contributes = _ElementOut(many=True, source="elements")
    gain = serializers.FloatField()
    locked = serializers.BooleanField()
    restricted = serializers.BooleanField(help_text="Picked for its country, at a coverage cost.")


class ConsortiumSerializer(serializers.Serializer):
    chain_kind = serializers.CharField()
    dataset = serializers.CharField(source="dataset.slug", allow_null=True, default=None)
    year = serializers.IntegerField(allow_null=True)
    chain = _ElementOut(many=True)
    members = _MemberOut(many=True)
    covered = serializers.IntegerField()
    coverage_share = serializers.FloatField()
    uncovered = _ElementOut(many=True)
    countries = serializers.ListField(child=serializers.CharField())
    candidates = serializers.IntegerField()
    greedy_picks = serializers.IntegerField()
    restricted_picks = serializers.IntegerField()
    guarantee_holds = serializers.BooleanField()
    guarantee = serializers.CharField()


CategoryUploadSerializer = inline_serializer(
    name="RegionCategoryUpload",
    fields={
        "file": serializers.FileField(help_text="CSV: nuts_code,category[,industrial_transition]")
    },
)
CategoryResultSerializer = inline_serializer(
    name="RegionCategoryImportResult",
    fields={
        "source": serializers.CharField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
    },
)


# ---- Views -----------------------------------------------------------------------------------


def _domain_errors(error: ValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class RegionPartnersView(APIView):
    """Ranked partner regions for a region."""

    schema = ApiAutoSchema()
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Find partner regions for a region (ranked, with the score's parts and reasons)",
        parameters=[
            PartnerQuerySerializer,
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="NUTS code."),
        ],
        responses={
            200: PartnerSearchSerializer,
            400: error_response("Invalid parameter; `details` names it."),
            404: error_response("Unknown region."),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        region = get_region(code=code.upper())
        if region is None or region.is_extra_regio:
            msg = f"Unknown region {code[:12]} in the current NUTS version."
            raise exceptions.NotFound(msg)
        params = PartnerQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            search = find_partners(
                region=region,
                area=data["area"],
                priority=data["priority"],
                text=data["q"],
                mode=data["mode"],
                weights=parse_weights(data["weights"]),
                filters=params.filters(exclude_own_country=data["exclude_own_country"]),
                dataset=data["dataset"] or None,
                year=data["year"],
                limit=data["limit"],
            )
        except ValidationError as error:
            raise _domain_errors(error) from None
        return Response(PartnerSearchSerializer(search).data)


class ConsortiumView(APIView):
    """Propose a consortium covering a value chain."""

    schema = ApiAutoSchema()
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Propose k regions from several member states covering a value chain",
        request=ConsortiumRequestSerializer,
        responses={200: ConsortiumSerializer, 400: error_response("Invalid request.")},
    )
    def post(self, request: Request) -> Response:
        body = ConsortiumRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        try:
            proposal = propose_consortium(
                codes=data["codes"],
                activities=data["activities"],
                dataset=data["dataset"] or None,
                year=data["year"],
                k=data["k"],
                min_countries=data["min_countries"],
                locked=data["locked"],
                dropped=data["dropped"],
                filters=body.filters(),
            )
        except ValidationError as error:
            raise _domain_errors(error) from None
        return Response(ConsortiumSerializer(proposal).data)


class MayImportCategories(BasePermission):
    """Signed in and allowed ``matching.import_region_categories`` (platform staff)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated) and user.has_perm(
            "matching.import_region_categories"
        )


class RegionCategoryImportView(APIView):
    """Import region categories from CSV (platform staff)."""

    schema = ApiAutoSchema()
    permission_classes = [MayImportCategories]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import the Cohesion Policy categories of regions from CSV (platform staff)",
        request={"multipart/form-data": CategoryUploadSerializer},
        responses={200: CategoryResultSerializer},
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Attach the CSV file as `file`."]})
        with tempfile.TemporaryDirectory(prefix="smartregions-categories-") as folder:
            target = Path(folder) / Path(upload.name or "categories.csv").name
            with target.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            result = import_region_categories(path=target, actor=request.user)
        return Response(
            {"source": target.name, "updated": result.updated, "unchanged": result.unchanged}
        )


urlpatterns = [
    path(
        "regions/<str:code>/partners/",
        RegionPartnersView.as_view(),
        name="api-region-partners",
    ),
    path("consortia/", ConsortiumView.as_view(), name="api-consortia"),
    path(
        "region-categories/import/",
        RegionCategoryImportView.as_view(),
        name="api-region-categories-import",
    ),
]


def register(router: DefaultRouter) -> None:
    """Nothing on the router: the partner endpoints are plain views in :data:`urlpatterns`."""
