"""The indicators of the progress-report template, computed from the live data.

While a report is drafted its indicators are computed on every view; at submission they are
frozen into ``ProgressReport.indicators`` (see :func:`report_indicators`), so an accepted
report keeps the figures its partners signed off even when the pipeline moves on.

:func:`partnership_figures` reads the figures of any number of partnerships in five queries
(members, projects by stage, secured funding by source, projects created per half-year,
projects moved to "funded" per half-year): exports and the dashboard's partnership table use it
for hundreds of partnerships at once.

The frozen JSON block (amounts are decimal strings, exact to the cent)::

    {"as_of": "2026-07-15T10:00:00+00:00",
     "period": {"start": "2026-01-01", "end": "2026-06-30"},
     "members": {"total": 5, "by_role": {"lead": 1, "co_lead": 0, "member": 3, "associated": 1},
                 "organisations": 1, "regions": [{"code": "CZ06", "name": "...", "country": "CZ"}],
                 "countries": ["CZ", "SK"]},
     "projects": {"total": 4, "by_stage": {"idea": 1, ...}, "budget": "4000000.00",
                  "created_in_period": 2, "funded_in_period": 1},
     "funding_secured": {"total": "1500000.00", "by_source": {"erdf_interreg": "1000000.00"}},
     "events_held": 3}
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Func, IntegerField, Sum
from django.utils import timezone

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.domain.monitoring.periods import ReportPeriod
from smartregions.partnerships.domain.monitoring.states import FROZEN_STATUSES
from smartregions.partnerships.enums import MemberRole, ProjectStage
from smartregions.partnerships.models import (
    PartnershipMember,
    ProgressReport,
    Project,
    ProjectFunding,
    ProjectStageChange,
)

ZERO = Decimal("0.00")


class HalfYear(Func):
    """The half-year of a date-time column in UTC as one integer, ``year * 10 + half``
    (``20261`` for January-June 2026, ``20262`` for July-December): the key trends group by.

    PostgreSQL extracts it natively. On SQLite, Django's ``Extract`` calls a Python function
    for every row (about 20 µs each, 0.4 s for a dashboard over 10,000 projects), so this reads
    the digits of the stored UTC text ``YYYY-MM-DD HH:MM:SS`` instead. Only for plain columns
    (the column appears twice in the SQL; it has no parameters).
    """

    arity = 1
    output_field = IntegerField()

    def _column(self, compiler: Any, connection: Any) -> str:
        sql, params = compiler.compile(self.source_expressions[0])
        if params:
            msg = "HalfYear takes a plain date-time column"
            raise ValueError(msg)
        return sql

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        utc = f"({self._column(compiler, connection)} AT TIME ZONE 'UTC')"
        sql = (
            f"(EXTRACT(YEAR FROM {utc})::integer * 10"
            f" + CASE WHEN EXTRACT(MONTH FROM {utc}) <= 6 THEN 1 ELSE 2 END)"
        )
        return sql, []

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        column = self._column(compiler, connection)
        sql = (
            f"(CAST(substr({column}, 1, 4) AS INTEGER) * 10"
            f" + CASE WHEN CAST(substr({column}, 6, 2) AS INTEGER) <= 6 THEN 1 ELSE 2 END)"
        )
        return sql, []


def half_year_key(value: int) -> tuple[int, int]:
    """``(year, half)`` of a :class:`HalfYear` value."""
    return divmod(value, 10)


@dataclass
class PartnershipFigures:
    """What the template reports about one partnership, as plain Python values."""

    members_by_role: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(MemberRole.values, 0)
    )
    organisations: int = 0
    regions: list[dict[str, str]] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    projects_by_stage: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(ProjectStage.values, 0)
    )
    budget: Decimal = ZERO
    secured_by_source: dict[str, Decimal] = field(
        default_factory=lambda: dict.fromkeys(FundingSource.values, ZERO)
    )
    created_by_half: dict[tuple[int, int], int] = field(default_factory=dict)
    funded_by_half: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def members_total(self) -> int:
        return sum(self.members_by_role.values())

    @property
    def projects_total(self) -> int:
        return sum(self.projects_by_stage.values())

    @property
    def secured_total(self) -> Decimal:
        return sum(self.secured_by_source.values(), ZERO)


def _members(figures: dict[int, PartnershipFigures], ids: list[int]) -> None:
    members = (
        PartnershipMember.objects.filter(partnership_id__in=ids, left_at__isnull=True)
        .select_related("region__country", "organisation__region__country")
        .order_by("partnership_id", "region__code", "id")
    )
    for member in members:
        entry = figures[member.partnership_id]
        entry.members_by_role[member.role] = entry.members_by_role.get(member.role, 0) + 1
        if member.region is not None:
            entry.regions.append(
                {
                    "code": member.region.code,
                    "name": member.region.name_latin,
                    "country": member.region.country.code,
                }
            )
            entry.countries.add(member.region.country.code)
        else:
            entry.organisations += 1
            entry.countries.add(member.organisation.region.country.code)


def _projects(figures: dict[int, PartnershipFigures], ids: list[int]) -> None:
    by_stage = (
        Project.objects.filter(partnership_id__in=ids)
        .values("partnership_id", "stage")
        .annotate(n=Count("id"), budget=Sum("budget"))
        .order_by()
    )
    for row in by_stage:
        entry = figures[row["partnership_id"]]
        entry.projects_by_stage[row["stage"]] = row["n"]
        entry.budget += row["budget"] or ZERO
    secured = (
        ProjectFunding.objects.filter(project__partnership_id__in=ids, status=FundingStatus.SECURED)
        .values("project__partnership_id", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in secured:
        entry = figures[row["project__partnership_id"]]
        entry.secured_by_source[row["source"]] = row["total"] or ZERO


def _projects_by_half(figures: dict[int, PartnershipFigures], ids: list[int]) -> None:
    created = (
        Project.objects.filter(partnership_id__in=ids)
        .annotate(half_year=HalfYear("created_at"))
        .values("partnership_id", "half_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in created:
        key = half_year_key(row["half_year"])
        figures[row["partnership_id"]].created_by_half[key] = row["n"]
    funded = (
        ProjectStageChange.objects.filter(
            project__partnership_id__in=ids, to_stage=ProjectStage.FUNDED
        )
        .annotate(half_year=HalfYear("at"))
        .values("project__partnership_id", "half_year")
        .annotate(n=Count("project_id", distinct=True))
        .order_by()
    )
    for row in funded:
        key = half_year_key(row["half_year"])
        figures[row["project__partnership_id"]].funded_by_half[key] = row["n"]


def partnership_figures(
    partnership_ids: Iterable[int], *, by_half: bool = True
) -> dict[int, PartnershipFigures]:
    """The template's figures of every partnership in ``partnership_ids``, in five queries
    (three without the per-half-year project counts, ``by_half=False``).

    Members are the current ones (not left); projects are the partnership's pipeline projects
    in any stage; secured funding sums the funding lines with status "secured". Read only.
    """
    ids = sorted(set(partnership_ids))
    figures: dict[int, PartnershipFigures] = defaultdict(PartnershipFigures)
    if ids:
        _members(figures, ids)
        _projects(figures, ids)
        if by_half:
            _projects_by_half(figures, ids)
    return {pk: figures[pk] for pk in ids}


def _money(value: Decimal) -> str:
    return str(value.quantize(ZERO))


def indicators_json(
    figures: PartnershipFigures,
    *,
    period: ReportPeriod,
    events_held: int,
    as_of: dt.datetime | None = None,
) -> dict[str, Any]:
    """The JSON indicator block of a report for ``period`` (see the module docstring)."""
    moment = as_of or timezone.now()
    key = (period.start.year, period.half)
    return {
        "as_of": moment.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "members": {
            "total": figures.members_total,
            "by_role": dict(figures.members_by_role),
            "organisations": figures.organisations,
            "regions": list(figures.regions),
            "countries": sorted(figures.countries),
        },
        "projects": {
            "total": figures.projects_total,
            "by_stage": dict(figures.projects_by_stage),
            "budget": _money(figures.budget),
            "created_in_period": figures.created_by_half.get(key, 0),
            "funded_in_period": figures.funded_by_half.get(key, 0),
        },
        "funding_secured": {
            "total": _money(figures.secured_total),
            "by_source": {
                source: _money(amount) for source, amount in figures.secured_by_source.items()
            },
        },
        "events_held": events_held,
    }


def report_period(report: ProgressReport) -> ReportPeriod:
    """The reporting period of ``report``."""
    return ReportPeriod(report.period_start, report.period_end)


def report_indicators(report: ProgressReport) -> dict[str, Any]:
    """The indicators ``report`` shows: the frozen ones while it is submitted or accepted,
    else (drafting, or reworking after a review) computed now in five queries. Read only."""
    if report.status in FROZEN_STATUSES and report.indicators:
        return report.indicators
    return live_indicators([report])[report.pk]


def live_indicators(reports: Iterable[ProgressReport]) -> dict[int, dict[str, Any]]:
    """Indicators computed now for each report (frozen ones are ignored), keyed by report id;
    five queries for any number of reports. Read only."""
    reports = list(reports)
    figures = partnership_figures(r.partnership_id for r in reports)
    now = timezone.now()
    return {
        r.pk: indicators_json(
            figures[r.partnership_id], period=report_period(r), events_held=r.events_held, as_of=now
        )
        for r in reports
    }
