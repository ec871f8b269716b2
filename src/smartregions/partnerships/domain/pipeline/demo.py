"""Demo investment pipeline for ``smartregions demo``: twenty bankable projects of the demo
partnerships (and one of the Energy platform itself), in every stage, with funding mixes.

Each project is proposed as an idea, given its funding lines (secured, applied, planned or
still an idea), then moved stage by stage with
:func:`~smartregions.partnerships.domain.pipeline.stages.move_project` up to where it stands,
so its stage history and the activity log read as in real use; one project moved back a stage
with a reason. Funded and implemented projects have at least half their budget secured, as the
pipeline requires. Lead and partner regions are members of the project's partnership.

Builds on the demo partnerships (found by acronym); projects of a missing partnership are left
out. Safe to run again: once the first project exists, nothing more is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.pipeline.funding import set_project_funding
from smartregions.partnerships.domain.pipeline.projects import create_project
from smartregions.partnerships.domain.pipeline.stages import move_project
from smartregions.partnerships.enums import PROJECT_STAGE_ORDER, MemberRole, ProjectStage
from smartregions.partnerships.models import Partnership, Project
from smartregions.regions.models import Region, ThematicPlatform

S = FundingSource
F = FundingStatus
P = ProjectStage


@dataclass(frozen=True)
class DemoProject:
    """A demo project: where it belongs, what it is, how far it is and how it is financed.

    ``partnership`` is an acronym (empty: a project of the platform ``platform``); ``lead`` and
    ``partners`` index the partnership's member regions; ``funding`` holds (source, status,
    share of the budget).
    """

    partnership: str
    title: str
    acronym: str
    segment: str
    trl: tuple[int, int]
    budget: int
    stage: str
    funding: tuple[tuple[str, str, str], ...]
    lead: int = 0
    partners: int = 2
    moved_back: str = ""
    platform: str = ""


PROJECTS = (
    DemoProject("H2VI", "Electrolyser pilot at a steelworks", "H2STEEL", "Production", (5, 7),
                12_000_000, P.FUNDED,
                ((S.I3, F.SECURED, "0.40"), (S.NATIONAL_REGIONAL, F.SECURED, "0.20"),
                 (S.PRIVATE, F.APPLIED, "0.20"))),
    DemoProject("H2VI", "Hydrogen refuelling corridor for trucks", "H2CORR", "Distribution",
                (4, 7), 8_500_000, P.INVESTMENT_READY,
                ((S.INVESTEU_EIB, F.APPLIED, "0.50"), (S.ERDF_INTERREG, F.PLANNED, "0.20")),
                lead=1),
    DemoProject("H2VI", "Salt-cavern hydrogen storage study", "H2CAVE", "Storage", (3, 5),
                2_400_000, P.DEMONSTRATION, ((S.HORIZON_EUROPE, F.APPLIED, "0.60"),), lead=2,
                moved_back="The first test campaign showed leaks; a second one is needed."),
    DemoProject("H2VI", "Green ammonia for fertiliser plants", "AMMONIA", "Industrial use",
                (4, 6), 6_000_000, P.IDEA, ((S.I3, F.PLANNED, "0.50"),), lead=3),
    DemoProject("H2VI", "Hydrogen technician training academy", "H2SKILLS", "Skills", (7, 9),
                1_200_000, P.IMPLEMENTED,
                ((S.ERDF_INTERREG, F.SECURED, "0.60"), (S.NATIONAL_REGIONAL, F.SECURED, "0.25")),
                lead=1, partners=3),
    DemoProject("H2VI", "Fuel-cell buses for regional lines", "FCBUS", "Mobility", (6, 8),
                9_000_000, P.INVESTMENT_READY,
                ((S.INVESTEU_EIB, F.APPLIED, "0.40"), (S.NATIONAL_REGIONAL, F.PLANNED, "0.30"),
                 (S.PRIVATE, F.PLANNED, "0.10"))),
    DemoProject("H2VI", "Offshore wind to hydrogen hub", "W2H2", "Production", (3, 6),
                25_000_000, P.IDEA, ((S.HORIZON_EUROPE, F.IDEA, "0.30"),), lead=2, partners=1),
    DemoProject("CIRBAT", "Second-life batteries for farm storage", "2NDLIFE", "Second life",
                (5, 7), 3_200_000, P.DEMONSTRATION,
                ((S.I3, F.APPLIED, "0.50"), (S.PRIVATE, F.PLANNED, "0.20")), lead=1),
    DemoProject("CIRBAT", "Hydrometallurgical recycling pilot plant", "HYDROMET", "Recycling",
                (5, 7), 14_000_000, P.FUNDED,
                ((S.I3, F.SECURED, "0.45"), (S.INVESTEU_EIB, F.SECURED, "0.15"),
                 (S.PRIVATE, F.SECURED, "0.10"))),
    DemoProject("CIRBAT", "Cross-border battery collection scheme", "COLLECT", "Collection",
                (6, 8), 1_800_000, P.IMPLEMENTED,
                ((S.ERDF_INTERREG, F.SECURED, "0.70"), (S.NATIONAL_REGIONAL, F.SECURED, "0.20")),
                lead=2, partners=3),
    DemoProject("CIRBAT", "Battery passport data platform", "BATPASS", "Traceability", (4, 7),
                2_600_000, P.INVESTMENT_READY,
                ((S.HORIZON_EUROPE, F.APPLIED, "0.60"), (S.PRIVATE, F.PLANNED, "0.15")), lead=3),
    DemoProject("CIRBAT", "Automated battery dismantling cell", "DISMANTLE", "Dismantling",
                (3, 6), 4_500_000, P.IDEA, ((S.I3, F.PLANNED, "0.40"),), lead=1, partners=1),
    DemoProject("CIRBAT", "Qualified recycled cathode materials", "CATHODE", "Materials",
                (4, 6), 5_000_000, P.DEMONSTRATION, ((S.HORIZON_EUROPE, F.SECURED, "0.50"),),
                lead=2),
    DemoProject("CIRBAT", "Sodium-ion battery pilot production", "SODIUM", "Production",
                (3, 5), 7_000_000, P.IDEA, ((S.I3, F.IDEA, "0.40"), (S.PRIVATE, F.IDEA, "0.20"))),
    DemoProject("TEXVAL", "Textile sorting hub with near-infrared scanners", "SORTHUB",
                "Sorting", (6, 8), 4_000_000, P.INVESTMENT_READY,
                ((S.I3, F.APPLIED, "0.50"), (S.NATIONAL_REGIONAL, F.PLANNED, "0.20"))),
    DemoProject("TEXVAL", "Fibre-to-fibre recycling pilot line", "F2F", "Recycling", (4, 7),
                7_500_000, P.DEMONSTRATION, ((S.HORIZON_EUROPE, F.APPLIED, "0.55"),), lead=1),
    DemoProject("TEXVAL", "Digital product passport for garments", "TEXPASS", "Traceability",
                (3, 6), 900_000, P.IDEA, ((S.ERDF_INTERREG, F.IDEA, "0.60"),), lead=2),
    DemoProject("SAFE", "Farm-to-fork traceability with shared ledgers", "LEDGER",
                "Traceability", (4, 7), 1_500_000, P.IDEA,
                ((S.HORIZON_EUROPE, F.PLANNED, "0.60"),), partners=1),
    DemoProject("SAFE", "Food-waste valorisation in processing plants", "VALOR", "Processing",
                (5, 7), 3_800_000, P.DEMONSTRATION,
                ((S.ERDF_INTERREG, F.APPLIED, "0.40"), (S.PRIVATE, F.PLANNED, "0.20")), lead=1,
                partners=1),
    DemoProject("", "Regional flexibility market for smart grids", "FLEXMARKET", "Grid services",
                (5, 7), 6_000_000, P.DEMONSTRATION,
                ((S.HORIZON_EUROPE, F.SECURED, "0.50"), (S.NATIONAL_REGIONAL, F.APPLIED, "0.20")),
                platform="energy"),
)  # fmt: skip


def _member_regions(partnership: Partnership) -> list[Region]:
    """The partnership's current member regions, lead first."""
    members = partnership.members.filter(region__isnull=False, left_at__isnull=True)
    ordered = sorted(
        members.select_related("region"), key=lambda m: (m.role != MemberRole.LEAD, m.pk)
    )
    return [m.region for m in ordered]


