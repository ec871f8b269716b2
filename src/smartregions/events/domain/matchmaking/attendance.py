"""At and after the meeting: check-in, attendance (held / no-show), and the question "did this
meeting lead to cooperation?".

Each party checks in (or an organiser does it for them) from :data:`CHECK_IN_OPENS` before the
slot starts. Organisers record the attendance once the slot has started. After the slot has
ended each party answers the cooperation question once, and may change the answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.matchmaking.common import (
    check_not_no_show,
    format_time,
    placements_visible,
    side_of,
)
from smartregions.events.enums import CooperationOutcome, MeetingAttendance
from smartregions.events.models import Meeting, MeetingOutcome, Registration

#: How long before the slot starts the parties can check in.
CHECK_IN_OPENS = dt.timedelta(minutes=30)
COMMENT_MAX = 500


def _locked(meeting: Meeting) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "slot", "meeting_session__event", "request__requester", "request__recipient"
        )
        .get(pk=meeting.pk)
    )
    if meeting.slot is None:
        raise ValidationError(_("The meeting has no slot yet."))
    return meeting


def _side(meeting: Meeting, registration: Registration) -> str:
    side = side_of(meeting, registration.pk)
    if side is None:
        raise ValidationError(_("%s is not a party to this meeting.") % registration.badge_name)
    return side


@transaction.atomic
def check_in_meeting(*, actor: Any, meeting: Meeting, registration: Registration) -> Meeting:
    """Record that ``registration`` (a party) arrived at the meeting.

    Opens :data:`CHECK_IN_OPENS` before the slot starts; refused for an unplaced meeting, a
    meeting of a schedule not yet published (without naming its time), a no-show, or a party
    already checked in. Records ``meeting.check_in``.
    """
    meeting = _locked(meeting)
    side = _side(meeting, registration)
    if not placements_visible(meeting.meeting_session):
        # The schedule is not published: say nothing about where or when the meeting is.
        raise ValidationError(_("Check-in opens once the schedule is published."))
    check_not_no_show(meeting)
    opens = meeting.slot.starts_at - CHECK_IN_OPENS
    if timezone.now() < opens:
        raise ValidationError(
            _("Check-in opens 30 minutes before the meeting, at %s.")
            % format_time(opens, meeting.meeting_session.event.timezone)
        )
    field = f"{side}_checked_in_at"
    if getattr(meeting, field) is not None:
        raise ValidationError(_("%s is already checked in.") % registration.badge_name)
    setattr(meeting, field, timezone.now())
    meeting.save(update_fields=[field, "updated_at"])
    log_activity(actor=actor, action="meeting.check_in", obj=meeting, data={"party": side})
    return meeting


@transaction.atomic
def mark_meeting_attendance(*, actor: Any, meeting: Meeting, attendance: str) -> Meeting:
    """Organisers record whether the meeting was held or a no-show (or set it back to planned).

    Held and no-show are recorded only once the slot has started. Records
    ``meeting.attendance``.
    """
    meeting = _locked(meeting)
    if attendance not in MeetingAttendance.values:
        raise ValidationError({"attendance": _("Choose planned, held or no-show.")})
    if attendance != MeetingAttendance.PLANNED and timezone.now() < meeting.slot.starts_at:
        raise ValidationError(
            {
                "attendance": _("Attendance is recorded once the meeting has started (%s).")
                % format_time(meeting.slot.starts_at, meeting.meeting_session.event.timezone)
            }
        )
    before = meeting.attendance
    meeting.attendance = attendance
    meeting.save(update_fields=["attendance", "updated_at"])
    log_activity(
        actor=actor,
        action="meeting.attendance",
        obj=meeting,
        data={"from": before, "to": attendance},
    )
    return meeting


@transaction.atomic
def answer_meeting_outcome(
    *,
    actor: Any,
    meeting: Meeting,
    registration: Registration,
    outcome: str,
    comment: str = "",
) -> MeetingOutcome:
    """``registration`` (a party) answers "did this meeting lead to cooperation?".

    Once the slot has ended, for a meeting not marked as a no-show; answering again replaces
    the answer (one per party and meeting). Records ``meeting.outcome``.
    """
    meeting = _locked(meeting)
    side = _side(meeting, registration)
    check_not_no_show(meeting)
    if timezone.now() < meeting.slot.ends_at:
        raise ValidationError(
            _("You can answer once the meeting is over (after %s).")
            % format_time(meeting.slot.ends_at, meeting.meeting_session.event.timezone)
        )
    if outcome not in CooperationOutcome.values:
        raise ValidationError({"outcome": _("Choose yes, still in discussion or no.")})
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": _("Keep the comment under %d characters.") % COMMENT_MAX})
    answer, created = MeetingOutcome.objects.update_or_create(
        meeting=meeting,
        registration=registration,
        defaults={"outcome": outcome, "comment": comment},
    )
    log_activity(
        actor=actor,
        action="meeting.outcome",
        obj=meeting,
        data={"party": side, "outcome": outcome, "changed": not created},
    )
    return answer
