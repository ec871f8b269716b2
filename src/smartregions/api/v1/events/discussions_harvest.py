"""REST endpoints of rapporteurs' notes and harvesting (``/api/v1/events/{slug}/...``).

* ``discussion-notes/`` - notes of the tables the user reports or hosts (organisers: all;
  ``?table=``, ``?question=``): add statements (one per line), reword or delete drafts.
* ``discussion-clusters/`` - the harvest (organisers): per guiding question, the submitted
  notes, their clusters and the ids of its conclusions (``?threshold=`` in (0, 1]).
* ``conclusions/`` - conclusions with their sources and follow-up actions (organisers):
  create (from notes), reword, delete, ``reorder/``, link ``sources/`` (POST) and unlink
  ``sources/{note_id}/`` (DELETE); ``report/?format=md|pdf`` downloads the report.
* ``follow-up-actions/`` - follow-up actions of conclusions (organisers, ``?conclusion=``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from smartregions.api.v1.events import discussions_serializers as s
from smartregions.api.v1.events.discussions_base import EventPartViewSet
from smartregions.api.v1.priorities import FileFormatNegotiation
from smartregions.events.compute.clustering import DEFAULT_THRESHOLD
from smartregions.events.domain import harvest as harvest_domain
from smartregions.events.domain.discussions import conclusions as conclusion_domain
from smartregions.events.domain.discussions import notes as note_domain
from smartregions.events.domain.discussions.report import REPORT_FORMATS, render_report
from smartregions.events.domain.queries.discussions import event_conclusions
from smartregions.events.models import Conclusion, Event, FollowUpAction, RapporteurNote

MANAGE = "events.manage_discussions"
NOTES = "events.take_table_notes"


def _id_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdecimal():
        raise exceptions.ValidationError({name: ["Enter a whole number."]})
    return int(value)


def register(router: DefaultRouter, prefix: str) -> None:
    """Register the notes and harvest viewsets below ``prefix`` (the event's path)."""
    router.register(f"{prefix}/discussion-notes", NoteViewSet, basename="events-discussion-note")
    router.register(
        f"{prefix}/discussion-clusters", ClusterViewSet, basename="events-discussion-cluster"
    )
    router.register(f"{prefix}/conclusions", ConclusionViewSet, basename="events-conclusion")
    router.register(
        f"{prefix}/follow-up-actions", FollowUpViewSet, basename="events-follow-up-action"
    )


@extend_schema_view(
    list=extend_schema(
        summary="Notes of the tables one reports or hosts (organisers: every table)",
        parameters=[
            OpenApiParameter("table", OpenApiTypes.INT, description="A table id."),
            OpenApiParameter("question", OpenApiTypes.INT, description="A question id."),
        ],
    ),
    retrieve=extend_schema(summary="One note"),
    destroy=extend_schema(summary="Delete a draft note (the table's rapporteur or host)"),
)
class NoteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Rapporteurs' statements per guiding question, oldest first."""

    serializer_class = s.RapporteurNoteSerializer
    signed_in_actions = ("list", "retrieve")
    rules_permissions = {"create": NOTES, "partial_update": NOTES, "destroy": NOTES}
    model = RapporteurNote

    def rows(self, event: Event) -> QuerySet[RapporteurNote]:
        notes = (
            RapporteurNote.objects.filter(table__round__event=event)
            .select_related("author", "table__round")
            .order_by("pk")
        )
        user = self.request.user
        if not user.has_perm(MANAGE, event):
            # get_event() let them in, so the event is public: their own tables' notes.
            notes = notes.filter(Q(table__rapporteur=user) | Q(table__host=user))
        if self.action == "list":
            table_id = _id_param(self.request, "table")
            question_id = _id_param(self.request, "question")
            if table_id is not None:
                notes = notes.filter(table_id=table_id)
            if question_id is not None:
                notes = notes.filter(question_id=question_id)
        return notes

    @extend_schema(
        summary="Add draft statements to a question, one per line (rapporteur or host)",
        request=s.RapporteurNotesWriteSerializer,
        responses={201: s.RapporteurNoteSerializer(many=True)},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.get_event()
        incoming = s.RapporteurNotesWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        question = incoming.validated_data["question"]
        self.check_target(question.table)
        notes = note_domain.add_notes(
            actor=request.user, question=question, text=incoming.validated_data["text"]
        )
        fresh = RapporteurNote.objects.filter(pk__in=[n.pk for n in notes]).select_related("author")
        return Response(
            s.RapporteurNoteSerializer(fresh.order_by("pk"), many=True).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Reword a draft note (the table's rapporteur or host)",
        request=s.RapporteurNoteUpdateSerializer,
        responses={200: s.RapporteurNoteSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        note = self.get_object()
        incoming = s.RapporteurNoteUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        note_domain.update_note(actor=request.user, note=note, **incoming.validated_data)
        return Response(s.RapporteurNoteSerializer(self.get_queryset().get(pk=note.pk)).data)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        note_domain.delete_note(actor=request.user, note=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClusterViewSet(mixins.ListModelMixin, EventPartViewSet):
    """The harvest: notes per guiding question, clustered by similar wording."""

    serializer_class = s.QuestionGroupSerializer
    rules_permissions = {"list": MANAGE}
    model = RapporteurNote

    @extend_schema(
        summary="Submitted notes per question, clustered, with the conclusions (organisers)",
        parameters=[
            OpenApiParameter(
                "threshold",
                OpenApiTypes.NUMBER,
                description=f"Average-linkage cut in cosine distance, (0, 1]; default "
                f"{DEFAULT_THRESHOLD}.",
            )
        ],
    )
    def list(self, request: Request, event_slug: str) -> Response:
        event = self.check_target()
        raw = request.query_params.get("threshold", "")
        try:
            threshold = float(raw) if raw else DEFAULT_THRESHOLD
        except ValueError:
            raise exceptions.ValidationError({"threshold": ["Enter a number."]}) from None
        if not 0 < threshold <= 1:
            raise exceptions.ValidationError({"threshold": ["Choose a number in (0, 1]."]})
        groups = harvest_domain.harvest(event, threshold=threshold)
        return Response(s.QuestionGroupSerializer(groups, many=True).data)


def _conclusion_response(event: Event, pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(s.ConclusionSerializer(event_conclusions(event).get(pk=pk)).data, status=code)


REPORT_RESPONSES = {
    (200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description="Markdown file."),
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF file."),
}


@extend_schema_view(
    list=extend_schema(summary="The event's conclusions in curated order (organisers)"),
    retrieve=extend_schema(summary="One conclusion with sources and follow-up actions"),
    destroy=extend_schema(summary="Delete a conclusion and its follow-up actions (organisers)"),
)
class ConclusionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Conclusions curated from the notes, with links back to their sources."""

    serializer_class = s.ConclusionSerializer
    rules_permissions = {
        "list": MANAGE,
        "retrieve": MANAGE,
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
        "reorder": MANAGE,
        "sources": MANAGE,
        "unlink": MANAGE,
        "report": MANAGE,
    }
    model = Conclusion

    def rows(self, event: Event) -> QuerySet[Conclusion]:
        return event_conclusions(event)

    def list(self, request: Request, event_slug: str) -> Response:
        self.check_target()
        return super().list(request)

    @extend_schema(
        summary="Create a conclusion, by default worded as its source notes (organisers)",
        request=s.ConclusionWriteSerializer,
        responses={201: s.ConclusionSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_target()
        incoming = s.ConclusionWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        conclusion = conclusion_domain.create_conclusion(
            actor=request.user, event=event, **incoming.validated_data
        )
        return _conclusion_response(event, conclusion.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reword a conclusion (organisers)",
        request=s.ConclusionUpdateSerializer,
        responses={200: s.ConclusionSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        conclusion = self.get_object()
        incoming = s.ConclusionUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        conclusion_domain.update_conclusion(
            actor=request.user, conclusion=conclusion, **incoming.validated_data
        )
        return _conclusion_response(self.get_event(), conclusion.pk)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        conclusion_domain.delete_conclusion(actor=request.user, conclusion=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Reorder the conclusions of this conclusion's question (organisers)",
        request=s.ConclusionReorderSerializer,
        responses={200: s.ConclusionSerializer(many=True)},
    )
    @action(detail=True, methods=["post"])
    def reorder(self, request: Request, event_slug: str, pk: str) -> Response:
        conclusion = self.get_object()
        incoming = s.ConclusionReorderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        conclusion_domain.reorder_conclusions(
            actor=request.user, conclusion=conclusion, **incoming.validated_data
        )
        order = incoming.validated_data["order"]
        rows = sorted(self.get_queryset().filter(pk__in=order), key=lambda c: order.index(c.pk))
        return Response(s.ConclusionSerializer(rows, many=True).data)

    @extend_schema(
        summary="Link submitted notes of the same question as sources (organisers)",
        request=s.ConclusionSourcesSerializer,
        responses={200: s.ConclusionSerializer},
    )
    @action(detail=True, methods=["post"])
    def sources(self, request: Request, event_slug: str, pk: str) -> Response:
        conclusion = self.get_object()
        incoming = s.ConclusionSourcesSerializer(
            data=request.data, context={"event": self.get_event()}
        )
        incoming.is_valid(raise_exception=True)
        conclusion_domain.link_sources(
            actor=request.user, conclusion=conclusion, notes=incoming.validated_data["notes"]
        )
        return _conclusion_response(self.get_event(), conclusion.pk)

    @extend_schema(
        summary="Unlink one source note (organisers)",
        request=None,
        responses={200: s.ConclusionSerializer},
    )
    @action(detail=True, methods=["delete"], url_path=r"sources/(?P<note_pk>[0-9]+)")
    def unlink(self, request: Request, event_slug: str, pk: str, note_pk: str) -> Response:
        conclusion = self.get_object()
        note = get_object_or_404(conclusion.sources.all(), pk=int(note_pk))
        conclusion_domain.unlink_source(actor=request.user, conclusion=conclusion, note=note)
        return _conclusion_response(self.get_event(), conclusion.pk)

    @extend_schema(
        summary="The conclusions report as Markdown or PDF (organisers)",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=[*REPORT_FORMATS], default="md")
        ],
        responses=REPORT_RESPONSES,
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FileFormatNegotiation)
    def report(self, request: Request, event_slug: str) -> HttpResponse:
        event = self.check_target()
        fmt = request.query_params.get("format", "md").lower()
        if fmt not in REPORT_FORMATS:
            raise exceptions.ValidationError(
                {"format": [f"Choose one of: {', '.join(REPORT_FORMATS)}."]}
            )
        data, media_type, filename = render_report(event, fmt)
        response = HttpResponse(data, content_type=media_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Follow-up actions of the event's conclusions (organisers)",
        parameters=[OpenApiParameter("conclusion", OpenApiTypes.INT, description="An id.")],
    ),
    retrieve=extend_schema(summary="One follow-up action"),
    destroy=extend_schema(summary="Delete a follow-up action (organisers)"),
)
class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """What is done next about a conclusion, by whom, by when; optionally for a partnership."""

    serializer_class = s.FollowUpActionSerializer
    rules_permissions = {
        "list": MANAGE,
        "retrieve": MANAGE,
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
    }
    model = FollowUpAction

    def rows(self, event: Event) -> QuerySet[FollowUpAction]:
        actions = (
            FollowUpAction.objects.filter(conclusion__event=event)
            .select_related("owner", "partnership")
            .order_by("conclusion__position", "conclusion_id", "pk")
        )
        conclusion_id = _id_param(self.request, "conclusion") if self.action == "list" else None
        return actions.filter(conclusion_id=conclusion_id) if conclusion_id else actions

    def list(self, request: Request, event_slug: str) -> Response:
        self.check_target()
        return super().list(request)

    @extend_schema(
        summary="Add a follow-up action to a conclusion (organisers)",
        request=s.FollowUpWriteSerializer,
        responses={201: s.FollowUpActionSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_target()
        incoming = s.FollowUpWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        action_ = conclusion_domain.add_follow_up(actor=request.user, **incoming.validated_data)
        return Response(
            s.FollowUpActionSerializer(self.get_queryset().get(pk=action_.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Change a follow-up action (organisers)",
        request=s.FollowUpUpdateSerializer,
        responses={200: s.FollowUpActionSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        current = self.get_object()
        incoming = s.FollowUpUpdateSerializer(
            data=request.data, partial=True, context={"event": self.get_event()}
        )
        incoming.is_valid(raise_exception=True)
        data = {
            "description": current.description,
            "owner": current.owner,
            "due_on": current.due_on,
            "status": current.status,
            "partnership": current.partnership,
            **incoming.validated_data,
        }
        conclusion_domain.update_follow_up(actor=request.user, action=current, **data)
        return Response(s.FollowUpActionSerializer(self.get_queryset().get(pk=current.pk)).data)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        conclusion_domain.delete_follow_up(actor=request.user, action=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
