"""Pieces shared by the pipeline pages: permission checks, the board-and-totals context."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.domain.pipeline import next_stage, previous_stage
from smartregions.partnerships.domain.pipeline.checks import is_archived
from smartregions.partnerships.domain.queries.pipeline import (
    BOARD_CARDS_PER_STAGE,
    PipelineTotals,
    grouped_totals,
    pipeline_board,
    region_totals,
    totals_of,
)
from smartregions.partnerships.models import Project
from smartregions.web.views.helpers import wants_partial

#: Rows shown in each "totals per ..." table (biggest budget first).
GROUP_ROWS = 25


def require(request: HttpRequest, perm: str, obj: Any) -> HttpResponse | None:
    """``None`` when the user holds ``perm`` on ``obj``; else the login page for anonymous
    visitors, or 403. Unlike ``check_permission`` it lets anonymous visitors through to pages
    they may see (the pipeline is public)."""
    if request.user.has_perm(perm, obj):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The posted ``next`` address when it is a path on this site, else ``fallback``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def funding_table(totals: PipelineTotals) -> list[dict[str, Any]]:
    """Rows of the funding table: per source, EUR per status (in order) and the total."""
    funding = totals.funding
    rows = []
    for source in FundingSource:
        amounts = [funding[source][status] for status in FundingStatus.values]
        rows.append({"label": source.label, "amounts": amounts, "total": sum(amounts, Decimal(0))})
    return rows


def _decorate_cards(request: HttpRequest, columns: list[Any]) -> None:
    """Give each card the moves its viewer may make (the previous and next stage; none in a
    closed partnership)."""
    for column in columns:
        for project in column.projects:
            may_move = not is_archived(project) and request.user.has_perm(
                "partnerships.move_project", project
            )
            project.move_next = next_stage(project.stage) if may_move else None
            project.move_back = previous_stage(project.stage) if may_move else None


def results_context(
    request: HttpRequest,
    projects: QuerySet[Project],
    *,
    groupings: Sequence[str],
    export_query: str,
) -> dict[str, Any]:
    """The context of ``web/pipeline/_results.html``: totals, the board, totals per group.

    ``groupings`` names the "totals per" tables to show: ``platform``, ``partnership`` and
    ``region`` (as lead and as partner). A fixed number of queries whatever the projects.
    """
    totals = totals_of(projects)
    columns = pipeline_board(projects, totals=totals)
    _decorate_cards(request, columns)
    groups = {
        by: _top(grouped_totals(projects, by=by))
        for by in ("platform", "partnership")
        if by in groupings
    }
    return {
        "partial": wants_partial(request),
        "totals": totals,
        "columns": columns,
        "cards_per_stage": BOARD_CARDS_PER_STAGE,
        "funding_rows": funding_table(totals),
        "funding_statuses": FundingStatus.choices,
        "platform_totals": groups.get("platform"),
        "partnership_totals": groups.get("partnership"),
        "region_totals": _top(region_totals(projects)) if "region" in groupings else None,
        "export_query": export_query,
        "refresh_url": request.get_full_path(),
    }


def _top(rows: list[Any]) -> dict[str, Any]:
    return {"rows": rows[:GROUP_ROWS], "more": max(len(rows) - GROUP_ROWS, 0)}
