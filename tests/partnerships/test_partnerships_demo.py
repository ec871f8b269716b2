"""The partnership demo on a miniature synthetic registry: complete, idempotent, removable."""

from __future__ import annotations

import datetime as dt

import pytest

from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from smartregions.partnerships.domain.demo_partnerships import (
    delete_demo_partnerships,
    load_demo_partnerships,
)
from smartregions.partnerships.enums import (
    ActionStatus,
    JoinRequestStatus,
    MemberRole,
    MethodologyStage,
    PartnershipStatus,
)
from smartregions.partnerships.models import ActionPlan, JoinRequest, Partnership
from smartregions.regions.domain.synthetic.build import FLAG
from tests.factories.regions import (
    CountryFactory,
    RegionFactory,
    StrategyFactory,
    ThematicAreaFactory,
    ThematicPlatformFactory,
)


@pytest.fixture
def registry(db):
    regions = []
    for country_code in ("AT", "BE", "DK", "EE"):
        country = CountryFactory(code=country_code)
        for n in (1, 2):
            region = RegionFactory(
                code=f"{country_code}{n}1",
                country=country,
                industrial_transition=country_code == "DK" and n == 2,
            )
            StrategyFactory(region=region, title=f"{FLAG} RIS3 {region.code}", is_synthetic=True)
            regions.append(region)
    for slug in ("agri-food", "energy", "industry"):
        platform = ThematicPlatformFactory(slug=slug, name=slug.title())
        ThematicAreaFactory(slug=f"{slug}-area", name=f"{slug} area", platform=platform)
    create_organisation(
        actor=None,
        name="Institute of Electrochemistry",
        type=OrganisationType.RESEARCH,
        region=regions[2],  # BE11, the co-lead (the demo takes one region per country first)
        description=f"{FLAG} Hydrogen research.",
        is_synthetic=True,
    )
    return regions


def test_demo_loads_partnerships_plans_and_requests_once(registry):
    today = dt.date(2027, 3, 1)
    summary = load_demo_partnerships(today=today)
    assert summary == "3 partnerships (2 active, 1 forming), 1 action plan, 1 transition plan"
    partnerships = Partnership.objects.filter(is_synthetic=True).order_by("name")
    assert [(p.acronym, p.status) for p in partnerships] == [
        ("CIRBAT", PartnershipStatus.ACTIVE),
        ("H2VI", PartnershipStatus.ACTIVE),
        ("SAFE", PartnershipStatus.FORMING),
    ]
    first = Partnership.objects.get(acronym="H2VI")
    assert first.current_stage == MethodologyStage.LEARN
    assert first.members.get(role=MemberRole.LEAD).region.code == "AT11"
    assert first.members.filter(organisation__name="Institute of Electrochemistry").exists()
    assert first.expert_team.count() == 2
    statuses = sorted(first.action_plan.actions.values_list("status", flat=True))
    assert statuses == sorted(
        [ActionStatus.DONE, ActionStatus.PLANNED, ActionStatus.BLOCKED, ActionStatus.PLANNED]
    )
    assert first.action_plan.funding_opportunities.count() == 2
    assert JoinRequest.objects.get().status == JoinRequestStatus.PENDING
    assert ActionPlan.objects.get(region__isnull=False).region.code == "DK21"
    # The first synthetic region takes part in all three.
    assert Partnership.objects.filter(members__region__code="AT11").count() == 3
    assert load_demo_partnerships(today=today) == "already loaded"
    assert Partnership.objects.count() == 3


def test_demo_can_be_deleted(registry):
    load_demo_partnerships()
    assert delete_demo_partnerships() > 0
    assert not Partnership.objects.exists()
    assert not ActionPlan.objects.exists()


def test_demo_skips_without_registry(db):
    assert load_demo_partnerships() == (
        "skipped: the synthetic registry and the thematic platforms are not loaded"
    )
