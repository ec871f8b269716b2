"""S3 strategies: list, filter, read, and create/update through the domain functions."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.fields import RegionCodeField
from smartregions.regions.domain import api_queries
from smartregions.regions.domain.strategies import create_strategy, update_strategy
from smartregions.regions.enums import StrategyStatus
from smartregions.regions.models import Country, Strategy


class StrategySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True)
    priority_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "id",
            "country",
            "region",
            "level",
            "title",
            "period_start",
            "period_end",
            "document_url",
            "managing_authority",
            "status",
            "language",
            "is_synthetic",
            "priority_count",
            "created_at",
            "updated_at",
        ]


class StrategyUpdateSerializer(serializers.Serializer):
    """The editable fields of a strategy (its region and country are fixed at creation)."""

    title = serializers.CharField(max_length=300)
    period_start = serializers.IntegerField(min_value=1990, max_value=2100)
    period_end = serializers.IntegerField(min_value=1990, max_value=2100)
    document_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    managing_authority = serializers.CharField(max_length=300, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=StrategyStatus.choices, required=False)
    language = serializers.CharField(max_length=10, required=False, allow_blank=True)


class StrategyCreateSerializer(StrategyUpdateSerializer):
    """A new strategy: of a region (``region``) or, with no region, of a country (``country``)."""

    region = RegionCodeField(required=False, allow_null=True)
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        required=False,
        allow_null=True,
        help_text="Eurostat code of the country, for a national strategy (no region).",
    )

    def validate(self, attrs: dict) -> dict:
        if attrs.get("region") is None and attrs.get("country") is None:
            raise serializers.ValidationError(
                {"region": ["Give a region or, for a national strategy, a country."]}
            )
        return attrs


class StrategyFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(
        field_name="country__code", lookup_expr="iexact", help_text="Eurostat country code."
    )
    region = django_filters.CharFilter(
        field_name="region__code", lookup_expr="iexact", help_text="NUTS code of the region."
    )
    status = django_filters.ChoiceFilter(choices=StrategyStatus.choices)
    period = django_filters.NumberFilter(
        method="filter_period", help_text="A year the strategy's period covers, e.g. 2024."
    )

    class Meta:
        model = Strategy
        fields = ["country", "region", "status", "period"]

    def filter_period(self, qs: QuerySet[Strategy], name: str, value: int) -> QuerySet[Strategy]:
        return qs.filter(Q(period_start__lte=value) & Q(period_end__gte=value))


@extend_schema_view(
    list=extend_schema(summary="List strategies"),
    retrieve=extend_schema(summary="One strategy", responses={200: StrategySerializer}),
    create=extend_schema(
        summary="Create a strategy",
        request=StrategyCreateSerializer,
        responses={201: StrategySerializer},
    ),
    update=extend_schema(
        summary="Replace a strategy's editable fields",
        request=StrategyUpdateSerializer,
        responses={200: StrategySerializer},
    ),
    partial_update=extend_schema(
        summary="Change some of a strategy's fields",
        request=StrategyUpdateSerializer,
        responses={200: StrategySerializer},
    ),
)
class StrategyViewSet(viewsets.ModelViewSet):
    """Regional and national S3 strategies. Strategies are archived (status), not deleted."""

    schema = ApiAutoSchema()

    serializer_class = StrategySerializer
    filterset_class = StrategyFilter
    permission_classes = [RulesPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    rules_permissions = {
        "create": "regions.add_strategy",
        "update": "regions.change_strategy",
        "partial_update": "regions.change_strategy",
    }

    def get_queryset(self) -> QuerySet[Strategy]:
        return api_queries.strategies_with_counts()

    def _respond(self, strategy: Strategy, code: int) -> Response:
        fresh = self.get_queryset().get(pk=strategy.pk)
        return Response(StrategySerializer(fresh).data, status=code)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        incoming = StrategyCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        # A national strategy is checked against the country's NUTS-0 region (or, if there is
        # none, without an object, which only platform staff pass).
        region = data.get("region") or api_queries.national_region(data["country"])
        self.check_object_permissions(request, region)
        strategy = create_strategy(actor=request.user, **data)
        return self._respond(strategy, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        strategy = self.get_object()
        incoming = StrategyUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        strategy = update_strategy(actor=request.user, strategy=strategy, **incoming.validated_data)
        return self._respond(strategy, status.HTTP_200_OK)
