"""Who hears about meeting requests and meetings, and what they are told (in-app and e-mail).

The parties hear about each step the other party (or an organiser) took: a request received,
accepted, declined or cancelled, a slot picked, and a meeting the organisers moved or unplaced
in a schedule the parties can see. The organisers hear when a meeting they had
locked in the schedule is cancelled, since the schedule they published changes. Recipients are
read inside the caller's transaction;
:func:`~smartregions.common.domain.notifications.notify` sends the e-mails once it commits.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.accounts.domain.queries import platform_staff_users
from smartregions.common.domain.notifications import notify
from smartregions.events.domain.matchmaking.common import format_slot, registration_label
from smartregions.events.models import Event, Meeting, MeetingRequest, Registration


def meetings_url(event: Event) -> str:
    """The site-relative link of the event's B2B meetings page (requests and meetings)."""
    return reverse("web:event-meetings", args=[event.slug])


def meeting_url(meeting: Meeting) -> str:
    """The site-relative link of one meeting's page."""
    return reverse("web:event-meeting", args=[meeting.meeting_session.event.slug, meeting.pk])


def organiser_users(event: Event) -> list[Any]:
    """The event's named organisers, or platform staff when it names none."""
    named = list(event.organisers.all())
    return named or platform_staff_users()


def notify_requested(request: MeetingRequest, *, actor: Any) -> None:
    """Tell the recipient that someone asks them for a meeting."""
    session = request.meeting_session
    notify(
        recipients=[request.recipient.user],
        kind="meeting.requested",
        title=_("%(who)s asks you for a meeting (%(session)s)")
        % {"who": registration_label(request.requester), "session": session.title},
        body=request.message,
        url=meetings_url(session.event),
        exclude=actor,
    )


def notify_answered(request: MeetingRequest, *, actor: Any) -> None:
    """Tell the requester that the recipient accepted or declined."""
    session = request.meeting_session
    notify(
        recipients=[request.requester.user],
        kind=f"meeting.{request.status}",
        title=_("%(who)s %(answer)s your meeting request (%(session)s)")
        % {
            "who": registration_label(request.recipient),
            "answer": request.get_status_display().lower(),
            "session": session.title,
        },
        body=request.response_message,
        url=meetings_url(session.event),
        exclude=actor,
    )


def notify_cancelled(
    request: MeetingRequest,
    *,
    actor: Any,
    by: Registration | None,
    message: str,
    locked_slot: Any,
) -> None:
    """Tell the other party that the request (or meeting) is cancelled, and the organisers when
    the meeting was locked in the schedule (``locked_slot`` is its slot, else None)."""
    session = request.meeting_session
    event = session.event
    parties = [request.requester, request.recipient]
    others = [p.user for p in parties if by is None or p.pk != by.pk]
    who = registration_label(by) if by is not None else _("The organisers")
    between = _("%(a)s and %(b)s") % {
        "a": registration_label(request.requester),
        "b": registration_label(request.recipient),
    }
    notify(
        recipients=others,
        kind="meeting.cancelled",
        title=_("%(who)s cancelled the meeting request (%(session)s)")
        % {"who": who, "session": session.title},
        body=message,
        url=meetings_url(event),
        exclude=actor,
    )
    if locked_slot is not None:
        notify(
            recipients=organiser_users(event),
            kind="meeting.locked_cancelled",
            title=_("A locked meeting was cancelled: %(between)s") % {"between": between},
            body=_("%(who)s cancelled the meeting locked at %(when)s in “%(session)s”.")
            % {
                "who": who,
                "when": format_slot(locked_slot, event.timezone),
                "session": session.title,
            },
            url=meetings_url(event),
            exclude=actor,
        )


def notify_slot_picked(meeting: Meeting, *, actor: Any, by: Registration) -> None:
    """Tell the other party the slot and table one party picked."""
    event = meeting.meeting_session.event
    other = (
        meeting.request.recipient
        if meeting.request.requester_id == by.pk
        else (meeting.request.requester)
    )
    notify(
        recipients=[other.user],
        kind="meeting.slot_picked",
        title=_("%(who)s picked %(when)s, table %(table)d, for your meeting")
        % {
            "who": registration_label(by),
            "when": format_slot(meeting.slot, event.timezone),
            "table": meeting.table_number,
        },
        url=meeting_url(meeting),
        exclude=actor,
    )


def notify_schedule_changed(meeting: Meeting, *, actor: Any, moved: bool) -> None:
    """Tell both parties that the organisers moved their meeting (``moved``: to its current
    slot and table) or took it out of the schedule they could already see."""
    session = meeting.meeting_session
    event = session.event
    between = _("%(a)s and %(b)s") % {
        "a": registration_label(meeting.request.requester),
        "b": registration_label(meeting.request.recipient),
    }
    if moved:
        title = _("Your B2B meeting moved to %(when)s, table %(table)d") % {
            "when": format_slot(meeting.slot, event.timezone),
            "table": meeting.table_number,
        }
        body = _("The organisers moved the meeting of %(between)s in “%(session)s”.")
    else:
        title = _("Your B2B meeting was taken out of the schedule")
        body = _(
            "The organisers took the meeting of %(between)s in “%(session)s” out of the "
            "schedule; it has no time for now."
        )
    notify(
        recipients=[meeting.request.requester.user, meeting.request.recipient.user],
        kind="meeting.moved" if moved else "meeting.unplaced",
        title=title,
        body=body % {"between": between, "session": session.title},
        url=meeting_url(meeting),
        exclude=actor,
    )
