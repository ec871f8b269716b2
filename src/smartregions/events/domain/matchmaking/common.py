"""Checks and small helpers shared by the matchmaking steps: the event lock, the event's
state, who takes part, time preferences, times shown in the event's zone.

The session lock, tables per slot and the morning / afternoon rule live in
:mod:`smartregions.events.domain.meeting_sessions` (one rule each, shared with the scheduler).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import dateformat
from django.utils.translation import gettext as _

from smartregions.events.domain.meeting_sessions import is_morning
from smartregions.events.enums import (
    EventStatus,
    MeetingAttendance,
    RegistrationStatus,
    SchedulingMode,
    TimePreference,
)
from smartregions.events.models import Event, Meeting, MeetingSession, MeetingSlot, Registration


def lock_event(event_id: int) -> Event:
    """The event's row, locked until the transaction ends.

    Why: a participant meets once at a time across all the event's meeting sessions, so
    placing a meeting (a participant's pick, an organiser's move) checks clashes in every
    session; locking the event (before any session) makes two such placements in different
    sessions run one after the other.
    """
    return Event.objects.select_for_update().get(pk=event_id)


def placements_visible(meeting_session: MeetingSession) -> bool:
    """Whether participants see where the session's meetings are placed: once the schedule is
    published, or at once when participants pick their slots."""
    return (
        meeting_session.schedule_published
        or meeting_session.mode == SchedulingMode.PARTICIPANTS_PICK
    )


def check_matchmaking_open(meeting_session: MeetingSession) -> None:
    """Refuse unless the session's event is published and offers matchmaking."""
    event = meeting_session.event
    if not event.matchmaking_enabled:
        raise ValidationError(_("This event has no B2B matchmaking."))
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("The event is not open: meetings can no longer be arranged."))


def check_requests_open(meeting_session: MeetingSession, now: dt.datetime) -> None:
    """Refuse once the session's requests are closed (``requests_close_at`` has passed)."""
    closes = meeting_session.requests_close_at
    if closes is not None and now >= closes:
        raise ValidationError(
            _("Meeting requests for “%(session)s” closed on %(when)s.")
            % {
                "session": meeting_session.title,
                "when": format_time(closes, meeting_session.event.timezone),
            }
        )


def check_participant(registration: Registration | None, meeting_session: MeetingSession) -> None:
    """Refuse unless ``registration`` is a confirmed registration to the session's event."""
    if (
        registration is None
        or registration.event_id != meeting_session.event_id
        or registration.status != RegistrationStatus.CONFIRMED
    ):
        raise ValidationError(
            _("Only confirmed participants of the event take part in B2B meetings.")
        )


def suits_preference(slot: MeetingSlot, preference: str, zone: str) -> bool:
    """Whether ``slot`` suits a request's time preference (morning, afternoon or any)."""
    if preference == TimePreference.MORNING:
        return is_morning(slot.starts_at, zone)
    if preference == TimePreference.AFTERNOON:
        return not is_morning(slot.starts_at, zone)
    return True


def preference_problem(slot: MeetingSlot, preference: str, zone: str) -> str | None:
    """Why ``slot`` does not suit a request's time preference, or None when it does."""
    if suits_preference(slot, preference, zone):
        return None
    when = format_slot(slot, zone)
    if preference == TimePreference.MORNING:
        return _("The request asks for a morning meeting; %s is in the afternoon.") % when
    return _("The request asks for an afternoon meeting; %s is in the morning.") % when


def format_time(value: dt.datetime, zone: str) -> str:
    """``value`` in ``zone``, labelled: ``10 March 2027, 09:00 (Europe/Brussels)``."""
    return f"{dateformat.format(value.astimezone(ZoneInfo(zone)), 'j F Y, H:i')} ({zone})"


def format_slot(slot: MeetingSlot, zone: str) -> str:
    """A slot in ``zone``, labelled: ``10 March 2027, 09:00-09:25 (Europe/Brussels)``."""
    tz = ZoneInfo(zone)
    start = dateformat.format(slot.starts_at.astimezone(tz), "j F Y, H:i")
    end = dateformat.format(slot.ends_at.astimezone(tz), "H:i")
    return f"{start}\N{EN DASH}{end} ({zone})"


def meetings_of(registration_id: int) -> Q:
    """Meetings ``registration_id`` takes part in (as requester or recipient)."""
    return Q(request__requester_id=registration_id) | Q(request__recipient_id=registration_id)


def partner_of(meeting: Meeting, registration_id: int) -> Registration:
    """The other party of ``meeting`` seen from ``registration_id``."""
    request = meeting.request
    return request.recipient if request.requester_id == registration_id else request.requester


def side_of(meeting: Meeting, registration_id: int) -> str | None:
    """``"requester"`` or ``"recipient"``: which party ``registration_id`` is (None: neither)."""
    if meeting.request.requester_id == registration_id:
        return "requester"
    if meeting.request.recipient_id == registration_id:
        return "recipient"
    return None


def check_not_no_show(meeting: Meeting) -> None:
    """Refuse for a meeting the organisers marked as a no-show."""
    if meeting.attendance == MeetingAttendance.NO_SHOW:
        raise ValidationError(_("The meeting was marked as a no-show."))


def registration_label(registration: Registration) -> str:
    """How a participant is named in messages: badge name and organisation."""
    organisation = registration.organisation
    return (
        f"{registration.badge_name} ({organisation.name})"
        if organisation
        else (registration.badge_name)
    )


def actor_registration(actor: Any, event_id: int) -> Registration | None:
    """``actor``'s confirmed registration to the event, if any."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(
            event_id=event_id, user=actor, status=RegistrationStatus.CONFIRMED
        )
        .select_related("organisation")
        .first()
    )
