"""Totals of the pipeline, aggregated in SQL.

One query over the projects grouped by stage (and the group), one over their funding lines
grouped by stage, source and status (and the group), never a loop over projects: the cost is
the same for ten projects or ten thousand. Grouped totals add one query for the group labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.domain.queries.pipeline.projects import (
    partnering,
    visible_projects,
)
from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import Partnership, Project, ProjectFunding
from smartregions.regions.models import Region, ThematicPlatform


def _zero_funding() -> dict[str, dict[str, Decimal]]:
    return {
        source: dict.fromkeys(FundingStatus.values, Decimal(0)) for source in FundingSource.values
    }


@dataclass
class StageTotals:
    """Projects at one stage: how many, their budget, their funding by source and status."""

    count: int = 0
    budget: Decimal = Decimal(0)
    funding: dict[str, dict[str, Decimal]] = field(default_factory=_zero_funding)

    @property
    def secured(self) -> Decimal:
        return sum((s[FundingStatus.SECURED] for s in self.funding.values()), Decimal(0))


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


@dataclass
class PipelineTotals:
    """Totals of a set of projects, per stage (every stage present, in workflow order)."""

    stages: dict[str, StageTotals] = field(
        default_factory=lambda: {stage: StageTotals() for stage in ProjectStage.values}
    )

    @property
    def count(self) -> int:
        return sum(s.count for s in self.stages.values())

    @property
    def budget(self) -> Decimal:
        return sum((s.budget for s in self.stages.values()), Decimal(0))

    @property
    def count_by_stage(self) -> dict[str, int]:
        return {stage: s.count for stage, s in self.stages.items()}

    @property
    def funding(self) -> dict[str, dict[str, Decimal]]:
        """EUR by source and status (every source and status present)."""
        merged = _zero_funding()
        for stage in self.stages.values():
            for source, by_status in stage.funding.items():
                for status, amount in by_status.items():
                    merged[source][status] += amount
        return merged

    @property
    def funding_by_status(self) -> dict[str, Decimal]:
        funding = self.funding
        return {
            status: sum((funding[s][status] for s in funding), Decimal(0))
            for status in FundingStatus.values
        }

    @property
    def secured_by_source(self) -> dict[str, Decimal]:
        return {source: s[FundingStatus.SECURED] for source, s in self.funding.items()}

    @property
    def secured(self) -> Decimal:
        return sum((s.secured for s in self.stages.values()), Decimal(0))

    @property
    def secured_share(self) -> Decimal | None:
        """Secured EUR / budget (``None`` without budget)."""
        return _share(self.secured, self.budget)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly summary (amounts as strings with two decimals)."""
        money = _money
        return {
            "count": self.count,
            "budget": money(self.budget),
            "secured": money(self.secured),
            "count_by_stage": self.count_by_stage,
            "budget_by_stage": {k: money(s.budget) for k, s in self.stages.items()},
            "funding": {
                source: {status: money(v) for status, v in by_status.items()}
                for source, by_status in self.funding.items()
            },
            "secured_by_source": {k: money(v) for k, v in self.secured_by_source.items()},
        }


def _aggregate(projects: QuerySet[Project], key: str | None = None) -> dict[Any, PipelineTotals]:
    """Totals of ``projects``, grouped by the project field ``key`` (``None``: one group).

    Two queries. With a many-to-many ``key`` (``partner_regions``) a project counts once in
    every group it belongs to.
    """
    ids = projects.order_by().values("pk")
    group = [key] if key else []
    result: dict[Any, PipelineTotals] = {}
    rows = (
        Project.objects.filter(pk__in=ids)
        .order_by()
        .values(*group, "stage")
        .annotate(n=Count("pk"), budget_total=Sum("budget"))
    )
    for row in rows:
        stage = result.setdefault(row[key] if key else None, PipelineTotals()).stages[row["stage"]]
        stage.count = row["n"]
        stage.budget = row["budget_total"] or Decimal(0)
    funding_group = [f"project__{key}"] if key else []
    lines = (
        ProjectFunding.objects.filter(project__in=ids)
        .order_by()
        .values(*funding_group, "project__stage", "source", "status")
        .annotate(total=Sum("amount"))
    )
    for row in lines:
        totals = result.setdefault(row[f"project__{key}"] if key else None, PipelineTotals())
        by_status = totals.stages[row["project__stage"]].funding[row["source"]]
        by_status[row["status"]] = row["total"] or Decimal(0)
    return result


