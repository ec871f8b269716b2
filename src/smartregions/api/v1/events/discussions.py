"""REST endpoints of table discussions (``/api/v1/events/{slug}/...``).

* ``discussion-rounds/`` - rounds (read by whoever sees the event, written by organisers),
  ``auto-assign/`` (organisers) and ``leave/`` (a participant gives up their seat).
* ``discussion-tables/`` - tables with host, rapporteur, seats taken and questions
  (``?round=``); ``copy-questions/`` (organisers), ``sign-up/`` (confirmed participants),
  ``submit-notes/`` (the rapporteur or host) and ``reopen-notes/`` (organisers).
* ``discussion-questions/`` - guiding questions (``?table=``).
* ``discussion-seats/`` - who sits where: organisers see and change all (assign, move,
  remove), participants see their own.
* ``discussion-notes/``, ``discussion-clusters/``, ``conclusions/`` and
  ``follow-up-actions/`` - see :mod:`.discussions_harvest`.

Every write calls the same domain functions as the web pages.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from smartregions.api.v1.events import discussions_harvest as harvest
from smartregions.api.v1.events import discussions_serializers as s
from smartregions.api.v1.events.discussions_base import EventPartViewSet
from smartregions.events.domain.discussions import seats as seat_domain
from smartregions.events.domain.discussions import setup
from smartregions.events.domain.discussions.notes import reopen_table_notes, submit_table_notes
from smartregions.events.models import (
    DiscussionRound,
    DiscussionTable,
    Event,
    GuidingQuestion,
    TableSeat,
)

urlpatterns: list = []

_EVENT = r"events/(?P<event_slug>[-a-zA-Z0-9_]+)"
MANAGE = "events.manage_discussions"


def _id_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdecimal():
        raise exceptions.ValidationError({name: ["Enter a whole number."]})
    return int(value)


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register(f"{_EVENT}/discussion-rounds", RoundViewSet, basename="events-discussion-round")
    router.register(f"{_EVENT}/discussion-tables", TableViewSet, basename="events-discussion-table")
    router.register(
        f"{_EVENT}/discussion-questions", QuestionViewSet, basename="events-discussion-question"
    )
    router.register(f"{_EVENT}/discussion-seats", SeatViewSet, basename="events-discussion-seat")
    harvest.register(router, _EVENT)


@extend_schema_view(
    list=extend_schema(summary="The event's rounds of table discussions"),
    retrieve=extend_schema(summary="One round"),
    destroy=extend_schema(summary="Delete a round without notes (organisers)"),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Rounds of tables, in order."""

    serializer_class = s.DiscussionRoundSerializer
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
        "auto_assign": MANAGE,
        "leave": "events.sign_up_for_table",
    }
    model = DiscussionRound

    def rows(self, event: Event) -> QuerySet[DiscussionRound]:
        return DiscussionRound.objects.filter(event=event).order_by("position", "id")

    @extend_schema(
        summary="Add a round (organisers)",
        request=s.DiscussionRoundWriteSerializer,
        responses={201: s.DiscussionRoundSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_target()
        incoming = s.DiscussionRoundWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        round_ = setup.create_round(actor=request.user, event=event, **incoming.validated_data)
        return Response(s.DiscussionRoundSerializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a round: title, session, sign-up open (organisers)",
        request=s.DiscussionRoundWriteSerializer,
        responses={200: s.DiscussionRoundSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        round_ = self.get_object()
        incoming = s.DiscussionRoundWriteSerializer(
            data=request.data, partial=True, context={"event": self.get_event()}
        )
        incoming.is_valid(raise_exception=True)
        data = {
            "title": round_.title,
            "session": round_.session,
            "signup_open": round_.signup_open,
            **incoming.validated_data,
        }
        round_ = setup.update_round(actor=request.user, round=round_, **data)
        return Response(s.DiscussionRoundSerializer(round_).data)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        setup.delete_round(actor=request.user, round=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Seat every confirmed participant still without a table (organisers)",
        request=None,
        responses={200: s.TableAutoAssignSerializer},
    )
    @action(detail=True, methods=["post"], url_path="auto-assign")
    def auto_assign(self, request: Request, event_slug: str, pk: str) -> Response:
        result = seat_domain.auto_assign(actor=request.user, round=self.get_object())
        return Response({"seated": result.seated, "left_over": result.left_over})

    @extend_schema(
        summary="Give up one's seat in the round (confirmed participants)",
        request=None,
        responses={204: None},
    )
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, event_slug: str, pk: str) -> Response:
        seat_domain.leave_table(actor=request.user, round=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def tables_of(event: Event) -> QuerySet[DiscussionTable]:
    """The event's tables with host, rapporteur, round, ``seated`` and ordered questions."""
    return (
        DiscussionTable.objects.filter(round__event=event)
        .select_related("host", "rapporteur", "round")
        .annotate(seated=Count("seats"))
        .prefetch_related(
            Prefetch("questions", queryset=GuidingQuestion.objects.order_by("position", "id"))
        )
        .order_by("round__position", "round_id", "number")
    )


def _table_response(table: DiscussionTable, code: int = status.HTTP_200_OK) -> Response:
    fresh = tables_of(table.round.event).get(pk=table.pk)
    return Response(s.DiscussionTableSerializer(fresh).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="The event's tables with host, rapporteur, seats taken and questions",
        parameters=[OpenApiParameter("round", OpenApiTypes.INT, description="A round id.")],
    ),
    retrieve=extend_schema(summary="One table"),
    destroy=extend_schema(summary="Delete a table without notes (organisers)"),
)
class TableViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Tables of the event's rounds, by round and number."""

    serializer_class = s.DiscussionTableSerializer
    public_actions = ("list", "retrieve")
    rules_permissions = {
        "create": MANAGE,
        "partial_update": MANAGE,
        "destroy": MANAGE,
        "copy_questions": MANAGE,
        "sign_up": "events.sign_up_for_table",
        "submit_notes": "events.take_table_notes",
        "reopen_notes": "events.reopen_table_notes",
    }
    model = DiscussionTable

    def rows(self, event: Event) -> QuerySet[DiscussionTable]:
        tables = tables_of(event)
        round_id = _id_param(self.request, "round") if self.action == "list" else None
        return tables.filter(round_id=round_id) if round_id is not None else tables

    @extend_schema(
        summary="Add a table to a round (organisers)",
        request=s.DiscussionTableWriteSerializer,
        responses={201: s.DiscussionTableSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_target()
        incoming = s.DiscussionTableWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        table = setup.create_table(actor=request.user, **incoming.validated_data)
        return _table_response(table, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a table (organisers)",
        request=s.DiscussionTableUpdateSerializer,
        responses={200: s.DiscussionTableSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        table = self.get_object()
        incoming = s.DiscussionTableUpdateSerializer(
            data=request.data, partial=True, context={"event": self.get_event()}
        )
        incoming.is_valid(raise_exception=True)
        data = {
            "topic": table.topic,
            "number": table.number,
            "host": table.host,
            "rapporteur": table.rapporteur,
            "capacity": table.capacity,
            **incoming.validated_data,
        }
        table = setup.update_table(actor=request.user, table=table, **data)
        return _table_response(table)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        setup.delete_table(actor=request.user, table=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Copy the table's questions to every table of its round (organisers)",
        request=None,
        responses={200: s.DiscussionCountSerializer},
    )
    @action(detail=True, methods=["post"], url_path="copy-questions")
    def copy_questions(self, request: Request, event_slug: str, pk: str) -> Response:
        added = setup.copy_questions_to_round(actor=request.user, table=self.get_object())
        return Response({"count": added})

    @extend_schema(
        summary="Take a seat at the table, or move there (confirmed participants)",
        request=None,
        responses={201: s.TableSeatSerializer},
    )
    @action(detail=True, methods=["post"], url_path="sign-up")
    def sign_up(self, request: Request, event_slug: str, pk: str) -> Response:
        seat = seat_domain.sign_up_for_table(actor=request.user, table=self.get_object())
        return Response(s.TableSeatSerializer(seat).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit the table's draft notes (its rapporteur or host, organisers)",
        request=None,
        responses={200: s.DiscussionCountSerializer},
    )
    @action(detail=True, methods=["post"], url_path="submit-notes")
    def submit_notes(self, request: Request, event_slug: str, pk: str) -> Response:
        return Response({"count": submit_table_notes(actor=request.user, table=self.get_object())})

    @extend_schema(
        summary="Turn the table's submitted notes back into drafts (organisers)",
        request=None,
        responses={200: s.DiscussionCountSerializer},
    )
    @action(detail=True, methods=["post"], url_path="reopen-notes")
    def reopen_notes(self, request: Request, event_slug: str, pk: str) -> Response:
        return Response({"count": reopen_table_notes(actor=request.user, table=self.get_object())})


@extend_schema_view(
    list=extend_schema(
        summary="Guiding questions of the event's tables",
        parameters=[OpenApiParameter("table", OpenApiTypes.INT, description="A table id.")],
    ),
    retrieve=extend_schema(summary="One guiding question"),
    destroy=extend_schema(summary="Remove a question without notes (organisers)"),
)
class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Guiding questions, by table and position."""

    serializer_class = s.GuidingQuestionSerializer
    public_actions = ("list", "retrieve")
    rules_permissions = {"create": MANAGE, "partial_update": MANAGE, "destroy": MANAGE}
    model = GuidingQuestion

    def rows(self, event: Event) -> QuerySet[GuidingQuestion]:
        questions = GuidingQuestion.objects.filter(table__round__event=event).order_by(
            "table__round__position", "table__round_id", "table__number", "position", "id"
        )
        table_id = _id_param(self.request, "table") if self.action == "list" else None
        return questions.filter(table_id=table_id) if table_id is not None else questions

    @extend_schema(
        summary="Add a guiding question to a table (organisers)",
        request=s.GuidingQuestionWriteSerializer,
        responses={201: s.GuidingQuestionSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_target()
        incoming = s.GuidingQuestionWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        question = setup.add_question(actor=request.user, **incoming.validated_data)
        return Response(s.GuidingQuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reword or move a question (organisers)",
        request=s.GuidingQuestionUpdateSerializer,
        responses={200: s.GuidingQuestionSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        question = self.get_object()
        incoming = s.GuidingQuestionUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = {"text": question.text, **incoming.validated_data}
        question = setup.update_question(actor=request.user, question=question, **data)
        return Response(s.GuidingQuestionSerializer(question).data)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        setup.delete_question(actor=request.user, question=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="Seats: organisers see everyone's, participants their own",
        parameters=[OpenApiParameter("round", OpenApiTypes.INT, description="A round id.")],
    ),
    retrieve=extend_schema(summary="One seat (its participant or the organisers)"),
    destroy=extend_schema(summary="Take a participant off their table (organisers)"),
)
class SeatViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, EventPartViewSet):
    """Who sits at which table."""

    serializer_class = s.TableSeatSerializer
    signed_in_actions = ("list", "retrieve")
    rules_permissions = {"create": MANAGE, "partial_update": MANAGE, "destroy": MANAGE}
    model = TableSeat

    def rows(self, event: Event) -> QuerySet[TableSeat]:
        seats = (
            TableSeat.objects.filter(round__event=event)
            .select_related("registration")
            .order_by("round__position", "round_id", "table__number", "registration__badge_name")
        )
        if not self.request.user.has_perm(MANAGE, event):
            seats = seats.filter(Q(registration__user=self.request.user))
        round_id = _id_param(self.request, "round") if self.action == "list" else None
        return seats.filter(round_id=round_id) if round_id is not None else seats

    @extend_schema(
        summary="Seat a confirmed participant at a table, moving them if seated (organisers)",
        request=s.TableSeatWriteSerializer,
        responses={201: s.TableSeatSerializer},
    )
    def create(self, request: Request, event_slug: str) -> Response:
        event = self.check_target()
        incoming = s.TableSeatWriteSerializer(data=request.data, context={"event": event})
        incoming.is_valid(raise_exception=True)
        seat = seat_domain.assign_seat(actor=request.user, **incoming.validated_data)
        return Response(s.TableSeatSerializer(seat).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move a participant to another table of the round (organisers)",
        request=s.TableSeatMoveSerializer,
        responses={200: s.TableSeatSerializer},
    )
    def partial_update(self, request: Request, event_slug: str, pk: str) -> Response:
        seat = self.get_object()
        incoming = s.TableSeatMoveSerializer(data=request.data, context={"event": self.get_event()})
        incoming.is_valid(raise_exception=True)
        table = incoming.validated_data["table"]
        if table.round_id != seat.round_id:
            raise exceptions.ValidationError({"table": ["Choose a table of the seat's round."]})
        seat = seat_domain.assign_seat(
            actor=request.user, table=table, registration=seat.registration
        )
        return Response(s.TableSeatSerializer(seat).data)

    def destroy(self, request: Request, event_slug: str, pk: str) -> Response:
        seat_domain.remove_seat(actor=request.user, seat=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
