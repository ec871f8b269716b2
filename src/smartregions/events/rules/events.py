"""Permissions of the calendar, event management and registration (django-rules).

* Everyone, signed in or not, reads published and cancelled events; a draft is seen by its
  organisers only (platform staff organise every event).
* Platform staff and holders of the ``event_organiser`` role create events; an event's
  organisers edit it, publish or cancel it, name co-organisers, set up its registration
  questions and manage its registrations (list, approve, decline, cancel, check in, export,
  badges).
* Any signed-in user may register for a published event (the domain checks the dates, the
  capacity and the answers). A participant reads and cancels their own registration.

Predicates on a registration read ``registration.event``; organiser ids are memoised on the
event, so a list of registrations of one event costs one query for the check.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user
from smartregions.events.rules.base import (
    can_create_events,
    can_view_event,
    is_event_organiser,
    is_published_event,
)


@rules.predicate
def owns_registration(user: Any, registration: Any) -> bool:
    """The registration is the (active) user's own."""
    return registration is not None and is_active_user(user) and registration.user_id == user.pk


@rules.predicate
def organises_registration_event(user: Any, registration: Any) -> bool:
    """Organises the event of ``registration``."""
    return registration is not None and is_event_organiser(user, registration.event)


rules.add_perm("events.add_event", can_create_events)
rules.add_perm("events.view_event", can_view_event)
rules.add_perm("events.change_event", is_event_organiser)
rules.add_perm("events.manage_registrations", is_event_organiser)
rules.add_perm("events.register", is_active_user & is_published_event)
rules.add_perm("events.view_registration", owns_registration | organises_registration_event)
rules.add_perm("events.cancel_registration", owns_registration | organises_registration_event)
rules.add_perm("events.decide_registration", organises_registration_event)
