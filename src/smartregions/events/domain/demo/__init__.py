"""Demo events for ``smartregions demo``, all organised by the demo organiser login
(:data:`ORGANISER_EMAIL`) and built through the events domain functions, so the demo walks
through the same rules, activity log and notifications as real use:

* **Smart Regions Conference (demo)** (:mod:`.conference`, :mod:`.showcase`, :mod:`.tables`):
  two days about three months ahead, full with a waiting list, a programme with one speaker
  conflict, personal agendas, an exhibition, pitches and table discussions with a harvest.
* **Hydrogen Valleys brokerage event (demo)** (:mod:`.brokerage`): B2B matchmaking about two
  months ahead, with profiles, about 250 meeting requests, two locked meetings and one
  scheduler run whose schedule is published.
* **Hydrogen skills workshop (demo)** (:mod:`.workshop`): last month, with held and missed
  meetings and "did it lead to cooperation?" answers for the statistics.

The participants are synthetic people (``participantNNN@demo.smartregions.eu``, no usable
password) working for organisations of the synthetic registry, plus the demo logins passed in
(region representatives and the organisation member). Every event's title ends with "(demo)"
and its description says it is demo content. Builds on the synthetic registry (and on the
partnerships demo for pitches and follow-ups); does nothing without it. Safe to run again: an
event whose address exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from smartregions.accounts.models import User
from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.demo.brokerage import BROKERAGE_SLUG, load_brokerage
from smartregions.events.domain.demo.common import DemoWorld
from smartregions.events.domain.demo.conference import CONFERENCE_SLUG, load_conference
from smartregions.events.domain.demo.people import (
    ORGANISER_EMAIL,
    ORGANISER_NAME,
    DemoLogin,
    demo_user,
    login_people,
    participant_pool,
    registry_organisations,
)
from smartregions.events.domain.demo.showcase import load_exhibition, load_pitches
from smartregions.events.domain.demo.tables import load_discussions
from smartregions.events.domain.demo.workshop import WORKSHOP_SLUG, load_workshop
from smartregions.events.enums import RegistrationStatus
from smartregions.events.models import Event, Meeting
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.models import Partnership
from smartregions.regions.domain.synthetic import DEFAULT_SEED
from smartregions.regions.models import Country

__all__ = [
    "DEMO_SLUGS",
    "ORGANISER_EMAIL",
    "DemoLogin",
    "delete_demo_events",
    "ensure_demo_organiser",
    "load_demo_events",
]

#: The addresses of the demo events (what ``smartregions demo --reset`` deletes).
DEMO_SLUGS = (CONFERENCE_SLUG, BROKERAGE_SLUG, WORKSHOP_SLUG)


def ensure_demo_organiser() -> User:
    """The demo organiser login's user (created without a usable password if missing; the
    account step of ``smartregions demo`` sets its password and role)."""
    return demo_user(ORGANISER_EMAIL, ORGANISER_NAME)


def _world(seed: int, logins: Sequence[DemoLogin], today: dt.date) -> DemoWorld | None:
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    organisations = registry_organisations(rng)
    if not organisations:
        return None
    people = login_people(logins)
    member = next((p for p in people if p.organisation is not None), None)
    partnerships = list(
        Partnership.objects.filter(is_synthetic=True, status=PartnershipStatus.ACTIVE).order_by(
            "acronym", "pk"
        )
    )
    return DemoWorld(
        organiser=ensure_demo_organiser(),
        people=participant_pool(organisations),
        logins=people,
        member=member,
        partnerships=partnerships,
        country=Country.objects.filter(code="BE").first(),
        today=today,
        rng=rng,
    )


def _conference(world: DemoWorld) -> str:
    conference, entries = load_conference(world)
    event = conference.event
    stands, bookings = load_exhibition(world, event, conference.attendees)
    pitches = load_pitches(world, event, conference.sessions)
    talks = load_discussions(
        world, event, conference.sessions, conference.attendees, conference.registrations
    )
    statuses = [r.status for r in conference.registrations.values()]
    return (
        f"conference: {statuses.count(RegistrationStatus.CONFIRMED)} confirmed and "
        f"{statuses.count(RegistrationStatus.WAITLISTED)} waitlisted, "
        f"{len(conference.sessions)} sessions, {entries} agenda entries, {stands} stands with "
        f"{bookings} bookings, {len(pitches)} pitches, {talks.tables} tables with "
        f"{talks.notes} notes and {talks.conclusions} conclusions"
    )


@transaction.atomic
def load_demo_events(
    *,
    seed: int = DEFAULT_SEED,
    logins: Sequence[DemoLogin] = (),
    today: dt.date | None = None,
) -> str:
    """Create the demo events (see the module docstring) around ``today`` (default: today);
    ``logins`` take part as well. Returns a one-line summary.

    Each event is made once: an event whose address exists is left alone, so a second run
    changes nothing. Logs ``event.demo_load``.
    """
    existing = set(Event.objects.filter(slug__in=DEMO_SLUGS).values_list("slug", flat=True))
    if existing == set(DEMO_SLUGS):
        return "already present"
    world = _world(seed, logins, today or timezone.localdate())
    if world is None:
        return "skipped: the synthetic registry is not loaded"
    parts = []
    if CONFERENCE_SLUG not in existing:
        parts.append(_conference(world))
    brokerage_people = None
    if BROKERAGE_SLUG not in existing:
        brokerage = load_brokerage(world)
        run = brokerage.run
        parts.append(
            f"brokerage event: {brokerage.profiles} profiles, {brokerage.requests} requests, "
            f"{run.placed} of {run.meetings_total} meetings scheduled ({run.status})"
        )
        brokerage_people = brokerage.people
    if WORKSHOP_SLUG not in existing:
        workshop = load_workshop(world, brokerage_people or world.people)
        parts.append(
            f"past workshop: {workshop.placed} meetings, {workshop.held} held, "
            f"{workshop.no_shows} no-shows, {workshop.answers} cooperation answers"
        )
    log_activity(actor=None, action="event.demo_load", data={"seed": seed, "made": parts})
    return "; ".join(parts)


@transaction.atomic
def delete_demo_events(*, actor: User | None = None) -> int:
    """Delete the demo events with everything in them (registrations, programme, exhibition,
    pitches, discussions, meetings), for ``smartregions demo --reset``.

    Run it before the synthetic registry and the demo partnerships are deleted (stand bookings
    protect their organisations). The synthetic people keep their accounts, as the other demos'
    people do. Returns the rows deleted; logs ``event.demo_delete``.
    """
    # Meetings first: deleting a slot would set a placed meeting's slot to NULL while it keeps
    # its table, which the meeting's check constraint refuses before the cascade reaches it.
    meetings, _ = Meeting.objects.filter(meeting_session__event__slug__in=DEMO_SLUGS).delete()
    rows, _ = Event.objects.filter(slug__in=DEMO_SLUGS).delete()
    rows += meetings
    log_activity(actor=actor, action="event.demo_delete", data={"rows": rows})
    return rows
