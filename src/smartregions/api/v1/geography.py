"""Countries and NUTS regions (read-only)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.regions.domain import api_queries
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.enums import CountryGroup
from smartregions.regions.models import Country, Region


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "iso_code", "iso3_code", "name", "group"]


class CountryFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(choices=CountryGroup.choices)

    class Meta:
        model = Country
        fields = ["group"]


@extend_schema_view(
    list=extend_schema(summary="List countries"),
    retrieve=extend_schema(
        summary="One country by its Eurostat code",
        responses={200: CountrySerializer},
    ),
)
class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    """Countries covered by NUTS, with Eurostat (``EL``) and ISO (``GR``) codes."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]

    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_queryset(self) -> QuerySet[Country]:
        return api_queries.countries()


class RegionSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "nuts_version",
            "level",
            "country",
            "parent",
            "name_latin",
            "name_national",
            "is_extra_regio",
            "urban_type",
            "mountain_type",
            "coastal_type",
            "category",
            "industrial_transition",
            "label_lon",
            "label_lat",
        ]


class RegionWithBoundarySerializer(RegionSerializer):
    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "boundary"]


class RegionFilter(django_filters.FilterSet):
    """Filters of the region list; without ``version`` the current NUTS version is used."""

    version = django_filters.NumberFilter(
        field_name="nuts_version",
        help_text="NUTS version (2016, 2021, 2024); the current one when omitted.",
    )
    level = django_filters.NumberFilter(field_name="level", help_text="NUTS level 0-3.")
    country = django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", help_text="Eurostat country code."
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", lookup_expr="iexact", help_text="Code of the parent region."
    )
    is_extra_regio = django_filters.BooleanFilter()
    q = django_filters.CharFilter(
        method="filter_q", help_text="Part of the Latin or national name."
    )

    class Meta:
        model = Region
        fields = ["version", "level", "country", "parent", "is_extra_regio", "q"]

    def __init__(self, data: QueryDict | None = None, *args: Any, **kwargs: Any) -> None:
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("version"):
            data["version"] = str(current_nuts_version())
        super().__init__(data, *args, **kwargs)

    def filter_q(self, qs: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        return api_queries.search_regions_by_name(qs, value)


INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    enum=["boundary"],
    description="`boundary` adds each region's simplified GeoJSON geometry (WGS84) as `boundary`.",
)
VERSION_PARAMETER = OpenApiParameter(
    "version", OpenApiTypes.INT, description="NUTS version; the current one when omitted."
)


@extend_schema_view(
    list=extend_schema(summary="List NUTS regions", parameters=[INCLUDE_PARAMETER]),
    retrieve=extend_schema(
        summary="One region by NUTS code",
        parameters=[INCLUDE_PARAMETER, VERSION_PARAMETER],
        responses={200: RegionSerializer},
    ),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """NUTS regions, looked up by code within one NUTS version (the current one by default)."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]

    filterset_class = RegionFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9]+"

    def include_boundary(self) -> bool:
        return "boundary" in self.request.query_params.get("include", "").split(",")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return RegionWithBoundarySerializer if self.include_boundary() else RegionSerializer

    def get_queryset(self) -> QuerySet[Region]:
        # The version is narrowed by RegionFilter, so ``?version=`` is documented and validated;
        # DRF's get_object() applies the filters too, which makes ``regions/{code}/`` unique.
        return api_queries.regions_with_relations(include_boundary=self.include_boundary())

    @extend_schema(
        summary="The direct sub-regions of a region",
        parameters=[INCLUDE_PARAMETER, VERSION_PARAMETER],
        responses={200: RegionSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"])
    def children(self, request: Request, code: str) -> Response:
        region = self.get_object()
        qs = api_queries.children_of(region, include_boundary=self.include_boundary())
        page = self.paginate_queryset(qs)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)
