"""A miniature synthetic registry for the events demo, on Monday 4 January 2027 (frozen).

Four synthetic regions (BG33, BG34 in Bulgaria, DE60, HU12), each with a strategy of two
priorities; eight synthetic organisations with NACE codes and keywords; three active synthetic
partnerships (CIRBAT led by HU12, H2VI led by BG33 with a project, TEXVAL led by BG34) and a
forming one (SAFE); Belgium for the events' country. ``logins`` are the representative of BG33
and the member of its SME "Quanteo Engineering".
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from smartregions.events.domain.demo import DemoLogin
from smartregions.organisations.enums import OrganisationType
from smartregions.partnerships.enums import MemberRole, PartnershipStatus
from smartregions.regions.domain.synthetic import FLAG
from tests.factories.organisations import OrganisationFactory
from tests.factories.partnerships import (
    PartnershipFactory,
    PartnershipMemberFactory,
    ProjectFactory,
)
from tests.factories.regions import (
    CountryFactory,
    PriorityFactory,
    RegionFactory,
    StrategyFactory,
    TermFactory,
)

NOW = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
NACE = {
    "24": "Manufacture of basic metals",
    "27": "Manufacture of electrical equipment",
    "42": "Civil engineering",
    "72": "Scientific research and development",
    "84": "Public administration",
    "94": "Activities of membership organisations",
}
ORGANISATIONS = [
    # name, type, region, NACE division, keywords
    ("Quanteo Engineering", OrganisationType.SME, "BG33", "42", ["smart cities"]),
    ("Ravix Power Systems", OrganisationType.LARGE_COMPANY, "BG33", "27", ["hydrogen"]),
    ("Severoiztochen Innovation Office", OrganisationType.PUBLIC_AUTHORITY, "BG33", "84", []),
    ("Yugoiztochen Data Cluster", OrganisationType.CLUSTER, "BG34", "94", ["cloud"]),
    ("Galion Recycling", OrganisationType.SME, "BG34", "24", ["critical raw materials"]),
    ("Power Systems Institute", OrganisationType.RESEARCH, "DE60", "72", ["energy storage"]),
    ("Hamburg Hydrogen Institute", OrganisationType.RESEARCH, "DE60", "72", ["fuel cells"]),
    ("Kozep-Dunantul Innovation Office", OrganisationType.PUBLIC_AUTHORITY, "HU12", "84", []),
]


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def registry(db):
    """The miniature registry (see the module docstring)."""
    CountryFactory(code="BE", name="Belgium")
    regions = {}
    for code, country in (("BG33", "BG"), ("BG34", "BG"), ("DE60", "DE"), ("HU12", "HU")):
        region = RegionFactory(code=code, country=CountryFactory(code=country), level=2)
        strategy = StrategyFactory(region=region, title=f"{FLAG} RIS3 {code}", is_synthetic=True)
        PriorityFactory.create_batch(2, strategy=strategy)
        regions[code] = region
    organisations = {}
    for name, kind, region, code, keywords in ORGANISATIONS:
        organisation = OrganisationFactory(
            name=name,
            type=kind,
            region=regions[region],
            keywords=keywords,
            description=f"{FLAG} Fictitious {name}.",
            is_synthetic=True,
        )
        organisation.nace_codes.set([TermFactory(code=code, label=NACE[code])])
        organisations[name] = organisation
    partnerships = {}
    for acronym, lead, status in (
        ("CIRBAT", "HU12", PartnershipStatus.ACTIVE),
        ("H2VI", "BG33", PartnershipStatus.ACTIVE),
        ("SAFE", "DE60", PartnershipStatus.FORMING),
        ("TEXVAL", "BG34", PartnershipStatus.ACTIVE),
    ):
        partnership = PartnershipFactory(
            name=f"Partnership {acronym}", acronym=acronym, status=status, is_synthetic=True
        )
        PartnershipMemberFactory(
            partnership=partnership, region=regions[lead], role=MemberRole.LEAD
        )
        partnerships[acronym] = partnership
    ProjectFactory(partnership=partnerships["H2VI"], lead_region=regions["BG33"])
    return SimpleNamespace(regions=regions, organisations=organisations, partnerships=partnerships)


@pytest.fixture
def logins(registry):
    return [
        DemoLogin(
            email="bg33@demo.smartregions.eu",
            full_name="Demo representative of Region BG33",
            region=registry.regions["BG33"],
        ),
        DemoLogin(
            email="member@demo.smartregions.eu",
            full_name="Demo organisation member",
            organisation=registry.organisations["Quanteo Engineering"],
        ),
    ]
