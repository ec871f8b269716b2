"""Predicates shared by every area of the events app.

* Platform staff (administrators, facilitators) organise every event; holders of the
  ``event_organiser`` role create events and organise those they are named organisers of.
* A published or cancelled event is public; a draft is seen by its organisers only.
* A participant is someone whose registration to the event is confirmed.

Each predicate takes the event (areas pass ``obj.event``). Organiser ids and the user's
registration are memoised on the event object, so checking permissions for every row of a
page costs at most one query each.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.enums import Role
from smartregions.accounts.rules import is_active_user, is_platform_staff, summary_of
from smartregions.events.enums import EventStatus, RegistrationStatus


def organiser_ids(event: Any) -> frozenset[int]:
    """Ids of the event's named organisers (memoised on the event; uses a prefetch if any)."""
    cached = getattr(event, "_organiser_ids", None)
    if cached is None:
        cached = frozenset(user.pk for user in event.organisers.all())
        event._organiser_ids = cached
    return cached


def registration_of(user: Any, event: Any) -> Any | None:
    """``user``'s registration to ``event`` in any status, or None (memoised on the event)."""
    if not getattr(user, "is_authenticated", False) or event is None:
        return None
    cache = event.__dict__.setdefault("_registration_by_user", {})
    if user.pk not in cache:
        from smartregions.events.models import Registration

        cache[user.pk] = (
            Registration.objects.filter(event=event, user=user).select_related("event").first()
        )
    return cache[user.pk]


@rules.predicate
def can_create_events(user: Any) -> bool:
    """Platform staff, or holds the event-organiser role."""
    return is_platform_staff(user) or Role.EVENT_ORGANISER in summary_of(user).roles


@rules.predicate
def is_event_organiser(user: Any, event: Any) -> bool:
    """Platform staff, or a named organiser of this event (and still active)."""
    if event is None or not is_active_user(user):
        return False
    return is_platform_staff(user) or user.pk in organiser_ids(event)


@rules.predicate
def is_public_event(user: Any, event: Any) -> bool:
    """The event is published or cancelled (drafts are private to organisers)."""
    return event is not None and event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@rules.predicate
def is_published_event(user: Any, event: Any) -> bool:
    """The event is published (it takes registrations, requests, bookings)."""
    return event is not None and event.status == EventStatus.PUBLISHED


@rules.predicate
def is_confirmed_participant(user: Any, event: Any) -> bool:
    """Signed in, active, and registered to the event with a confirmed registration."""
    if not is_active_user(user):
        return False
    registration = registration_of(user, event)
    return registration is not None and registration.status == RegistrationStatus.CONFIRMED


can_view_event = is_public_event | is_event_organiser
