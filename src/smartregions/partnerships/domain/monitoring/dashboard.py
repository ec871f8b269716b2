"""The platform dashboard: counts, half-yearly trends and the map of participating regions.

Who sees what (the web page, the API and the platform PDF all build on :func:`platform_dashboard`):

* Everyone sees the **public summary**: partnerships that are active or closed (forming ones
  are not public yet), their member regions and countries, the pipeline of their projects
  and of platform-level projects (without a partnership), funding by source and status, and
  the trends.
* Platform staff (facilitators, administrators) see the same figures **over every
  partnership**, forming ones included, plus the monitoring of progress reports: how many are
  being drafted, due soon, overdue, waiting for review, sent back or accepted, and the lists
  of reports to review and overdue reports.

Everything is aggregated in SQL: the dashboard costs a fixed number of queries (seven for the
public, ten for staff) whatever the number of partnerships, projects or reports.

Trends are per half-year (the reporting periods): partnerships launched, projects created,
projects that reached the "funded" stage for the first time, and the secured funding of those
projects (their funding lines with status "secured", as they stand today: funding lines carry
no date of their own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.domain.monitoring.indicators import (
    ZERO,
    HalfYear,
    PartnershipFigures,
    half_year_key,
    partnership_figures,
)
from smartregions.partnerships.domain.monitoring.periods import (
    REMINDER_LEAD_DAYS,
    ReportPeriod,
    half_years_between,
    period_containing,
)
from smartregions.partnerships.domain.monitoring.states import EDITABLE_STATUSES
from smartregions.partnerships.enums import PartnershipStatus, ProjectStage, ReportStatus
from smartregions.partnerships.models import (
    Partnership,
    PartnershipMember,
    ProgressReport,
    Project,
    ProjectFunding,
    ProjectStageChange,
)

#: Partnerships everyone may see (forming ones only show to their members and staff).
PUBLIC_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED)
#: How many reports the staff lists (to review, overdue) show; the counts are complete.
REPORT_LIST_LIMIT = 20


def partnership_scope(*, staff: bool, prefix: str = "") -> Q:
    """The partnerships the dashboard counts: all for staff, else the public ones."""
    return Q() if staff else Q(**{f"{prefix}status__in": PUBLIC_STATUSES})


def project_scope(*, staff: bool, prefix: str = "") -> Q:
    """The projects the dashboard counts: all for staff, else those of public partnerships
    and platform-level projects (without a partnership)."""
    if staff:
        return Q()
    return Q(**{f"{prefix}partnership__isnull": True}) | Q(
        **{f"{prefix}partnership__status__in": PUBLIC_STATUSES}
    )


@dataclass(frozen=True)
class PlatformRow:
    """Partnerships of one thematic platform, by status."""

    slug: str
    name: str
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class RegionRow:
    """A region with current members in the counted partnerships."""

    code: str
    name: str
    country: str
    nuts_version: int
    partnerships: int


@dataclass(frozen=True)
class TrendRow:
    """What happened in one half-year."""

    period: ReportPeriod
    launched: int
    created: int
    funded: int
    secured: Decimal


@dataclass(frozen=True)
class ReportCounts:
    """Progress reports by where they stand (staff only)."""

    drafting: int
    due_soon: int
    overdue: int
    submitted: int
    changes_requested: int
    accepted: int


@dataclass
class PlatformDashboard:
    """Everything the dashboard shows (see the module docstring for who sees what)."""

    staff: bool
    today: dt.date
    partnerships_by_status: dict[str, int]
    platforms: list[PlatformRow]
    regions: list[RegionRow]
    countries: list[str]
    projects_by_stage: dict[str, int]
    budget: Decimal
    funding: dict[str, dict[str, Decimal]]
    trends: list[TrendRow]
    reports: ReportCounts | None = None
    reports_to_review: list[ProgressReport] = field(default_factory=list)
    overdue_reports: list[ProgressReport] = field(default_factory=list)

    @property
    def partnerships_total(self) -> int:
        return sum(self.partnerships_by_status.values())

    @property
    def projects_total(self) -> int:
        return sum(self.projects_by_stage.values())

    @property
    def secured_by_source(self) -> dict[str, Decimal]:
        return {
            source: by_status[FundingStatus.SECURED] for source, by_status in self.funding.items()
        }

    @property
    def secured_total(self) -> Decimal:
        return sum(self.secured_by_source.values(), ZERO)

    def funding_total(self, status: str) -> Decimal:
        """All funding lines with ``status``, over every source."""
        return sum((by_status[status] for by_status in self.funding.values()), ZERO)


def _partnership_counts(staff: bool) -> tuple[dict[str, int], list[PlatformRow]]:
    rows = (
        Partnership.objects.filter(partnership_scope(staff=staff))
        .values("status", "thematic_platform__slug", "thematic_platform__name")
        .annotate(n=Count("id"))
        .order_by("thematic_platform__name", "thematic_platform__slug")
    )
    statuses = PartnershipStatus.values if staff else [s.value for s in PUBLIC_STATUSES]
    by_status = dict.fromkeys(statuses, 0)
    platforms: dict[str, PlatformRow] = {}
    for row in rows:
        slug = row["thematic_platform__slug"]
        if slug not in platforms:
            platforms[slug] = PlatformRow(
                slug=slug, name=row["thematic_platform__name"], by_status=dict.fromkeys(statuses, 0)
            )
        platforms[slug].by_status[row["status"]] = row["n"]
        by_status[row["status"]] += row["n"]
    return by_status, list(platforms.values())


def _regions_and_countries(staff: bool) -> tuple[list[RegionRow], list[str]]:
    members = PartnershipMember.objects.filter(
        partnership_scope(staff=staff, prefix="partnership__"), left_at__isnull=True
    )
    rows = (
        members.filter(region__isnull=False)
        .values(
            "region__code", "region__name_latin", "region__nuts_version", "region__country__code"
        )
        .annotate(n=Count("partnership_id"))
        .order_by("-n", "region__code")
    )
    regions = [
        RegionRow(
            code=row["region__code"],
            name=row["region__name_latin"],
            country=row["region__country__code"],
            nuts_version=row["region__nuts_version"],
            partnerships=row["n"],
        )
        for row in rows
    ]
    organisation_countries = (
        members.filter(organisation__isnull=False)
        .values_list("organisation__region__country__code", flat=True)
        .distinct()
    )
    countries = sorted({r.country for r in regions} | set(organisation_countries))
    return regions, countries


def _pipeline(
    staff: bool,
) -> tuple[dict[str, int], Decimal, dict[str, dict[str, Decimal]], dict[tuple[int, int], int]]:
    """Projects by stage, total budget, funding by source and status, and projects created
    per half-year: one pass over the projects (grouped by stage and half-year), one over the
    funding lines."""
    by_stage = dict.fromkeys(ProjectStage.values, 0)
    created: dict[tuple[int, int], int] = {}
    budget = ZERO
    for row in (
        Project.objects.filter(project_scope(staff=staff))
        .annotate(half_year=HalfYear("created_at"))
        .values("stage", "half_year")
        .annotate(n=Count("id"), budget=Sum("budget"))
        .order_by()
    ):
        by_stage[row["stage"]] += row["n"]
        key = half_year_key(row["half_year"])
        created[key] = created.get(key, 0) + row["n"]
        budget += row["budget"] or ZERO
    funding = {source: dict.fromkeys(FundingStatus.values, ZERO) for source in FundingSource.values}
    for row in (
        ProjectFunding.objects.filter(project_scope(staff=staff, prefix="project__"))
        .values("source", "status")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        funding[row["source"]][row["status"]] = row["total"] or ZERO
    return by_stage, budget, funding, created


def _by_half(
    queryset: QuerySet, date_field: str, **aggregates: Any
) -> dict[tuple[int, int], dict[str, Any]]:
    """``aggregates`` of ``queryset`` per half-year of ``date_field``, keyed ``(year, half)``."""
    rows = (
        queryset.annotate(half_year=HalfYear(date_field))
        .values("half_year")
        .annotate(**aggregates)
        .order_by()
    )
    return {half_year_key(row["half_year"]): row for row in rows}


def _trends(staff: bool, today: dt.date, created: dict[tuple[int, int], int]) -> list[TrendRow]:
    """The half-yearly trends; ``created`` (projects created per half-year) comes from
    :func:`_pipeline`'s pass over the projects."""
    launched = _by_half(
        Partnership.objects.filter(partnership_scope(staff=staff), launched_at__isnull=False),
        "launched_at",
        n=Count("id"),
    )
    # Each project's first move to "funded": the move with no earlier one (ties broken by
    # id), joined with the project's secured funding lines.
    earlier = ProjectStageChange.objects.filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk")),
        project=OuterRef("project"),
        to_stage=ProjectStage.FUNDED,
    )
    first_funded = ProjectStageChange.objects.filter(
        project_scope(staff=staff, prefix="project__"), to_stage=ProjectStage.FUNDED
    ).exclude(Exists(earlier))
    funded = _by_half(
        first_funded,
        "at",
        n=Count("project_id", distinct=True),
        amount=Sum(
            "project__funding__amount",
            filter=Q(project__funding__status=FundingStatus.SECURED),
        ),
    )
    keys = set(launched) | set(created) | set(funded)
    if not keys:
        return []
    current = period_containing(today)
    last = max(*keys, (current.start.year, current.half))
    trends = []
    for year, half in half_years_between(min(keys), last):
        key = (year, half)
        trends.append(
            TrendRow(
                period=period_containing(dt.date(year, 1 if half == 1 else 7, 1)),
                launched=launched.get(key, {}).get("n", 0),
                created=created.get(key, 0),
                funded=funded.get(key, {}).get("n", 0),
                secured=funded.get(key, {}).get("amount") or ZERO,
            )
        )
    return trends


