"""Participants pick a slot (sessions in mode ``participants_pick``).

A slot is *free* for a meeting when it has not started, suits the request's time preference,
both parties are available in it (no unavailability), neither has another placed meeting at
an overlapping time (in any session of the event), and one of its tables is free. Picking
gives the meeting that slot and the lowest free table number. The event row, then the session
row, is locked and everything is checked again inside the transaction, so two picks for the
last table, or one participant picking the same time for two meetings (even in two sessions
of the event), cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.matchmaking import notifications
from smartregions.events.domain.matchmaking.common import (
    actor_registration,
    check_matchmaking_open,
    format_slot,
    lock_event,
    preference_problem,
)
from smartregions.events.domain.meeting_sessions import lock_meeting_session, slot_tables
from smartregions.events.enums import SchedulingMode
from smartregions.events.models import Meeting, MeetingSession, MeetingSlot, Unavailability


@dataclass(frozen=True, slots=True)
class FreeSlot:
    """A slot the meeting can take, and the table it would get (the lowest free number)."""

    slot: MeetingSlot
    table: int


@dataclass
class _Situation:
    """What decides whether each slot of the session is free for one meeting."""

    meeting: Meeting
    session: MeetingSession
    now: dt.datetime
    unavailable: dict[int, set[int]]  # slot id -> registration ids unavailable then
    busy: list[tuple[Meeting, int]]  # other placed meetings of the parties, with the party
    used_tables: dict[int, set[int]]  # slot id -> table numbers taken

    def free_table(self, slot: MeetingSlot) -> int | None:
        taken = self.used_tables.get(slot.pk, set())
        capacity = slot_tables(slot, self.session)
        return next((n for n in range(1, capacity + 1) if n not in taken), None)

    def problem(self, slot: MeetingSlot) -> str | None:
        """Why ``slot`` is not free for the meeting, or None when it is."""
        when = format_slot(slot, self.session.event.timezone)
        found = self._time_problem(slot, when) or self._party_problem(slot)
        if found is None and self.free_table(slot) is None:
            return _("No table is free at %s.") % when
        return found

    def _time_problem(self, slot: MeetingSlot, when: str) -> str | None:
        preference = self.meeting.request.time_preference
        if slot.starts_at <= self.now:
            return _("The slot at %s has already started.") % when
        return preference_problem(slot, preference, self.session.event.timezone)

    def _party_problem(self, slot: MeetingSlot) -> str | None:
        request = self.meeting.request
        zone = self.session.event.timezone
        for party in (request.requester, request.recipient):
            if party.pk in self.unavailable.get(slot.pk, set()):
                return _("%(who)s is not available at %(when)s.") % {
                    "who": party.badge_name,
                    "when": format_slot(slot, zone),
                }
        for other, party_id in self.busy:
            if other.slot.starts_at < slot.ends_at and other.slot.ends_at > slot.starts_at:
                party = request.requester if party_id == request.requester_id else request.recipient
                return _("%(who)s already has a meeting at %(when)s.") % {
                    "who": party.badge_name,
                    "when": format_slot(other.slot, zone),
                }
        return None


def _situation(meeting: Meeting, session: MeetingSession, now: dt.datetime) -> _Situation:
    """Read, in four queries, everything :meth:`_Situation.problem` needs."""
    request = meeting.request
    parties = (request.requester_id, request.recipient_id)
    unavailable: dict[int, set[int]] = {}
    for slot_id, registration_id in Unavailability.objects.filter(
        registration_id__in=parties, slot__meeting_session=session
    ).values_list("slot_id", "registration_id"):
        unavailable.setdefault(slot_id, set()).add(registration_id)
    others = (
        Meeting.objects.filter(slot__isnull=False, meeting_session__event_id=session.event_id)
        .exclude(pk=meeting.pk)
        .select_related("slot", "request")
        .order_by("slot__starts_at", "id")
    )
    mine = Q(request__requester_id__in=parties) | Q(request__recipient_id__in=parties)
    busy = [
        (other, party)
        for other in others.filter(mine)
        for party in parties
        if party in (other.request.requester_id, other.request.recipient_id)
    ]
    used: dict[int, set[int]] = {}
    for slot_id, table in Meeting.objects.filter(slot__meeting_session=session).values_list(
        "slot_id", "table_number"
    ):
        used.setdefault(slot_id, set()).add(table)
    return _Situation(meeting, session, now, unavailable, busy, used)


def _meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related(
        "meeting_session__event",
        "slot",
        "request__requester__organisation",
        "request__requester__user",
        "request__recipient__organisation",
        "request__recipient__user",
    ).get(pk=meeting.pk)


def free_common_slots(meeting: Meeting, *, now: dt.datetime | None = None) -> list[FreeSlot]:
    """The slots ``meeting`` can take now, in time order, each with the table it would get.

    Empty for a placed meeting. Read only (five queries).
    """
    meeting = _meeting(meeting)
    if meeting.slot_id is not None:
        return []
    session = meeting.meeting_session
    situation = _situation(meeting, session, now or timezone.now())
    return [
        FreeSlot(slot, situation.free_table(slot))
        for slot in session.slots.all()
        if situation.problem(slot) is None
    ]


@transaction.atomic
def pick_meeting_slot(*, actor: Any, meeting: Meeting, slot: MeetingSlot) -> Meeting:
    """Place an accepted, unplaced meeting in ``slot`` at the lowest free table.

    Only in sessions where participants pick (``participants_pick``); the slot must be free
    for the meeting (see the module docstring), which is checked again under the event's
    lock (clashes span all its sessions), then the session's. The other party is notified.
    Records ``meeting.pick_slot``.
    """
    lock_event(meeting.meeting_session.event_id)
    session = lock_meeting_session(meeting.meeting_session)
    meeting = _meeting(meeting)
    meeting.meeting_session = session
    check_matchmaking_open(session)
    if session.mode != SchedulingMode.PARTICIPANTS_PICK:
        raise ValidationError(
            _("In “%s” the organisers schedule the meetings; participants do not pick slots.")
            % session.title
        )
    if meeting.slot_id is not None:
        raise ValidationError(
            _("The meeting already has a slot: %s.")
            % format_slot(meeting.slot, session.event.timezone)
        )
    if slot.meeting_session_id != session.pk:
        raise ValidationError({"slot": _("The slot is not in “%s”.") % session.title})
    slot = MeetingSlot.objects.get(pk=slot.pk)
    situation = _situation(meeting, session, timezone.now())
    problem = situation.problem(slot)
    if problem is not None:
        raise ValidationError({"slot": problem})
    meeting.slot = slot
    meeting.table_number = situation.free_table(slot)
    meeting.unplaced_reason = ""
    meeting.save(update_fields=["slot", "table_number", "unplaced_reason", "updated_at"])
    log_activity(
        actor=actor,
        action="meeting.pick_slot",
        obj=meeting,
        data={"slot": slot.pk, "table": meeting.table_number},
    )
    by = actor_registration(actor, session.event_id)
    if by is not None and by.pk in (meeting.request.requester_id, meeting.request.recipient_id):
        notifications.notify_slot_picked(meeting, actor=actor, by=by)
    return meeting
