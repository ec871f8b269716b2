"""A small world for the calendar and registration tests.

Countries BE and CZ with the regions BE10 and CZ06; the "energy" platform with the hydrogen
and batteries areas; an SME in CZ06. People: ``staff`` (a facilitator), ``organiser``
(event-organiser role, named organiser of ``event``), ``other_organiser`` (the role, and
organiser of ``other_event`` only), ``participant`` (a confirmed delegate of ``event``, member
of the SME) and ``other`` (signed in, nothing else).

``event`` is the published "Smart Regions Conference 2027" (Brussels, 10 March 2027, 09:00-17:00
Europe/Brussels), no capacity limit, consent text set. The clock stands still at
1 February 2027, 11:00 UTC (``clock`` moves it).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core.cache import cache

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.regions import (
    CountryFactory,
    RegionFactory,
    ThematicAreaFactory,
    ThematicPlatformFactory,
)

NOW = dt.datetime(2027, 2, 1, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    """Time stands still at ``NOW`` (``clock.move_to(...)`` / ``clock.shift(...)`` move it)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Anonymous API throttling counts start from zero."""
    cache.clear()
    yield
    cache.clear()


def member(role: str, **fields) -> object:
    user = UserFactory(**fields)
    grant_membership(actor=None, user=user, role=role)
    return user


@pytest.fixture
def ew(db):
    be = CountryFactory(code="BE", iso_code="BE", name="Belgium")
    cz = CountryFactory(code="CZ", iso_code="CZ", name="Czechia")
    be10 = RegionFactory(code="BE10", country=be, name_latin="Région de Bruxelles-Capitale")
    cz06 = RegionFactory(code="CZ06", country=cz, name_latin="Jihovýchod")
    platform = ThematicPlatformFactory(slug="energy", name="Energy")
    hydrogen = ThematicAreaFactory(slug="hydrogen", name="Hydrogen", platform=platform)
    batteries = ThematicAreaFactory(slug="batteries", name="Batteries", platform=platform)
    sme = create_organisation(
        actor=None, name="Brno Valves s.r.o.", type=OrganisationType.SME, region=cz06
    )
    staff = member(Role.FACILITATOR, full_name="Fiona Facilitator", email="staff@example.eu")
    organiser = member(Role.EVENT_ORGANISER, full_name="Olga Organiser", email="olga@example.eu")
    other_organiser = member(Role.EVENT_ORGANISER, full_name="Otto Other", email="otto@example.eu")
    participant = UserFactory(full_name="Petra Nováková", email="petra@example.eu")
    grant_membership(actor=None, user=participant, role=Role.ORGANISATION_MEMBER, organisation=sme)
    other = UserFactory(full_name="Ursula User", email="ursula@example.eu")
    event = EventFactory(
        slug="smart-regions-2027",
        title="Smart Regions Conference 2027",
        summary="Where interregional partnerships start.",
        venue="The Square",
        country=be,
        region=be10,
        thematic_platform=platform,
        organisers=[organiser],
    )
    event.thematic_areas.set([hydrogen])
    other_event = EventFactory(
        slug="other-event", title="Other Workshop", organisers=[other_organiser]
    )
    registration = RegistrationFactory(
        event=event, user=participant, badge_name="Petra Nováková", organisation=sme, region=cz06
    )
    return SimpleNamespace(**locals())
