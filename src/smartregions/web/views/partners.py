"""Partner pages: the region partner finder (ranked partners with the score's parts and "why"),
its CSV download, and the consortium builder. Public: anyone may use them, nothing is saved.

Every choice is a GET parameter, so a result is a shareable link; htmx swaps the results in
place when the form changes, and the plain form works without JavaScript.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from smartregions.matching.domain.regions import find_partners, propose_consortium
from smartregions.matching.domain.regions.candidates import priority_corpus
from smartregions.matching.domain.regions.query import focal_priorities
from smartregions.matching.domain.regions.weights import COMPONENT_HELP, COMPONENT_LABELS
from smartregions.matching.forms_partners import ConsortiumForm, PartnerSearchForm
from smartregions.regions.domain import web_queries
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.models import Region
from smartregions.web.views.helpers import add_domain_errors, render_page_or_partial

CSV_LIMIT = 500


def _check(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _region_or_404(code: str) -> Region:
    region = web_queries.get_region(code=code.upper())
    if region is None or region.is_extra_regio:
        raise Http404
    return region


def partners_index(request: HttpRequest) -> HttpResponse:
    """Pick a region to find partners for (``?region=CODE`` goes straight to its finder)."""
    _check(request, "matching.find_partners")
    code = request.GET.get("region", "").strip().upper()
    error = ""
    if code:
        region = web_queries.get_region(code=code)
        if region is not None and not region.is_extra_regio:
            return redirect("web:region-partners", region.code)
        error = f"No region {code[:12]} in NUTS {current_nuts_version()}."
    regions = Region.objects.filter(
        nuts_version=current_nuts_version(), level__in=(1, 2, 3), is_extra_regio=False
    ).order_by("code")
    return render(
        request,
        "web/partners/index.html",
        {"regions": regions.values_list("code", "name_latin"), "error": error, "code": code},
    )


def _search(request: HttpRequest, region: Region, *, limit: int) -> tuple[Any, Any]:
    """The bound form and the search (``None`` when the input is invalid)."""
    priorities = focal_priorities(priority_corpus(), region)
    form = PartnerSearchForm(request.GET or None, region=region, priorities=priorities)
    if form.is_bound and not form.is_valid():
        return form, None
    kwargs = form.search_kwargs() if form.is_bound else {}
    try:
        return form, find_partners(region=region, limit=limit, **kwargs)
    except ValidationError as error:
        add_domain_errors(form, error)
        return form, None


def _shown(search: Any) -> list[str]:
    """The components that count in this search: present and weighted above 0."""
    return [name for name in search.present if search.shares[name] > 0]


def _chart(search: Any) -> dict[str, Any]:
    """The stacked-bar data for partners.js: each result's part per present component."""
    return {
        "components": [
            {"name": name, "label": str(COMPONENT_LABELS[name])} for name in _shown(search)
        ],
        "records": [
            {
                "code": r.region.code,
                "name": r.region.name,
                "parts": {name: r.parts[name] for name in _shown(search)},
            }
            for r in search.results
        ],
    }


def _table(search: Any) -> dict[str, Any]:
    """Header, rows and shares of the results table, with labels resolved (no dict lookups in
    templates)."""
    columns = [
        {"name": name, "label": COMPONENT_LABELS[name], "help": COMPONENT_HELP[name]}
        for name in _shown(search)
    ]
    rows = [
        {
            "result": r,
            "cells": [
                {**column, "value": r.components[column["name"]], "part": r.parts[column["name"]]}
                for column in columns
            ],
        }
        for r in search.results
    ]
    shares = [
        {"name": name, "label": COMPONENT_LABELS[name], "percent": round(100 * share)}
        for name, share in search.shares.items()
        if share > 0
    ]
    return {"columns": columns, "rows": rows, "shares": shares}


def region_partners(request: HttpRequest, code: str) -> HttpResponse:
    """The partner finder of the region ``code``: form, ranked table, chart, map, "why"."""
    _check(request, "matching.find_partners")
    region = _region_or_404(code)
    form, search = _search(request, region, limit=20)
    query = request.GET.urlencode()
    context: dict[str, Any] = {
        "region": region,
        "form": form,
        "search": search,
        "query": query,
    }
    if search is not None:
        codes = ",".join(sorted(search.scores))
        base = reverse("web:map-regions")
        params = {"version": current_nuts_version(), "codes": codes}
        context.update(
            **_table(search),
            chart=_chart(search),
            map_values={code: round(value, 4) for code, value in search.scores.items()},
            map_geojson_url=f"{base}?{urlencode(params)}" if codes else "",
            map_max=max(search.scores.values(), default=0),
        )
    return render_page_or_partial(
        request,
        page="web/partners/finder.html",
        partial="web/partners/_finder_results.html",
        context=context,
    )


def region_partners_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The ranked partners as CSV (up to 500 rows, the same search as the page)."""
    _check(request, "matching.find_partners")
    region = _region_or_404(code)
    form, search = _search(request, region, limit=CSV_LIMIT)
    if search is None:
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    components = list(search.weights)
    writer.writerow(
        [
            "rank",
            "nuts_code",
            "region",
            "country",
            "total",
            *(f"{name}" for name in components),
            *(f"{name}_part" for name in components),
            "shared_codes",
            "complementary_activities",
            "matched_priority",
            "ties",
        ]
    )
    for r in search.results:
        writer.writerow(
            [
                r.rank,
                r.region.code,
                r.region.name,
                r.region.country,
                f"{r.total:.6f}",
                *(
                    f"{r.components[name]:.6f}" if name in r.components else ""
                    for name in components
                ),
                *(f"{r.parts[name]:.6f}" for name in components),
                "; ".join(f"{c.code} {c.label}" for c in r.shared_codes),
                "; ".join(f"{a.code} {a.label} ({a.contribution:.4f})" for a in r.activities),
                r.matched_priority.title if r.matched_priority else "",
                len(r.ties),
            ]
        )
    response = HttpResponse(
        ("\ufeff" + stream.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="partners-{region.code}.csv"'
    return response


def consortium(request: HttpRequest) -> HttpResponse:
    """The consortium builder: a value chain in, k members from several countries out; the
    member checkboxes lock or drop members for the next run."""
    _check(request, "matching.build_consortium")
    form = ConsortiumForm(request.GET or None)
    proposal = None
    if form.is_bound and form.is_valid():
        kwargs = form.request_kwargs(request.GET)
        if kwargs["codes"] or kwargs["activities"]:
            try:
                proposal = propose_consortium(**kwargs)
            except ValidationError as error:
                add_domain_errors(form, error)
    locked = {code.upper() for code in request.GET.getlist("lock")}
    return render_page_or_partial(
        request,
        page="web/partners/consortium.html",
        partial="web/partners/_consortium_results.html",
        context={"form": form, "proposal": proposal, "locked": locked},
    )
