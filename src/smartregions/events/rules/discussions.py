"""Who may do what with table discussions, their notes and the conclusions harvested.

* Whoever may see the event (published or cancelled; drafts: organisers) sees its rounds,
  tables, topics, hosts and rapporteurs (``events.view_discussions``, on the event).
* Confirmed participants of a published event sign up for a table, change or leave
  (``events.sign_up_for_table``, on the event); whether the round is open and the table has
  room is the domain's business.
* A table's rapporteur and host read, write, edit and submit the notes of that table while the
  event is public and their registration is confirmed; organisers do so for every table and
  also reopen submitted notes
  (``events.take_table_notes``, on the table).
* Organisers (named organisers and platform staff) set up rounds, tables and questions, assign
  and move participants, harvest the notes into conclusions with follow-up actions and export
  the report (``events.manage_discussions``, on the event; ``events.reopen_table_notes`` on
  the table).

Table predicates read ``table.round.event``: load tables with ``select_related("round__event")``
(and the event's organisers prefetched) so a page checks them without extra queries.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user
from smartregions.events.rules.base import (
    can_view_event,
    is_confirmed_participant,
    is_event_organiser,
    is_public_event,
    is_published_event,
)


def _event_of_table(table: Any) -> Any:
    return table.round.event if table is not None else None


@rules.predicate
def is_table_note_taker(user: Any, table: Any) -> bool:
    """Active, the table's rapporteur or host, and still a confirmed participant of its event
    (who cancels their registration loses the pen; organisers keep it through
    :func:`is_table_organiser`)."""
    if table is None or not is_active_user(user):
        return False
    if user.pk not in (table.rapporteur_id, table.host_id):
        return False
    return is_confirmed_participant(user, _event_of_table(table))


@rules.predicate
def is_table_event_public(user: Any, table: Any) -> bool:
    """The table's event is published or cancelled."""
    return is_public_event(user, _event_of_table(table))


@rules.predicate
def is_table_organiser(user: Any, table: Any) -> bool:
    """An organiser of the table's event (or platform staff)."""
    return is_event_organiser(user, _event_of_table(table))


rules.add_perm("events.view_discussions", can_view_event)
rules.add_perm("events.sign_up_for_table", is_published_event & is_confirmed_participant)
rules.add_perm("events.manage_discussions", is_event_organiser)
rules.add_perm(
    "events.take_table_notes",
    (is_table_note_taker & is_table_event_public) | is_table_organiser,
)
rules.add_perm("events.reopen_table_notes", is_table_organiser)