def _report_monitoring(today: dt.date) -> tuple[ReportCounts, list, list]:
    soon = today + dt.timedelta(days=REMINDER_LEAD_DAYS)
    editable = Q(status__in=EDITABLE_STATUSES)
    counts = ProgressReport.objects.aggregate(
        drafting=Count("id", filter=Q(status=ReportStatus.DRAFT, due_date__gte=today)),
        due_soon=Count("id", filter=editable & Q(due_date__gte=today, due_date__lte=soon)),
        overdue=Count("id", filter=editable & Q(due_date__lt=today)),
        submitted=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
        changes_requested=Count("id", filter=Q(status=ReportStatus.CHANGES_REQUESTED)),
        accepted=Count("id", filter=Q(status=ReportStatus.ACCEPTED)),
    )
    listed = ProgressReport.objects.select_related("partnership")
    to_review = list(
        listed.filter(status=ReportStatus.SUBMITTED).order_by("submitted_at", "id")[
            :REPORT_LIST_LIMIT
        ]
    )
    overdue = list(
        listed.filter(editable, due_date__lt=today).order_by("due_date", "partnership__name", "id")[
            :REPORT_LIST_LIMIT
        ]
    )
    return ReportCounts(**counts), to_review, overdue


def platform_dashboard(*, staff: bool, today: dt.date | None = None) -> PlatformDashboard:
    """The dashboard's figures: the public summary, or everything for ``staff`` (see the module
    docstring). A fixed number of queries; read only."""
    today = today or timezone.localdate()
    by_status, platforms = _partnership_counts(staff)
    regions, countries = _regions_and_countries(staff)
    by_stage, budget, funding, created = _pipeline(staff)
    board = PlatformDashboard(
        staff=staff,
        today=today,
        partnerships_by_status=by_status,
        platforms=platforms,
        regions=regions,
        countries=countries,
        projects_by_stage=by_stage,
        budget=budget,
        funding=funding,
        trends=_trends(staff, today, created),
    )
    if staff:
        board.reports, board.reports_to_review, board.overdue_reports = _report_monitoring(today)
    return board