def _pool(spec: DemoProject, partnerships: dict[str, Partnership]) -> list[Region]:
    if spec.partnership:
        return _member_regions(partnerships[spec.partnership])
    demo = Partnership.objects.filter(is_synthetic=True, acronym__in=list(partnerships))
    regions = Region.objects.filter(partnership_memberships__partnership__in=demo)
    return list(regions.distinct().order_by("code"))


def _create(spec: DemoProject, partnerships: dict[str, Partnership]) -> Project | None:
    pool = _pool(spec, partnerships)
    platform = ThematicPlatform.objects.filter(slug=spec.platform).first()
    if len(pool) < 2 or (not spec.partnership and platform is None):
        return None
    lead = pool[spec.lead % len(pool)]
    others = [region for region in pool if region.pk != lead.pk]
    project = create_project(
        actor=None,
        partnership=partnerships.get(spec.partnership),
        thematic_platform=platform,
        title=spec.title,
        acronym=spec.acronym,
        description=f"{spec.title}: a demo project of the smartregions pipeline (synthetic).",
        value_chain_segment=spec.segment,
        trl_now=spec.trl[0],
        trl_target=spec.trl[1],
        budget=Decimal(spec.budget),
        lead_region=lead,
        partner_regions=others[: spec.partners],
        is_synthetic=True,
    )
    for source, status, share in spec.funding:
        set_project_funding(
            actor=None,
            project=project,
            source=source,
            status=status,
            amount=(project.budget * Decimal(share)).quantize(Decimal("0.01")),
        )
    target = PROJECT_STAGE_ORDER.index(ProjectStage(spec.stage))
    for stage in PROJECT_STAGE_ORDER[1 : target + 1]:
        move_project(actor=None, project=project, to_stage=stage)
    if spec.moved_back:
        move_project(actor=None, project=project, to_stage=PROJECT_STAGE_ORDER[target + 1])
        move_project(actor=None, project=project, to_stage=spec.stage, reason=spec.moved_back)
    return project


