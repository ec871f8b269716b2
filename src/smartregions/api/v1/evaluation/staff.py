"""Staff endpoints of the evaluation: a call's panel and ranking, assignments (by hand and the
automatic verb), and an application's evaluation with the consensus and decision verbs."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.evaluation import serializers as s
from smartregions.api.v1.evaluation.base import EvaluationPermission
from smartregions.calls.domain.evaluation import assignment as assignment_domain
from smartregions.calls.domain.evaluation import decisions as decision_domain
from smartregions.calls.domain.evaluation.blinding import application_view
from smartregions.calls.domain.evaluation.experts import add_to_panel, remove_from_panel
from smartregions.calls.domain.evaluation.ranking import board_row
from smartregions.calls.domain.queries.evaluation import (
    application_trail,
    applications_for_evaluation,
    declared_review_ids,
    evaluation_board,
    panel_of,
    stage_criteria,
    submitted_applications,
)
from smartregions.calls.models import Application, Call, CallField, Review

_STAFF = "calls.manage_evaluation"
STAGE = OpenApiParameter("stage", int, enum=[1, 2], description="Stage (default 1).")


def _stage(request: Request) -> int:
    value = request.query_params.get("stage", "1")
    if value not in ("1", "2"):
        raise exceptions.ValidationError({"stage": ["Choose stage 1 or 2."]})
    return int(value)


def _cutoff(call: Call, value: Any) -> Any:
    if value in (None, ""):
        return None
    cutoff = call.cutoffs.filter(pk=value).first() if str(value).isdecimal() else None
    if cutoff is None:
        raise exceptions.ValidationError({"cutoff": ["Not a cut-off of this call."]})
    return cutoff


@extend_schema_view(
    list=extend_schema(
        summary="Assignments (reviews without their scores) of a call or application (staff)",
        parameters=[
            OpenApiParameter("call", str, description="Slug of the call."),
            OpenApiParameter("application", int, description="Id of the application."),
        ],
    ),
)
class ReviewAssignmentViewSet(
    mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Who reviews what: assign by hand, take an assigned review back, or assign automatically."""

    schema = ApiAutoSchema()
    serializer_class = s.ReviewAssignmentSerializer
    permission_classes = [EvaluationPermission]
    filter_backends = []
    rules_permissions = dict.fromkeys(("list", "create", "destroy", "auto"), _STAFF)
    global_actions = ("list", "auto")

    def get_queryset(self) -> QuerySet[Review]:
        reviews = Review.objects.select_related("application", "expert__user").order_by(
            "application_id", "assigned_at", "id"
        )
        if getattr(self, "swagger_fake_view", False):
            return reviews
        params = self.request.query_params
        if params.get("call"):
            reviews = reviews.filter(application__call__slug=params["call"])
        if params.get("application", "").isdecimal():
            reviews = reviews.filter(application_id=int(params["application"]))
        return reviews

    @extend_schema(
        summary="Assign a reviewer by hand (refused with the reason on a conflict of interest)",
        request=s.ReviewAssignmentCreateSerializer,
        responses={201: s.ReviewAssignmentSerializer},
    )
    def create(self, request: Request) -> Response:
        incoming = s.ReviewAssignmentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        application = incoming.validated_data["application"]
        self.check_object_permissions(request, application.call)
        review = assignment_domain.assign_reviewer(
            actor=request.user, application=application, expert=incoming.validated_data["expert"]
        )
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(s.ReviewAssignmentSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Take an assigned, not yet submitted review back (staff)")
    def destroy(self, request: Request, pk: str) -> Response:
        assignment_domain.remove_reviewer(actor=request.user, review=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Assign reviewers automatically to a call's waiting applications",
        request=s.AutoAssignRequestSerializer,
        responses={200: s.AutoAssignReportSerializer},
    )
    @action(detail=False, methods=["post"], pagination_class=None)
    def auto(self, request: Request) -> Response:
        incoming = s.AutoAssignRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        call = get_object_or_404(Call, slug=data["call"])
        cutoff = _cutoff(call, data.get("cutoff"))
        if data["dry_run"]:
            plan = assignment_domain.plan_assignment(call=call, cutoff=cutoff)
        else:
            plan = assignment_domain.auto_assign_reviewers(
                actor=request.user, call=call, cutoff=cutoff
            )
        report = {
            "saved": not data["dry_run"],
            "assigned": [
                {"application": a.pk, "expert": e.pk, "fit": round(fit, 4)}
                for a, e, fit in plan.pairs
            ],
            "shortfalls": [
                {"application": x.application.pk, "missing": x.missing, "reason": x.reason}
                for x in plan.shortfalls
            ],
            "load": [
                {"expert": e.pk, "name": str(e), "load": plan.load[e.pk], "max_load": e.max_load}
                for e in plan.experts
            ],
        }
        return Response(s.AutoAssignReportSerializer(report).data)


class EvaluationCallViewSet(viewsets.GenericViewSet):
    """A call's evaluation (staff): its panel and its ranking."""

    schema = ApiAutoSchema()
    permission_classes = [EvaluationPermission]
    filter_backends = []
    lookup_field = "slug"
    queryset = Call.objects.all()
    rules_permissions = dict.fromkeys(("panel", "panel_remove", "ranking"), _STAFF)

    def _panel(self, call: Call) -> Response:
        return Response(s.PanelMemberSerializer(panel_of(call), many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="The call's panel with each expert's load in the call",
        responses={200: s.PanelMemberSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Put active experts on the call's panel",
        request=s.PanelAddSerializer,
        responses={200: s.PanelMemberSerializer(many=True)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def panel(self, request: Request, slug: str) -> Response:
        call = self.get_object()
        if request.method == "POST":
            incoming = s.PanelAddSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            add_to_panel(actor=request.user, call=call, experts=incoming.validated_data["experts"])
        return self._panel(call)

    @extend_schema(
        summary="Take an expert off the call's panel",
        request=s.PanelRemoveSerializer,
        responses={200: s.PanelMemberSerializer(many=True)},
    )
    @action(detail=True, methods=["post"], url_path="panel/remove", pagination_class=None)
    def panel_remove(self, request: Request, slug: str) -> Response:
        call = self.get_object()
        incoming = s.PanelRemoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        remove_from_panel(actor=request.user, call=call, expert=incoming.validated_data["expert"])
        return self._panel(call)

    @extend_schema(
        summary="The ranking at a stage: by consensus, then mean review total",
        parameters=[STAGE, OpenApiParameter("cutoff", int, description="Id of a cut-off.")],
        responses={200: s.RankingRowSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def ranking(self, request: Request, slug: str) -> Response:
        call = self.get_object()
        cutoff = _cutoff(call, request.query_params.get("cutoff"))
        board = evaluation_board(call, stage=_stage(request), cutoff=cutoff)
        return Response(s.RankingRowSerializer(board.rows, many=True).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary="An application's evaluation: reviews, scores, consensus, decision, trail",
        parameters=[STAGE],
        responses={200: s.EvaluationApplicationSerializer},
    )
)
class EvaluationApplicationViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One application's evaluation (staff) and the panel's verbs on it."""

    schema = ApiAutoSchema()
    permission_classes = [EvaluationPermission]
    filter_backends = []
    queryset = submitted_applications().select_related("call")
    rules_permissions = dict.fromkeys(("retrieve", "consensus", "decision"), _STAFF)

    def get_object(self) -> Application:
        """The application of the URL; 404 unless it was submitted at some stage."""
        application = get_object_or_404(
            submitted_applications().select_related("call"), pk=self.kwargs["pk"]
        )
        self.check_object_permissions(self.request, application.call)
        return application

    def _respond(self, application: Application, stage: int) -> Response:
        loaded = (
            applications_for_evaluation(stage=stage)
            .prefetch_related("attachments")
            .get(pk=application.pk)
        )
        call = loaded.call
        criteria = stage_criteria(call, stage)
        row = board_row(loaded, criteria)
        declared = declared_review_ids([r.pk for r in row.reviews])
        fields = list(CallField.objects.filter(call=call).order_by("stage", "position", "id"))
        shown = asdict(application_view(loaded, fields=fields, blind=False))
        shown["answers"] = [{"question": q, "answer": a} for q, a in shown["answers"]]
        body = {
            "application": shown,
            "status": loaded.status,
            "stage": stage,
            "criteria": criteria,
            "reviews": [
                {
                    "id": r.pk,
                    "expert": r.expert_id,
                    "expert_name": str(r.expert),
                    "status": r.status,
                    "declared": r.pk in declared,
                    "is_automatic": r.is_automatic,
                    "total": r.total,
                    "scores": scores if r.total is not None else [None] * len(criteria),
                    "comment": r.comment if r.total is not None else "",
                    "recusal_reason": r.recusal_reason,
                }
                for r, scores in row.score_table
            ],
            "mean_total": row.mean_total,
            "spread": row.spread,
            "below_threshold": [c.name for c in row.flagged],
            "consensus": row.consensus,
            "decision": row.decision,
            "trail": [
                {
                    "at": e.at,
                    "action": e.action,
                    "by": str(e.by) if e.by else None,
                    "detail": e.detail,
                    "data": e.data,
                }
                for e in application_trail(loaded)
            ],
        }
        return Response(s.EvaluationApplicationSerializer(body).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._respond(self.get_object(), _stage(request))

    @extend_schema(
        summary="Record or revise the panel's consensus (every review in)",
        request=s.PanelConsensusWriteSerializer,
        responses={200: s.EvaluationApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def consensus(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        incoming = s.PanelConsensusWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decision_domain.record_consensus(
            actor=request.user, application=application, **incoming.validated_data
        )
        return self._respond(application, application.stage)

    @extend_schema(
        summary="Decide (accept, reject, or advance a two-stage call's stage 1); notifies",
        request=s.EvaluationDecisionWriteSerializer,
        responses={200: s.EvaluationApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        stage = application.stage
        incoming = s.EvaluationDecisionWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decision_domain.record_decision(
            actor=request.user, application=application, **incoming.validated_data
        )
        return self._respond(application, stage)
