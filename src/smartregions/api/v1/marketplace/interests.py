"""Expressions of interest of my organisations: list, read, accept, decline, withdraw."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.permissions import RulesPermission
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.marketplace.serializers import AnswerSerializer, InterestSerializer
from smartregions.matching.domain.marketplace import interests as interest_domain
from smartregions.matching.domain.marketplace import queries
from smartregions.matching.enums import (
    InterestStatus,
)
from smartregions.matching.models import ExpressionOfInterest


@extend_schema_view(
    list=extend_schema(
        summary="Expressions of interest sent or received by my organisations",
        parameters=[
            OpenApiParameter(
                "direction",
                OpenApiTypes.STR,
                enum=["sent", "received"],
                description="Default: both.",
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                description=f"One of: {', '.join(InterestStatus.values)}.",
            ),
        ],
    ),
    retrieve=extend_schema(summary="One expression of interest"),
)
class InterestViewSet(viewsets.ReadOnlyModelViewSet):
    """Expressions of interest: the owner accepts or declines, the sender may withdraw."""

    schema = ApiAutoSchema()
    serializer_class = InterestSerializer
    permission_classes = [IsAuthenticated, RulesPermission]
    filter_backends = []
    rules_permissions = {
        "accept": "matching.answer_interest",
        "decline": "matching.answer_interest",
        "withdraw": "matching.withdraw_interest",
    }

    def get_queryset(self) -> QuerySet[ExpressionOfInterest]:
        qs = queries.interests_of_user(self.request.user)
        if self.action != "list":
            return qs
        ids = list(queries.user_organisations(self.request.user).values_list("pk", flat=True))
        direction = self.request.query_params.get("direction", "")
        if direction == "sent":
            qs = qs.filter(organisation_id__in=ids)
        elif direction == "received":
            qs = qs.filter(profile__organisation_id__in=ids)
        elif direction:
            raise exceptions.ValidationError({"direction": ["Use sent or received."]})
        wanted = self.request.query_params.get("status", "")
        if wanted:
            if wanted not in InterestStatus.values:
                raise exceptions.ValidationError({"status": ["Unknown status."]})
            qs = qs.filter(status=wanted)
        return qs

    def _respond(self, interest: ExpressionOfInterest) -> Response:
        fresh = queries.interests_with_details().get(pk=interest.pk)
        return Response(InterestSerializer(fresh, context={"request": self.request}).data)

    @extend_schema(
        summary="Accept (profile owner)",
        request=AnswerSerializer,
        responses={200: InterestSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        interest = self.get_object()
        incoming = AnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return self._respond(
            interest_domain.accept_interest(
                actor=request.user, interest=interest, **incoming.validated_data
            )
        )

    @extend_schema(
        summary="Decline (profile owner)",
        request=AnswerSerializer,
        responses={200: InterestSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        interest = self.get_object()
        incoming = AnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return self._respond(
            interest_domain.decline_interest(
                actor=request.user, interest=interest, **incoming.validated_data
            )
        )

    @extend_schema(summary="Withdraw (sender)", request=None, responses={200: InterestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        interest = self.get_object()
        return self._respond(
            interest_domain.withdraw_interest(actor=request.user, interest=interest)
        )
