"""Fixtures of the API tests: clients, users with roles, and a small but real registry."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from smartregions.accounts.enums import Role
from smartregions.regions.domain.priorities import create_priority
from smartregions.regions.enums import StrategyLevel, StrategyStatus, TaxonomyKind
from tests.factories import (
    CountryFactory,
    MembershipFactory,
    RegionFactory,
    StrategyFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
    ThematicPlatformFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Anonymous requests are throttled per address in the cache; start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def superuser():
    return UserFactory(email="admin@example.eu", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_api(superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    return client


@pytest.fixture
def codes():
    """NACE (with hierarchy), FORD and NABS (sharing code "2"), and the 2021-27 objectives."""
    nace = TaxonomyFactory(slug="nace-rev2", name="NACE Rev. 2", kind=TaxonomyKind.ECONOMIC)
    ford = TaxonomyFactory(slug="ford-2015", name="FORD", kind=TaxonomyKind.SCIENTIFIC)
    nabs = TaxonomyFactory(slug="nabs-2007", name="NABS", kind=TaxonomyKind.SCIENTIFIC)
    cohesion = TaxonomyFactory(
        slug="cohesion-2021-2027", name="Cohesion policy", kind=TaxonomyKind.POLICY
    )
    c = TermFactory(taxonomy=nace, code="C", label="Manufacturing", level=1)
    c28 = TermFactory(taxonomy=nace, code="28", label="Machinery", level=2, parent=c)
    c281 = TermFactory(taxonomy=nace, code="28.1", label="General machinery", level=3, parent=c28)
    j = TermFactory(taxonomy=nace, code="J", label="Information and communication", level=1)
    j62 = TermFactory(taxonomy=nace, code="62", label="Computer programming", level=2, parent=j)
    ford2 = TermFactory(taxonomy=ford, code="2", label="Engineering and technology")
    nabs2 = TermFactory(taxonomy=nabs, code="2", label="Environment")
    ford21 = TermFactory(
        taxonomy=ford, code="2.1", label="Civil engineering", level=2, parent=ford2
    )
    po1 = TermFactory(taxonomy=cohesion, code="PO1", label="A smarter Europe")
    return SimpleNamespace(
        nace=nace,
        ford=ford,
        nabs=nabs,
        cohesion=cohesion,
        C=c,
        n28=c28,
        n281=c281,
        J=j,
        n62=j62,
        ford2=ford2,
        nabs2=nabs2,
        ford21=ford21,
        po1=po1,
    )


@pytest.fixture
def world(codes):
    """Two countries, NUTS 2021 regions (plus an old 2016 one), strategies and priorities.

    CZ031 (Jihočeský kraj) has two priorities, SK01 one, and the national Czech strategy one.
    """
    cz = CountryFactory(code="CZ", iso_code="CZ", iso3_code="CZE", name="Czechia")
    sk = CountryFactory(code="SK", iso_code="SK", iso3_code="SVK", name="Slovakia")
    ch = CountryFactory(code="CH", iso_code="CH", name="Switzerland", group="efta")
    cz0 = RegionFactory(code="CZ", country=cz, name_latin="Česko", name_national="Česko")
    cz03 = RegionFactory(code="CZ03", country=cz, parent=cz0, name_latin="Jihozápad")
    cz031 = RegionFactory(
        code="CZ031",
        country=cz,
        parent=cz03,
        name_latin="Jihočeský kraj",
        name_national="Jihočeský kraj",
        boundary={"type": "Polygon", "coordinates": [[[14, 49], [15, 49], [15, 48], [14, 49]]]},
    )
    cz032 = RegionFactory(code="CZ032", country=cz, parent=cz03, name_latin="Plzeňský kraj")
    czz = RegionFactory(
        code="CZZ", country=cz, parent=cz0, name_latin="Extra-Regio NUTS 1", is_extra_regio=True
    )
    sk0 = RegionFactory(code="SK", country=sk, name_latin="Slovensko")
    sk01 = RegionFactory(code="SK01", country=sk, parent=sk0, name_latin="Bratislavský kraj")
    old = RegionFactory(code="CZ031", nuts_version=2016, country=cz, name_latin="Jihočeský 2016")
    platform = ThematicPlatformFactory(slug="industrial-modernisation", name="Industrial")
    robotics = ThematicAreaFactory(slug="robotics", name="Robotics", platform=platform)
    tourism = ThematicAreaFactory(slug="tourism", name="Tourism")

    s_cz031 = StrategyFactory(
        region=cz031, title="RIS3 Jihočeský kraj", status=StrategyStatus.ADOPTED
    )
    s_sk01 = StrategyFactory(
        region=sk01, title="RIS3 Bratislava", period_start=2014, period_end=2020
    )
    # Starts a year later so that "newest strategies first" orders it the same on every
    # database (SQLite and PostgreSQL sort a missing region differently).
    s_cz = StrategyFactory(
        region=None,
        country=cz,
        level=StrategyLevel.NATIONAL,
        title="National RIS3 CZ",
        period_start=2022,
    )
    machines = create_priority(
        actor=None,
        strategy=s_cz031,
        title="Strojírenství a mechatronika",
        description="Výroba strojů",
        economic_domains=[codes.n28],
        scientific_domains=[codes.ford21],
        policy_objectives=[codes.po1],
        thematic_areas=[robotics],
        keywords=["robotika"],
    )
    software = create_priority(
        actor=None,
        strategy=s_cz031,
        title="Digitální technologie",
        economic_domains=[codes.n62],
    )
    sk_tourism = create_priority(
        actor=None, strategy=s_sk01, title="Cestovný ruch", thematic_areas=[tourism]
    )
    national = create_priority(
        actor=None, strategy=s_cz, title="Pokročilé materiály", economic_domains=[codes.n281]
    )
    return SimpleNamespace(
        cz=cz,
        sk=sk,
        ch=ch,
        cz0=cz0,
        cz03=cz03,
        cz031=cz031,
        cz032=cz032,
        czz=czz,
        sk0=sk0,
        sk01=sk01,
        old=old,
        platform=platform,
        robotics=robotics,
        tourism=tourism,
        s_cz031=s_cz031,
        s_sk01=s_sk01,
        s_cz=s_cz,
        machines=machines,
        software=software,
        sk_tourism=sk_tourism,
        national=national,
        codes=codes,
    )


@pytest.fixture
def representative(world):
    """A user who represents CZ03 (and so CZ031 and CZ032), nothing in Slovakia."""
    user = UserFactory(email="rep@example.eu")
    MembershipFactory(user=user, role=Role.REGION_REPRESENTATIVE, region=world.cz03)
    return user


@pytest.fixture
def rep_api(representative):
    client = APIClient()
    client.force_authenticate(representative)
    return client


def error_of(response) -> dict:
    """The ``error`` object of an API error response, after checking its shape."""
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == response.status_code
    return body["error"]
