"""The organiser's hand on the schedule: lock, unlock, move and unplace meetings; publish.

A locked meeting keeps its slot and table when the scheduler runs again. Moving a meeting by
hand checks what the scheduler checks: the slot is the session's, the table exists in that
slot and is free, both parties are available then and have no other meeting at that time (in
any meeting session of the event). None of these steps is allowed while a scheduler run is
queued or running (it would overwrite them, or fail because they happened).

Publishing the schedule shows participants their placed meetings and tells each of them so.
Once they can see it, moving or unplacing a meeting tells both parties.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.events.domain.matchmaking import notifications
from smartregions.events.domain.matchmaking.common import (
    lock_event,
    placements_visible,
    preference_problem,
)
from smartregions.events.domain.meeting_sessions import lock_meeting_session, slot_tables
from smartregions.events.domain.scheduling.problem import participant_name
from smartregions.events.domain.scheduling.runs import refuse_while_running
from smartregions.events.enums import MeetingRequestStatus
from smartregions.events.models import Meeting, MeetingSession, MeetingSlot, Unavailability


def _lock(meeting: Meeting) -> Meeting:
    """Lock the meeting's session (then the meeting) and reload the meeting in place."""
    lock_meeting_session(meeting.meeting_session)
    meeting.refresh_from_db(
        from_queryset=Meeting.objects.select_for_update(of=("self",)).select_related(
            "request__requester__organisation", "request__recipient__organisation"
        )
    )
    if meeting.request.status != MeetingRequestStatus.ACCEPTED:
        raise ValidationError(_("The meeting was cancelled."))
    refuse_while_running(meeting.meeting_session)
    return meeting


@transaction.atomic
def lock_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    """Lock a placed meeting: the scheduler keeps its slot and table. Records
    ``meeting.lock``."""
    _lock(meeting)
    if meeting.slot_id is None:
        raise ValidationError(_("Only a placed meeting can be locked; place it first."))
    meeting.locked = True
    meeting.save(update_fields=["locked", "updated_at"])
    log_activity(actor=actor, action="meeting.lock", obj=meeting)
    return meeting


@transaction.atomic
def unlock_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    """Unlock a meeting: the next scheduler run may move it. Records ``meeting.unlock``."""
    _lock(meeting)
    meeting.locked = False
    meeting.save(update_fields=["locked", "updated_at"])
    log_activity(actor=actor, action="meeting.unlock", obj=meeting)
    return meeting


@transaction.atomic
def move_meeting(*, actor: Any, meeting: Meeting, slot: MeetingSlot, table_number: int) -> Meeting:
    """Place ``meeting`` at ``table_number`` in ``slot`` by hand (it keeps its lock, if any).

    Checked: the slot belongs to the meeting's session, suits the request's morning /
    afternoon preference, the table exists in it and is free, both parties are available in
    the slot and have no other meeting at that time (in any session of the event: the event
    row is locked first, as for a participant's pick). Clears the meeting's unplaced reason.
    When the parties can see the schedule, both are told. Records ``meeting.move``.
    """
    lock_event(meeting.meeting_session.event_id)
    _lock(meeting)
    if slot.meeting_session_id != meeting.meeting_session_id:
        raise ValidationError({"slot": _("Choose a slot of the meeting's session.")})
    slot = MeetingSlot.objects.get(pk=slot.pk)
    session = meeting.meeting_session
    problem = preference_problem(slot, meeting.request.time_preference, session.event.timezone)
    if problem is not None:
        raise ValidationError({"slot": problem})
    tables = slot_tables(slot, meeting.meeting_session)
    if isinstance(table_number, bool) or not isinstance(table_number, int):
        raise ValidationError({"table_number": _("Choose a table.")})
    if not 1 <= table_number <= tables:
        raise ValidationError(
            {"table_number": _("The slot has tables 1 to %(n)s.") % {"n": tables}}
        )
    others = Meeting.objects.filter(slot=slot).exclude(pk=meeting.pk)
    if others.filter(table_number=table_number).exists():
        raise ValidationError(
            {"table_number": _("Table %(n)s is taken in this slot.") % {"n": table_number}}
        )
    request = meeting.request
    parties = {request.requester_id: request.requester, request.recipient_id: request.recipient}
    away = sorted(
        Unavailability.objects.filter(slot=slot, registration_id__in=list(parties)).values_list(
            "registration_id", flat=True
        )
    )
    if away:
        raise ValidationError(
            {
                "slot": _("%(person)s is not available in this slot.")
                % {"person": participant_name(parties[away[0]])}
            }
        )
    busy = list(
        Meeting.objects.filter(
            meeting_session__event_id=meeting.meeting_session.event_id,
            request__status=MeetingRequestStatus.ACCEPTED,
            slot__starts_at__lt=slot.ends_at,
            slot__ends_at__gt=slot.starts_at,
        )
        .exclude(pk=meeting.pk)
        .filter(
            Q(request__requester_id__in=list(parties)) | Q(request__recipient_id__in=list(parties))
        )
        .values_list("request__requester_id", "request__recipient_id")
    )
    if busy:
        who = next(pk for pk in busy[0] if pk in parties)
        raise ValidationError(
            {
                "slot": _("%(person)s has another meeting at that time.")
                % {"person": participant_name(parties[who])}
            }
        )
    before = (meeting.slot_id, meeting.table_number)
    meeting.slot, meeting.table_number, meeting.unplaced_reason = slot, table_number, ""
    meeting.save(update_fields=["slot", "table_number", "unplaced_reason", "updated_at"])
    log_activity(
        actor=actor,
        action="meeting.move",
        obj=meeting,
        data={"from": list(before), "to": [slot.pk, table_number]},
    )
    if placements_visible(session):
        notifications.notify_schedule_changed(meeting, actor=actor, moved=True)
    return meeting


