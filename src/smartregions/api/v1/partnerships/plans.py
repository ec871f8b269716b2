"""Action plans (of partnerships and of industrial-transition regions), their actions with the
status verb and dependencies, and their funding opportunities."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.accounts.rules import is_platform_staff
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.partnerships import serializers_plans as s
from smartregions.api.v1.partnerships.base import PlansPermission, validated_or_404
from smartregions.partnerships.domain import actions as action_domain
from smartregions.partnerships.domain import plans as plan_domain
from smartregions.partnerships.domain.queries.partnerships import my_partnership_ids
from smartregions.partnerships.domain.queries.plans import (
    is_overdue,
    plan_actions,
    plans_for_rules,
    plans_with_details,
)
from smartregions.partnerships.models import (
    Action,
    ActionPlan,
    ExpertAssignment,
    FundingOpportunity,
)

PLAN = OpenApiParameter("plan_pk", OpenApiTypes.INT, OpenApiParameter.PATH)


def readable_plans(user: Any) -> QuerySet[ActionPlan]:
    """Plans ``user`` may read: region plans (any signed-in user), and partnership plans of
    partnerships they act for a member of or are an expert of (all for staff)."""
    qs = ActionPlan.objects.all()
    if is_platform_staff(user):
        return qs
    experts = ExpertAssignment.objects.filter(expert__user_id=user.pk).values("partnership_id")
    return qs.filter(
        Q(region__isnull=False)
        | Q(partnership_id__in=my_partnership_ids(user))
        | Q(partnership_id__in=experts)
    )


@extend_schema_view(
    list=extend_schema(
        summary="Action plans you may read",
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                description="partnership: partnerships' plans; region: transition plans.",
            ),
        ],
    ),
    retrieve=extend_schema(summary="A plan with actions, funding opportunities and experts"),
)
class ActionPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Action plans of partnerships and transition plans of industrial-transition regions."""

    schema = ApiAutoSchema()
    serializer_class = s.ActionPlanSerializer
    permission_classes = [PlansPermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "partnerships.view_plan",
        "create": "partnerships.add_region_plan",
        "partial_update": "partnerships.change_plan",
        "experts": "partnerships.change_plan",
    }

    def get_queryset(self) -> QuerySet[ActionPlan]:
        if self.action == "list":
            qs = readable_plans(self.request.user).select_related("partnership", "region")
            kind = self.request.query_params.get("kind", "")
            if kind == "region":
                qs = qs.filter(region__isnull=False)
            elif kind == "partnership":
                qs = qs.filter(partnership__isnull=False)
            return qs.defer("region__boundary").order_by("id")
        return plans_with_details() if self.action == "retrieve" else plans_for_rules()

    def _detail(self, plan: ActionPlan, code: int = status.HTTP_200_OK) -> Response:
        fresh = plans_with_details().get(pk=plan.pk)
        context = {"actions": plan_actions(fresh)}
        return Response(s.ActionPlanDetailSerializer(fresh, context=context).data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self.get_object())

    @extend_schema(
        summary="Start a partnership's plan (leads, staff) or a region's transition plan "
        "(its representatives, staff)",
        request=s.ActionPlanCreateSerializer,
        responses={201: s.ActionPlanDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.ActionPlanCreateSerializer(data=request.data, context={"request": request})
        data = validated_or_404(incoming)
        partnership, region = data.pop("partnership"), data.pop("region")
        if partnership is not None:
            if not request.user.has_perm("partnerships.add_partnership_plan", partnership):
                raise exceptions.PermissionDenied
            plan = plan_domain.create_partnership_plan(
                actor=request.user, partnership=partnership, title=data["title"]
            )
        else:
            self.check_object_permissions(request, region)
            plan = plan_domain.create_region_plan(actor=request.user, region=region, **data)
        return self._detail(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the title, self-assessment and transition priorities",
        request=s.ActionPlanUpdateSerializer,
        responses={200: s.ActionPlanDetailSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        incoming = s.ActionPlanUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        fields = ("title", "weaknesses", "assets", "transition_priorities")
        plan_domain.update_plan(
            actor=request.user,
            plan=plan,
            **{f: data[f] if f in data else getattr(plan, f) for f in fields},
        )
        return self._detail(plan)

    @extend_schema(
        summary="Set a region plan's regional team of experts",
        request=s.PlanExpertsWriteSerializer,
        responses={200: s.ActionPlanDetailSerializer},
    )
    @action(detail=True, methods=["put"])
    def experts(self, request: Request, pk: str) -> Response:
        plan = self.get_object()
        incoming = s.PlanExpertsWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan_domain.set_plan_experts(actor=request.user, plan=plan, **incoming.validated_data)
        return self._detail(plan)


class _PlanChild(viewsets.GenericViewSet):
    """Rows below a plan (``action-plans/{plan_pk}/...``): reading needs
    ``partnerships.view_plan``, writing ``partnerships.change_plan``, both on the plan."""

    schema = ApiAutoSchema()
    permission_classes = [PlansPermission]
    filter_backends = []
    pagination_class = None
    _READS = ("list", "retrieve")

    @property
    def rules_permissions(self) -> dict[str, str]:
        read, write = "partnerships.view_plan", "partnerships.change_plan"
        return {name: read if name in self._READS else write for name in self._ACTIONS}

    def plan(self) -> ActionPlan:
        """The plan of the URL, after checking the permission of the action on it."""
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(plans_for_rules(), pk=self.kwargs["plan_pk"])
            self.check_object_permissions(self.request, self._plan)
        return self._plan

    def get_object(self) -> Any:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(summary="The plan's actions, in order", parameters=[PLAN]),
    retrieve=extend_schema(summary="One action", parameters=[PLAN]),
)
class ActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _PlanChild):
    """Actions of a plan: owner, deadline, status (its own verb) and dependencies."""

    serializer_class = s.PlanActionSerializer
    _ACTIONS = (
        "list",
        "retrieve",
        "create",
        "partial_update",
        "destroy",
        "set_status",
        "dependencies",
    )

    def get_queryset(self) -> QuerySet[Action]:
        if getattr(self, "swagger_fake_view", False):
            return Action.objects.none()
        plan = self.plan()
        return (
            Action.objects.filter(plan=plan)
            .select_related("owner")
            .prefetch_related("depends_on")
            .order_by("position", "id")
        )

    def _respond(self, action_: Action, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=action_.pk)
        fresh.is_overdue = is_overdue(fresh, timezone.localdate())
        return Response(s.PlanActionSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Add an action (status planned)",
        parameters=[PLAN],
        request=s.PlanActionWriteSerializer,
        responses={201: s.PlanActionSerializer},
    )
    def create(self, request: Request, plan_pk: str) -> Response:
        plan = self.plan()
        incoming = s.PlanActionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        created = action_domain.add_action(actor=request.user, plan=plan, **incoming.validated_data)
        return self._respond(created, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change title, description, owner, deadline (and dependencies when given)",
        parameters=[PLAN],
        request=s.PlanActionWriteSerializer,
        responses={200: s.PlanActionSerializer},
    )
    def partial_update(self, request: Request, plan_pk: str, pk: str) -> Response:
        current = self.get_object()
        incoming = s.PlanActionWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        fields = ("title", "description", "owner", "owner_name", "deadline")
        action_domain.update_action(
            actor=request.user,
            action=current,
            **{f: data[f] if f in data else getattr(current, f) for f in fields},
        )
        if "depends_on" in data:
            action_domain.set_action_dependencies(
                actor=request.user, action=current, depends_on=data["depends_on"]
            )
        return self._respond(current)

    @extend_schema(summary="Delete an action nothing depends on", parameters=[PLAN])
    def destroy(self, request: Request, plan_pk: str, pk: str) -> Response:
        action_domain.delete_action(actor=request.user, action=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Move the action to another status (planned, in progress, blocked, done, "
        "cancelled; see the allowed moves)",
        parameters=[PLAN],
        request=s.PlanActionStatusSerializer,
        responses={200: s.PlanActionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, plan_pk: str, pk: str) -> Response:
        current = self.get_object()
        incoming = s.PlanActionStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        action_domain.change_action_status(
            actor=request.user, action=current, **incoming.validated_data
        )
        return self._respond(current)

    @extend_schema(
        summary="Replace what the action waits for (same plan, no cycles)",
        parameters=[PLAN],
        request=s.PlanActionDependenciesSerializer,
        responses={200: s.PlanActionSerializer},
    )
    @action(detail=True, methods=["put"])
    def dependencies(self, request: Request, plan_pk: str, pk: str) -> Response:
        current = self.get_object()
        incoming = s.PlanActionDependenciesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        action_domain.set_action_dependencies(
            actor=request.user, action=current, **incoming.validated_data
        )
        return self._respond(current)


@extend_schema_view(
    list=extend_schema(summary="The plan's funding opportunities", parameters=[PLAN]),
    retrieve=extend_schema(summary="One funding opportunity", parameters=[PLAN]),
)
class FundingOpportunityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _PlanChild):
    """Funding opportunities identified for a plan (calls, programmes, loans)."""

    serializer_class = s.PlanFundingOpportunitySerializer
    _ACTIONS = ("list", "retrieve", "create", "update", "destroy")

    def get_queryset(self) -> QuerySet[FundingOpportunity]:
        if getattr(self, "swagger_fake_view", False):
            return FundingOpportunity.objects.none()
        return FundingOpportunity.objects.filter(plan=self.plan()).order_by("deadline", "id")

    def _fields(self, request: Request) -> dict:
        incoming = s.PlanFundingOpportunitySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return dict(incoming.validated_data)

    @extend_schema(
        summary="Add a funding opportunity",
        parameters=[PLAN],
        request=s.PlanFundingOpportunitySerializer,
        responses={201: s.PlanFundingOpportunitySerializer},
    )
    def create(self, request: Request, plan_pk: str) -> Response:
        item = plan_domain.add_funding_opportunity(
            actor=request.user, plan=self.plan(), **self._fields(request)
        )
        return Response(
            s.PlanFundingOpportunitySerializer(item).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Replace a funding opportunity",
        parameters=[PLAN],
        request=s.PlanFundingOpportunitySerializer,
        responses={200: s.PlanFundingOpportunitySerializer},
    )
    def update(self, request: Request, plan_pk: str, pk: str) -> Response:
        item = self.get_object()
        plan_domain.update_funding_opportunity(
            actor=request.user, opportunity=item, **self._fields(request)
        )
        return Response(s.PlanFundingOpportunitySerializer(item).data)

    @extend_schema(summary="Delete a funding opportunity", parameters=[PLAN])
    def destroy(self, request: Request, plan_pk: str, pk: str) -> Response:
        plan_domain.delete_funding_opportunity(actor=request.user, opportunity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
