"""A small brokerage world: three countries, SMEs, innovation partners abroad and brokers.

CZ06 (NUTS 2) has the NUTS-3 region CZ064 where the SMEs are; SK01 and DE11 are abroad.
``broker_cz`` works in CZ06 on NACE 28 (machinery), ``broker_cz_it`` in CZ06 on NACE 62,
``broker_sk`` in SK01 and ``broker_de`` in DE11. Partners: a German research institute and a
Slovak cluster working on machinery, a Czech technology centre (same country as the SMEs) and a
German IT company (not an innovation-partner type).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.brokerage.domain.brokers import register_broker
from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.enums import TaxonomyKind
from tests.factories.accounts import UserFactory
from tests.factories.regions import (
    CountryFactory,
    RegionFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def _org(name, type_, region, *, nace=(), areas=(), description="", keywords=()):
    return create_organisation(
        actor=None,
        name=name,
        type=type_,
        region=region,
        description=description,
        keywords=keywords,
        nace_codes=nace,
        thematic_areas=areas,
    )


def _broker(email, name, region, *, nace=(), areas=()):
    user = UserFactory(email=email, full_name=name)
    return register_broker(
        actor=None, user=user, region=region, nace_codes=nace, thematic_areas=areas, approve=True
    )


@pytest.fixture
def bw(db):
    cz = CountryFactory(code="CZ", name="Czechia")
    sk = CountryFactory(code="SK", name="Slovakia")
    de = CountryFactory(code="DE", name="Germany")
    cz0 = RegionFactory(code="CZ0", country=cz, name_latin="Česko")
    cz06 = RegionFactory(code="CZ06", country=cz, parent=cz0, name_latin="Jihovýchod")
    cz064 = RegionFactory(code="CZ064", country=cz, parent=cz06, name_latin="Jihomoravský kraj")
    cz08 = RegionFactory(code="CZ08", country=cz, parent=cz0, name_latin="Moravskoslezsko")
    sk01 = RegionFactory(code="SK01", country=sk, name_latin="Bratislavský kraj")
    de11 = RegionFactory(code="DE11", country=de, name_latin="Stuttgart")
    nace = TaxonomyFactory(slug="nace-rev2", kind=TaxonomyKind.ECONOMIC)
    section_c = TermFactory(taxonomy=nace, code="C", label="Manufacturing", level=1)
    n28 = TermFactory(taxonomy=nace, code="28", label="Machinery", level=2, parent=section_c)
    n25 = TermFactory(taxonomy=nace, code="25", label="Metal products", level=2, parent=section_c)
    section_j = TermFactory(taxonomy=nace, code="J", label="ICT", level=1)
    n62 = TermFactory(taxonomy=nace, code="62", label="Programming", level=2, parent=section_j)
    manufacturing = ThematicAreaFactory(
        slug="advanced-manufacturing", name="Advanced manufacturing"
    )
    energy = ThematicAreaFactory(slug="energy", name="Energy")
    sme1 = _org("Brno Welding s.r.o.", OrganisationType.SME, cz064, nace=[n25])
    sme2 = _org("Znojmo Robotics s.r.o.", OrganisationType.SME, cz064, nace=[n28])
    sme_far = _org("Ostrava Tools a.s.", OrganisationType.SME, cz08, nace=[n25])
    large = _org("Big Motors", OrganisationType.LARGE_COMPANY, cz064)
    fraunhofer = _org(
        "Stuttgart Institute for Welding Automation",
        OrganisationType.RESEARCH,
        de11,
        nace=[n28],
        areas=[manufacturing],
        description="Robotic welding automation and collaborative robots for SMEs. "
        "Laser welding of thin metal sheets.",
        keywords=["welding", "robotics"],
    )
    cluster = _org(
        "Slovak Mechatronics Cluster",
        OrganisationType.CLUSTER,
        sk01,
        nace=[n28],
        description="Network of machinery makers and mechatronics suppliers.",
    )
    czech_centre = _org(
        "Brno Technology Centre",
        OrganisationType.TECHNOLOGY_CENTRE,
        cz064,
        nace=[n28],
        description="Welding automation and robotics testing.",
    )
    it_company = _org(
        "Stuttgart Software GmbH",
        OrganisationType.LARGE_COMPANY,
        de11,
        nace=[n62],
        description="Welding automation software.",
    )
    broker_cz = _broker("broker.cz@example.eu", "Petra Dvořák", cz06, nace=[n28, n25])
    broker_cz_it = _broker("broker.it@example.eu", "Ivan Horák", cz06, nace=[n62])
    broker_sk = _broker("broker.sk@example.eu", "Zuzana Kováčová", sk01, areas=[manufacturing])
    broker_de = _broker("broker.de@example.eu", "Jonas Weber", de11, nace=[n28])
    member1 = UserFactory(email="sme1@example.eu", full_name="Jana SME")
    grant_membership(actor=None, user=member1, role=Role.ORGANISATION_MEMBER, organisation=sme1)
    member2 = UserFactory(email="sme2@example.eu", full_name="Karel SME")
    grant_membership(actor=None, user=member2, role=Role.ORGANISATION_MEMBER, organisation=sme2)
    facilitator = UserFactory(email="fac@example.eu")
    grant_membership(actor=None, user=facilitator, role=Role.FACILITATOR)
    return SimpleNamespace(**locals())


@pytest.fixture
def new_case(bw):
    """A case of SME 1 (welding, NACE 25, manufacturing), assigned to ``broker_cz`` by default."""
    from smartregions.brokerage.domain.cases import submit_case

    return submit_case(
        actor=bw.member1,
        organisation=bw.sme1,
        title="Automate our welding line",
        challenge="We weld thin metal sheets by hand. We look for robotic welding automation.",
        value_chain_position="production",
        thematic_area=bw.manufacturing,
        nace_codes=[bw.n25],
        keywords=["welding", "robotics"],
        target_markets=[bw.de],
        partner_types=["research", "technology_centre"],
        trl=5,
    )
