"""The expert's reviews: list mine, read one (blinded under blind review), download the
application's files (under neutral names when blind), declare no conflict, save scores, submit,
recuse. The same domain functions as the web pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from smartregions.api.v1.base import ApiAutoSchema
from smartregions.api.v1.evaluation import serializers as s
from smartregions.api.v1.evaluation.base import EvaluationPermission
from smartregions.calls.domain.attachments import download_response
from smartregions.calls.domain.evaluation import reviews as review_domain
from smartregions.calls.domain.evaluation.blinding import (
    application_view,
    is_blind_for,
    shown_attachment,
)
from smartregions.calls.domain.queries.evaluation import (
    active_expert_of,
    declared_review_ids,
    peer_reviews,
    reviews_of,
    reviews_with_details,
    stage_criteria,
)
from smartregions.calls.models import CallField, Review

_WORK = "calls.work_review"


def review_detail(review: Review, user: Any) -> dict[str, Any]:
    """The review's read shape for ``user`` (blinded application under blind review)."""
    application = review.application
    call = application.call
    criteria = stage_criteria(call, review.stage)
    fields = list(CallField.objects.filter(call=call).order_by("stage", "position", "id"))
    shown = asdict(application_view(application, fields=fields, blind=is_blind_for(user, call)))
    shown["answers"] = [{"question": q, "answer": a} for q, a in shown["answers"]]
    for attachment in shown["attachments"]:
        attachment["url"] = reverse(
            "evaluation-review-attachment", args=[review.pk, attachment["pk"]]
        )
    return {
        "id": review.pk,
        "status": review.status,
        "stage": review.stage,
        "declared": review.pk in declared_review_ids([review.pk]),
        "call": call.title,
        "timezone": call.timezone,
        "application": shown,
        "criteria": criteria,
        "scores": list(review.scores.all()),
        "comment": review.comment,
        "total": review.total,
        "assigned_at": review.assigned_at,
        "submitted_at": review.submitted_at,
        "recusal_reason": review.recusal_reason,
        "peers": [asdict(p) for p in peer_reviews(review, criteria)]
        if user.has_perm("calls.view_peer_reviews", review)
        else None,
    }


def _verb(summary: str, request: Any = None) -> Any:
    return extend_schema(
        summary=summary, request=request, responses={200: s.ReviewDetailSerializer}
    )


@extend_schema_view(
    list=extend_schema(summary="My reviews (experts), open ones first"),
    retrieve=extend_schema(
        summary="One review with the application (blinded under blind review)",
        responses={200: s.ReviewDetailSerializer},
    ),
)
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An expert's reviews. Staff read any review; experts only their own."""

    schema = ApiAutoSchema()
    serializer_class = s.ReviewListItemSerializer
    permission_classes = [EvaluationPermission]
    filter_backends = []
    rules_permissions = {
        "list": "calls.view_my_reviews",
        "retrieve": "calls.view_review",
        "attachment": "calls.view_review",
        "declare": _WORK,
        "scores": _WORK,
        "submit": _WORK,
        "recuse": _WORK,
    }
    global_actions = ("list",)

    def get_queryset(self) -> QuerySet[Review]:
        if self.action == "list":
            return reviews_of(active_expert_of(self.request.user))
        return reviews_with_details()

    def _respond(self, review: Review) -> Response:
        fresh = reviews_with_details().get(pk=review.pk)
        return Response(s.ReviewDetailSerializer(review_detail(fresh, self.request.user)).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            s.ReviewDetailSerializer(review_detail(self.get_object(), request.user)).data
        )

    @extend_schema(
        summary="Download a file of the reviewed application (neutral name under blind review)",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The file, as an attachment."
            )
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_pk>[0-9]+)",
        url_name="attachment",
    )
    def attachment(self, request: Request, pk: str, attachment_pk: str) -> FileResponse:
        review = self.get_object()
        application = review.application
        found = shown_attachment(
            application, int(attachment_pk), blind=is_blind_for(request.user, application.call)
        )
        if found is None:  # another application's file, or a letter under blind review
            raise Http404
        stored, shown = found
        return download_response(stored, filename=shown.name)

    @_verb("Declare no conflict of interest with the application (needed before scoring)")
    @action(detail=True, methods=["post"])
    def declare(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        review_domain.declare_no_conflict(actor=request.user, review=review)
        return self._respond(review)

    def _marks(self) -> tuple[dict[int, review_domain.Mark], str | None]:
        incoming = s.ReviewScoresWriteSerializer(data=self.request.data)
        incoming.is_valid(raise_exception=True)
        marks = {
            m["criterion"]: review_domain.Mark(m["score"], m["comment"])
            for m in incoming.validated_data["scores"]
        }
        return marks, incoming.validated_data.get("comment")

    @_verb(
        "Save a draft: scores and comments per criterion, the overall comment",
        s.ReviewScoresWriteSerializer,
    )
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        marks, comment = self._marks()
        review_domain.save_review(actor=request.user, review=review, marks=marks, comment=comment)
        return self._respond(review)

    @_verb(
        "Submit the review (every criterion scored); scores in the body are saved first",
        s.ReviewScoresWriteSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        marks, comment = self._marks()
        review_domain.submit_review(actor=request.user, review=review, marks=marks, comment=comment)
        return self._respond(review)

    @_verb("Recuse for a conflict of interest, with the reason", s.ReviewRecusalSerializer)
    @action(detail=True, methods=["post"])
    def recuse(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        incoming = s.ReviewRecusalSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        review_domain.recuse_review(
            actor=request.user, review=review, reason=incoming.validated_data["reason"]
        )
        return self._respond(review)
