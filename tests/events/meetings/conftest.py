"""A small brokerage event for the B2B meetings tests.

"Hydrogen brokerage" (``h2``, Europe/Brussels, organised by ``organiser``) has one meeting
session "Morning B2B" where participants pick slots, with 2 tables and five slots: 09:00,
09:30, 10:00, 10:30 and 14:00 local time (08:00 ... 09:30 and 13:00 UTC), each 25 minutes.

Participants (confirmed, with visible profiles): Ana Nováková of Ostrava Hydrogen (an SME in
CZ08, NACE 28.29), Ben Braun of the Stuttgart Institute (research, DE11, NACE 72.19) and Cara
Costa (no organisation, region AT13). ``outsider`` is signed in but not registered; ``other_org``
organises another matchmaking event; ``staff`` is a platform facilitator.

Everything happens on 1 March 2027, 12:00 UTC (frozen) unless a test moves the clock.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import (
    EventFactory,
    MatchmakingProfileFactory,
    RegistrationFactory,
    make_slots,
)
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import CountryFactory, RegionFactory, TermFactory

from smartregions.accounts.enums import Role
from smartregions.events.enums import EventKind, SchedulingMode
from smartregions.events.models import MeetingSession
from smartregions.organisations.enums import OrganisationType

NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def participant(event, user, *, organisation=None, region=None, **profile):
    """A confirmed registration of ``user`` with a visible profile (``profile`` overrides)."""
    registration = RegistrationFactory(
        event=event,
        user=user,
        badge_name=user.full_name,
        organisation=organisation,
        region=region,
    )
    MatchmakingProfileFactory(registration=registration, **profile)
    return registration


@pytest.fixture
def mw(db):
    """The meetings world (see the module docstring)."""
    cz = CountryFactory(code="CZ", name="Czechia")
    de = CountryFactory(code="DE", name="Germany")
    at = CountryFactory(code="AT", name="Austria")
    cz08 = RegionFactory(code="CZ08", country=cz, name_latin="Moravskoslezsko")
    de11 = RegionFactory(code="DE11", country=de, name_latin="Stuttgart")
    at13 = RegionFactory(code="AT13", country=at, name_latin="Wien")
    machinery = TermFactory(code="28.29", label="Manufacture of other machinery")
    research = TermFactory(code="72.19", label="Other research on natural sciences")
    ostrava = OrganisationFactory(name="Ostrava Hydrogen", region=cz08)
    ostrava.nace_codes.set([machinery])
    stuttgart = OrganisationFactory(
        name="Stuttgart Institute", region=de11, type=OrganisationType.RESEARCH
    )
    stuttgart.nace_codes.set([research])

    organiser = UserFactory(full_name="Olga Organiser")
    event = EventFactory(
        slug="h2",
        title="Hydrogen brokerage",
        kind=EventKind.BROKERAGE,
        matchmaking_enabled=True,
        venue="Congress Centre",
        organisers=[organiser],
    )
    session = MeetingSession.objects.create(
        event=event, title="Morning B2B", mode=SchedulingMode.PARTICIPANTS_PICK, tables=2
    )
    slots = make_slots(session, 4)
    slots.append(
        session.slots.create(
            starts_at=event.starts_at + dt.timedelta(hours=5),
            ends_at=event.starts_at + dt.timedelta(hours=5, minutes=25),
        )
    )
    ana, ben, cara = (
        UserFactory(full_name="Ana Nováková"),
        UserFactory(full_name="Ben Braun"),
        UserFactory(full_name="Cara Costa"),
    )
    staff = UserFactory(full_name="Fiona Facilitator")
    MembershipFactory(user=staff, role=Role.FACILITATOR)
    other_org = UserFactory(full_name="Otto Other")
    EventFactory(
        slug="other", kind=EventKind.BROKERAGE, matchmaking_enabled=True, organisers=[other_org]
    )
    return SimpleNamespace(
        event=event,
        session=session,
        slots=slots,
        organiser=organiser,
        other_org=other_org,
        staff=staff,
        outsider=UserFactory(full_name="Oscar Outsider"),
        ana=ana,
        ben=ben,
        cara=cara,
        ana_reg=participant(
            event,
            ana,
            organisation=ostrava,
            headline="Hydrogen storage start-up",
            offering="We build compact hydrogen storage tanks for city buses.",
            seeking="Research partners for electrolyser testing and pilot customers.",
        ),
        ben_reg=participant(
            event,
            ben,
            organisation=stuttgart,
            headline="Electrolyser research lab",
            offering="Electrolyser testing facilities and research on hydrogen storage materials.",
            seeking="Industrial partners with hydrogen storage tanks for pilots.",
        ),
        cara_reg=participant(
            event,
            cara,
            region=at13,
            headline="Cluster manager",
            offering="Access to the regional automotive cluster.",
            seeking="Start-ups in battery recycling.",
        ),
        cz=cz,
        de=de,
        at=at,
        machinery=machinery,
        research=research,
        ostrava=ostrava,
        stuttgart=stuttgart,
    )
