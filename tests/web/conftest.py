"""A small, fully known world for the web integration tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from smartregions.accounts.enums import Role
from smartregions.accounts.models import User
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.priorities import create_priority
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Priority, Region, Strategy, Term, ThematicArea
from tests.factories import (
    CountryFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    StrategyFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
    UserFactory,
)


def square(lon: float, lat: float) -> dict:
    """A one-degree square polygon (a stand-in boundary)."""
    ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class World:
    cz064: Region
    sk010: Region
    cz_strategy: Strategy
    sk_strategy: Strategy
    mechatronics: Priority
    software: Priority
    hydrogen: Priority
    nace_28: Term
    nace_62: Term
    energy: ThematicArea
    organisation: Organisation


def _region(code: str, parent: Region | None, country_code: str, **extra) -> Region:
    return RegionFactory(
        code=code,
        parent=parent,
        country=CountryFactory(
            code=country_code, name={"CZ": "Czechia", "SK": "Slovakia"}[country_code]
        ),
        boundary=square(14 + len(code), 48 + len(code) / 10),
        **extra,
    )


@pytest.fixture
def world(db) -> World:
    cz = _region("CZ", None, "CZ", name_latin="Česko")
    cz0 = _region("CZ0", cz, "CZ", name_latin="Česko")
    cz06 = _region("CZ06", cz0, "CZ", name_latin="Jihovýchod")
    cz064 = _region(
        "CZ064",
        cz06,
        "CZ",
        name_latin="Jihomoravsky kraj",
        name_national="Jihomoravský kraj",
        urban_type=2,
        mountain_type=4,
        coastal_type=3,
    )
    _region("CZ063", cz06, "CZ", name_latin="Kraj Vysočina")
    sk = _region("SK", None, "SK", name_latin="Slovensko")
    sk0 = _region("SK0", sk, "SK", name_latin="Slovensko")
    sk01 = _region("SK01", sk0, "SK", name_latin="Bratislavský kraj")
    sk010 = _region("SK010", sk01, "SK", name_latin="Bratislavský kraj")
    nace = TaxonomyFactory(slug="nace-rev2", kind=TaxonomyKind.ECONOMIC)
    section_c = TermFactory(taxonomy=nace, code="C", label="MANUFACTURING", level=1)
    nace_28 = TermFactory(
        taxonomy=nace, code="28", label="Manufacture of machinery", level=2, parent=section_c
    )
    section_j = TermFactory(taxonomy=nace, code="J", label="INFORMATION AND COMMUNICATION", level=1)
    nace_62 = TermFactory(
        taxonomy=nace, code="62", label="Computer programming", level=2, parent=section_j
    )
    policy = TaxonomyFactory(slug="cohesion-2021-2027", name="Cohesion", kind=TaxonomyKind.POLICY)
    po1 = TermFactory(taxonomy=policy, code="PO1", label="A more competitive and smarter Europe")
    ford = TaxonomyFactory(slug="ford-2015", name="FORD", kind=TaxonomyKind.SCIENTIFIC)
    ford_mech = TermFactory(taxonomy=ford, code="2.3", label="Mechanical engineering")
    energy = ThematicAreaFactory(slug="energy", name="Sustainable energy")
    ThematicAreaFactory(slug="bioeconomy", name="Bioeconomy")
    cz_strategy = StrategyFactory(region=cz064, title="RIS3 South Moravia")
    sk_strategy = StrategyFactory(region=sk010, title="RIS3 Bratislava", is_synthetic=True)
    mechatronics = create_priority(
        actor=None,
        strategy=cz_strategy,
        title="Mechatronics and advanced machinery",
        description="Strojírenství a mechatronika",
        economic_domains=[nace_28],
        scientific_domains=[ford_mech],
        policy_objectives=[po1],
    )
    software = create_priority(
        actor=None,
        strategy=cz_strategy,
        title="Software and IT services",
        economic_domains=[nace_62],
    )
    hydrogen = create_priority(
        actor=None,
        strategy=sk_strategy,
        title="Hydrogen machinery",
        economic_domains=[nace_28],
        thematic_areas=[energy],
        is_synthetic=True,
    )
    organisation = OrganisationFactory(
        name="Brno Mechatronics Cluster", slug="brno-mechatronics-cluster", region=cz064
    )
    organisation.nace_codes.set([nace_28])
    return World(
        cz064=cz064,
        sk010=sk010,
        cz_strategy=cz_strategy,
        sk_strategy=sk_strategy,
        mechatronics=mechatronics,
        software=software,
        hydrogen=hydrogen,
        nace_28=nace_28,
        nace_62=nace_62,
        energy=energy,
        organisation=organisation,
    )


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin@example.eu", "correct-horse-battery-staple-42")


@pytest.fixture
def plain_user(db) -> User:
    return UserFactory()


@pytest.fixture
def representative(world) -> User:
    """A region representative of CZ064."""
    membership = MembershipFactory(role=Role.REGION_REPRESENTATIVE, region=world.cz064)
    return membership.user