@dataclass(frozen=True)
class PartnershipRow:
    """One line of the per-partnership table: the partnership, its template figures and (for
    staff) its latest progress report."""

    partnership: Partnership
    figures: PartnershipFigures
    latest_report: ProgressReport | None

    @property
    def latest_period(self) -> ReportPeriod | None:
        """The period of the latest report, if any."""
        report = self.latest_report
        return None if report is None else ReportPeriod(report.period_start, report.period_end)


def dashboard_partnerships(*, staff: bool) -> QuerySet[Partnership]:
    """The partnerships of the per-partnership table, by name, with their platform."""
    return (
        Partnership.objects.filter(partnership_scope(staff=staff))
        .select_related("thematic_platform")
        .order_by("name", "id")
    )


def partnership_rows(
    partnerships: Iterable[Partnership], *, with_reports: bool
) -> list[PartnershipRow]:
    """The table lines of ``partnerships`` (e.g. one page of :func:`dashboard_partnerships`):
    three queries for the figures, one more for the latest reports when ``with_reports``."""
    partnerships = list(partnerships)
    ids = [p.pk for p in partnerships]
    figures = partnership_figures(ids, by_half=False)
    latest: dict[int, ProgressReport] = {}
    if with_reports and ids:
        for report in ProgressReport.objects.filter(partnership_id__in=ids).order_by(
            "partnership_id", "-period_start"
        ):
            latest.setdefault(report.partnership_id, report)
    return [
        PartnershipRow(partnership=p, figures=figures[p.pk], latest_report=latest.get(p.pk))
        for p in partnerships
    ]
