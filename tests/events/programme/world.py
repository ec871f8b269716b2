"""A small world shared by the programme and exhibition tests.

The S3 Forum (``forum``) runs on 10 March 2027, 09:00-17:00 Europe/Brussels (08:00-16:00 UTC)
and is organised by ``organiser``; ``other_event`` is organised by ``other_organiser``.
Regions (NUTS 2021): CZ06 with CZ064 below it, and DE11. "Brno Valves" is an SME in CZ064.
"Hydrogen Valleys" is an active partnership led by CZ06 with DE11 as member; "Forming
Robotics" a forming one led by CZ06. Strategies: CZ06 has priorities "Advanced
manufacturing" and "Hydrogen", DE11 has "Automotive". Projects: "H2 Corridor" led by CZ06,
"Valve Pilot" led by DE11 with Brno Valves as partner organisation.

Users, one per role of the permission matrices: ``participant`` (confirmed registration),
``plain`` (signed in, not registered), ``region_rep`` (represents DE11), ``org_member``
(member of Brno Valves), ``lead`` (represents CZ06, so leads Hydrogen Valleys), ``organiser``,
``other_organiser`` and ``staff`` (a facilitator).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from smartregions.partnerships.domain.members import add_member
from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.partnerships import ProjectFactory
from tests.factories.regions import (
    CountryFactory,
    PriorityFactory,
    RegionFactory,
    StrategyFactory,
    ThematicPlatformFactory,
)

START = dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC)


def at(hour: int, minute: int = 0, *, day: int = 10) -> dt.datetime:
    """A UTC time on ``day`` March 2027 (09:00 in Brussels is ``at(8)``)."""
    return dt.datetime(2027, 3, day, hour, minute, tzinfo=dt.UTC)


def _member(role: str, **scope):
    user = UserFactory()
    grant_membership(actor=None, user=user, role=role, **scope)
    return user


def build_world() -> SimpleNamespace:
    cz = CountryFactory(code="CZ", name="Czechia")
    de = CountryFactory(code="DE", name="Germany")
    cz06 = RegionFactory(code="CZ06", country=cz, name_latin="Jihovýchod")
    cz064 = RegionFactory(code="CZ064", country=cz, parent=cz06, name_latin="Jihomoravský kraj")
    de11 = RegionFactory(code="DE11", country=de, name_latin="Stuttgart")
    platform = ThematicPlatformFactory(slug="energy", name="Energy")
    brno = create_organisation(
        actor=None, name="Brno Valves", type=OrganisationType.SME, region=cz064
    )
    cz_strategy = StrategyFactory(region=cz06, title="RIS3 Jihovýchod")
    manufacturing = PriorityFactory(
        strategy=cz_strategy, reference="CZ06-1", title="Advanced manufacturing"
    )
    hydrogen = PriorityFactory(strategy=cz_strategy, reference="CZ06-2", title="Hydrogen")
    automotive = PriorityFactory(
        strategy=StrategyFactory(region=de11, title="Innovation strategy Stuttgart"),
        reference="DE11-1",
        title="Automotive",
    )
    valleys = create_partnership(
        actor=None, name="Hydrogen Valleys", thematic_platform=platform, lead_region=cz06
    )
    add_member(actor=None, partnership=valleys, region=de11)
    launch_partnership(actor=None, partnership=valleys)
    forming = create_partnership(
        actor=None, name="Forming Robotics", thematic_platform=platform, lead_region=cz06
    )
    corridor = ProjectFactory(partnership=valleys, title="H2 Corridor", lead_region=cz06)
    valve_pilot = ProjectFactory(partnership=valleys, title="Valve Pilot", lead_region=de11)
    valve_pilot.partner_organisations.add(brno)

    organiser = _member(Role.EVENT_ORGANISER)
    other_organiser = _member(Role.EVENT_ORGANISER)
    staff = _member(Role.FACILITATOR)
    region_rep = _member(Role.REGION_REPRESENTATIVE, region=de11)
    org_member = _member(Role.ORGANISATION_MEMBER, organisation=brno)
    lead = _member(Role.REGION_REPRESENTATIVE, region=cz06)
    participant = UserFactory(full_name="Petra Participant")
    plain = UserFactory()
    forum = EventFactory(slug="s3-forum", title="S3 Forum", organisers=[organiser])
    other_event = EventFactory(
        slug="other-forum", title="Other Forum", organisers=[other_organiser]
    )
    registration = RegistrationFactory(event=forum, user=participant)
    return SimpleNamespace(**locals())


#: The roles of the permission matrices, in column order.
ROLES = (
    "anon",
    "participant",
    "plain",
    "region_rep",
    "org_member",
    "lead",
    "organiser",
    "other_organiser",
    "staff",
)


def user_of(world: SimpleNamespace, role: str):
    """The world's user playing ``role`` (``None`` for the anonymous visitor)."""
    return None if role == "anon" else getattr(world, role)