@transaction.atomic
def load_demo_pipeline() -> str:
    """Create the demo projects (see the module docstring); returns a one-line summary. Logs
    ``project.demo_load``."""
    if Project.objects.filter(is_synthetic=True, acronym=PROJECTS[0].acronym).exists():
        return "already present"
    wanted = {spec.partnership for spec in PROJECTS if spec.partnership}
    partnerships = {
        p.acronym: p for p in Partnership.objects.filter(is_synthetic=True, acronym__in=wanted)
    }
    made = []
    for spec in PROJECTS:
        if spec.partnership and spec.partnership not in partnerships:
            continue
        project = _create(spec, partnerships)
        if project is not None:
            made.append(project)
    if not made:
        return "skipped: the demo partnerships are not loaded"
    stages = {stage: sum(p.stage == stage for p in made) for stage in PROJECT_STAGE_ORDER}
    log_activity(actor=None, action="project.demo_load", data={"projects": len(made)})
    return f"{len(made)} projects: " + ", ".join(
        f"{count} {ProjectStage(stage).label.lower()}" for stage, count in stages.items()
    )


@transaction.atomic
def delete_demo_pipeline(*, actor: Any = None) -> int:
    """Delete the synthetic projects and every project of a synthetic partnership (funding
    lines, partners and stage history cascade), for ``smartregions demo --reset``; run it
    before the partnerships go (projects protect them). Returns the rows deleted; logs
    ``project.demo_delete``."""
    deleted, _ = Project.objects.filter(
        Q(is_synthetic=True) | Q(partnership__is_synthetic=True)
    ).delete()
    log_activity(actor=actor, action="project.demo_delete", data={"rows": deleted})
    return deleted
