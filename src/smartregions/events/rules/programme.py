"""Who may do what with the programme: rooms, sessions, speakers and personal agendas.

* Everyone who may see the event (it is public, or they organise it) reads its programme and
  downloads it as an iCalendar file.
* The event's organisers (and platform staff) manage rooms, sessions and speakers, and see the
  programme's conflicts (a room double-booked, a speaker in two places).
* A confirmed participant keeps a personal agenda: they see it while the event is public and
  add or remove sessions while it is published.

Every permission is checked against the event (``session.event`` for a session's page).
"""

from __future__ import annotations

import rules

from smartregions.events.rules.base import (
    can_view_event,
    is_confirmed_participant,
    is_event_organiser,
    is_public_event,
    is_published_event,
)

rules.add_perm("events.view_programme", can_view_event)
rules.add_perm("events.manage_programme", is_event_organiser)
rules.add_perm("events.view_programme_conflicts", is_event_organiser)
rules.add_perm("events.view_agenda", is_confirmed_participant & is_public_event)
rules.add_perm("events.change_agenda", is_confirmed_participant & is_published_event)
