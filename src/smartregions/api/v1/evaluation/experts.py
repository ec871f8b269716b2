"""The expert pool (staff): list, read, register, change, deactivate and reactivate experts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.accounts.models import User
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.evaluation import serializers as s
from smartregions.api.v1.evaluation.base import EvaluationPermission
from smartregions.calls.domain.evaluation.experts import (
    deactivate_expert,
    reactivate_expert,
    register_expert,
    update_expert,
)
from smartregions.calls.domain.queries.evaluation import expert_pool
from smartregions.calls.models import Expert

_STAFF = "calls.manage_experts"


@extend_schema_view(
    list=extend_schema(summary="The expert pool, active experts first (staff)"),
    retrieve=extend_schema(summary="One expert (staff)"),
)
class EvaluationExpertViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Experts who review applications: affiliations (for conflicts of interest), thematic
    areas and expertise (for the fit), and the most reviews they take per call."""

    schema = ApiAutoSchema()
    serializer_class = s.EvaluationExpertSerializer
    permission_classes = [EvaluationPermission]
    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]
    rules_permissions = dict.fromkeys(
        ("list", "retrieve", "create", "partial_update", "deactivate", "reactivate"), _STAFF
    )
    global_actions = ("list", "create")

    def get_queryset(self) -> QuerySet[Expert]:
        return expert_pool()

    def _respond(self, expert: Expert, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(expert_pool().get(pk=expert.pk)).data, status=code)

    @extend_schema(
        summary="Register an existing user as an expert (staff)",
        request=s.EvaluationExpertWriteSerializer,
        responses={201: s.EvaluationExpertSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.EvaluationExpertWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        user = User.objects.filter(email=data.pop("email").lower()).first()
        if user is None:
            raise exceptions.ValidationError({"email": ["No user has this e-mail address."]})
        expert = register_expert(actor=request.user, user=user, **data)
        return self._respond(expert, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an expert's affiliations, areas, expertise or load (staff)",
        request=s.EvaluationExpertWriteSerializer,
        responses={200: s.EvaluationExpertSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        expert = self.get_object()
        incoming = s.EvaluationExpertWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if "email" in data:
            raise exceptions.ValidationError({"email": ["An expert's user cannot change."]})
        update_expert(actor=request.user, expert=expert, **data)
        return self._respond(expert)

    def _set(self, change: Any) -> Response:
        expert = self.get_object()
        change(actor=self.request.user, expert=expert)
        return self._respond(expert)

    @extend_schema(summary="Take an expert out of the pool (staff)", request=None)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        return self._set(deactivate_expert)

    @extend_schema(summary="Bring an expert back into the pool (staff)", request=None)
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: str) -> Response:
        return self._set(reactivate_expert)
