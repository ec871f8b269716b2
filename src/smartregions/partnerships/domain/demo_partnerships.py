"""Demo partnerships for ``smartregions demo``: three thematic partnerships of synthetic regions
(two active, one forming) with members, contacts, stages and their outputs, an expert team, an
action plan, a waiting join request, and the transition plan of an industrial-transition region.
Everything is flagged synthetic and made through the domain functions (so it is logged).

The first synthetic region (whose representative is a demo login) leads the first partnership,
is a member of the second and co-leads the forming third, so that login sees every page.
Builds on the synthetic registry; does nothing without it. Safe to run again.

A fourth partnership is made the way the platform means partnerships to start: from the
accepted application of a demo call (:func:`load_demo_partnership_from_application`, after the
calls and evaluation demos), then launched with its scoping note.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from smartregions.accounts.models import User
from smartregions.calls.enums import ApplicationStatus
from smartregions.calls.models import Application, Expert
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.enums import OrganisationType
from smartregions.partnerships.domain import actions as action_domain
from smartregions.partnerships.domain import plans as plan_domain
from smartregions.partnerships.domain.experts import assign_expert
from smartregions.partnerships.domain.join_requests import request_to_join
from smartregions.partnerships.domain.members import add_member, add_member_contact
from smartregions.partnerships.domain.partnerships import (
    create_partnership,
    create_partnership_from_application,
    launch_partnership,
)
from smartregions.partnerships.domain.stages import start_next_stage, update_stage_outputs
from smartregions.partnerships.enums import ActionStatus, MemberRole, MethodologyStage
from smartregions.partnerships.models import ActionPlan, Partnership, StageRecord
from smartregions.regions.domain.synthetic import (
    synthetic_registry_organisations,
    synthetic_registry_strategies,
)
from smartregions.regions.models import Region, ThematicArea, ThematicPlatform

DEMO_DOMAIN = "demo.smartregions.eu"
#: Marks the demo's transition plan (plans have no synthetic flag).
SYNTHETIC_PLAN_SUFFIX = " (synthetic)"
#: Name, acronym, description, thematic platform and area (slugs) of the demo partnerships.
PARTNERSHIPS = [
    (
        "Hydrogen Valleys for Industry",
        "H2VI",
        (
            "Regions that bring green hydrogen to energy-intensive industry: shared electrolyser "
            "pilots, skills for hydrogen technicians and a joint pipeline of bankable projects."
        ),
        "energy",
        "smart-grids",
    ),
    (
        "Circular Batteries Alliance",
        "CIRBAT",
        (
            "Collection, second life and recycling of lithium-ion batteries across borders, from "
            "pilot plants to investment-ready recycling hubs."
        ),
        "industrial-modernisation",
        "resource-efficiency",
    ),
    (
        "Smart Agri-Food Value Chains",
        "SAFE",
        "Traceability, precision farming and food processing that cut waste along the chain.",
        "agri-food",
        "traceability-big-data-agri-food",
    ),
]
OUTPUTS = {
    MethodologyStage.SCOPING: (
        "Scoping note agreed by the lead and co-leads.\n\n"
        "- Value chain: production, storage and industrial use of green hydrogen.\n"
        "- Gaps: few demonstration sites, no shared test protocols, scarce technicians."
    ),
    MethodologyStage.MAPPING: (
        "Mapping of 60 companies and 14 research centres in the member regions; the partner "
        "finder suggested two further regions with complementary strengths."
    ),
}


def _regions() -> list[Region]:
    """Synthetic regions, one per country first (so partnerships span countries)."""
    strategies = synthetic_registry_strategies().select_related("region__country")
    regions = sorted({s.region.pk: s.region for s in strategies}.values(), key=lambda r: r.code)
    firsts, rest, seen = [], [], set()
    for region in regions:
        (rest if region.country_id in seen else firsts).append(region)
        seen.add(region.country_id)
    return firsts + rest


def _experts() -> list[Expert]:
    """Two active experts of the pool: existing ones, else two demo experts (no login)."""
    found = list(Expert.objects.filter(is_active=True).select_related("user")[:2])
    wanted = [
        (f"value-chains.expert@{DEMO_DOMAIN}", "Demo expert on value chains"),
        (f"investment.expert@{DEMO_DOMAIN}", "Demo expert on investment"),
    ]
    for email, name in wanted[len(found) :]:
        user = User.objects.filter(email=email).first() or User.objects.create(
            email=email, full_name=name, password=make_password(None)
        )
        found.append(Expert.objects.get_or_create(user=user, defaults={"expertise": name})[0])
    return found


def _platform(index: int, platforms: list[ThematicPlatform]) -> ThematicPlatform:
    """The partnership's own platform, else one of the platforms there are."""
    wanted = PARTNERSHIPS[index][3]
    return next((p for p in platforms if p.slug == wanted), platforms[index % len(platforms)])


