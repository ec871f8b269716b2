"""Availability: the slots of a meeting session a participant cannot attend.

Availability is stored as its complement (:class:`~smartregions.events.models.Unavailability`
rows), so a participant who says nothing is available in every slot. Saving replaces the
participant's whole set for the session. The scheduler and the free-slot search read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.matchmaking.common import (
    check_matchmaking_open,
    check_participant,
    format_slot,
    meetings_of,
    partner_of,
    placements_visible,
)
from smartregions.events.domain.meeting_sessions import lock_meeting_session
from smartregions.events.models import (
    Meeting,
    MeetingSession,
    MeetingSlot,
    Registration,
    Unavailability,
)


def _unplace_hidden(meetings: list[Meeting]) -> None:
    """Take out of the unpublished schedule the meetings placed in slots the participant now
    marks unavailable. The participant cannot see that schedule, so nothing about it is said:
    a meeting the organisers locked there refuses the change with a neutral message."""
    if any(meeting.locked for meeting in meetings):
        raise ValidationError(
            {
                "slots": _(
                    "The organisers have fixed part of the schedule in these slots; ask them "
                    "before marking them unavailable."
                )
            }
        )
    if meetings:
        Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings]).update(
            slot=None, table_number=None, unplaced_reason=""
        )


@transaction.atomic
def set_unavailable_slots(
    *,
    actor: Any,
    registration: Registration,
    meeting_session: MeetingSession,
    slots: Iterable[MeetingSlot],
) -> list[int]:
    """Make ``slots`` the slots of ``meeting_session`` that ``registration`` cannot attend.

    Every slot must belong to the session. A slot in which the participant already has a
    meeting they can see (the schedule is published, or participants pick) is refused, naming
    the meeting: it has to be freed first (cancelled, or moved by the organisers). A meeting
    the organisers placed there in a schedule not yet published is unplaced instead (the next
    run places it elsewhere), or, when they locked it, the change is refused without saying
    anything about the hidden schedule. Returns the ids of the unavailable slots, in time order.
    Records ``meeting_availability.set``.
    """
    session = lock_meeting_session(meeting_session)
    check_matchmaking_open(session)
    registration = Registration.objects.get(pk=registration.pk)
    check_participant(registration, session)
    session_slots = {slot.pk: slot for slot in session.slots.all()}
    wanted = {slot.pk for slot in slots}
    foreign = sorted(wanted - session_slots.keys())
    if foreign:
        raise ValidationError(
            {
                "slots": _("These slots are not in “%(session)s”: %(ids)s.")
                % {"session": session.title, "ids": ", ".join(map(str, foreign))}
            }
        )
    busy = list(
        Meeting.objects.filter(meetings_of(registration.pk), slot_id__in=wanted)
        .select_related("slot", "request__requester", "request__recipient")
        .order_by("slot__starts_at", "id")
    )
    if placements_visible(session):
        problems = [
            _(
                "You have a meeting with %(who)s at %(when)s (table %(table)d): free it before "
                "marking that slot unavailable."
            )
            % {
                "who": partner_of(meeting, registration.pk).badge_name,
                "when": format_slot(meeting.slot, session.event.timezone),
                "table": meeting.table_number,
            }
            for meeting in busy
        ]
        if problems:
            raise ValidationError({"slots": problems})
    else:
        _unplace_hidden(busy)
    current = Unavailability.objects.filter(registration=registration, slot__in=list(session_slots))
    current.exclude(slot_id__in=wanted).delete()
    have = set(current.values_list("slot_id", flat=True))
    Unavailability.objects.bulk_create(
        [Unavailability(registration=registration, slot_id=pk) for pk in sorted(wanted - have)]
    )
    ordered = [pk for pk in session_slots if pk in wanted]
    log_activity(
        actor=actor,
        action="meeting_availability.set",
        obj=registration,
        data={"session": session.pk, "unavailable": ordered},
    )
    return ordered
