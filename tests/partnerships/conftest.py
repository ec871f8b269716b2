"""A small partnership world shared by the partnership and action-plan tests.

Regions (NUTS 2021): CZ06 (industrial transition, the lead), SK01 (co-lead), AT12 (member),
DE11 (not a member) and CZ064 below CZ06. The Danube Research Institute (in AT12) is a member
organisation. ``pw.forming`` is the "Robotics Valleys" partnership with those members, still
forming; ``active`` launches it. Users: ``staff`` (facilitator), ``lead_rep`` (CZ06),
``colead_rep`` (SK01), ``member_rep`` (AT12), ``other_rep`` (DE11), ``org_member`` (the
institute), ``expert`` (on the expert team) and ``plain`` (no role).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.organisations.enums import OrganisationType
from smartregions.partnerships.domain.experts import assign_expert
from smartregions.partnerships.domain.members import add_member
from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership
from smartregions.partnerships.enums import MemberRole
from tests.factories.accounts import UserFactory
from tests.factories.calls import ExpertFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import (
    CountryFactory,
    RegionFactory,
    ThematicAreaFactory,
    ThematicPlatformFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Anonymous API requests are throttled per address in the cache; start every test at 0."""
    cache.clear()
    yield
    cache.clear()


def _user(email: str, name: str, role: str | None = None, **scope):
    user = UserFactory(email=email, full_name=name)
    if role is not None:
        grant_membership(actor=None, user=user, role=role, **scope)
    return user


@pytest.fixture
def pw(db):
    cz = CountryFactory(code="CZ", name="Czechia")
    sk = CountryFactory(code="SK", name="Slovakia")
    at = CountryFactory(code="AT", name="Austria")
    de = CountryFactory(code="DE", name="Germany")
    cz06 = RegionFactory(
        code="CZ06", country=cz, name_latin="Jihovýchod", industrial_transition=True
    )
    cz064 = RegionFactory(code="CZ064", country=cz, parent=cz06, name_latin="Jihomoravský kraj")
    sk01 = RegionFactory(code="SK01", country=sk, name_latin="Bratislavský kraj")
    at12 = RegionFactory(code="AT12", country=at, name_latin="Niederösterreich")
    de11 = RegionFactory(code="DE11", country=de, name_latin="Stuttgart")
    platform = ThematicPlatformFactory(slug="industrial-modernisation", name="Industry")
    robotics = ThematicAreaFactory(slug="robotics", name="Robotics", platform=platform)
    institute = OrganisationFactory(
        name="Danube Research Institute",
        slug="danube-research-institute",
        type=OrganisationType.RESEARCH,
        region=at12,
    )
    staff = _user("staff@example.eu", "Fiona Facilitator", Role.FACILITATOR)
    lead_rep = _user("lead@example.eu", "Lenka Lead", Role.REGION_REPRESENTATIVE, region=cz06)
    colead_rep = _user("colead@example.eu", "Cyril Colead", Role.REGION_REPRESENTATIVE, region=sk01)
    member_rep = _user("member@example.eu", "Maria Member", Role.REGION_REPRESENTATIVE, region=at12)
    other_rep = _user("other@example.eu", "Otto Other", Role.REGION_REPRESENTATIVE, region=de11)
    org_member = _user(
        "institute@example.eu", "Ines Institute", Role.ORGANISATION_MEMBER, organisation=institute
    )
    plain = _user("plain@example.eu", "Paul Plain")
    expert = ExpertFactory(user=UserFactory(email="expert@example.eu", full_name="Eva Expert"))
    forming = create_partnership(
        actor=staff,
        name="Robotics Valleys",
        acronym="RoVa",
        description="Regions that bring collaborative robots to small manufacturers.",
        thematic_platform=platform,
        thematic_area=robotics,
        lead_region=cz06,
    )
    add_member(actor=staff, partnership=forming, region=sk01, role=MemberRole.CO_LEAD)
    add_member(actor=staff, partnership=forming, region=at12, role=MemberRole.MEMBER)
    add_member(actor=staff, partnership=forming, organisation=institute, role=MemberRole.MEMBER)
    assign_expert(actor=staff, partnership=forming, expert=expert, role="Robotics adviser")
    return SimpleNamespace(**locals())


@pytest.fixture
def active(pw):
    """``pw.forming``, launched."""
    return launch_partnership(actor=pw.staff, partnership=pw.forming)
