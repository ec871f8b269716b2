"""The brokerage demo on a miniature synthetic registry: complete, realistic and idempotent."""

import pytest

from smartregions.accounts.enums import Role
from smartregions.brokerage.domain.demo import (
    BROKER_EMAIL,
    ensure_demo_broker_account,
    load_demo_brokerage,
)
from smartregions.brokerage.models import Broker, Case, Referral, SmeGroup
from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.domain.synthetic.build import FLAG
from tests.factories.regions import StrategyFactory


@pytest.fixture
def registry(bw):
    for region in (bw.cz06, bw.sk01):
        StrategyFactory(region=region, title=f"{FLAG} RIS3 {region.code}", is_synthetic=True)
    for n in range(5):
        create_organisation(
            actor=None,
            name=f"Kovo {n} s.r.o.",
            type=OrganisationType.SME,
            region=bw.cz06,
            description=f"{FLAG} Metal fabrication.",
            nace_codes=[bw.n25],
            thematic_areas=[bw.manufacturing],
            is_synthetic=True,
        )
    for name, region in (("Welding Institute", bw.sk01), ("Robotics Lab", bw.de11)):
        create_organisation(
            actor=None,
            name=name,
            type=OrganisationType.RESEARCH,
            region=region,
            description=f"{FLAG} Collaborative welding robots and automation.",
            nace_codes=[bw.n25],
            is_synthetic=True,
        )
    return bw


def test_demo_loads_cases_in_every_state_and_a_group_once(registry):
    summary = load_demo_brokerage()
    assert summary == "5 cases, 1 referral, 1 SME group with 2 partners"
    cases = Case.objects.filter(is_synthetic=True)
    assert sorted(cases.values_list("status", flat=True)) == sorted(
        ["new", "assessed", "matched", "in_cooperation", "closed"]
    )
    assert set(cases.values_list("broker__user__email", flat=True)) == {BROKER_EMAIL}
    assert cases.filter(organisation__name="Kovo 0 s.r.o.").exists()
    assert Referral.objects.count() == 1
    group = SmeGroup.objects.get()
    assert group.strategy.objectives.count() == 3
    assert group.strategy.actions.count() == 2
    assert group.strategy.funding.count() == 2
    assert load_demo_brokerage() == "already loaded"
    assert Case.objects.count() == 5


def test_demo_broker_account_gets_login_and_role(registry):
    load_demo_brokerage()
    user = ensure_demo_broker_account(email=BROKER_EMAIL, password="s3cret-demo-pass")
    assert user.check_password("s3cret-demo-pass")
    assert user.memberships.filter(role=Role.BROKER).exists()
    assert Broker.objects.get(user=user).status == "active"


def test_demo_skips_without_registry(db):
    assert load_demo_brokerage() == "skipped: the synthetic registry (two countries) is not loaded"
