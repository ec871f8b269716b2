"""Organisations: search, read, register and edit through the domain functions."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema, multi_value
from smartregions.api.v1.fields import RegionCodeField, TermCodesField, ThematicAreaSlugsField
from smartregions.organisations.domain.organisations import (
    create_organisation,
    update_organisation,
)
from smartregions.organisations.domain.queries import (
    organisations_with_details,
    search_organisations,
)
from smartregions.organisations.enums import OrganisationSize, OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term


class TermCodeLabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["code", "label"]


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    country = serializers.CharField(source="region.country.code", read_only=True)
    nace_codes = TermCodeLabelSerializer(many=True, read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "type",
            "size",
            "region",
            "country",
            "website",
            "description",
            "keywords",
            "nace_codes",
            "thematic_areas",
            "is_synthetic",
            "created_at",
            "updated_at",
        ]


class OrganisationWriteSerializer(serializers.Serializer):
    """An organisation's profile; on PUT an omitted optional field is emptied."""

    name = serializers.CharField(max_length=300)
    type = serializers.ChoiceField(choices=OrganisationType.choices)
    region = RegionCodeField()
    size = serializers.ChoiceField(choices=OrganisationSize.choices, allow_blank=True, default="")
    website = serializers.URLField(max_length=300, allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), default=list)
    nace_codes = TermCodesField(kind=TaxonomyKind.ECONOMIC, default=list)
    thematic_areas = ThematicAreaSlugsField(default=list)


SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Part of the name or description."),
    OpenApiParameter(
        "type",
        OpenApiTypes.STR,
        many=True,
        enum=OrganisationType.values,
        description="Organisation types, comma-separated or repeated.",
    ),
    OpenApiParameter("country", OpenApiTypes.STR, many=True, description="Eurostat country codes."),
    OpenApiParameter(
        "region",
        OpenApiTypes.STR,
        description="NUTS code; organisations in that region or any region below it.",
    ),
]


@extend_schema_view(
    list=extend_schema(summary="Search organisations", parameters=SEARCH_PARAMETERS),
    retrieve=extend_schema(summary="One organisation", responses={200: OrganisationSerializer}),
    create=extend_schema(
        summary="Register an organisation",
        request=OrganisationWriteSerializer,
        responses={201: OrganisationSerializer},
    ),
    update=extend_schema(
        summary="Replace an organisation's profile",
        request=OrganisationWriteSerializer,
        responses={200: OrganisationSerializer},
    ),
    partial_update=extend_schema(
        summary="Change some fields of an organisation",
        request=OrganisationWriteSerializer,
        responses={200: OrganisationSerializer},
    ),
)
class OrganisationViewSet(viewsets.ModelViewSet):
    """Companies, research organisations, clusters and authorities in the regions."""

    schema = ApiAutoSchema()

    serializer_class = OrganisationSerializer
    permission_classes = [RulesPermission]
    filter_backends = []  # the search is the domain's search_organisations()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    rules_permissions = {
        "create": "organisations.add_organisation",
        "update": "organisations.change_organisation",
        "partial_update": "organisations.change_organisation",
    }

    def get_queryset(self) -> QuerySet[Organisation]:
        if self.action != "list":
            return organisations_with_details()
        params = self.request.query_params
        return search_organisations(
            text=params.get("q", ""),
            types=multi_value(self.request, "type"),
            countries=tuple(code.upper() for code in multi_value(self.request, "country")),
            region_code=params.get("region", "").strip().upper(),
        )

    def _respond(self, organisation: Organisation, code: int) -> Response:
        fresh = organisations_with_details().get(pk=organisation.pk)
        return Response(OrganisationSerializer(fresh).data, status=code)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        incoming = OrganisationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, None)
        organisation = create_organisation(actor=request.user, **incoming.validated_data)
        return self._respond(organisation, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        organisation = self.get_object()
        incoming = OrganisationWriteSerializer(
            data=request.data, partial=kwargs.get("partial", False)
        )
        incoming.is_valid(raise_exception=True)
        organisation = update_organisation(
            actor=request.user, organisation=organisation, **incoming.validated_data
        )
        return self._respond(organisation, status.HTTP_200_OK)
