"""Cooperation profiles: search, read, create, edit and the workflow verbs; matches; interest."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema, multi_value
from smartregions.api.v1.marketplace.serializers import (
    CooperationProfileSerializer,
    InterestCreateSerializer,
    InterestSerializer,
    MatchSerializer,
    ProfileWriteSerializer,
    RenewSerializer,
)
from smartregions.matching.domain.marketplace import interests as interest_domain
from smartregions.matching.domain.marketplace import profiles as profile_domain
from smartregions.matching.domain.marketplace import queries
from smartregions.matching.domain.marketplace.matching import match_profile
from smartregions.matching.enums import (
    CooperationType,
    ProfileKind,
)
from smartregions.matching.models import CooperationProfile

SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words that must all appear."),
    OpenApiParameter("kind", OpenApiTypes.STR, many=True, enum=ProfileKind.values),
    OpenApiParameter("type", OpenApiTypes.STR, many=True, enum=CooperationType.values),
    OpenApiParameter(
        "nace", OpenApiTypes.STR, many=True, description="NACE codes; codes below them match too."
    ),
    OpenApiParameter("thematic_area", OpenApiTypes.STR, many=True, description="Area slugs."),
    OpenApiParameter(
        "country", OpenApiTypes.STR, many=True, description="Country of the organisation."
    ),
    OpenApiParameter("trl_min", OpenApiTypes.INT, description="Lowest TRL (1-9)."),
    OpenApiParameter("trl_max", OpenApiTypes.INT, description="Highest TRL (1-9)."),
]


def _trl_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 9:
        raise exceptions.ValidationError({name: ["Enter a TRL from 1 to 9."]})
    return int(raw)


@extend_schema_view(
    list=extend_schema(summary="Search live cooperation profiles", parameters=SEARCH_PARAMETERS),
    retrieve=extend_schema(
        summary="One cooperation profile (drafts: owners and staff only)",
        responses={200: CooperationProfileSerializer},
    ),
    create=extend_schema(
        summary="Create a draft offer or request",
        request=ProfileWriteSerializer,
        responses={201: CooperationProfileSerializer},
    ),
    update=extend_schema(
        summary="Replace a draft or published profile",
        request=ProfileWriteSerializer,
        responses={200: CooperationProfileSerializer},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a draft or published profile",
        request=ProfileWriteSerializer,
        responses={200: CooperationProfileSerializer},
    ),
)
class CooperationProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Offers and requests of the organisation marketplace, with their workflow verbs."""

    schema = ApiAutoSchema()
    serializer_class = CooperationProfileSerializer
    permission_classes = [RulesPermission]
    filter_backends = []
    rules_permissions = {
        "create": "matching.add_cooperationprofile",
        "update": "matching.change_cooperationprofile",
        "partial_update": "matching.change_cooperationprofile",
        "publish": "matching.change_cooperationprofile",
        "withdraw": "matching.change_cooperationprofile",
        "renew": "matching.change_cooperationprofile",
        "interests": "matching.express_interest",
    }

    def get_queryset(self) -> QuerySet[CooperationProfile]:
        if self.action != "list":
            return queries.visible_profiles(self.request.user).order_by("-id")
        request = self.request
        criteria = queries.MarketplaceSearch(
            text=request.query_params.get("q", ""),
            kinds=multi_value(request, "kind"),
            cooperation_types=multi_value(request, "type"),
            nace=multi_value(request, "nace"),
            thematic_areas=multi_value(request, "thematic_area"),
            countries=tuple(code.upper() for code in multi_value(request, "country")),
            trl_min=_trl_param(request, "trl_min"),
            trl_max=_trl_param(request, "trl_max"),
        )
        return queries.search_profiles(criteria)

    def _respond(self, profile: CooperationProfile, code: int = status.HTTP_200_OK) -> Response:
        fresh = queries.profiles_with_details().get(pk=profile.pk)
        return Response(CooperationProfileSerializer(fresh).data, status=code)

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        incoming = ProfileWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        organisation = data.pop("organisation", None)
        if organisation is None:
            raise exceptions.ValidationError({"organisation": ["This field is required."]})
        self.check_object_permissions(request, organisation)
        profile = profile_domain.create_profile(
            actor=request.user, organisation=organisation, **data
        )
        return self._respond(profile, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: object, **kwargs: object) -> Response:
        profile = self.get_object()
        incoming = ProfileWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        data.pop("organisation", None)
        profile = profile_domain.update_profile(actor=request.user, profile=profile, **data)
        return self._respond(profile)

    @extend_schema(
        summary="Publish a draft", request=None, responses={200: CooperationProfileSerializer}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        profile = profile_domain.publish_profile(actor=request.user, profile=self.get_object())
        return self._respond(profile)

    @extend_schema(
        summary="Withdraw a profile for good",
        request=None,
        responses={200: CooperationProfileSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        profile = profile_domain.withdraw_profile(actor=request.user, profile=self.get_object())
        return self._respond(profile)

    @extend_schema(
        summary="Republish an expired profile with new dates",
        request=RenewSerializer,
        responses={200: CooperationProfileSerializer},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str | None = None) -> Response:
        profile = self.get_object()
        incoming = RenewSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        profile = profile_domain.renew_profile(
            actor=request.user, profile=profile, **incoming.validated_data
        )
        return self._respond(profile)

    @extend_schema(
        summary="Live profiles of other organisations matching this one, with reasons",
        parameters=[OpenApiParameter("limit", OpenApiTypes.INT, description="1-50, default 10")],
        responses={200: MatchSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: str | None = None) -> Response:
        profile = self.get_object()
        raw = request.query_params.get("limit", "10")
        if not raw.isdigit() or not 1 <= int(raw) <= 50:
            raise exceptions.ValidationError({"limit": ["Enter a whole number from 1 to 50."]})
        results = match_profile(profile, limit=int(raw))
        return Response(MatchSerializer(results, many=True).data)

    @extend_schema(
        summary="Express interest in a live profile",
        request=InterestCreateSerializer,
        responses={201: InterestSerializer},
    )
    @action(detail=True, methods=["post"])
    def interests(self, request: Request, pk: str | None = None) -> Response:
        profile = self.get_object()
        incoming = InterestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        organisation = incoming.validated_data.get("organisation")
        eligible = queries.eligible_sender_organisations(request.user, profile)
        if organisation is None:
            choices = list(eligible[:2])
            if len(choices) != 1:
                msg = "Name the sending organisation (you are a member of several)."
                raise exceptions.ValidationError({"organisation": [msg]})
            organisation = choices[0]
        elif not eligible.filter(pk=organisation.pk).exists():
            msg = "You can only express interest for another organisation you are a member of."
            raise exceptions.ValidationError({"organisation": [msg]})
        interest = interest_domain.express_interest(
            actor=request.user,
            profile=profile,
            organisation=organisation,
            message=incoming.validated_data["message"],
        )
        fresh = queries.interests_with_details().get(pk=interest.pk)
        data = InterestSerializer(fresh, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)
