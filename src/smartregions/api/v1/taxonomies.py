"""Taxonomies (NACE, FORD, NABS, policy objectives), their terms, thematic platforms and areas."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.regions.domain import api_queries
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Taxonomy, Term, ThematicArea, ThematicPlatform


class TaxonomySerializer(serializers.ModelSerializer):
    term_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Taxonomy
        fields = ["slug", "name", "kind", "source", "term_count"]


class TaxonomyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=TaxonomyKind.choices)

    class Meta:
        model = Taxonomy
        fields = ["kind"]


@extend_schema_view(
    list=extend_schema(summary="List taxonomies"),
    retrieve=extend_schema(summary="One taxonomy by slug", responses={200: TaxonomySerializer}),
)
class TaxonomyViewSet(viewsets.ReadOnlyModelViewSet):
    """Code lists that priorities and organisations are coded with."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]

    serializer_class = TaxonomySerializer
    filterset_class = TaxonomyFilter
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Taxonomy]:
        return api_queries.taxonomies_with_counts()


class TermSerializer(serializers.ModelSerializer):
    taxonomy = serializers.CharField(source="taxonomy.slug", read_only=True)
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True)

    class Meta:
        model = Term
        fields = ["taxonomy", "code", "label", "level", "parent", "description"]


class TermFilter(django_filters.FilterSet):
    level = django_filters.NumberFilter(help_text="Depth in the tree (1 = top).")
    parent = django_filters.CharFilter(
        field_name="parent__code", lookup_expr="iexact", help_text="Code of the parent term."
    )
    q = django_filters.CharFilter(
        method="filter_q", help_text="Start of the code, or part of the label."
    )

    class Meta:
        model = Term
        fields = ["level", "parent", "q"]

    def filter_q(self, qs: QuerySet[Term], name: str, value: str) -> QuerySet[Term]:
        return api_queries.search_terms(qs, value)


TAXONOMY_SLUG = OpenApiParameter(
    "taxonomy_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Taxonomy slug."
)


@extend_schema_view(
    list=extend_schema(
        summary="List the terms of a taxonomy",
        parameters=[TAXONOMY_SLUG],
        responses={200: TermSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="One term by code",
        parameters=[TAXONOMY_SLUG],
        responses={200: TermSerializer},
    ),
)
class TermViewSet(viewsets.ReadOnlyModelViewSet):
    """The codes of one taxonomy (``taxonomies/{slug}/terms/``), by code."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]

    serializer_class = TermSerializer
    filterset_class = TermFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Term]:
        if getattr(self, "swagger_fake_view", False):
            return Term.objects.none()
        taxonomy = get_object_or_404(Taxonomy, slug=self.kwargs["taxonomy_slug"])
        return api_queries.terms_of(taxonomy)


class ThematicPlatformSerializer(serializers.ModelSerializer):
    areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = ThematicPlatform
        fields = ["slug", "name", "description", "areas"]


@extend_schema_view(
    list=extend_schema(summary="List thematic S3 platforms"),
    retrieve=extend_schema(
        summary="One thematic platform", responses={200: ThematicPlatformSerializer}
    ),
)
class ThematicPlatformViewSet(viewsets.ReadOnlyModelViewSet):
    """The thematic S3 platforms and the slugs of their thematic areas."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]

    serializer_class = ThematicPlatformSerializer
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self) -> QuerySet[ThematicPlatform]:
        return api_queries.thematic_platforms_with_areas()


class ThematicAreaSerializer(serializers.ModelSerializer):
    platform = serializers.CharField(source="platform.slug", read_only=True, allow_null=True)

    class Meta:
        model = ThematicArea
        fields = ["slug", "name", "description", "platform"]


class ThematicAreaFilter(django_filters.FilterSet):
    platform = django_filters.CharFilter(field_name="platform__slug", help_text="Platform slug.")

    class Meta:
        model = ThematicArea
        fields = ["platform"]


@extend_schema_view(
    list=extend_schema(summary="List thematic areas"),
    retrieve=extend_schema(summary="One thematic area", responses={200: ThematicAreaSerializer}),
)
class ThematicAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Thematic areas used to tag priorities and organisations (``thematic_area`` filters)."""

    schema = ApiAutoSchema()
    permission_classes = [RulesPermission]

    serializer_class = ThematicAreaSerializer
    filterset_class = ThematicAreaFilter
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[ThematicArea]:
        return api_queries.thematic_areas_with_platform()
