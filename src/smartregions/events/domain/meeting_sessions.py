"""Meeting sessions of an event: their settings, their time slots and tables per slot.

A meeting session is a block of one-to-one meetings (usually the B2B session of the
programme). Organisers set its title, its scheduling mode (participants pick a common free
slot, or the organiser runs the automatic scheduler), how many tables run at once and when
requests close; then they lay out its slots: generated from a start, an end, a slot length and
a gap, or added and removed one by one, each slot optionally with its own number of tables.

Slots starting before 12:00 in the event's time zone are *morning* slots, the others
*afternoon* slots (what morning-only / afternoon-only meeting requests refer to). Times are
stored in UTC; callers pass aware datetimes (forms turn the organiser's wall-clock input in
the event's zone into UTC).

Every function locks the meeting session's row first, as the scheduler does before it writes
its placements, so slot and table changes never interleave with a schedule being saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.enums import SchedulingMode, SessionKind
from smartregions.events.models import Event, Meeting, MeetingSession, MeetingSlot, Session

#: Hour (event's zone) from which a slot counts as an afternoon slot.
AFTERNOON_FROM_HOUR = 12
#: Most tables a session or slot may have (the model stores a small integer).
MAX_TABLES = 1000
#: Most slots one generation may create.
MAX_GENERATED_SLOTS = 200
#: Settings :func:`update_meeting_session` may change.
SESSION_FIELDS = ("title", "session", "mode", "tables", "requests_close_at")


def is_morning(starts_at: dt.datetime, zone: str) -> bool:
    """Whether a slot starting at ``starts_at`` starts before 12:00 in ``zone``."""
    return starts_at.astimezone(ZoneInfo(zone)).hour < AFTERNOON_FROM_HOUR


def slot_tables(slot: MeetingSlot, meeting_session: MeetingSession | None = None) -> int:
    """Tables in ``slot``: its own number, else its session's."""
    if slot.tables is not None:
        return slot.tables
    return (meeting_session or slot.meeting_session).tables


def lock_meeting_session(meeting_session: MeetingSession) -> MeetingSession:
    """Lock the session's row for this transaction, reload it in place and return it.

    Every write that changes a session's slots, meetings, requests or placements takes this
    lock first (acceptances count meetings against slots, picks and moves take tables,
    scheduler runs write the whole schedule), so they run one after the other. Placements
    lock the event first (:func:`~.matchmaking.common.lock_event`).
    """
    meeting_session.refresh_from_db(from_queryset=MeetingSession.objects.select_for_update())
    return meeting_session


