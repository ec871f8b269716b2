"""The platform dashboard: public summary for everyone, report monitoring for staff (see
:mod:`smartregions.partnerships.domain.monitoring.dashboard` for who sees what)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.domain.monitoring.dashboard import (
    PlatformDashboard,
    dashboard_partnerships,
    partnership_rows,
    platform_dashboard,
)
from smartregions.partnerships.domain.monitoring.platform_report import platform_report_pdf
from smartregions.partnerships.enums import PartnershipStatus, ProjectStage
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.web.views.helpers import paginate, query_without_page, render_page_or_partial

PARTNERSHIPS_PER_PAGE = 25
MILLION = Decimal(1_000_000)


def _url_maker(name: str, slot: str = "SLOT") -> Callable[[Any], str]:
    """A fast ``reverse(name, args=[value])`` for long tables: one reversal, then string
    building (``reverse`` costs about 50 µs a call, a 300-row table 15 ms). ``slot`` is a
    placeholder the URL's converter accepts."""
    before, after = reverse(name, args=[slot]).rsplit(slot, 1)
    return lambda value: f"{before}{value}{after}"


def _is_staff(request: HttpRequest) -> bool:
    return request.user.has_perm("partnerships.view_monitoring")


def _map_context(board: PlatformDashboard) -> dict[str, Any]:
    """The choropleth of partnerships per member region (current NUTS version only; the
    table lists every region)."""
    version = current_nuts_version()
    counts = {r.code: r.partnerships for r in board.regions if r.nuts_version == version}
    region_url = _url_maker("web:region-detail")
    rows = [(region, region_url(region.code)) for region in board.regions]
    if not counts:
        return {"map_rows": rows, "map_geojson_url": ""}
    base = reverse("web:map-regions")
    codes = ",".join(sorted(counts))
    countries = ",".join(sorted({code[:2] for code in counts}))
    background = {"version": version, "level": 0, "countries": countries}
    return {
        "map_rows": rows,
        "map_counts": counts,
        "map_max": max(counts.values()),
        "map_geojson_url": f"{base}?{urlencode({'version': version, 'codes': codes})}",
        "map_background_url": f"{base}?{urlencode(background)}",
    }


def _trend_charts(board: PlatformDashboard) -> list[dict[str, Any]]:
    """The configurations monitoring.js draws: one chart per trend, over the half-years."""
    if not board.trends:
        return []
    periods = [t.period.code for t in board.trends]
    labels = [t.period.label for t in board.trends]

    def chart(key: str, title: str, y_title: str, series: list, *, money: bool = False) -> dict:
        return {
            "key": key,
            "title": title,
            "config": {
                "periods": periods,
                "labels": labels,
                "yTitle": y_title,
                "money": money,
                "series": series,
            },
        }

    return [
        chart(
            "launched",
            _("Partnerships launched"),
            _("Partnerships"),
            [{"name": _("Launched"), "values": [t.launched for t in board.trends]}],
        ),
        chart(
            "projects",
            _("Projects created and funded"),
            _("Projects"),
            [
                {"name": _("Created"), "values": [t.created for t in board.trends]},
                {"name": _("Reached “funded”"), "values": [t.funded for t in board.trends]},
            ],
        ),
        chart(
            "secured",
            _("Secured funding of the projects funded in the half-year"),
            _("EUR"),
            [{"name": _("Secured"), "values": [float(t.secured) for t in board.trends]}],
            money=True,
        ),
    ]


def _partnership_page(request: HttpRequest, staff: bool) -> dict[str, Any]:
    page = paginate(request, dashboard_partnerships(staff=staff), PARTNERSHIPS_PER_PAGE)
    detail_url = _url_maker("web:partnership-detail")
    report_url = _url_maker("web:report-detail", slot="987654321")
    rows = [
        (
            row,
            detail_url(row.partnership.slug),
            report_url(row.latest_report.pk) if row.latest_report else "",
        )
        for row in partnership_rows(page.object_list, with_reports=staff)
    ]
    return {"page": page, "query": query_without_page(request), "rows": rows, "staff": staff}


def dashboard(request: HttpRequest) -> HttpResponse:
    """The platform dashboard: counts, trends, the map of participating regions and the
    per-partnership table; staff also see the progress-report monitoring."""
    staff = _is_staff(request)
    board = platform_dashboard(staff=staff)
    context = {
        "board": board,
        "statuses": [PartnershipStatus(s) for s in board.partnerships_by_status],
        "stage_rows": [(ProjectStage(s).label, n) for s, n in board.projects_by_stage.items()],
        "funding_statuses": [FundingStatus(s) for s in FundingStatus.values],
        "funding_rows": [
            (FundingSource(source).label, [by_status[s] for s in FundingStatus.values])
            for source, by_status in board.funding.items()
        ],
        "funding_totals": [board.funding_total(s) for s in FundingStatus.values],
        "budget_millions": board.budget / MILLION,
        "secured_millions": board.secured_total / MILLION,
        "charts": _trend_charts(board),
        **_map_context(board),
        **_partnership_page(request, staff),
    }
    return render(request, "web/monitoring/dashboard.html", context)


def dashboard_partnership_table(request: HttpRequest) -> HttpResponse:
    """The dashboard's per-partnership table, one page at a time: the table alone for htmx
    (the dashboard's pagination swaps it in place), else a page of its own."""
    context = _partnership_page(request, _is_staff(request))
    return render_page_or_partial(
        request,
        page="web/monitoring/partnerships.html",
        partial="web/monitoring/_partnership_table.html",
        context=context,
    )


def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """The platform monitoring report as PDF (the public version for visitors, cached for a
    few minutes; everything for staff)."""
    content = platform_report_pdf(staff=_is_staff(request))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="platform-monitoring.pdf"'
    return response
