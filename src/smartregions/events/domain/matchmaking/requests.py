"""Meeting requests: send, accept (the meeting is created, unplaced), decline, cancel.

States: pending -> accepted / declined; pending or accepted -> cancelled (by either side).
Between two participants there is at most one open (pending or accepted) request per session,
in either direction. Requests are sent and accepted until the session's ``requests_close_at``;
declining and cancelling stay possible. Nobody holds more accepted meetings in a session than
it has slots. Each step locks the session row first (see the package docstring).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.matchmaking import notifications
from smartregions.events.domain.matchmaking.common import (
    actor_registration,
    check_matchmaking_open,
    check_participant,
    check_requests_open,
    meetings_of,
)
from smartregions.events.domain.meeting_sessions import lock_meeting_session
from smartregions.events.enums import (
    MeetingAttendance,
    MeetingRequestStatus,
    RegistrationStatus,
    TimePreference,
)
from smartregions.events.models import (
    MatchmakingProfile,
    Meeting,
    MeetingRequest,
    MeetingSession,
    Registration,
)

#: Longest message with a request or an answer.
MAX_MESSAGE = 2000
OPEN = (MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED)


def _registration(registration: Registration) -> Registration:
    return Registration.objects.select_related("organisation", "user").get(pk=registration.pk)


def _profile(registration: Registration) -> MatchmakingProfile | None:
    return MatchmakingProfile.objects.filter(registration=registration).first()


def _check_message(message: str, field: str = "message") -> str:
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError({field: _("Keep the message under %d characters.") % MAX_MESSAGE})
    return message


def _locked_request(meeting_request: MeetingRequest) -> tuple[MeetingSession, MeetingRequest]:
    session = lock_meeting_session(meeting_request.meeting_session)
    request = MeetingRequest.objects.select_related(
        "requester__organisation", "requester__user", "recipient__organisation", "recipient__user"
    ).get(pk=meeting_request.pk)
    request.meeting_session = session
    return session, request


@transaction.atomic
def send_meeting_request(
    *,
    actor: Any,
    meeting_session: MeetingSession,
    requester: Registration,
    recipient: Registration,
    message: str = "",
    time_preference: str = TimePreference.ANY,
) -> MeetingRequest:
    """``requester`` asks ``recipient`` for a one-to-one meeting in ``meeting_session``.

    Both must be confirmed participants of the session's event; the requester needs a
    profile, the recipient a visible one; the session must have slots and still take
    requests; no open request may exist between the two in this session, in either
    direction. The recipient is notified. Records ``meeting_request.send``.
    """
    session = lock_meeting_session(meeting_session)
    check_matchmaking_open(session)
    check_requests_open(session, timezone.now())
    requester, recipient = _registration(requester), _registration(recipient)
    check_participant(requester, session)
    if recipient.pk == requester.pk:
        raise ValidationError({"recipient": _("You cannot request a meeting with yourself.")})
    if recipient.event_id != session.event_id or recipient.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            {
                "recipient": _("%s is not a confirmed participant of the event.")
                % recipient.badge_name
            }
        )
    if _profile(requester) is None:
        raise ValidationError(_("Create your matchmaking profile before you request meetings."))
    profile = _profile(recipient)
    if profile is None or not profile.is_visible:
        raise ValidationError(
            {"recipient": _("%s is not in the participant directory.") % recipient.badge_name}
        )
    if time_preference not in TimePreference.values:
        raise ValidationError({"time_preference": _("Choose any time, morning or afternoon.")})
    if not session.slots.exists():
        raise ValidationError(_("“%s” has no meeting slots yet.") % session.title)
    message = _check_message(message)
    between = MeetingRequest.objects.filter(meeting_session=session, status__in=OPEN)
    if between.filter(requester=recipient, recipient=requester).exists():
        raise ValidationError(
            _("%s already asked you for a meeting in this session: answer their request.")
            % recipient.badge_name
        )
    if between.filter(requester=requester, recipient=recipient).exists():
        raise ValidationError(
            _("You already have an open request to %(who)s in “%(session)s”.")
            % {"who": recipient.badge_name, "session": session.title}
        )
    request = MeetingRequest.objects.create(
        meeting_session=session,
        requester=requester,
        recipient=recipient,
        message=message,
        time_preference=time_preference,
    )
    log_activity(
        actor=actor,
        action="meeting_request.send",
        obj=request,
        data={"session": session.pk, "recipient": recipient.pk},
    )
    notifications.notify_requested(request, actor=actor)
    return request


def _check_pending(request: MeetingRequest) -> None:
    if request.status != MeetingRequestStatus.PENDING:
        raise ValidationError(
            _("The request is already %s.") % request.get_status_display().lower()
        )


def _check_meeting_limit(session: MeetingSession, request: MeetingRequest) -> None:
    slots = session.slots.count()
    for party, own in ((request.recipient, True), (request.requester, False)):
        count = Meeting.objects.filter(meetings_of(party.pk), meeting_session=session).count()
        if count >= slots:
            text = (
                _(
                    "You already have %(count)d accepted meetings in “%(session)s”, as many as "
                    "it has slots (%(slots)d)."
                )
                if own
                else _(
                    "%(who)s already has %(count)d accepted meetings in “%(session)s”, as many "
                    "as it has slots (%(slots)d)."
                )
            )
            raise ValidationError(
                text
                % {
                    "who": party.badge_name,
                    "count": count,
                    "session": session.title,
                    "slots": slots,
                }
            )


@transaction.atomic
def accept_meeting_request(
    *, actor: Any, meeting_request: MeetingRequest, message: str = ""
) -> Meeting:
    """The recipient accepts a pending request: its meeting is created, not yet placed.

    Refused once requests are closed, when either party is no longer a confirmed participant,
    and when either already has as many accepted meetings in the session as it has slots.
    The requester is notified. Records ``meeting_request.accept``.
    """
    session, request = _locked_request(meeting_request)
    _check_pending(request)
    check_matchmaking_open(session)
    check_requests_open(session, timezone.now())
    check_participant(request.recipient, session)
    if request.requester.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("%s is no longer a confirmed participant.") % request.requester.badge_name
        )
    _check_meeting_limit(session, request)
    request.status = MeetingRequestStatus.ACCEPTED
    request.response_message = _check_message(message)
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "response_message", "responded_at"])
    meeting = Meeting.objects.create(request=request, meeting_session=session)
    log_activity(
        actor=actor, action="meeting_request.accept", obj=request, data={"meeting": meeting.pk}
    )
    notifications.notify_answered(request, actor=actor)
    return meeting


@transaction.atomic
def decline_meeting_request(
    *, actor: Any, meeting_request: MeetingRequest, message: str = ""
) -> MeetingRequest:
    """The recipient declines a pending request, optionally saying why (the requester reads
    it in the notification). Records ``meeting_request.decline``."""
    _session, request = _locked_request(meeting_request)
    _check_pending(request)
    request.status = MeetingRequestStatus.DECLINED
    request.response_message = _check_message(message)
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "response_message", "responded_at"])
    log_activity(actor=actor, action="meeting_request.decline", obj=request)
    notifications.notify_answered(request, actor=actor)
    return request


@transaction.atomic
def cancel_meeting_request(
    *, actor: Any, meeting_request: MeetingRequest, message: str = ""
) -> MeetingRequest:
    """Either party cancels a pending or accepted request.

    An accepted request's meeting is deleted, which frees its slot and table, even when the
    organisers had locked it (they are then notified, since their schedule changes). A
    meeting that has started, or whose attendance is recorded, can no longer be cancelled.
    The other party is notified. Records ``meeting_request.cancel``.
    """
    session, request = _locked_request(meeting_request)
    if request.status not in OPEN:
        raise ValidationError(
            _("The request is already %s.") % request.get_status_display().lower()
        )
    message = _check_message(message)
    meeting = Meeting.objects.select_related("slot").filter(request=request).first()
    locked_slot = None
    data: dict[str, Any] = {"was": request.status}
    if meeting is not None:
        if meeting.attendance != MeetingAttendance.PLANNED or (
            meeting.slot is not None and timezone.now() >= meeting.slot.starts_at
        ):
            raise ValidationError(_("The meeting has already taken place; it cannot be cancelled."))
        locked_slot = meeting.slot if meeting.locked else None
        data.update(meeting=meeting.pk, slot=meeting.slot_id, locked=meeting.locked)
        meeting.delete()
    by = actor_registration(actor, session.event_id)
    if by is not None and by.pk not in (request.requester_id, request.recipient_id):
        by = None
    request.status = MeetingRequestStatus.CANCELLED
    request.save(update_fields=["status"])
    log_activity(actor=actor, action="meeting_request.cancel", obj=request, data=data)
    notifications.notify_cancelled(
        request, actor=actor, by=by, message=message, locked_slot=locked_slot
    )
    return request