def _check_tables(value: Any, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TABLES:
        raise ValidationError(
            {field: _("Enter a number of tables from 1 to %(max)s.") % {"max": MAX_TABLES}}
        )


def _check_programme_session(event: Event, session: Session | None, current: int | None) -> None:
    if session is None:
        return
    if session.event_id != event.pk:
        raise ValidationError({"session": _("The programme session belongs to another event.")})
    if session.kind != SessionKind.B2B:
        raise ValidationError({"session": _("Link a programme session of the kind B2B meetings.")})
    taken = MeetingSession.objects.filter(session=session).exclude(pk=current)
    if taken.exists():
        raise ValidationError(
            {"session": _("The programme session already has a meeting session.")}
        )


def _used_tables_above(meeting_session: MeetingSession, tables: int, *, default_only: bool) -> int:
    """How many placed meetings of the session sit at a table numbered above ``tables``.

    With ``default_only`` only slots without their own number of tables count (the ones that
    follow the session's number).
    """
    meetings = Meeting.objects.filter(meeting_session=meeting_session, table_number__gt=tables)
    if default_only:
        meetings = meetings.filter(slot__tables__isnull=True)
    return meetings.count()


@transaction.atomic
def create_meeting_session(
    *,
    actor: Any,
    event: Event,
    title: str,
    tables: int,
    mode: str = SchedulingMode.ORGANISER_SCHEDULES,
    session: Session | None = None,
    requests_close_at: dt.datetime | None = None,
) -> MeetingSession:
    """Create a meeting session of ``event`` (no slots yet). Records
    ``meeting_session.create``."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the meeting session a title.")})
    if mode not in SchedulingMode.values:
        raise ValidationError({"mode": _("Choose how meetings get their slots.")})
    _check_tables(tables, "tables")
    _check_programme_session(event, session, None)
    meeting_session = MeetingSession(
        event=event,
        title=title,
        tables=tables,
        mode=mode,
        session=session,
        requests_close_at=requests_close_at,
    )
    meeting_session.full_clean()
    meeting_session.save()
    log_activity(
        actor=actor,
        action="meeting_session.create",
        obj=meeting_session,
        data={"event": event.pk, "mode": mode, "tables": tables},
    )
    return meeting_session


def _differs(meeting_session: MeetingSession, name: str, value: Any) -> bool:
    if name == "session":
        return meeting_session.session_id != getattr(value, "pk", None)
    return getattr(meeting_session, name) != value


def _check_mode_change(meeting_session: MeetingSession, mode: str) -> None:
    """Refuse a mode change under a scheduler run, or one that would show participants an
    unpublished schedule (in ``participants_pick`` placements are visible at once)."""
    # Imported here: the scheduler's modules import this one.
    from smartregions.events.domain.scheduling.runs import refuse_while_running

    try:
        refuse_while_running(meeting_session)
    except ValidationError:
        raise ValidationError(
            {
                "mode": _(
                    "A scheduler run is queued or running; change the mode once it has finished."
                )
            }
        ) from None
    placed = Meeting.objects.filter(meeting_session=meeting_session, slot__isnull=False)
    if (
        mode == SchedulingMode.PARTICIPANTS_PICK
        and not meeting_session.schedule_published
        and placed.exists()
    ):
        raise ValidationError(
            {
                "mode": _(
                    "Meetings are placed in a schedule that is not published; publish the "
                    "schedule, or unplace those meetings, before letting participants pick."
                )
            }
        )


@transaction.atomic
def update_meeting_session(
    *, actor: Any, meeting_session: MeetingSession, **changes: Any
) -> MeetingSession:
    """Change the settings of :data:`SESSION_FIELDS`.

    Fewer tables are refused while a placed meeting sits at a table that would disappear (in
    the slots that follow the session's number). A mode change is refused while a scheduler
    run is queued or running, and a switch to ``participants_pick`` while meetings are placed
    in an unpublished schedule (participants would see it at once). Records
    ``meeting_session.update`` with the changed fields.
    """
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        msg = f"not a meeting-session setting: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    lock_meeting_session(meeting_session)
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            raise ValidationError({"title": _("Give the meeting session a title.")})
    if "mode" in changes and changes["mode"] not in SchedulingMode.values:
        raise ValidationError({"mode": _("Choose how meetings get their slots.")})
    if "mode" in changes and changes["mode"] != meeting_session.mode:
        _check_mode_change(meeting_session, changes["mode"])
    if "tables" in changes:
        _check_tables(changes["tables"], "tables")
        if _used_tables_above(meeting_session, changes["tables"], default_only=True):
            raise ValidationError(
                {
                    "tables": _(
                        "Meetings are placed at tables above %(n)s; move them before removing "
                        "tables."
                    )
                    % {"n": changes["tables"]}
                }
            )
    if "session" in changes:
        _check_programme_session(meeting_session.event, changes["session"], meeting_session.pk)
    changed = sorted(
        name for name, value in changes.items() if _differs(meeting_session, name, value)
    )
    for name in changed:
        setattr(meeting_session, name, changes[name])
    meeting_session.full_clean()
    meeting_session.save()
    log_activity(
        actor=actor,
        action="meeting_session.update",
        obj=meeting_session,
        data={"changed": changed},
    )
    return meeting_session


@transaction.atomic
def delete_meeting_session(*, actor: Any, meeting_session: MeetingSession) -> None:
    """Delete a meeting session with its slots and runs; refused once it has meeting requests
    (they and their meetings would go with it). Records ``meeting_session.delete``."""
    lock_meeting_session(meeting_session)
    if meeting_session.requests.exists():
        raise ValidationError(
            _("The meeting session has meeting requests; it can no longer be deleted.")
        )
    log_activity(
        actor=actor,
        action="meeting_session.delete",
        obj=meeting_session,
        data={"event": meeting_session.event_id, "title": meeting_session.title},
    )
    meeting_session.delete()


def _check_slot_times(
    meeting_session: MeetingSession,
    spans: list[tuple[dt.datetime, dt.datetime]],
    *,
    exclude: int | None = None,
) -> None:
    """Slots end after they start, lie within the event and overlap no other slot."""
    event = meeting_session.event
    for starts_at, ends_at in spans:
        if starts_at.tzinfo is None or ends_at.tzinfo is None:
            msg = "slot times must be timezone-aware"
            raise ValueError(msg)
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": _("A slot must end after it starts.")})
        if starts_at < event.starts_at or ends_at > event.ends_at:
            raise ValidationError(
                {"starts_at": _("Slots must lie within the event's start and end.")}
            )
    first = min(start for start, _end in spans)
    last = max(end for _start, end in spans)
    others = MeetingSlot.objects.filter(
        meeting_session=meeting_session, starts_at__lt=last, ends_at__gt=first
    ).exclude(pk=exclude)
    for other in others:
        for starts_at, ends_at in spans:
            if starts_at < other.ends_at and other.starts_at < ends_at:
                zone = ZoneInfo(event.timezone)
                raise ValidationError(
                    {
                        "starts_at": _("It overlaps the slot %(start)s-%(end)s (%(zone)s).")
                        % {
                            "start": other.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                            "end": other.ends_at.astimezone(zone).strftime("%H:%M"),
                            "zone": event.timezone,
                        }
                    }
                )


@transaction.atomic
def generate_slots(
    *,
    actor: Any,
    meeting_session: MeetingSession,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    length_minutes: int,
    gap_minutes: int = 0,
    tables: int | None = None,
) -> list[MeetingSlot]:
    """Lay out slots of ``length_minutes`` from ``starts_at``, ``gap_minutes`` apart, as many
    as end by ``ends_at``; each with ``tables`` (none: the session's).

    Refused when no slot fits, when more than :data:`MAX_GENERATED_SLOTS` would be made, or
    when one would overlap an existing slot. Records ``meeting_session.generate_slots``.
    """
    lock_meeting_session(meeting_session)
    if isinstance(length_minutes, bool) or not isinstance(length_minutes, int):
        raise ValidationError({"length_minutes": _("Enter the slot length in minutes.")})
    if not 5 <= length_minutes <= 480:
        raise ValidationError({"length_minutes": _("A slot lasts from 5 to 480 minutes.")})
    if isinstance(gap_minutes, bool) or not isinstance(gap_minutes, int) or gap_minutes < 0:
        raise ValidationError({"gap_minutes": _("The gap is 0 or more minutes.")})
    if tables is not None:
        _check_tables(tables, "tables")
    length, step = (
        dt.timedelta(minutes=length_minutes),
        dt.timedelta(minutes=length_minutes + gap_minutes),
    )
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    start = starts_at
    while start + length <= ends_at:
        spans.append((start, start + length))
        if len(spans) > MAX_GENERATED_SLOTS:
            raise ValidationError(
                {
                    "ends_at": _("That makes more than %(n)s slots; generate fewer at a time.")
                    % {"n": MAX_GENERATED_SLOTS}
                }
            )
        start += step
    if not spans:
        raise ValidationError(
            {"ends_at": _("No slot of that length fits between the start and the end.")}
        )
    _check_slot_times(meeting_session, spans)
    slots = MeetingSlot.objects.bulk_create(
        [
            MeetingSlot(meeting_session=meeting_session, starts_at=s, ends_at=e, tables=tables)
            for s, e in spans
        ]
    )
    log_activity(
        actor=actor,
        action="meeting_session.generate_slots",
        obj=meeting_session,
        data={
            "slots": len(slots),
            "length_minutes": length_minutes,
            "gap_minutes": gap_minutes,
            "tables": tables,
        },
    )
    return sorted(slots, key=lambda slot: slot.starts_at)


@transaction.atomic
def add_slot(
    *,
    actor: Any,
    meeting_session: MeetingSession,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    tables: int | None = None,
) -> MeetingSlot:
    """Add one slot (with its own number of ``tables``, or the session's). Records
    ``meeting_session.add_slot``."""
    lock_meeting_session(meeting_session)
    if tables is not None:
        _check_tables(tables, "tables")
    _check_slot_times(meeting_session, [(starts_at, ends_at)])
    slot = MeetingSlot.objects.create(
        meeting_session=meeting_session, starts_at=starts_at, ends_at=ends_at, tables=tables
    )
    log_activity(
        actor=actor,
        action="meeting_session.add_slot",
        obj=meeting_session,
        data={"slot": slot.pk, "starts_at": starts_at.isoformat(), "tables": tables},
    )
    return slot


@transaction.atomic
def set_slot_tables(*, actor: Any, slot: MeetingSlot, tables: int | None) -> MeetingSlot:
    """Give ``slot`` its own number of tables, or (``None``) the session's again.

    Refused while a meeting placed in the slot sits at a table that would disappear. Records
    ``meeting_session.set_slot_tables``.
    """
    meeting_session = lock_meeting_session(slot.meeting_session)
    if tables is not None:
        _check_tables(tables, "tables")
    effective = meeting_session.tables if tables is None else tables
    highest = slot.meetings.aggregate(top=Max("table_number"))["top"] or 0
    if highest > effective:
        raise ValidationError(
            {
                "tables": _(
                    "A meeting is placed at table %(n)s in this slot; move it before removing "
                    "tables."
                )
                % {"n": highest}
            }
        )
    slot.tables = tables
    slot.save(update_fields=["tables"])
    log_activity(
        actor=actor,
        action="meeting_session.set_slot_tables",
        obj=meeting_session,
        data={"slot": slot.pk, "tables": tables},
    )
    return slot


@transaction.atomic
def remove_slot(*, actor: Any, slot: MeetingSlot) -> None:
    """Remove a slot; refused while meetings are placed in it (move or unplace them first).
    Participants' unavailability in the slot goes with it. Records
    ``meeting_session.remove_slot``."""
    meeting_session = lock_meeting_session(slot.meeting_session)
    placed = slot.meetings.count()
    if placed:
        raise ValidationError(
            _("%(n)s meeting(s) are placed in this slot; move or unplace them first.")
            % {"n": placed}
        )
    log_activity(
        actor=actor,
        action="meeting_session.remove_slot",
        obj=meeting_session,
        data={"slot": slot.pk, "starts_at": slot.starts_at.isoformat()},
    )
    slot.delete()
