"""Brokers, cases (with the workflow verbs as their own endpoints), referrals, the dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from smartregions.accounts.rules import is_platform_staff
from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.brokerage import serializers as s
from smartregions.api.v1.brokerage.base import BrokeragePermission
from smartregions.brokerage.domain import cases as case_domain
from smartregions.brokerage.domain import referrals as referral_domain
from smartregions.brokerage.domain.brokers import approve_broker, deactivate_broker, register_broker
from smartregions.brokerage.domain.matching import suggest_case_partners
from smartregions.brokerage.domain.queries import (
    active_broker_of,
    broker_dashboard,
    brokers_with_details,
    cases_with_details,
    referrals_with_details,
    visible_cases,
)
from smartregions.brokerage.enums import BrokerStatus
from smartregions.brokerage.models import Broker, Case, Referral


@extend_schema_view(
    list=extend_schema(summary="Active brokers (staff also see pending and deactivated ones)"),
    retrieve=extend_schema(summary="One broker"),
)
class BrokerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Innovation brokers with their region and specialities."""

    schema = ApiAutoSchema()
    serializer_class = s.BrokerSerializer
    permission_classes = [BrokeragePermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "brokerage.register_broker",
        "create": "brokerage.register_broker",
        "approve": "brokerage.manage_brokers",
        "deactivate": "brokerage.manage_brokers",
    }

    def get_queryset(self) -> QuerySet[Broker]:
        qs = brokers_with_details().order_by("region__code", "user__full_name", "id")
        if getattr(self, "swagger_fake_view", False) or is_platform_staff(self.request.user):
            return qs
        return qs.filter(Q(status=BrokerStatus.ACTIVE) | Q(user=self.request.user))

    @extend_schema(
        summary="Register yourself as a broker (waits for staff approval)",
        request=s.BrokerWriteSerializer,
        responses={201: s.BrokerSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.BrokerWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, None)
        broker = register_broker(actor=request.user, user=request.user, **incoming.validated_data)
        fresh = brokers_with_details().get(pk=broker.pk)
        return Response(s.BrokerSerializer(fresh).data, status=status.HTTP_201_CREATED)

    def _set(self, request: Request, change: Any) -> Response:
        broker = self.get_object()
        change(actor=request.user, broker=broker)
        return Response(s.BrokerSerializer(brokers_with_details().get(pk=broker.pk)).data)

    @extend_schema(
        summary="Approve a broker (staff)", request=None, responses={200: s.BrokerSerializer}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._set(request, approve_broker)

    @extend_schema(
        summary="Deactivate a broker (staff)", request=None, responses={200: s.BrokerSerializer}
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        return self._set(request, deactivate_broker)


def _verb(summary: str, request: Any = s.CaseNoteSerializer) -> Any:
    return extend_schema(summary=summary, request=request, responses={200: s.CaseSerializer})


@extend_schema_view(
    list=extend_schema(summary="Cases you may see (your SME's, assigned, referred; all for staff)"),
    retrieve=extend_schema(summary="One case with its history and referrals"),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Brokerage cases: an SME's needs assessment and its workflow."""

    schema = ApiAutoSchema()
    serializer_class = s.CaseSerializer
    permission_classes = [BrokeragePermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "brokerage.view_case",
        "create": "brokerage.submit_case",
        "assess": "brokerage.work_case",
        "match": "brokerage.work_case",
        "start_cooperation": "brokerage.work_case",
        "close": "brokerage.work_case",
        "refer": "brokerage.work_case",
        "withdraw": "brokerage.withdraw_case",
        "assign": "brokerage.assign_case",
        "take": "brokerage.take_case",
        "suggestions": "brokerage.view_case",
    }

    def get_queryset(self) -> QuerySet[Case]:
        return visible_cases(self.request.user) if self.action == "list" else cases_with_details()

    def _respond(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.CaseSerializer(cases_with_details().get(pk=case.pk)).data, status=code)

    @extend_schema(
        summary="Submit a needs assessment (opens a case)",
        request=s.CaseWriteSerializer,
        responses={201: s.CaseSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.CaseWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self.check_object_permissions(request, incoming.validated_data["organisation"])
        case = case_domain.submit_case(actor=request.user, **incoming.validated_data)
        return self._respond(case, status.HTTP_201_CREATED)

    def _note_verb(self, request: Request, verb: Any) -> Response:
        case = self.get_object()
        incoming = s.CaseNoteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        verb(actor=request.user, case=case, note=incoming.validated_data["note"])
        return self._respond(case)

    @_verb("Mark the needs as assessed (new -> assessed)")
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk: str) -> Response:
        return self._note_verb(request, case_domain.assess_case)

    @_verb("Partners found (assessed -> matched)")
    @action(detail=True, methods=["post"])
    def match(self, request: Request, pk: str) -> Response:
        return self._note_verb(request, case_domain.match_case)

    @_verb("Cooperation started (matched -> in cooperation)")
    @action(detail=True, methods=["post"], url_path="start-cooperation")
    def start_cooperation(self, request: Request, pk: str) -> Response:
        return self._note_verb(request, case_domain.start_cooperation)

    @_verb("Withdraw the case (the SME)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._note_verb(request, case_domain.withdraw_case)

    @_verb("Close the case with its outcome", s.CloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        incoming = s.CloseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case_domain.close_case(actor=request.user, case=case, **incoming.validated_data)
        return self._respond(case)

    @_verb("Assign the case to a broker (staff)", s.AssignSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        incoming = s.AssignSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case_domain.assign_case(actor=request.user, case=case, **incoming.validated_data)
        return self._respond(case)

    @_verb("Take an unassigned case of your region (brokers)", None)
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        case_domain.take_case(actor=request.user, case=case)
        return self._respond(case)

    @extend_schema(
        summary="Refer the case to a broker in another country",
        request=s.ReferSerializer,
        responses={201: s.ReferralSerializer},
    )
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        incoming = s.ReferSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        referral = referral_domain.refer_case(
            actor=request.user, case=case, **incoming.validated_data
        )
        fresh = referrals_with_details().get(pk=referral.pk)
        return Response(s.ReferralSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Innovation partners abroad for this case, with reasons",
        responses={200: s.PartnerSuggestionSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def suggestions(self, request: Request, pk: str) -> Response:
        case = self.get_object()
        return Response(s.PartnerSuggestionSerializer(suggest_case_partners(case), many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Referrals you sent or received (all for staff)"),
    retrieve=extend_schema(summary="One referral"),
)
class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases handed from one broker to a broker in another country."""

    schema = ApiAutoSchema()
    serializer_class = s.ReferralSerializer
    permission_classes = [BrokeragePermission]
    filter_backends = []
    rules_permissions = {
        "retrieve": "brokerage.view_case",
        "accept": "brokerage.answer_referral",
        "decline": "brokerage.answer_referral",
    }

    def get_queryset(self) -> QuerySet[Referral]:
        qs = referrals_with_details()
        if is_platform_staff(self.request.user):
            return qs
        broker = active_broker_of(self.request.user)
        if broker is None:
            return qs.none()
        return qs.filter(Q(from_broker=broker) | Q(to_broker=broker))

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        # Reading a referral is reading its case; answering it is checked on the referral.
        target = obj.case if self.action == "retrieve" else obj
        super().check_object_permissions(request, target)

    def _answer(self, request: Request, verb: Any) -> Response:
        referral = self.get_object()
        incoming = s.ReferralAnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        verb(actor=request.user, referral=referral, answer=incoming.validated_data["answer"])
        return Response(s.ReferralSerializer(referrals_with_details().get(pk=referral.pk)).data)

    @extend_schema(
        summary="Accept: you become the case's broker",
        request=s.ReferralAnswerSerializer,
        responses={200: s.ReferralSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._answer(request, referral_domain.accept_referral)

    @extend_schema(
        summary="Decline: the case stays with the referring broker",
        request=s.ReferralAnswerSerializer,
        responses={200: s.ReferralSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._answer(request, referral_domain.decline_referral)


def _outcomes(counts: dict[str, int] | None) -> list[dict] | None:
    if counts is None:
        return None
    return [{"outcome": outcome, "count": count} for outcome, count in counts.items()]


class DashboardView(APIView):
    """The broker dashboard: open cases by status, unassigned cases, referrals, groups, outcomes."""

    schema = ApiAutoSchema()
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Broker dashboard", responses={200: s.BrokerDashboardSerializer})
    def get(self, request: Request) -> Response:
        if not request.user.has_perm("brokerage.view_dashboard"):
            raise PermissionDenied
        board = broker_dashboard(request.user)
        return Response(
            {
                "open_cases": {
                    status_: s.CaseSerializer(cases, many=True).data
                    for status_, cases in board.my_cases_by_status.items()
                },
                "unassigned_cases": s.CaseSerializer(board.unassigned, many=True).data,
                "referrals_waiting": s.ReferralSerializer(board.referrals_waiting, many=True).data,
                "groups": s.SmeGroupSerializer(board.groups, many=True).data,
                "my_outcomes": _outcomes(board.my_outcomes),
                "platform_outcomes": _outcomes(board.platform_outcomes),
            }
        )
