"""Named reads of the organiser's scheduling pages: sessions, slot grids, meetings, runs and
statistics. Each read costs a fixed number of queries whatever the session's size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from smartregions.events.domain.meeting_sessions import is_morning, slot_tables
from smartregions.events.enums import (
    CooperationOutcome,
    MeetingAttendance,
    MeetingRequestStatus,
    ScheduleRunStatus,
)
from smartregions.events.models import (
    Event,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
    Registration,
    ScheduleRun,
)
from smartregions.regions.models import Term

#: Meeting states the organisers' meeting list filters on.
MEETING_STATES = ("placed", "unplaced", "locked")


def meeting_sessions_of(event: Event) -> QuerySet[MeetingSession]:
    """The event's meeting sessions with their slot and accepted-meeting counts, and their
    programme session."""
    return (
        MeetingSession.objects.filter(event=event)
        .select_related("session", "event")
        .annotate(
            slot_count=Count("slots", distinct=True),
            accepted_count=Count(
                "meetings",
                filter=Q(meetings__request__status=MeetingRequestStatus.ACCEPTED),
                distinct=True,
            ),
        )
        .order_by("pk")
    )


def schedule_size(meeting_session: MeetingSession) -> tuple[int, int]:
    """(accepted meetings, time slots) of the session: the size of a scheduler run (two
    queries)."""
    meetings = Meeting.objects.filter(
        meeting_session=meeting_session, request__status=MeetingRequestStatus.ACCEPTED
    ).count()
    return meetings, meeting_session.slots.count()


def meetings_with_parties() -> QuerySet[Meeting]:
    """Meetings with their request, both parties and their organisations, and their slot."""
    return Meeting.objects.select_related(
        "request__requester__organisation",
        "request__recipient__organisation",
        "slot",
        "meeting_session__event",
    )


@dataclass(frozen=True)
class MeetingFilters:
    """The organisers' meeting list filters (empty: any). ``state`` is one of
    :data:`MEETING_STATES`; ``participant`` a registration id."""

    meeting_session: int | None = None
    state: str = ""
    participant: int | None = None


def organiser_meetings(event: Event, filters: MeetingFilters | None = None) -> QuerySet[Meeting]:
    """The event's accepted meetings for its organisers, filtered, by session, slot, table."""
    filters = filters or MeetingFilters()
    meetings = meetings_with_parties().filter(
        meeting_session__event=event, request__status=MeetingRequestStatus.ACCEPTED
    )
    if filters.meeting_session is not None:
        meetings = meetings.filter(meeting_session_id=filters.meeting_session)
    if filters.state == "placed":
        meetings = meetings.filter(slot__isnull=False)
    elif filters.state == "unplaced":
        meetings = meetings.filter(slot__isnull=True)
    elif filters.state == "locked":
        meetings = meetings.filter(locked=True)
    if filters.participant is not None:
        meetings = meetings.filter(
            Q(request__requester_id=filters.participant)
            | Q(request__recipient_id=filters.participant)
        )
    return meetings.order_by(
        "meeting_session_id", F("slot__starts_at").asc(nulls_last=True), "table_number", "pk"
    )


def schedule_runs(meeting_session: MeetingSession) -> QuerySet[ScheduleRun]:
    """The session's scheduler runs, the latest first."""
    return meeting_session.schedule_runs.select_related("requested_by").order_by(
        "-created_at", "-pk"
    )


