"""Synthetic partnerships, projects and progress reports at scale, for benchmarks and tests.

:func:`generate_monitoring_data` fills a database with a seeded, realistic population: thematic
partnerships over real NUTS-2 regions (synthetic ``Q?nn`` regions when no NUTS registry is
loaded), members with roles, pipeline projects in every stage with their stage history, partner
regions and funding mixes, and the progress reports of every period since each launch, the
submitted ones with their indicators frozen from the generated data. Everything is flagged
``is_synthetic`` where the model allows; rows go in with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.monitoring.indicators import (
    indicators_json,
    partnership_figures,
)
from smartregions.partnerships.domain.monitoring.periods import ReportPeriod, period_containing
from smartregions.partnerships.enums import (
    PROJECT_STAGE_ORDER,
    MemberRole,
    PartnershipStatus,
    ProjectStage,
    ReportStatus,
)
from smartregions.partnerships.models import (
    Partnership,
    PartnershipMember,
    ProgressReport,
    Project,
    ProjectFunding,
    ProjectStageChange,
)
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.enums import CountryGroup
from smartregions.regions.models import Country, Region, ThematicPlatform

BATCH = 2000
#: Stage shares of the generated pipeline (most projects are early).
STAGE_WEIGHTS = {
    ProjectStage.IDEA: 35,
    ProjectStage.DEMONSTRATION: 25,
    ProjectStage.INVESTMENT_READY: 20,
    ProjectStage.FUNDED: 15,
    ProjectStage.IMPLEMENTED: 5,
}
THEMES = (
    "Hydrogen valleys",
    "Smart grids",
    "Circular batteries",
    "Digital agri-food",
    "Medical technologies",
    "Textile recycling",
    "Blue bioeconomy",
    "Cybersecurity",
    "Sustainable tourism",
    "Advanced materials",
)
PLATFORMS = (
    ("energy", "Energy"),
    ("industrial-modernisation", "Industrial modernisation"),
    ("agri-food", "Agri-food"),
)
EXTRA_REGIO_CODE = r"^[A-Z]{2}Z+$"


@dataclass(frozen=True)
class MonitoringSummary:
    """What :func:`generate_monitoring_data` made."""

    seed: int
    regions: int
    real_regions: bool
    partnerships: int
    members: int
    projects: int
    funding_lines: int
    stage_changes: int
    reports: int

    def __str__(self) -> str:
        kind = "NUTS-2" if self.real_regions else "synthetic"
        return (
            f"{self.partnerships} partnerships over {self.regions} {kind} regions, "
            f"{self.members} members, {self.projects} projects ({self.funding_lines} funding "
            f"lines, {self.stage_changes} stage changes), {self.reports} progress reports "
            f"(seed {self.seed})"
        )


def _regions(rng: random.Random, n: int) -> tuple[list[Region], bool]:
    """``n`` real NUTS-2 regions of the current version if the registry has them, else ``n``
    synthetic ones (created once, shared by later calls)."""
    version = current_nuts_version()
    real = list(
        Region.objects.filter(nuts_version=version, level=2, is_extra_regio=False)
        .exclude(code__regex=EXTRA_REGIO_CODE)
        .select_related("country")
        .order_by("code")
    )
    if len(real) >= n:
        return sorted(rng.sample(real, n), key=lambda r: r.code), True
    letters = "BCDEFGHIJKLMNOPRSTUVWXY"
    per_country = 12
    countries = [f"Q{letters[i]}" for i in range(math.ceil(n / per_country))]
    Country.objects.bulk_create(
        [
            Country(code=c, iso_code=c, name=f"Synthetic country {c}", group=CountryGroup.EU)
            for c in countries
        ],
        ignore_conflicts=True,
    )
    by_code = {c.code: c for c in Country.objects.filter(code__in=countries)}
    codes = [f"{countries[i // per_country]}{i % per_country + 1:02d}" for i in range(n)]
    Region.objects.bulk_create(
        [
            Region(
                code=code,
                nuts_version=version,
                level=2,
                country=by_code[code[:2]],
                name_latin=f"Synthetic region {code}",
                name_national=f"Synthetic region {code}",
            )
            for code in codes
        ],
        ignore_conflicts=True,
    )
    regions = Region.objects.filter(nuts_version=version, code__in=codes).select_related("country")
    return sorted(regions, key=lambda r: r.code), False


def _platforms() -> list[ThematicPlatform]:
    existing = list(ThematicPlatform.objects.order_by("slug"))
    if existing:
        return existing
    ThematicPlatform.objects.bulk_create(
        [ThematicPlatform(slug=slug, name=name) for slug, name in PLATFORMS],
        ignore_conflicts=True,
    )
    return list(ThematicPlatform.objects.order_by("slug"))


def _moment(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = max(0, int((end - start).total_seconds()))
    return start + dt.timedelta(seconds=rng.randint(0, seconds))


def _partnerships(
    rng: random.Random, *, n: int, seed: int, platforms: list, now: dt.datetime
) -> list[Partnership]:
    earliest = now - dt.timedelta(days=4 * 365)
    rows = []
    for i in range(n):
        draw = rng.random()
        status = (
            PartnershipStatus.FORMING
            if draw < 0.1
            else PartnershipStatus.CLOSED
            if draw < 0.2
            else PartnershipStatus.ACTIVE
        )
        launched = None if status == PartnershipStatus.FORMING else _moment(rng, earliest, now)
        closed = _moment(rng, launched, now) if status == PartnershipStatus.CLOSED else None
        theme = THEMES[i % len(THEMES)]
        rows.append(
            Partnership(
                slug=f"synthetic-{seed}-{i + 1}",
                name=f"{theme} {seed}-{i + 1}",
                acronym=f"SYN{i + 1}",
                description=f"Synthetic partnership on {theme.lower()}.",
                thematic_platform=rng.choice(platforms),
                status=status,
                launched_at=launched,
                closed_at=closed,
                is_synthetic=True,
            )
        )
    return Partnership.objects.bulk_create(rows, batch_size=BATCH)


def _members(
    rng: random.Random, partnerships: list[Partnership], regions: list[Region]
) -> dict[int, list[Region]]:
    chosen: dict[int, list[Region]] = {}
    rows = []
    for partnership in partnerships:
        picked = rng.sample(regions, min(len(regions), rng.randint(3, 10)))
        chosen[partnership.pk] = picked
        co_leads = rng.randint(0, min(2, len(picked) - 1))
        for index, region in enumerate(picked):
            if index == 0:
                role = MemberRole.LEAD
            elif index <= co_leads:
                role = MemberRole.CO_LEAD
            else:
                role = MemberRole.ASSOCIATED if rng.random() < 0.15 else MemberRole.MEMBER
            rows.append(PartnershipMember(partnership=partnership, region=region, role=role))
    PartnershipMember.objects.bulk_create(rows, batch_size=BATCH)
    return chosen


def _funding(rng: random.Random, project: Project) -> list[ProjectFunding]:
    sources = rng.sample(FundingSource.values, rng.randint(1, 4))
    share_left = Decimal("0.95")
    rows = []
    needs_secured = project.stage in (ProjectStage.FUNDED, ProjectStage.IMPLEMENTED)
    for position, source in enumerate(sources):
        share = (share_left * Decimal(rng.uniform(0.2, 0.7))).quantize(Decimal("0.01"))
        share_left -= share
        if needs_secured and position == 0:
            status = FundingStatus.SECURED
        else:
            status = rng.choice(FundingStatus.values)
        amount = (project.budget * share).quantize(Decimal("0.01"))
        rows.append(ProjectFunding(project=project, source=source, status=status, amount=amount))
    return rows


def _projects(
    rng: random.Random,
    *,
    n: int,
    partnerships: list[Partnership],
    members: dict[int, list[Region]],
    regions: list[Region],
    platforms: list,
    now: dt.datetime,
) -> tuple[int, int, int]:
    stages, weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
    earliest = now - dt.timedelta(days=4 * 365)
    launched = [p for p in partnerships if p.launched_at is not None]
    projects, created = [], []
    for i in range(n):
        partnership = rng.choice(launched) if launched and rng.random() < 0.95 else None
        pool = members[partnership.pk] if partnership else regions
        trl_now = rng.randint(2, 7)
        projects.append(
            Project(
                partnership=partnership,
                thematic_platform=partnership.thematic_platform
                if partnership
                else rng.choice(platforms),
                title=f"Synthetic project {i + 1}",
                acronym=f"SP{i + 1}",
                value_chain_segment=rng.choice(["Research", "Pilot line", "Production", "Use"]),
                trl_now=trl_now,
                trl_target=rng.randint(trl_now, 9),
                lead_region=rng.choice(pool),
                budget=Decimal(round(math.exp(rng.uniform(math.log(1e5), math.log(2e7))), -3)),
                stage=rng.choices(stages, weights)[0],
                is_synthetic=True,
            )
        )
        start = partnership.launched_at if partnership else earliest
        created.append(_moment(rng, start, now))
    projects = Project.objects.bulk_create(projects, batch_size=BATCH)
    for project, moment in zip(projects, created, strict=True):  # see the stage history below
        project.created_at = moment
    Project.objects.bulk_update(projects, ["created_at"], batch_size=BATCH)
    changes, moments, funding, partners = [], [], [], []
    through = Project.partner_regions.through
    for project in projects:
        steps = PROJECT_STAGE_ORDER[: PROJECT_STAGE_ORDER.index(project.stage) + 1]
        later = sorted(_moment(rng, project.created_at, now) for _ in steps[1:])
        previous = ""
        for stage, moment in zip(steps, [project.created_at, *later], strict=True):
            changes.append(ProjectStageChange(project=project, from_stage=previous, to_stage=stage))
            moments.append(moment)
            previous = stage
        funding.extend(_funding(rng, project))
        pool = members[project.partnership_id] if project.partnership_id else regions
        others = [r for r in pool if r.pk != project.lead_region_id]
        partners.extend(
            through(project_id=project.pk, region_id=region.pk)
            for region in rng.sample(others, min(len(others), rng.randint(0, 3)))
        )
    # ``at`` (like ``Project.created_at``) is auto_now_add, which bulk_create overwrites: the
    # history's generated moments go in with a second pass.
    changes = ProjectStageChange.objects.bulk_create(changes, batch_size=BATCH)
    for change, moment in zip(changes, moments, strict=True):
        change.at = moment
    ProjectStageChange.objects.bulk_update(changes, ["at"], batch_size=BATCH)
    ProjectFunding.objects.bulk_create(funding, batch_size=BATCH)
    through.objects.bulk_create(partners, batch_size=BATCH)
    return len(projects), len(funding), len(changes)


def _report_status(rng: random.Random, period: ReportPeriod, today: dt.date) -> str:
    if period.end >= today:
        return ReportStatus.DRAFT
    return rng.choices(
        [
            ReportStatus.ACCEPTED,
            ReportStatus.SUBMITTED,
            ReportStatus.CHANGES_REQUESTED,
            ReportStatus.DRAFT,
        ],
        [70, 10, 5, 15],
    )[0]


def _reports(rng: random.Random, partnerships: list[Partnership], now: dt.datetime) -> int:
    today = timezone.localdate(now)
    reporting = [p for p in partnerships if p.launched_at is not None]
    figures = partnership_figures(p.pk for p in reporting)
    rows = []
    for partnership in reporting:
        period = period_containing(timezone.localdate(partnership.launched_at))
        last = period_containing(
            timezone.localdate(partnership.closed_at) if partnership.closed_at else today
        )
        while period <= last:
            status = _report_status(rng, period, today)
            report = ProgressReport(
                partnership=partnership,
                period_start=period.start,
                period_end=period.end,
                due_date=period.due,
                status=status,
                events_held=rng.randint(0, 6),
                achievements=f"Achievements of {period.label}.",
                results=f"Results of {period.label}.",
                challenges=f"Challenges of {period.label}.",
                next_steps=f"Plans after {period.label}.",
            )
            if status != ReportStatus.DRAFT:
                day = period.end + dt.timedelta(days=rng.randint(1, 31))
                submitted = min(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), now)
                report.submitted_at = submitted
                report.indicators = indicators_json(
                    figures[partnership.pk],
                    period=period,
                    events_held=report.events_held,
                    as_of=submitted,
                )
            if status in (ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED):
                review = submitted + dt.timedelta(days=rng.randint(1, 20))
                report.reviewed_at = min(review, now)
                report.review_comment = "Synthetic review."
            rows.append(report)
            period = period.next()
    ProgressReport.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


@transaction.atomic
def generate_monitoring_data(
    *,
    partnerships: int,
    regions: int,
    projects: int,
    seed: int,
    now: dt.datetime | None = None,
) -> MonitoringSummary:
    """Create ``partnerships`` synthetic partnerships over ``regions`` regions with
    ``projects`` pipeline projects and their progress reports (see the module docstring).

    Reproducible for a seed and ``now`` (default: the current time). Not idempotent on purpose:
    each call adds a new population (slugs carry the seed). Logs one ``synthetic.monitoring``
    entry. Why: the dashboard benchmark and the query-count tests need realistic volumes.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    now = now or timezone.now()
    region_pool, real = _regions(rng, regions)
    platforms = _platforms()
    made = _partnerships(rng, n=partnerships, seed=seed, platforms=platforms, now=now)
    members = _members(rng, made, region_pool)
    n_projects, n_funding, n_changes = _projects(
        rng,
        n=projects,
        partnerships=made,
        members=members,
        regions=region_pool,
        platforms=platforms,
        now=now,
    )
    n_reports = _reports(rng, made, now)
    summary = MonitoringSummary(
        seed=seed,
        regions=len(region_pool),
        real_regions=real,
        partnerships=len(made),
        members=sum(len(found) for found in members.values()),
        projects=n_projects,
        funding_lines=n_funding,
        stage_changes=n_changes,
        reports=n_reports,
    )
    log_activity(actor=None, action="synthetic.monitoring", data={"summary": str(summary)})
    return summary
