"""Reads of the programme: sessions with their speakers, the timetable by day (a rooms x time
grid and a list), conflicts, personal agendas and their iCalendar files.

Times stay in UTC here; grouping by day uses the event's own time zone, the one every page
shows (and labels).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core import signing
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.events.enums import BookingStatus, RegistrationStatus, SessionKind
from smartregions.events.models import (
    AgendaEntry,
    Event,
    PitchApplication,
    Registration,
    Room,
    Session,
    SessionSpeaker,
)

#: Salt of the signed tokens in personal agenda feed addresses.
AGENDA_FEED_SALT = "smartregions.events.agenda-feed"
#: Days after an event's end during which its personal agenda feeds still answer.
AGENDA_FEED_DAYS_AFTER = 30

ROOM_CONFLICT = "room_double_booked"
SPEAKER_CONFLICT = "speaker_double_booked"


def programme_sessions(event: Event) -> QuerySet[Session]:
    """``event``'s sessions in time order, with room, speakers (and their users), accepted
    pitches in their order (``accepted_pitches``) and ``seats_taken`` (agenda entries of
    confirmed registrations)."""
    return (
        Session.objects.filter(event=event)
        .select_related("room")
        .prefetch_related(
            Prefetch("speakers", queryset=SessionSpeaker.objects.select_related("user")),
            Prefetch(
                "pitches",
                queryset=PitchApplication.objects.filter(status=BookingStatus.APPROVED)
                .select_related("partnership")
                .order_by("order", "id"),
                to_attr="accepted_pitches",
            ),
        )
        .annotate(
            seats_taken=Count(
                "agenda_entries",
                filter=Q(agenda_entries__registration__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            )
        )
        .order_by("starts_at", "room__position", "room__name", "id")
    )


def event_rooms(event: Event) -> QuerySet[Room]:
    """``event``'s rooms in their order, each with ``session_count``."""
    return Room.objects.filter(event=event).annotate(session_count=Count("sessions"))


def pitch_sessions(event: Event) -> QuerySet[Session]:
    """``event``'s sessions of kind pitch (where accepted pitches are placed), in time order."""
    return (
        Session.objects.filter(event=event, kind=SessionKind.PITCH)
        .select_related("room")
        .order_by("starts_at", "id")
    )


# --- The timetable -----------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    """One cell of the grid: a session spanning ``rowspan`` time rows, or an empty slot."""

    session: Session | None
    rowspan: int = 1


