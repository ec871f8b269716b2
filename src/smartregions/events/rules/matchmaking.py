"""Who may do what in B2B matchmaking (django-rules), participant side.

* Matchmaking exists only on events with ``matchmaking_enabled``; on others every permission
  here is refused.
* Confirmed participants of a published event take part: they keep a profile, browse the
  directory and their suggestions, send requests, mark the slots they cannot attend.
* The directory and the profiles shown in it are read by participants and organisers; a
  hidden profile is read only by its owner and the organisers.
* The two parties of a request (requester and recipient) see it; the recipient answers it,
  either side cancels it. The parties of a meeting pick its slot (the domain refuses when the
  session is scheduled by the organiser), check in and answer the post-meeting question.
* Organisers (named organisers and platform staff) see every request and meeting of their
  event, check participants in and mark attendance (held / no-show).

A party whose registration is no longer confirmed loses every right of a party. Whether the
request or meeting is still in a state for the step is the domain's business
(:mod:`smartregions.events.domain.matchmaking`); these rules say *who*.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.events.rules.base import (
    is_confirmed_participant,
    is_event_organiser,
    is_public_event,
    is_published_event,
    registration_of,
)


def _event_of(obj: Any) -> Any:
    """The event of a matchmaking object (an event, session, profile, request or meeting)."""
    if obj is None:
        return None
    if hasattr(obj, "matchmaking_enabled"):
        return obj
    if hasattr(obj, "meeting_session"):
        return obj.meeting_session.event
    if hasattr(obj, "registration"):
        return obj.registration.event
    return obj.event


def _parties(obj: Any) -> tuple[int, int] | None:
    """Registration ids of the requester and recipient of a request or a meeting."""
    if obj is None:
        return None
    request = obj.request if hasattr(obj, "request") else obj
    return (request.requester_id, request.recipient_id)


def _own_registration_id(user: Any, obj: Any) -> int | None:
    """Id of ``user``'s confirmed registration to ``obj``'s event, if any."""
    event = _event_of(obj)
    if not is_confirmed_participant(user, event):
        return None
    return registration_of(user, event).pk


@rules.predicate
def has_matchmaking(user: Any, obj: Any) -> bool:
    """The object's event offers B2B matchmaking."""
    event = _event_of(obj)
    return event is not None and event.matchmaking_enabled


@rules.predicate
def organises(user: Any, obj: Any) -> bool:
    """Organises the object's event (named organiser or platform staff)."""
    return is_event_organiser(user, _event_of(obj))


@rules.predicate
def participates(user: Any, obj: Any) -> bool:
    """A confirmed participant of the object's public event."""
    event = _event_of(obj)
    return is_public_event(user, event) and is_confirmed_participant(user, event)


@rules.predicate
def event_is_open(user: Any, obj: Any) -> bool:
    """The object's event is published (takes requests)."""
    return is_published_event(user, _event_of(obj))


@rules.predicate
def is_party(user: Any, obj: Any) -> bool:
    """A confirmed participant who is the requester or the recipient of the request/meeting."""
    own = _own_registration_id(user, obj)
    parties = _parties(obj)
    return own is not None and parties is not None and own in parties


@rules.predicate
def is_recipient(user: Any, obj: Any) -> bool:
    """A confirmed participant who received the request."""
    own = _own_registration_id(user, obj)
    return own is not None and obj is not None and obj.recipient_id == own


@rules.predicate
def owns_profile(user: Any, profile: Any) -> bool:
    """The profile is the user's (confirmed registration)."""
    own = _own_registration_id(user, profile)
    return own is not None and profile.registration_id == own


@rules.predicate
def is_visible_profile(user: Any, profile: Any) -> bool:
    """The profile is shown in the directory."""
    return profile is not None and profile.is_visible


views_matchmaking = has_matchmaking & (organises | participates)
takes_part = has_matchmaking & event_is_open & participates

rules.add_perm("events.view_matchmaking", views_matchmaking)
rules.add_perm("events.take_part_in_matchmaking", takes_part)
rules.add_perm(
    "events.view_matchmaking_profile",
    views_matchmaking & (is_visible_profile | owns_profile | organises),
)
rules.add_perm("events.set_availability", takes_part)
rules.add_perm("events.view_meeting_request", has_matchmaking & (is_party | organises))
rules.add_perm("events.answer_meeting_request", has_matchmaking & is_recipient)
rules.add_perm("events.cancel_meeting_request", has_matchmaking & is_party)
rules.add_perm("events.view_meeting", has_matchmaking & (is_party | organises))
rules.add_perm("events.pick_meeting_slot", has_matchmaking & is_party)
rules.add_perm("events.check_in_meeting", has_matchmaking & (is_party | organises))
rules.add_perm("events.mark_meeting_attendance", has_matchmaking & organises)
rules.add_perm("events.answer_meeting_outcome", has_matchmaking & is_party)
rules.add_perm("events.view_meeting_attendance", has_matchmaking & organises)
rules.add_perm("events.view_own_meetings", has_matchmaking & participates)