@transaction.atomic
def unplace_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    """Take a meeting out of the schedule (and unlock it). When the parties could see its place,
    both are told. Records ``meeting.unplace``."""
    _lock(meeting)
    was_placed = meeting.slot_id is not None
    meeting.slot, meeting.table_number, meeting.locked = None, None, False
    meeting.save(update_fields=["slot", "table_number", "locked", "updated_at"])
    log_activity(actor=actor, action="meeting.unplace", obj=meeting)
    if was_placed and placements_visible(meeting.meeting_session):
        notifications.notify_schedule_changed(meeting, actor=actor, moved=False)
    return meeting


def _placed_parties(meeting_session: MeetingSession) -> list[Any]:
    meetings = Meeting.objects.filter(
        meeting_session=meeting_session,
        slot__isnull=False,
        request__status=MeetingRequestStatus.ACCEPTED,
    ).select_related("request__requester__user", "request__recipient__user")
    return [
        registration.user
        for meeting in meetings
        for registration in (meeting.request.requester, meeting.request.recipient)
    ]


@transaction.atomic
def publish_schedule(*, actor: Any, meeting_session: MeetingSession) -> MeetingSession:
    """Show participants their scheduled meetings and notify everyone with a placed meeting.

    Refused while a scheduler run is queued or running, or when already published. Records
    ``meeting_session.publish_schedule``.
    """
    lock_meeting_session(meeting_session)
    if meeting_session.schedule_published:
        raise ValidationError({"schedule_published": _("The schedule is already published.")})
    refuse_while_running(meeting_session)
    meeting_session.schedule_published = True
    meeting_session.save(update_fields=["schedule_published"])
    event = meeting_session.event
    notify(
        recipients=_placed_parties(meeting_session),
        kind="events.schedule_published",
        title=_("Your B2B meetings at %(event)s are scheduled") % {"event": event.title},
        body=_("The schedule of “%(session)s” is published: see your meetings, times and tables.")
        % {"session": meeting_session.title},
        url=reverse("web:event-meetings", args=[event.slug]),
        exclude=actor,
    )
    log_activity(actor=actor, action="meeting_session.publish_schedule", obj=meeting_session)
    return meeting_session


@transaction.atomic
def unpublish_schedule(*, actor: Any, meeting_session: MeetingSession) -> MeetingSession:
    """Hide the schedule from participants again (e.g. to re-run the scheduler). Records
    ``meeting_session.unpublish_schedule``."""
    lock_meeting_session(meeting_session)
    if not meeting_session.schedule_published:
        raise ValidationError({"schedule_published": _("The schedule is not published.")})
    meeting_session.schedule_published = False
    meeting_session.save(update_fields=["schedule_published"])
    log_activity(actor=actor, action="meeting_session.unpublish_schedule", obj=meeting_session)
    return meeting_session
