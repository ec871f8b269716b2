"""Named reads of table discussions, each a fixed number of queries whatever the size.

Tables come with their round and event (``round__event``) for the permission predicates;
callers that check table permissions for many rows pass one event object instead (see
:mod:`smartregions.events.rules.discussions`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from smartregions.accounts.models import User
from smartregions.events.enums import RegistrationStatus
from smartregions.events.models import (
    Conclusion,
    DiscussionRound,
    DiscussionTable,
    Event,
    FollowUpAction,
    GuidingQuestion,
    RapporteurNote,
    Registration,
    TableSeat,
)
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.models import Partnership


def events_for_discussions() -> QuerySet[Event]:
    """Events with their organisers prefetched (for the discussion permissions)."""
    return Event.objects.prefetch_related("organisers")


def event_for_discussions(slug: str) -> Event:
    """The event ``slug`` with its organisers (raises ``Event.DoesNotExist``)."""
    return events_for_discussions().get(slug=slug)


def discussion_rounds(event: Event) -> list[DiscussionRound]:
    """The event's rounds in order, each with its session, and its tables (by number) with
    host, rapporteur, questions and ``seated`` (seats taken). Three queries."""
    tables = (
        DiscussionTable.objects.select_related("host", "rapporteur")
        .annotate(seated=Count("seats"))
        .prefetch_related(
            Prefetch("questions", queryset=GuidingQuestion.objects.order_by("position", "id"))
        )
        .order_by("number")
    )
    rounds = list(
        DiscussionRound.objects.filter(event=event)
        .select_related("session")
        .prefetch_related(Prefetch("tables", queryset=tables))
        .order_by("position", "id")
    )
    for round_ in rounds:
        round_.event = event
        for table in round_.tables.all():
            table.round = round_
    return rounds


def seats_of(user: Any, event: Event) -> dict[int, int]:
    """Round id -> table id of ``user``'s seats at ``event`` (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        TableSeat.objects.filter(round__event=event, registration__user=user).values_list(
            "round_id", "table_id"
        )
    )


def round_with_tables(event: Event, pk: int) -> DiscussionRound:
    """One round of ``event`` with its tables, each with its seats (registration and user),
    host and rapporteur. Raises ``DiscussionRound.DoesNotExist``."""
    seats = TableSeat.objects.select_related("registration__user").order_by(
        "registration__badge_name", "pk"
    )
    tables = (
        DiscussionTable.objects.select_related("host", "rapporteur")
        .prefetch_related(
            Prefetch("seats", queryset=seats),
            Prefetch("questions", queryset=GuidingQuestion.objects.order_by("position", "id")),
        )
        .order_by("number")
    )
    round_ = (
        DiscussionRound.objects.filter(event=event)
        .select_related("session")
        .prefetch_related(Prefetch("tables", queryset=tables))
        .get(pk=pk)
    )
    round_.event = event
    for table in round_.tables.all():
        table.round = round_
    return round_


def unseated_registrations(round_: DiscussionRound) -> QuerySet[Registration]:
    """Confirmed registrations of the round's event without a table in it, by badge name."""
    return (
        Registration.objects.filter(event_id=round_.event_id, status=RegistrationStatus.CONFIRMED)
        .exclude(table_seats__round=round_)
        .select_related("user")
        .order_by("badge_name", "pk")
    )


def confirmed_registrations(event: Event) -> QuerySet[Registration]:
    """The event's confirmed registrations with their users, by badge name."""
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("badge_name", "pk")
    )


def event_people(event: Event) -> QuerySet[User]:
    """Users who may host, report or own a follow-up: active organisers and confirmed
    participants, by name."""
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).values("user_id")
    organisers = Event.organisers.through.objects.filter(event=event).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=confirmed) | Q(pk__in=organisers))
        .order_by("full_name", "email")
    )


def tables_for_rules(event: Event) -> QuerySet[DiscussionTable]:
    """The event's tables with round and event loaded (for the table permissions)."""
    return DiscussionTable.objects.filter(round__event=event).select_related("round__event")