def _area(index: int, platform: ThematicPlatform) -> ThematicArea | None:
    """The partnership's own area if it fits the platform, else the platform's first area."""
    area = ThematicArea.objects.filter(slug=PARTNERSHIPS[index][4]).first()
    if area is not None and area.platform_id in (None, platform.pk):
        return area
    return ThematicArea.objects.filter(platform=platform).order_by("slug").first()


def _partnership(index: int, platforms: list[ThematicPlatform], lead: Region) -> Partnership:
    name, acronym, description, _, _ = PARTNERSHIPS[index]
    platform = _platform(index, platforms)
    return create_partnership(
        actor=None,
        name=name,
        acronym=acronym,
        description=description,
        thematic_platform=platform,
        thematic_area=_area(index, platform),
        lead_region=lead,
        is_synthetic=True,
    )


def _plan(partnership: Partnership, today: dt.date) -> ActionPlan:
    plan = plan_domain.create_partnership_plan(actor=None, partnership=partnership)
    survey = action_domain.add_action(
        actor=None,
        plan=plan,
        title="Survey hydrogen demand of industrial sites",
        owner_name="Regional development agency",
        deadline=today - dt.timedelta(days=60),
    )
    pilot = action_domain.add_action(
        actor=None,
        plan=plan,
        title="Select two electrolyser pilot sites",
        owner_name="Lead region's innovation office",
        deadline=today - dt.timedelta(days=10),
        depends_on=[survey],
    )
    skills = action_domain.add_action(
        actor=None,
        plan=plan,
        title="Joint curriculum for hydrogen technicians",
        owner_name="Vocational training centres",
        deadline=today + dt.timedelta(days=120),
    )
    action_domain.add_action(
        actor=None,
        plan=plan,
        title="Prepare the interregional innovation investments application",
        owner_name="Partnership secretariat",
        deadline=today + dt.timedelta(days=240),
        depends_on=[pilot, skills],
    )
    action_domain.change_action_status(actor=None, action=survey, status=ActionStatus.DONE)
    action_domain.change_action_status(actor=None, action=skills, status=ActionStatus.BLOCKED)
    plan_domain.add_funding_opportunity(
        actor=None,
        plan=plan,
        title="Interregional innovation investments, strand 2a",
        source="i3",
        amount=Decimal("6000000"),
        deadline=today + dt.timedelta(days=270),
    )
    plan_domain.add_funding_opportunity(
        actor=None,
        plan=plan,
        title="Horizon Europe Clean Hydrogen Partnership call",
        source="horizon_europe",
        deadline=today + dt.timedelta(days=150),
    )
    return plan


def _first_partnership(
    platforms: list[ThematicPlatform], regions: list[Region], today: dt.date
) -> None:
    partnership = _partnership(0, platforms, regions[0])
    add_member(actor=None, partnership=partnership, region=regions[1], role=MemberRole.CO_LEAD)
    for region in regions[2:4]:
        add_member(actor=None, partnership=partnership, region=region)
    research = (
        synthetic_registry_organisations()
        .filter(type=OrganisationType.RESEARCH, region=regions[1])
        .order_by("name")
        .first()
    )
    if research is not None:
        add_member(
            actor=None,
            partnership=partnership,
            organisation=research,
            role=MemberRole.ASSOCIATED,
        )
    lead = partnership.members.get(region=regions[0])
    add_member_contact(
        actor=None,
        member=lead,
        name="Partnership coordinator",
        email=f"coordinator.{regions[0].code.lower()}@{DEMO_DOMAIN}",
        position="Smart-specialisation manager",
        is_public=True,
    )
    launch_partnership(actor=None, partnership=partnership)
    for stage in (MethodologyStage.SCOPING, MethodologyStage.MAPPING):
        record = StageRecord.objects.get(partnership=partnership, stage=stage)
        update_stage_outputs(actor=None, record=record, outputs=OUTPUTS[stage], links=[])
        start_next_stage(actor=None, partnership=partnership)
    for expert, role in zip(
        _experts(), ("Value-chain analyst", "Investment adviser"), strict=False
    ):
        assign_expert(actor=None, partnership=partnership, expert=expert, role=role)
    _plan(partnership, today)