def event_schedule_runs(event: Event) -> QuerySet[ScheduleRun]:
    """Every scheduler run of the event's sessions, the latest first."""
    return (
        ScheduleRun.objects.filter(meeting_session__event=event)
        .select_related("meeting_session", "requested_by")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class GridRow:
    """One slot of the grid: ``cells[t]`` is the meeting at table ``t + 1``, ``None`` for a
    free table, or ``False`` where the slot has fewer tables than the widest slot."""

    slot: MeetingSlot
    tables: int
    morning: bool
    cells: list[Any]


@dataclass(frozen=True)
class SessionSchedule:
    """One session as the scheduling page shows it."""

    meeting_session: MeetingSession
    slots: list[MeetingSlot]
    grid: list[GridRow]
    table_numbers: list[int]
    meetings: list[Meeting]
    unplaced: list[Meeting]
    last_run: ScheduleRun | None
    slot_choices: list[tuple[int, str]] = field(default_factory=list)


def session_schedule(meeting_session: MeetingSession) -> SessionSchedule:
    """The slot x table grid, the accepted meetings and the last run of a session (4 queries:
    slots, meetings, last run and the event if not loaded)."""
    zone = meeting_session.event.timezone
    slots = list(meeting_session.slots.order_by("starts_at", "pk"))
    meetings = list(
        meetings_with_parties()
        .filter(meeting_session=meeting_session, request__status=MeetingRequestStatus.ACCEPTED)
        .order_by(F("slot__starts_at").asc(nulls_last=True), "table_number", "pk")
    )
    widest = max((slot_tables(slot, meeting_session) for slot in slots), default=0)
    placed = {(m.slot_id, m.table_number): m for m in meetings if m.slot_id is not None}
    grid = []
    for slot in slots:
        tables = slot_tables(slot, meeting_session)
        cells = [placed.get((slot.pk, t)) if t <= tables else False for t in range(1, widest + 1)]
        grid.append(
            GridRow(slot=slot, tables=tables, morning=is_morning(slot.starts_at, zone), cells=cells)
        )
    last_run = schedule_runs(meeting_session).first()
    return SessionSchedule(
        meeting_session=meeting_session,
        slots=slots,
        grid=grid,
        table_numbers=list(range(1, widest + 1)),
        meetings=meetings,
        unplaced=[m for m in meetings if m.slot_id is None],
        last_run=last_run,
    )


def unplaced_meetings_by_id(run: ScheduleRun) -> list[tuple[Meeting | None, str]]:
    """A run's unplaced list as (meeting, reason), the meeting ``None`` if it is gone."""
    ids = [item.get("meeting") for item in run.unplaced]
    found = meetings_with_parties().in_bulk([pk for pk in ids if pk is not None])
    return [(found.get(item.get("meeting")), item.get("reason", "")) for item in run.unplaced]


# ---- statistics ------------------------------------------------------------------------

#: The figures of a statistics row, in column order.
STATISTICS_FIGURES = (
    "requests",
    "accepted",
    "declined",
    "scheduled",
    "held",
    "no_show",
    "cooperation_yes",
    "cooperation_in_discussion",
    "cooperation_no",
)
#: The label of a group without a country or sector.
NOT_STATED = "—"


@dataclass
class StatisticsRow:
    """The figures of one group of participants.

    A request (and its meeting) counts once in each group one of its two parties belongs to;
    a cooperation answer counts in the groups of the participant who gave it.
    """

    key: str
    label: str
    requests: int = 0
    accepted: int = 0
    declined: int = 0
    scheduled: int = 0
    held: int = 0
    no_show: int = 0
    cooperation_yes: int = 0
    cooperation_in_discussion: int = 0
    cooperation_no: int = 0

    def figures(self) -> list[int]:
        """The figures in :data:`STATISTICS_FIGURES` order."""
        return [getattr(self, name) for name in STATISTICS_FIGURES]


@dataclass(frozen=True)
class MeetingStatistics:
    """Statistics of an event's meetings: all, by country and by sector (NACE section)."""

    total: StatisticsRow
    by_country: list[StatisticsRow]
    by_sector: list[StatisticsRow]


def _section(term: Term) -> Term:
    while term.parent_id is not None and term.parent is not None:
        term = term.parent
    return term


def _participant_groups(
    registration_ids: Iterable[int],
) -> tuple[dict[int, tuple[str, str]], dict[int, list[tuple[str, str]]]]:
    """Each registration's country (key, label) and NACE sections [(code, label)] (2 queries:
    registrations with region and organisation, and the organisations' NACE codes up to
    their section)."""
    registrations = (
        Registration.objects.filter(pk__in=list(registration_ids))
        .select_related("region__country", "organisation__region__country")
        .prefetch_related(
            Prefetch(
                "organisation__nace_codes",
                queryset=Term.objects.select_related("parent__parent__parent"),
            )
        )
    )
    countries: dict[int, tuple[str, str]] = {}
    sectors: dict[int, list[tuple[str, str]]] = {}
    for registration in registrations:
        region = registration.region or (
            registration.organisation.region if registration.organisation else None
        )
        country = region.country if region is not None else None
        countries[registration.pk] = (
            (country.code, country.name) if country is not None else ("", NOT_STATED)
        )
        found = {}
        if registration.organisation is not None:
            for term in registration.organisation.nace_codes.all():
                section = _section(term)
                found[section.code] = section.label
        sectors[registration.pk] = sorted(found.items()) or [("", NOT_STATED)]
    return countries, sectors


def meeting_statistics(
    event: Event, *, meeting_session: MeetingSession | None = None
) -> MeetingStatistics:
    """Requests, accepted, declined, scheduled, held, no-show and cooperation answers of the
    event's meetings (or one session's), overall, by country and by NACE section.

    A participant's country is that of the region they registered for, else of their
    organisation's region; their sectors are the NACE sections of their organisation's codes.
    Four queries whatever the number of meetings.
    """
    requests = MeetingRequest.objects.filter(meeting_session__event=event)
    outcomes = MeetingOutcome.objects.filter(meeting__meeting_session__event=event)
    if meeting_session is not None:
        requests = requests.filter(meeting_session=meeting_session)
        outcomes = outcomes.filter(meeting__meeting_session=meeting_session)
    request_rows = list(
        requests.order_by("pk").values_list(
            "status", "requester_id", "recipient_id", "meeting__slot_id", "meeting__attendance"
        )
    )
    outcome_rows = list(outcomes.order_by("pk").values_list("registration_id", "outcome"))
    people = {r for row in request_rows for r in row[1:3]} | {r for r, _ in outcome_rows}
    countries, sectors = _participant_groups(people)
    total = StatisticsRow("", "")
    by_country: dict[str, StatisticsRow] = {}
    by_sector: dict[str, StatisticsRow] = {}

    def groups_of(registration_ids: Iterable[int]) -> list[StatisticsRow]:
        rows: dict[int, StatisticsRow] = {}
        for registration_id in registration_ids:
            key, label = countries.get(registration_id, ("", NOT_STATED))
            row = by_country.setdefault(key, StatisticsRow(key, label))
            rows[id(row)] = row
            for key, label in sectors.get(registration_id, [("", NOT_STATED)]):
                row = by_sector.setdefault(key, StatisticsRow(key, label))
                rows[id(row)] = row
        return [total, *rows.values()]

    for status, requester, recipient, slot_id, attendance in request_rows:
        accepted = status == MeetingRequestStatus.ACCEPTED
        for row in groups_of((requester, recipient)):
            row.requests += 1
            row.accepted += accepted
            row.declined += status == MeetingRequestStatus.DECLINED
            row.scheduled += accepted and slot_id is not None
            row.held += attendance == MeetingAttendance.HELD
            row.no_show += attendance == MeetingAttendance.NO_SHOW
    answer_field = {
        CooperationOutcome.YES: "cooperation_yes",
        CooperationOutcome.IN_DISCUSSION: "cooperation_in_discussion",
        CooperationOutcome.NO: "cooperation_no",
    }
    for registration_id, outcome in outcome_rows:
        name = answer_field[outcome]
        for row in groups_of((registration_id,)):
            setattr(row, name, getattr(row, name) + 1)

    def ordered(rows: dict[str, StatisticsRow], by: Any) -> list[StatisticsRow]:
        return sorted(rows.values(), key=lambda row: (row.key == "", by(row)))

    return MeetingStatistics(
        total=total,
        by_country=ordered(by_country, lambda row: row.label),
        by_sector=ordered(by_sector, lambda row: row.key),
    )


def active_runs(event: Event) -> dict[int, ScheduleRun]:
    """Meeting session id -> its run still queued or running."""
    runs = ScheduleRun.objects.filter(
        meeting_session__event=event,
        status__in=(ScheduleRunStatus.QUEUED, ScheduleRunStatus.RUNNING),
    ).order_by("created_at")
    return {run.meeting_session_id: run for run in runs}