@dataclass(frozen=True)
class GridRow:
    """The time between two consecutive session boundaries of a day, with its cells."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    cells: list[GridCell]


@dataclass(frozen=True)
class GridColumn:
    """A room (``None``: sessions without a room) and the lanes overlapping sessions need."""

    room: Room | None
    lanes: int


@dataclass(frozen=True)
class ProgrammeDay:
    """One calendar day of the programme (in the event's zone): its sessions in time order,
    and the same sessions as a grid of rooms (columns) x time (rows)."""

    date: dt.date
    sessions: list[Session]
    columns: list[GridColumn] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)


def _lanes(sessions: list[Session]) -> dict[int, int]:
    """Give each session of one room the first lane free at its start (interval colouring)."""
    lane_ends: list[dt.datetime] = []
    lanes: dict[int, int] = {}
    for session in sorted(sessions, key=lambda s: (s.starts_at, s.ends_at, s.pk)):
        for index, end in enumerate(lane_ends):
            if end <= session.starts_at:
                lane_ends[index] = session.ends_at
                lanes[session.pk] = index
                break
        else:
            lanes[session.pk] = len(lane_ends)
            lane_ends.append(session.ends_at)
    return lanes


def _room_key(room: Room | None) -> tuple[int, int, str, int]:
    if room is None:
        return (1, 0, "", 0)
    return (0, room.position, room.name, room.pk)


def _grid(day: ProgrammeDay) -> ProgrammeDay:
    by_room: dict[int | None, list[Session]] = defaultdict(list)
    rooms: dict[int | None, Room | None] = {}
    for session in day.sessions:
        by_room[session.room_id].append(session)
        rooms[session.room_id] = session.room
    order = sorted(rooms, key=lambda key: _room_key(rooms[key]))
    columns: list[GridColumn] = []
    column_of: dict[int, int] = {}
    for key in order:
        lanes = _lanes(by_room[key])
        base = sum(column.lanes for column in columns)
        for pk, lane in lanes.items():
            column_of[pk] = base + lane
        columns.append(GridColumn(room=rooms[key], lanes=max(lanes.values()) + 1))
    boundaries = sorted({t for s in day.sessions for t in (s.starts_at, s.ends_at)})
    index = {moment: i for i, moment in enumerate(boundaries)}
    starts: dict[tuple[int, int], Session] = {}
    covered: set[tuple[int, int]] = set()
    for session in day.sessions:
        column, first, last = (
            column_of[session.pk],
            index[session.starts_at],
            index[session.ends_at],
        )
        starts[(column, first)] = session
        covered.update((column, row) for row in range(first + 1, last))
    width = sum(column.lanes for column in columns)
    rows = []
    for row in range(len(boundaries) - 1):
        cells = []
        for column in range(width):
            if (column, row) in starts:
                session = starts[(column, row)]
                cells.append(GridCell(session, index[session.ends_at] - row))
            elif (column, row) not in covered:
                cells.append(GridCell(None))
        rows.append(GridRow(boundaries[row], boundaries[row + 1], cells))
    return ProgrammeDay(date=day.date, sessions=day.sessions, columns=columns, rows=rows)


def timetable(event: Event, sessions: Iterable[Session]) -> list[ProgrammeDay]:
    """``sessions`` (of ``event``, in time order) grouped by their starting day in the
    event's time zone, each day with its grid.

    Columns are the day's rooms in their order, then "no room" if some session has none. A
    room with overlapping sessions (a conflict) gets one lane per overlap so both stay
    visible. Rows run between consecutive start or end times; a session cell spans the rows
    it lasts (``rowspan``), so the grid is a plain accessible table.
    """
    zone = ZoneInfo(event.timezone)
    days: dict[dt.date, list[Session]] = defaultdict(list)
    for session in sessions:
        days[session.starts_at.astimezone(zone).date()].append(session)
    return [_grid(ProgrammeDay(date=date, sessions=days[date])) for date in sorted(days)]


# --- Conflicts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Two sessions that cannot both happen as planned.

    ``kind`` is :data:`ROOM_CONFLICT` (both in ``room_id``) or :data:`SPEAKER_CONFLICT`
    (``subject`` speaks in both: the same ``user_id``, or a guest of the same name).
    ``first`` starts no later than ``second``.
    """

    kind: str
    first: Session
    second: Session
    subject: str
    room_id: int | None = None
    user_id: int | None = None

    @property
    def message(self) -> str:
        titles = {"first": self.first.title, "second": self.second.title}
        if self.kind == ROOM_CONFLICT:
            return _("%(room)s is double-booked: “%(first)s” and “%(second)s” overlap.") % {
                "room": self.subject,
                **titles,
            }
        return _("%(speaker)s is in two places at once: “%(first)s” and “%(second)s”.") % {
            "speaker": self.subject,
            **titles,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "sessions": [self.first.pk, self.second.pk],
            "room": self.room_id,
            "speaker": self.subject if self.kind == SPEAKER_CONFLICT else "",
            "user": self.user_id,
            "message": self.message,
        }


def overlapping_pairs(sessions: Iterable[Session]) -> list[tuple[Session, Session]]:
    """Every pair of ``sessions`` whose times overlap (touching ends do not), earlier first."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.ends_at, s.pk))
    pairs = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            pairs.append((first, second))
    return pairs


def _speaker_key(speaker: SessionSpeaker) -> tuple[str, Any]:
    if speaker.user_id is not None:
        return ("user", speaker.user_id)
    return ("guest", " ".join(speaker.name.split()).casefold())


def programme_conflicts(sessions: Sequence[Session]) -> list[Conflict]:
    """The conflicts among ``sessions`` (of one event, speakers prefetched): rooms booked
    twice at once, then speakers due in two overlapping sessions, each in time order.

    A speaker is the same person when the same platform user is named in both sessions, or,
    for guests, the same name (ignoring case and spacing).
    """
    conflicts: list[Conflict] = []
    by_room: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        if session.room_id is not None:
            by_room[session.room_id].append(session)
    for room_sessions in by_room.values():
        for first, second in overlapping_pairs(room_sessions):
            conflicts.append(
                Conflict(ROOM_CONFLICT, first, second, first.room.name, room_id=first.room_id)
            )
    by_speaker: dict[tuple[str, Any], list[tuple[Session, SessionSpeaker]]] = defaultdict(list)
    for session in sessions:
        for speaker in session.speakers.all():
            by_speaker[_speaker_key(speaker)].append((session, speaker))
    speaker_conflicts = []
    for appearances in by_speaker.values():
        speaker_in = {session.pk: speaker for session, speaker in appearances}
        unique = {session.pk: session for session, _speaker in appearances}
        for first, second in overlapping_pairs(unique.values()):
            speaker = speaker_in[first.pk]
            speaker_conflicts.append(
                Conflict(SPEAKER_CONFLICT, first, second, speaker.name, user_id=speaker.user_id)
            )

    def when(conflict: Conflict) -> tuple[Any, ...]:
        return (conflict.first.starts_at, conflict.first.pk, conflict.second.pk, conflict.subject)

    return sorted(conflicts, key=when) + sorted(speaker_conflicts, key=when)


# --- Personal agendas ------------------------------------------------------------------------


def agenda_session_ids(registration: Registration | None) -> frozenset[int]:
    """Ids of the sessions in ``registration``'s agenda (empty without a registration)."""
    if registration is None:
        return frozenset()
    return frozenset(
        AgendaEntry.objects.filter(registration=registration).values_list("session_id", flat=True)
    )


def agenda_sessions(registration: Registration) -> QuerySet[Session]:
    """The sessions of ``registration``'s agenda in time order, as :func:`programme_sessions`."""
    return programme_sessions(registration.event).filter(agenda_entries__registration=registration)


def _consent_stamp(registration: Registration) -> int:
    """When ``registration`` last gave consent, in whole microseconds since the epoch."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (registration.consent_given_at - epoch) // dt.timedelta(microseconds=1)


def agenda_feed_token(registration: Registration) -> str:
    """The signed token of ``registration``'s private agenda feed address.

    It names the registration and the moment its consent was given, and is signed with the
    site's secret key, so calendar apps can subscribe without signing in while nobody can
    guess another participant's address. The address dies with the registration: it stops
    answering once the registration is no longer confirmed, for good when the participant
    registers again (new consent, new address), and :data:`AGENDA_FEED_DAYS_AFTER` days after
    the event ends.
    """
    return signing.Signer(salt=AGENDA_FEED_SALT).sign_object(
        [registration.pk, _consent_stamp(registration)]
    )


def registration_for_feed_token(
    token: str, event: Event, *, now: dt.datetime | None = None
) -> Registration | None:
    """The confirmed registration to ``event`` the feed ``token`` names, or ``None`` (also
    for an address of an earlier registration of the same person, and once the feed has
    expired, :data:`AGENDA_FEED_DAYS_AFTER` days after the event's end)."""
    now = now or timezone.now()
    if now > event.ends_at + dt.timedelta(days=AGENDA_FEED_DAYS_AFTER):
        return None
    try:
        payload = signing.Signer(salt=AGENDA_FEED_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not (
        isinstance(payload, list)
        and len(payload) == 2
        and all(isinstance(part, int) for part in payload)
    ):
        return None
    pk, stamp = payload
    registration = (
        Registration.objects.filter(pk=pk, event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("event", "user")
        .first()
    )
    if registration is None or _consent_stamp(registration) != stamp:
        return None
    return registration


# --- iCalendar -----------------------------------------------------------------------------


def _ics_event(event: Event, session: Session, url: str) -> Any:
    from smartregions.events.domain.ical import IcsEvent

    speakers = ", ".join(
        f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in session.speakers.all()
    )
    lines = [str(SessionKind(session.kind).label)]
    if speakers:
        lines.append(_("Speakers: %s") % speakers)
    if session.description:
        lines.append(session.description)
    place = [session.room.name if session.room else "", event.venue, event.city]
    return IcsEvent(
        uid=f"event-{event.pk}-session-{session.pk}@smartregions",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=session.title,
        description="\n".join(lines),
        location=", ".join(part for part in place if part),
        url=url,
    )


def programme_ics(event: Event, sessions: Iterable[Session], *, url: str) -> str:
    """The programme as an iCalendar file: one entry per session linking to ``url``."""
    from smartregions.events.domain.ical import calendar

    return calendar(
        [_ics_event(event, session, url) for session in sessions],
        name=_("%s: programme") % event.title,
    )


def agenda_ics(registration: Registration, sessions: Iterable[Session], *, url: str) -> str:
    """A participant's agenda as an iCalendar file (what their calendar app subscribes to)."""
    from smartregions.events.domain.ical import calendar

    event = registration.event
    return calendar(
        [_ics_event(event, session, url) for session in sessions],
        name=_("%s: my agenda") % event.title,
    )
