"""Demo data of the brokerage: brokers in two countries, SME cases in several states, and one SME
group with innovation partners abroad and a joint strategy. Everything is flagged synthetic.

Builds on the synthetic registry (``regions.domain.synthetic``): the SMEs, research
organisations and clusters it invented. Region A is the first synthetic region (the one whose SME
the ``member@`` demo user belongs to, so that user owns a case); region B is the first synthetic
region of another country.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from smartregions.accounts.models import User
from smartregions.brokerage.domain import cases as case_domain
from smartregions.brokerage.domain import groups as group_domain
from smartregions.brokerage.domain import strategy as strategy_domain
from smartregions.brokerage.domain.brokers import register_broker
from smartregions.brokerage.domain.matching import suggest_group_partners
from smartregions.brokerage.domain.referrals import refer_case
from smartregions.brokerage.enums import ActionStatus, CaseOutcome, FundingSource, FundingStatus
from smartregions.brokerage.models import Broker, Case, SmeGroup
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.domain.synthetic import (
    synthetic_registry_organisations,
    synthetic_registry_strategies,
)
from smartregions.regions.models import Region

DEMO_DOMAIN = "demo.smartregions.eu"
BROKER_EMAIL = f"broker@{DEMO_DOMAIN}"
GROUP_NAME = "Robotic automation for small metalworking firms"

CHALLENGES = [
    (
        "Automating small-batch welding",
        (
            "We weld steel frames in small batches and cannot find skilled welders. We look for a "
            "research partner to test collaborative welding robots and offline programming for "
            "batches under fifty pieces."
        ),
        ["welding", "collaborative robots", "automation"],
    ),
    (
        "Predictive maintenance for CNC machines",
        (
            "Unplanned stops of our CNC machining centres cost us two days a month. We want "
            "sensors and machine-learning models that predict spindle failures, and a partner to "
            "validate them on our shop floor."
        ),
        ["predictive maintenance", "sensors", "machine learning"],
    ),
    (
        "Recycled aluminium in die casting",
        (
            "Customers ask for castings with a high share of recycled aluminium. We need materials "
            "research to keep strength and porosity within tolerance when we switch alloys."
        ),
        ["recycled aluminium", "die casting", "materials testing"],
    ),
    (
        "Energy monitoring of a paint shop",
        (
            "Our paint shop uses most of the plant's energy. We look for a technology centre that "
            "can audit the ovens, recover waste heat and set up continuous energy monitoring."
        ),
        ["energy efficiency", "waste heat", "monitoring"],
    ),
    (
        "Digital twin of an assembly line",
        (
            "We plan a new assembly line and want a digital twin to simulate layouts, robot cells "
            "and throughput before we buy equipment."
        ),
        ["digital twin", "simulation", "robot cells"],
    ),
]


def _regions() -> tuple[Region, Region] | None:
    strategies = synthetic_registry_strategies().select_related("region").order_by("region__code")
    regions = [s.region for s in strategies]
    if not regions:
        return None
    first = regions[0]
    other = next((r for r in regions if r.country_id != first.country_id), None)
    return (first, other) if other is not None else None


def _user(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name)
        log_activity(actor=None, action="user.create_demo", obj=user)
    return user


def _broker(email: str, full_name: str, region: Region, bio: str) -> Broker:
    user = _user(email, full_name)
    broker = Broker.objects.filter(user=user).first()
    if broker is None:
        organisations = synthetic_registry_organisations()
        agency = organisations.filter(region=region, type=OrganisationType.INTERMEDIARY).first()
        areas = {a for o in organisations.filter(region=region) for a in o.thematic_areas.all()}
        codes = {t for o in organisations.filter(region=region) for t in o.nace_codes.all()}
        broker = register_broker(
            actor=None,
            user=user,
            region=region,
            organisation=agency,
            thematic_areas=sorted(areas, key=lambda a: a.pk),
            nace_codes=sorted(codes, key=lambda t: t.pk),
            languages=["en"],
            bio=bio,
            approve=True,
            is_synthetic=True,
        )
    return broker


@transaction.atomic
def ensure_demo_broker_account(*, email: str = BROKER_EMAIL, password: str) -> User:
    """Create or repair the demo broker login: active, with ``password`` and an active broker
    profile in demo region A (the profile is created by :func:`load_demo_brokerage` when the
    synthetic registry exists; without it, only the login is made)."""
    user = _user(email, "Demo broker")
    if not user.check_password(password) or not user.is_active:
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    regions = _regions()
    if regions is not None and not Broker.objects.filter(user=user).exists():
        _broker(email, "Demo broker", regions[0], "Innovation broker of the demo region.")
    return user


@transaction.atomic
def load_demo_brokerage(*, seed: int = 7) -> str:
    """Load the brokerage demo once; a second call changes nothing (idempotent).

    Creates two synthetic brokers (``broker@demo.smartregions.eu`` in region A, another in
    region B, without password unless :func:`ensure_demo_broker_account` sets one), five SME
    cases of region A (new, assessed, matched, in cooperation, closed; the first belongs to the
    SME of the ``member@`` demo user), one referral to region B, and an SME group with two
    partners abroad and a joint strategy. Returns a one-line summary.
    """
    if SmeGroup.objects.filter(is_synthetic=True, name=GROUP_NAME).exists():
        return "already loaded"
    regions = _regions()
    if regions is None:
        return "skipped: the synthetic registry (two countries) is not loaded"
    region_a, region_b = regions
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    broker_a = _broker(
        BROKER_EMAIL,
        "Demo broker",
        region_a,
        f"Innovation broker for {region_a.name_latin}: manufacturing and digital SMEs.",
    )
    broker_b = _broker(
        f"broker.{region_b.code.lower()}@{DEMO_DOMAIN}",
        f"Broker of {region_b.name_latin}",
        region_b,
        f"Enterprise Europe Network adviser in {region_b.name_latin}.",
    )
    smes = list(
        synthetic_registry_organisations()
        .filter(type=OrganisationType.SME, region__country_id=region_a.country_id)
        .order_by("region_id", "name")
        .prefetch_related("nace_codes", "thematic_areas")
    )
    smes.sort(key=lambda o: (o.region_id != region_a.pk, o.region.code, o.name))
    if len(smes) < 2:
        return "skipped: fewer than two synthetic SMEs in the demo country"
    cases = []
    for index, (title, challenge, keywords) in enumerate(CHALLENGES[: min(5, len(smes))]):
        sme = smes[index]
        case = case_domain.submit_case(
            actor=None,
            organisation=sme,
            title=title,
            challenge=challenge,
            value_chain_position=rng.choice(["production", "design_engineering", "services"]),
            thematic_area=next(iter(sme.thematic_areas.all()), None),
            nace_codes=list(sme.nace_codes.all())[:2],
            keywords=keywords,
            target_markets=[region_b.country],
            partner_types=["research", "technology_centre"],
            trl=rng.randint(4, 7),
            is_synthetic=True,
        )
        if case.broker_id != broker_a.pk:
            case_domain.assign_case(actor=None, case=case, broker=broker_a)
        cases.append(case)
    steps = [
        [],
        [case_domain.assess_case],
        [case_domain.assess_case, case_domain.match_case],
        [case_domain.assess_case, case_domain.match_case, case_domain.start_cooperation],
    ]
    for case, walk in zip(cases[1:], steps[1:], strict=False):
        for step in walk:
            step(actor=broker_a.user, case=case, note="")
    if len(cases) == 5:
        case_domain.close_case(
            actor=broker_a.user,
            case=cases[4],
            outcome=CaseOutcome.JOINT_PROJECT,
            note="Joint Interreg application with a partner in the neighbouring country.",
        )
    refer_case(
        actor=broker_a.user,
        case=cases[2],
        to_broker=broker_b,
        message="The SME wants to sell in your country; could you introduce local partners?",
    )
    group = group_domain.form_group(
        actor=broker_a.user,
        broker=broker_a,
        name=GROUP_NAME,
        challenge=(
            "Small metalworking firms cannot afford robot integrators. Together they want "
            "affordable collaborative robots for welding, machining and assembly, shared test "
            "cells and training for their staff."
        ),
        thematic_area=cases[0].thematic_area,
        nace_codes=list(cases[0].nace_codes.all()),
        cases=cases[:2],
        is_synthetic=True,
    )
    for suggestion in suggest_group_partners(group, limit=2):
        group_domain.add_group_partner(
            actor=broker_a.user,
            group=group,
            organisation=suggestion.organisation,
            score=suggestion.score,
            reason=suggestion.reason,
        )
    group_domain.change_group_status(actor=broker_a.user, group=group, status="active")
    _strategy(group, broker_a, region_b)
    return f"{len(cases)} cases, 1 referral, 1 SME group with {group.partners.count()} partners"


def _strategy(group: SmeGroup, broker: Broker, region_b: Region) -> None:
    actor = broker.user
    strategy_domain.save_strategy(
        actor=actor,
        group=group,
        title="Joint strategy: affordable robotics for metalworking SMEs",
        summary=(
            "By 2028 every member runs at least one collaborative robot cell, designed with "
            f"partners in {region_b.country.name} and financed through shared applications."
        ),
        target_value_chains="Metal products and machinery: welding, machining, assembly.",
        target_nace_codes=list(group.nace_codes.all()),
    )
    for text in (
        "Test collaborative welding and machining cells in a shared pilot line.",
        "Train two operators per SME in robot programming.",
        "Prepare a joint application for interregional innovation investments.",
    ):
        strategy_domain.add_objective(actor=actor, group=group, text=text)
    members = [m.organisation for m in group.members.all()]
    partners = [p.organisation for p in group.partners.all()]
    owners = partners[:1] + members[:1]
    today = datetime.date(2027, 3, 31)
    actions = [
        (
            "Shared pilot line",
            "Define the test programme and book the partner's lab.",
            ActionStatus.IN_PROGRESS,
        ),
        (
            "Operator training",
            "Two-week course for operators of every member.",
            ActionStatus.PLANNED,
        ),
    ]
    for index, (title, description, status) in enumerate(actions):
        strategy_domain.add_action(
            actor=actor,
            group=group,
            title=title,
            description=description,
            owner=owners[index % len(owners)] if owners else None,
            due_date=today + datetime.timedelta(days=120 * index),
            status=status,
        )
    strategy_domain.add_funding(
        actor=actor,
        group=group,
        source=FundingSource.I3,
        description="Strand 2a, pilot lines for robotic automation",
        amount_eur=Decimal("1200000"),
        status=FundingStatus.PLANNED,
    )
    strategy_domain.add_funding(
        actor=actor,
        group=group,
        source=FundingSource.NATIONAL_REGIONAL,
        description="Regional innovation vouchers for the training",
        amount_eur=Decimal("60000"),
        status=FundingStatus.APPLIED,
    )


@transaction.atomic
def delete_demo_brokerage(*, actor: User | None = None) -> int:
    """Delete the synthetic brokerage rows: SME groups (with members, partners and strategy),
    cases (with history and referrals) and broker profiles flagged ``is_synthetic``.

    Called by ``smartregions demo --reset`` before the synthetic registry's organisations are
    deleted, which the cases and groups protect. The broker users keep their accounts (the demo
    logins survive a reset). Returns the number of rows deleted; logs ``brokerage.demo_delete``.
    """
    deleted, _ = SmeGroup.objects.filter(is_synthetic=True).delete()
    cases, _ = Case.objects.filter(is_synthetic=True).delete()
    brokers, _ = Broker.objects.filter(is_synthetic=True).delete()
    total = deleted + cases + brokers
    log_activity(actor=actor, action="brokerage.demo_delete", data={"rows": total})
    return total