def totals_of(projects: QuerySet[Project]) -> PipelineTotals:
    """Counts by stage, budget and funding by source and status of ``projects`` (2 queries)."""
    return _aggregate(projects).get(None, PipelineTotals())


#: How a region takes part in a project, for :func:`pipeline_totals`.
REGION_ROLES = ("any", "lead", "partner")


def pipeline_totals(
    *,
    partnership_ids: Iterable[int] | None = None,
    platform_id: int | None = None,
    region_id: int | None = None,
    region_role: str = "any",
    public_only: bool = False,
) -> PipelineTotals:
    """Pipeline totals for dashboards and reports, in two SQL queries.

    Narrowed to the partnerships ``partnership_ids``, the thematic platform ``platform_id``
    and the region ``region_id`` (as lead, partner or either: ``region_role``); with
    ``public_only`` only projects anyone may see (no forming partnership's). Returns counts by
    stage, budget and funding EUR by source and status (``secured_by_source`` and more as
    properties).
    """
    if region_role not in REGION_ROLES:
        msg = f"region_role must be one of {REGION_ROLES}, not {region_role!r}"
        raise ValueError(msg)
    projects = visible_projects(None) if public_only else Project.objects.all()
    if partnership_ids is not None:
        projects = projects.filter(partnership_id__in=list(partnership_ids))
    if platform_id is not None:
        projects = projects.filter(thematic_platform_id=platform_id)
    if region_id is not None:
        lead = Q(lead_region_id=region_id)
        partner = Q(pk__in=partnering(Q(region_id=region_id)))
        projects = projects.filter(
            {"lead": lead, "partner": partner}.get(region_role, lead | partner)
        )
    return totals_of(projects)


@dataclass
class GroupTotals:
    """The totals of one group: ``group`` is a partnership, platform or region (or ``None``
    for projects without a partnership)."""

    group: Any
    totals: PipelineTotals


#: Groupings of :func:`grouped_totals`: name -> (project field, model of the group).
GROUPINGS: dict[str, tuple[str, Any]] = {
    "partnership": ("partnership", Partnership),
    "platform": ("thematic_platform", ThematicPlatform),
    "lead_region": ("lead_region", Region),
    "partner_region": ("partner_regions", Region),
}


def _labels(model: Any, ids: Iterable[Any]) -> dict[Any, Any]:
    qs = model.objects.filter(pk__in=[pk for pk in ids if pk is not None])
    if model is Region:
        qs = qs.select_related("country")
    return {obj.pk: obj for obj in qs}


def grouped_totals(projects: QuerySet[Project], *, by: str) -> list[GroupTotals]:
    """Totals of ``projects`` per partnership, platform, lead region or partner region.

    Three queries. Biggest budget first. Projects without a partnership form a group of their
    own (``group`` is ``None``); projects without partner regions are in no partner-region group.
    """
    key, model = GROUPINGS[by]
    aggregated = _aggregate(projects, key)
    if by == "partner_region":
        aggregated.pop(None, None)
    labels = _labels(model, aggregated)
    groups = [GroupTotals(labels.get(pk), totals) for pk, totals in aggregated.items()]
    return sorted(groups, key=lambda g: (-g.totals.budget, str(g.group or "")))


@dataclass
class RegionTotals:
    """One region's part in a set of projects: as lead and as partner."""

    region: Region
    as_lead: PipelineTotals
    as_partner: PipelineTotals


def region_totals(projects: QuerySet[Project]) -> list[RegionTotals]:
    """Per region, the totals of the projects it leads and of those it partners in (5 queries).

    Sorted by the budget it takes part in (lead plus partner), biggest first.
    """
    lead = _aggregate(projects, "lead_region")
    partner = _aggregate(projects, "partner_regions")
    partner.pop(None, None)
    labels = _labels(Region, {*lead, *partner})
    rows = [
        RegionTotals(labels[pk], lead.get(pk, PipelineTotals()), partner.get(pk, PipelineTotals()))
        for pk in {*lead, *partner}
        if pk in labels
    ]
    return sorted(rows, key=lambda r: (-(r.as_lead.budget + r.as_partner.budget), r.region.code))