def _transition_plan(regions: list[Region]) -> int:
    region = next((r for r in regions if r.industrial_transition), None)
    if region is None or ActionPlan.objects.filter(region=region).exists():
        return 0
    plan_domain.create_region_plan(
        actor=None,
        region=region,
        title=f"Transition plan of {region.name_latin}{SYNTHETIC_PLAN_SUFFIX}",
        weaknesses="Dependence on coal-based power; an ageing workforce in heavy industry.",
        assets="Engineering universities; large industrial sites ready for conversion.",
        transition_priorities=["reskilling", "energy_transition", "investment_barriers"],
    )
    return 1


@transaction.atomic
def load_demo_partnerships(*, seed: int = 0, today: dt.date | None = None) -> str:
    """Create the demo partnerships (see the module docstring); returns a one-line summary."""
    if Partnership.objects.filter(is_synthetic=True, name=PARTNERSHIPS[0][0]).exists():
        return "already loaded"
    regions = _regions()
    platforms = list(ThematicPlatform.objects.order_by("slug"))
    if len({r.country_id for r in regions}) < 3 or len(regions) < 8 or not platforms:
        return "skipped: the synthetic registry and the thematic platforms are not loaded"
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    today = today or timezone.localdate()
    _first_partnership(platforms, regions, today)
    second = _partnership(1, platforms, regions[4])
    for region in (regions[0], regions[5], regions[6]):
        add_member(actor=None, partnership=second, region=region)
    launch_partnership(actor=None, partnership=second)
    request_to_join(
        actor=None,
        partnership=second,
        region=regions[7],
        message="We run a battery recycling pilot and would like to join the alliance.",
    )
    third = _partnership(2, platforms, regions[rng.randrange(5, 8)])
    add_member(actor=None, partnership=third, region=regions[0], role=MemberRole.CO_LEAD)
    plans = _transition_plan(regions)
    log_activity(actor=None, action="partnership.demo_load", data={"seed": seed})
    return f"3 partnerships (2 active, 1 forming), 1 action plan, {plans} transition plan"


@transaction.atomic
def load_demo_partnership_from_application() -> str:
    """Turn the best-ranked accepted synthetic application into a partnership
    (:func:`create_partnership_from_application`), launch it and write its scoping note, so
    the demo shows the whole path from a call to a working partnership. Other accepted
    applications are left for staff to turn into partnerships on the application's page.
    Returns a one-line summary; does nothing once a demo partnership comes from an application.
    """
    if Partnership.objects.filter(is_synthetic=True, application__isnull=False).exists():
        return "the partnership from the accepted application is already present"
    application = (
        Application.objects.filter(
            is_synthetic=True, status=ApplicationStatus.ACCEPTED, partnership__isnull=True
        )
        .order_by("decisions__rank", "id")
        .first()
    )
    if application is None:
        return "no accepted demo application"
    partnership = create_partnership_from_application(actor=None, application=application)
    launch_partnership(actor=None, partnership=partnership)
    record = StageRecord.objects.get(partnership=partnership, stage=MethodologyStage.SCOPING)
    update_stage_outputs(
        actor=None,
        record=record,
        outputs=(
            f"Scoping note drawn from the application to {application.call.title}: the "
            f"members' shared goals, the value chain they cover and the gaps to close.\n\n"
            f"{application.summary}"
        ),
        links=[],
    )
    return f"1 partnership from the accepted application {application}"


@transaction.atomic
def delete_demo_partnerships(*, actor: User | None = None) -> int:
    """Delete the synthetic partnerships (members, contacts, stages, join requests, expert
    team, plans cascade) and the demo's transition plan, for ``smartregions demo --reset``.

    Run it after the synthetic pipeline projects are deleted (they protect their partnership)
    and before the synthetic registry is. Returns the rows deleted; logs
    ``partnership.demo_delete``.
    """
    plans, _ = ActionPlan.objects.filter(
        region__isnull=False, title__endswith=SYNTHETIC_PLAN_SUFFIX
    ).delete()
    partnerships, _ = Partnership.objects.filter(is_synthetic=True).delete()
    total = plans + partnerships
    log_activity(actor=actor, action="partnership.demo_delete", data={"rows": total})
    return total
