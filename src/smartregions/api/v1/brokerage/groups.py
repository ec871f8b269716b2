"""SME groups: members, partner suggestions and partners, the joint strategy and its exports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.brokerage import serializers as s
from smartregions.api.v1.brokerage.base import BrokeragePermission
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.brokerage.domain import groups as group_domain
from smartregions.brokerage.domain import strategy as strategy_domain
from smartregions.brokerage.domain.export import EXPORT_FORMATS, export_strategy
from smartregions.brokerage.domain.matching import suggest_group_partners
from smartregions.brokerage.domain.queries import (
    active_broker_of,
    groups_with_details,
    strategy_with_details,
    visible_groups,
)
from smartregions.brokerage.models import (
    GroupMember,
    GroupPartner,
    SmeGroup,
    StrategyAction,
    StrategyFunding,
    StrategyObjective,
)

ITEM = OpenApiParameter("item_id", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(summary="SME groups you lead or belong to (all for staff)"),
    retrieve=extend_schema(summary="One SME group with members and partners"),
)
class SmeGroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """SME groups formed by brokers around a shared challenge."""

    schema = ApiAutoSchema()
    serializer_class = s.SmeGroupSerializer
    permission_classes = [BrokeragePermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "brokerage.view_group",
        "create": "brokerage.add_group",
        "partial_update": "brokerage.change_group",
        "set_status": "brokerage.change_group",
        "members": "brokerage.change_group",
        "remove_member": "brokerage.change_group",
        "suggestions": "brokerage.change_group",
        "partners": "brokerage.change_group",
        "partner_status": "brokerage.change_group",
        "strategy": "brokerage.edit_strategy",
        "objectives": "brokerage.edit_strategy",
        "objective": "brokerage.edit_strategy",
        "actions": "brokerage.edit_strategy",
        "strategy_action": "brokerage.edit_strategy",
        "funding": "brokerage.edit_strategy",
        "funding_item": "brokerage.edit_strategy",
        "export": "brokerage.view_group",
    }

    def get_queryset(self) -> QuerySet[SmeGroup]:
        return visible_groups(self.request.user) if self.action == "list" else groups_with_details()

    def _respond(self, group: SmeGroup, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            s.SmeGroupSerializer(groups_with_details().get(pk=group.pk)).data, status=code
        )

    @extend_schema(
        summary="Form an SME group (brokers) from cases and/or SMEs",
        request=s.SmeGroupWriteSerializer,
        responses={201: s.SmeGroupSerializer},
    )
    def create(self, request: Request) -> Response:
        broker = active_broker_of(request.user)
        incoming = s.SmeGroupWriteSerializer(data=request.data, context={"broker": broker})
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, None)
        group = group_domain.form_group(
            actor=request.user, broker=broker, **incoming.validated_data
        )
        return self._respond(group, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change name, challenge, thematic area and NACE codes",
        request=s.SmeGroupWriteSerializer,
        responses={200: s.SmeGroupSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        incoming = s.SmeGroupWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        group_domain.update_group(
            actor=request.user,
            group=group,
            name=data.get("name", group.name),
            challenge=data.get("challenge", group.challenge),
            thematic_area=data.get("thematic_area", group.thematic_area),
            nace_codes=data.get("nace_codes", list(group.nace_codes.all())),
        )
        return self._respond(group)

    @extend_schema(
        summary="Move the group forming -> active -> closed",
        request=s.GroupStatusSerializer,
        responses={200: s.SmeGroupSerializer},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        incoming = s.GroupStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        group_domain.change_group_status(actor=request.user, group=group, **incoming.validated_data)
        return self._respond(group)

    @extend_schema(
        summary="Add an SME to the group",
        request=s.AddMemberSerializer,
        responses={201: s.SmeGroupSerializer},
    )
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        incoming = s.AddMemberSerializer(data=request.data, context={"broker": group.broker})
        incoming.is_valid(raise_exception=True)
        group_domain.add_group_member(actor=request.user, group=group, **incoming.validated_data)
        return self._respond(group, status.HTTP_201_CREATED)

    @extend_schema(summary="Remove an SME from the group", parameters=[ITEM], responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<item_id>\d+)")
    def remove_member(self, request: Request, pk: str, item_id: str) -> Response:
        group = self.get_object()
        member = get_object_or_404(GroupMember, group=group, pk=item_id)
        group_domain.remove_group_member(actor=request.user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Innovation partners abroad for the group, ranked with reasons",
        responses={200: s.PartnerSuggestionSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def suggestions(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        return Response(
            s.PartnerSuggestionSerializer(suggest_group_partners(group), many=True).data
        )

    @extend_schema(
        summary="Add an innovation partner (status proposed)",
        request=s.AddPartnerSerializer,
        responses={201: s.GroupPartnerSerializer},
    )
    @action(detail=True, methods=["post"])
    def partners(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        incoming = s.AddPartnerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        partner = group_domain.add_group_partner(
            actor=request.user, group=group, **incoming.validated_data
        )
        return Response(s.GroupPartnerSerializer(partner).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a partner's status (proposed -> contacted -> confirmed / declined)",
        parameters=[ITEM],
        request=s.PartnerStatusSerializer,
        responses={200: s.GroupPartnerSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"partners/(?P<item_id>\d+)/status")
    def partner_status(self, request: Request, pk: str, item_id: str) -> Response:
        group = self.get_object()
        partner = get_object_or_404(
            GroupPartner.objects.select_related("organisation__region__country"),
            group=group,
            pk=item_id,
        )
        incoming = s.PartnerStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        group_domain.set_partner_status(
            actor=request.user, partner=partner, **incoming.validated_data
        )
        return Response(s.GroupPartnerSerializer(partner).data)

    # --- joint strategy -------------------------------------------------------------------

    def _strategy(self, group: SmeGroup) -> Response:
        strategy = strategy_with_details(group)
        if strategy is None:
            return Response(None, status=status.HTTP_204_NO_CONTENT)
        return Response(s.JointStrategySerializer(strategy).data)

    @extend_schema(
        methods=["GET"],
        summary="The group's joint strategy (204 when not started)",
        responses={200: s.JointStrategySerializer, 204: None},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Write the strategy's title, vision and target value chains",
        request=s.JointStrategyWriteSerializer,
        responses={200: s.JointStrategySerializer},
    )
    @action(detail=True, methods=["get", "put"])
    def strategy(self, request: Request, pk: str) -> Response:
        group = self.get_object()
        if request.method == "PUT":
            incoming = s.JointStrategyWriteSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            strategy_domain.save_strategy(
                actor=request.user, group=group, **incoming.validated_data
            )
        return self._strategy(group)

    def _item_write(
        self, request: Request, *, serializer: Any, add: Any, update: Any, delete: Any, item: Any
    ) -> Response:
        group = self.get_object()
        if request.method == "DELETE":
            delete(actor=request.user, **{item[0]: item[1]})
            return Response(status=status.HTTP_204_NO_CONTENT)
        incoming = serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        if item[1] is None:
            add(actor=request.user, group=group, **incoming.validated_data)
            return Response(
                s.JointStrategySerializer(strategy_with_details(group)).data,
                status=status.HTTP_201_CREATED,
            )
        update(actor=request.user, **{item[0]: item[1]}, **incoming.validated_data)
        return self._strategy(group)

    def _child(self, model: Any, pk: str, item_id: str) -> Any:
        return get_object_or_404(
            model.objects.select_related("strategy__group"), strategy__group_id=pk, pk=item_id
        )

    @extend_schema(
        summary="Add an objective (appended)",
        request=s.StrategyObjectiveSerializer,
        responses={201: s.JointStrategySerializer},
    )
    @action(detail=True, methods=["post"], url_path="strategy/objectives")
    def objectives(self, request: Request, pk: str) -> Response:
        return self._item_write(
            request,
            serializer=s.StrategyObjectiveSerializer,
            add=strategy_domain.add_objective,
            update=None,
            delete=None,
            item=("objective", None),
        )

    @extend_schema(
        summary="Change or delete an objective",
        parameters=[ITEM],
        request=s.StrategyObjectiveSerializer,
        responses={200: s.JointStrategySerializer, 204: None},
    )
    @action(
        detail=True, methods=["put", "delete"], url_path=r"strategy/objectives/(?P<item_id>\d+)"
    )
    def objective(self, request: Request, pk: str, item_id: str) -> Response:
        self.get_object()
        item = self._child(StrategyObjective, pk, item_id)
        return self._item_write(
            request,
            serializer=s.StrategyObjectiveSerializer,
            add=None,
            update=strategy_domain.update_objective,
            delete=strategy_domain.delete_objective,
            item=("objective", item),
        )

    @extend_schema(
        summary="Add an action",
        request=s.StrategyActionSerializer,
        responses={201: s.JointStrategySerializer},
    )
    @action(detail=True, methods=["post"], url_path="strategy/actions")
    def actions(self, request: Request, pk: str) -> Response:
        return self._item_write(
            request,
            serializer=s.StrategyActionSerializer,
            add=strategy_domain.add_action,
            update=None,
            delete=None,
            item=("action", None),
        )

    @extend_schema(
        summary="Change or delete an action",
        parameters=[ITEM],
        request=s.StrategyActionSerializer,
        responses={200: s.JointStrategySerializer, 204: None},
    )
    @action(detail=True, methods=["put", "delete"], url_path=r"strategy/actions/(?P<item_id>\d+)")
    def strategy_action(self, request: Request, pk: str, item_id: str) -> Response:
        self.get_object()
        item = self._child(StrategyAction, pk, item_id)
        return self._item_write(
            request,
            serializer=s.StrategyActionSerializer,
            add=None,
            update=strategy_domain.update_action,
            delete=strategy_domain.delete_action,
            item=("action", item),
        )

    @extend_schema(
        summary="Add a funding source",
        request=s.StrategyFundingSerializer,
        responses={201: s.JointStrategySerializer},
    )
    @action(detail=True, methods=["post"], url_path="strategy/funding")
    def funding(self, request: Request, pk: str) -> Response:
        return self._item_write(
            request,
            serializer=s.StrategyFundingSerializer,
            add=strategy_domain.add_funding,
            update=None,
            delete=None,
            item=("funding", None),
        )

    @extend_schema(
        summary="Change or delete a funding source",
        parameters=[ITEM],
        request=s.StrategyFundingSerializer,
        responses={200: s.JointStrategySerializer, 204: None},
    )
    @action(detail=True, methods=["put", "delete"], url_path=r"strategy/funding/(?P<item_id>\d+)")
    def funding_item(self, request: Request, pk: str, item_id: str) -> Response:
        self.get_object()
        item = self._child(StrategyFunding, pk, item_id)
        return self._item_write(
            request,
            serializer=s.StrategyFundingSerializer,
            add=None,
            update=strategy_domain.update_funding,
            delete=strategy_domain.delete_funding,
            item=("funding", item),
        )

    @extend_schema(
        summary="Download the joint strategy as Markdown or PDF",
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(EXPORT_FORMATS),
                description="md (default) or pdf",
            )
        ],
        responses={
            (200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="strategy/export",
        content_negotiation_class=FileFormatNegotiation,
    )
    def export(self, request: Request, pk: str) -> HttpResponse:
        group = self.get_object()
        export = export_strategy(group, format=request.query_params.get("format", "md"))
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