def table_with_notes(event: Event, pk: int) -> DiscussionTable:
    """One table of ``event`` with host, rapporteur and its questions in order, each with its
    notes (oldest first, with their authors). Raises ``DiscussionTable.DoesNotExist``."""
    notes = RapporteurNote.objects.select_related("author").order_by("pk")
    table = (
        DiscussionTable.objects.filter(round__event=event)
        .select_related("round", "host", "rapporteur")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=GuidingQuestion.objects.order_by("position", "id").prefetch_related(
                    Prefetch("notes", queryset=notes)
                ),
            )
        )
        .get(pk=pk)
    )
    table.round.event = event
    return table


def question_with_notes(table: DiscussionTable, pk: int) -> GuidingQuestion:
    """One question of ``table`` with its notes (oldest first). Raises ``DoesNotExist``."""
    notes = RapporteurNote.objects.select_related("author").order_by("pk")
    question = (
        GuidingQuestion.objects.filter(table=table)
        .prefetch_related(Prefetch("notes", queryset=notes))
        .get(pk=pk)
    )
    question.table = table
    return question


def note_taker_tables(user: Any, event: Event) -> list[DiscussionTable]:
    """The tables of ``event`` that ``user`` reports or hosts, by round and number (their
    round's event is ``event``, for the table permissions)."""
    if not getattr(user, "is_authenticated", False):
        return []
    tables = list(
        DiscussionTable.objects.filter(round__event=event)
        .filter(Q(rapporteur=user) | Q(host=user))
        .select_related("round")
        .order_by("round__position", "round_id", "number")
    )
    for table in tables:
        table.round.event = event
    return tables


def event_questions(event: Event) -> list[str]:
    """Texts of the event's guiding questions, by round, table number and position."""
    return list(
        GuidingQuestion.objects.filter(table__round__event=event)
        .order_by("table__round__position", "table__round_id", "table__number", "position", "pk")
        .values_list("text", flat=True)
    )


def event_question_texts(event: Event) -> list[tuple[int, str]]:
    """``(id, text)`` of the event's guiding questions, by round, table number and position."""
    return list(
        GuidingQuestion.objects.filter(table__round__event=event)
        .order_by("table__round__position", "table__round_id", "table__number", "position", "pk")
        .values_list("pk", "text")
    )


def conclusion_question_texts(event: Event) -> list[tuple[int, str]]:
    """``(id, question)`` of the event's conclusions, in curated order."""
    return list(
        Conclusion.objects.filter(event=event)
        .order_by("position", "pk")
        .values_list("pk", "question")
    )


def _source_notes() -> QuerySet[RapporteurNote]:
    return RapporteurNote.objects.select_related(
        "table__round", "table__rapporteur", "question", "author"
    ).order_by("pk")


def harvest_notes(event: Event) -> QuerySet[RapporteurNote]:
    """The event's submitted notes, oldest first, with table, round, rapporteur, question and
    author (one query)."""
    return _source_notes().filter(table__round__event=event, submitted_at__isnull=False)


def draft_counts(event: Event) -> list[DiscussionTable]:
    """Tables of ``event`` with draft notes not yet submitted, annotated ``drafts``."""
    return list(
        DiscussionTable.objects.filter(round__event=event)
        .annotate(drafts=Count("notes", filter=Q(notes__submitted_at__isnull=True)))
        .filter(drafts__gt=0)
        .select_related("round", "rapporteur")
        .order_by("round__position", "round_id", "number")
    )


def event_conclusions(event: Event) -> QuerySet[Conclusion]:
    """The event's conclusions in curated order with their source notes (oldest first) and
    follow-up actions (owner, partnership). Three queries."""
    actions = FollowUpAction.objects.select_related("owner", "partnership").order_by("pk")
    return (
        Conclusion.objects.filter(event=event)
        .prefetch_related(
            Prefetch("sources", queryset=_source_notes()),
            Prefetch("follow_up_actions", queryset=actions),
        )
        .order_by("position", "pk")
    )


def conclusions_for_rules(event: Event) -> QuerySet[Conclusion]:
    """The event's conclusions (for lookups by id before a write)."""
    return Conclusion.objects.filter(event=event).select_related("event")


def active_partnerships() -> QuerySet[Partnership]:
    """Partnerships a follow-up action may be linked to: the active ones, by name."""
    return Partnership.objects.filter(status=PartnershipStatus.ACTIVE).order_by("name", "pk")
