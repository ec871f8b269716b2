"""From the database to the scheduling kernel's :class:`Problem` (the adapter).

:func:`build_scheduling_input` reads one meeting session and returns the kernel's problem with
the rows behind every index, so a kernel answer (indices) can be written back and explained in
names:

* **meetings**: the session's meetings whose request is accepted and whose two parties are
  still confirmed participants, by id (an unlocked meeting whose party is no longer confirmed
  is left out and reported unplaced, see :attr:`SchedulingInput.excluded`; a locked one stays:
  it holds its table whatever happens);
* **participants**: the registrations with at least one of those meetings, by id;
* **slots**: the session's slots by start; a slot's tables are its own number or the
  session's; slot ``s + 1`` directly follows slot ``s`` when both are on the same day in the
  event's time zone (so no break is counted across a night);
* **available**: every slot except those a participant marked unavailable and those
  overlapping their placed meetings in the event's other meeting sessions;
* **allowed**: the slots of the time the request asked for (morning: starting before 12:00
  in the event's zone; afternoon: the others; any: all). A locked meeting is always allowed
  its own slot: the organiser's decision outranks the preference;
* **fixed**: locked meetings keep their slot (their table is kept when the schedule is
  written, see :mod:`.runs`).

Read-only; a fixed number of queries whatever the session's size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import Q

from smartregions.events.compute.scheduling import Problem
from smartregions.events.domain.meeting_sessions import is_morning, slot_tables
from smartregions.events.enums import MeetingRequestStatus, RegistrationStatus, TimePreference
from smartregions.events.models import (
    Meeting,
    MeetingSession,
    MeetingSlot,
    Registration,
    Unavailability,
)


def participant_name(registration: Registration) -> str:
    """How reports name a participant: "Ana Silva (Org X)", or the badge name alone."""
    organisation = registration.organisation
    if organisation is None:
        return registration.badge_name
    return f"{registration.badge_name} ({organisation.name})"


@dataclass(frozen=True)
class SchedulingInput:
    """A kernel problem and the rows its indices stand for.

    ``meetings[m]``, ``participants[p]`` and ``slots[s]`` are the rows behind meeting ``m``,
    participant ``p`` and slot ``s`` of ``problem``; ``tables[s]`` is slot ``s``'s number of
    tables. ``excluded`` are accepted meetings left out because a party is no longer
    confirmed. ``fingerprint`` changes whenever anything the problem was built from changes.
    """

    meeting_session: MeetingSession
    problem: Problem
    meetings: list[Meeting]
    participants: list[Registration]
    slots: list[MeetingSlot]
    tables: list[int]
    excluded: list[Meeting] = field(default_factory=list)
    fingerprint: tuple = ()

    def slot_index(self) -> dict[int, int]:
        """Slot id -> index."""
        return {slot.pk: s for s, slot in enumerate(self.slots)}


def accepted_meetings(meeting_session: MeetingSession) -> list[Meeting]:
    """The session's meetings whose request is accepted, with both parties and their
    organisations, by id."""
    return list(
        Meeting.objects.filter(
            meeting_session=meeting_session, request__status=MeetingRequestStatus.ACCEPTED
        )
        .select_related(
            "request__requester__organisation",
            "request__recipient__organisation",
            "slot",
        )
        .order_by("pk")
    )


def _meetings_elsewhere(
    meeting_session: MeetingSession, registration_ids: list[int]
) -> list[tuple[tuple[int, int], dt.datetime, dt.datetime]]:
    """Placed meetings of these participants in the event's other meeting sessions: their
    parties and times (a participant is not available for overlapping slots)."""
    rows = (
        Meeting.objects.filter(
            meeting_session__event_id=meeting_session.event_id,
            slot__isnull=False,
            request__status=MeetingRequestStatus.ACCEPTED,
        )
        .exclude(meeting_session=meeting_session)
        .filter(
            Q(request__requester_id__in=registration_ids)
            | Q(request__recipient_id__in=registration_ids)
        )
        .order_by("pk")
        .values_list(
            "request__requester_id", "request__recipient_id", "slot__starts_at", "slot__ends_at"
        )
    )
    return [((first, second), starts_at, ends_at) for first, second, starts_at, ends_at in rows]


def build_scheduling_input(meeting_session: MeetingSession) -> SchedulingInput:
    """The kernel problem of ``meeting_session`` as the database holds it now (see the
    module docstring for how each array is built). Read-only; four queries (five when
    the session's event is not loaded yet)."""
    zone = meeting_session.event.timezone
    slots = list(meeting_session.slots.order_by("starts_at", "pk"))
    everything = accepted_meetings(meeting_session)
    confirmed = RegistrationStatus.CONFIRMED
    meetings = [
        m
        for m in everything
        if m.locked
        or (m.request.requester.status == confirmed and m.request.recipient.status == confirmed)
    ]
    excluded = [m for m in everything if m not in meetings]
    by_id: dict[int, Registration] = {}
    for meeting in meetings:
        for registration in (meeting.request.requester, meeting.request.recipient):
            by_id.setdefault(registration.pk, registration)
    participants = [by_id[pk] for pk in sorted(by_id)]
    person = {registration.pk: p for p, registration in enumerate(participants)}
    slot_of = {slot.pk: s for s, slot in enumerate(slots)}
    n_p, n_s, n_m = len(participants), len(slots), len(meetings)

    available = np.ones((n_p, n_s), dtype=bool)
    unavailable = sorted(
        Unavailability.objects.filter(
            slot__meeting_session=meeting_session, registration_id__in=list(person)
        ).values_list("registration_id", "slot_id")
    )
    for registration_id, slot_id in unavailable:
        available[person[registration_id], slot_of[slot_id]] = False
    elsewhere = _meetings_elsewhere(meeting_session, list(person))
    for registration_ids, starts_at, ends_at in elsewhere:
        for s, slot in enumerate(slots):
            if slot.starts_at < ends_at and starts_at < slot.ends_at:
                for registration_id in registration_ids:
                    if registration_id in person:
                        available[person[registration_id], s] = False

    morning = np.array([is_morning(slot.starts_at, zone) for slot in slots], dtype=bool)
    allowed = np.ones((n_m, n_s), dtype=bool)
    fixed = np.full(n_m, -1, dtype=np.int64)
    pairs = np.zeros((n_m, 2), dtype=np.int64)
    for m, meeting in enumerate(meetings):
        request = meeting.request
        pairs[m] = (person[request.requester_id], person[request.recipient_id])
        if request.time_preference == TimePreference.MORNING:
            allowed[m] = morning
        elif request.time_preference == TimePreference.AFTERNOON:
            allowed[m] = ~morning
        if meeting.locked and meeting.slot_id in slot_of:
            fixed[m] = slot_of[meeting.slot_id]
            allowed[m, fixed[m]] = True

    tables = [slot_tables(slot, meeting_session) for slot in slots]
    local_days = [slot.starts_at.astimezone(ZoneInfo(zone)).date() for slot in slots]
    adjacent = np.array([local_days[s] == local_days[s + 1] for s in range(n_s - 1)], dtype=bool)
    problem = Problem(
        n_participants=n_p,
        n_slots=n_s,
        meetings=pairs,
        tables=np.array(tables, dtype=np.int64),
        available=available,
        allowed=None if allowed.all() else allowed,
        fixed=fixed if (fixed >= 0).any() else None,
        adjacent=adjacent,
    )
    fingerprint = (
        tuple((slot.pk, slot.starts_at, slot.tables) for slot in slots),
        meeting_session.tables,
        tuple(
            (m.pk, m.request.time_preference, m.locked, m.slot_id, m.table_number)
            for m in everything
        ),
        tuple(sorted(person)),
        tuple(unavailable),
        tuple(elsewhere),
    )
    return SchedulingInput(
        meeting_session=meeting_session,
        problem=problem,
        meetings=meetings,
        participants=participants,
        slots=slots,
        tables=tables,
        excluded=excluded,
        fingerprint=fingerprint,
    )
