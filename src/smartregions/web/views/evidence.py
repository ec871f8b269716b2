"""Evidence pages: the platform map of a metric, a region's evidence, their tables as files,
and requesting a (re)computation with its progress.

Every chart and map comes with its table (``analytics.domain.downloads``): the page renders
it, charts.js/maps.js draw from the same rows, and the CSV/XLSX links serve exactly it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartregions.analytics.domain import downloads, queries
from smartregions.analytics.domain.computation import request_computation
from smartregions.analytics.enums import Quadrant
from smartregions.analytics.models import Dataset
from smartregions.regions.domain import web_queries
from smartregions.regions.models import Term
from smartregions.web.views.helpers import check_permission

#: Metrics the platform map offers; the last two are per activity.
MAP_METRICS = ("eci", "coi", "diversity", "rca", "density")
ACTIVITY_MAP_METRICS = ("rca", "density")
MAX_MAP_CODES = 2000
#: Colour and marker of each quadrant in the opportunity chart (Okabe-Ito palette: safe for
#: colour-blind readers, and the shape differs too), in the order of the HTML legend.
QUADRANT_STYLE = {
    Quadrant.HIGH_HIGH: ("#009e73", "circle", "ideal"),
    Quadrant.LOW_HIGH: ("#d55e00", "diamond", "risky"),
    Quadrant.HIGH_LOW: ("#0072b2", "square", "safe"),
    Quadrant.LOW_LOW: ("#7a7a7a", "x", "least"),
}


def _year_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _table_response(table: downloads.Table, fmt: str) -> HttpResponse:
    if fmt not in downloads.FORMATS:
        raise Http404
    content, content_type, filename = downloads.table_file(table, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- The platform map --------------------------------------------------------------------


def _map_selection(request: HttpRequest) -> dict[str, Any]:
    """Dataset, year, metric and activity of the platform map from the query string."""
    overviews = queries.dataset_overviews()
    slug = request.GET.get("dataset", "")
    chosen = next((o for o in overviews if o.dataset.slug == slug), None)
    if slug and chosen is None:
        raise Http404
    if chosen is None:
        chosen = next((o for o in overviews if o.has_results), overviews[0] if overviews else None)
    year = _year_param(request)
    if chosen is not None and chosen.has_results and year not in chosen.years:
        year = chosen.latest_year
    metric = request.GET.get("metric", "eci")
    if metric not in MAP_METRICS:
        metric = "eci"
    activities: list[Term] = []
    activity = None
    if chosen is not None and chosen.has_results and metric in ACTIVITY_MAP_METRICS:
        activities = list(queries.activities_with_results(dataset=chosen.dataset, year=year))
        code = request.GET.get("activity", "")
        activity = next((a for a in activities if a.code == code), None)
        if activity is None and activities:
            activity = activities[0]
        if activity is None:
            metric = "eci"
    return {
        "overviews": overviews,
        "chosen": chosen,
        "year": year if chosen is not None and chosen.has_results else None,
        "metric": metric,
        "activity": activity,
        "activities": activities,
    }


def _map_table(selection: dict[str, Any]) -> tuple[downloads.Table, dict[str, float]]:
    dataset: Dataset = selection["chosen"].dataset
    values = queries.metric_map(
        dataset=dataset,
        year=selection["year"],
        metric=selection["metric"],
        activity=selection["activity"],
    )
    regions = queries.regions_by_code(dataset=dataset, codes=values)
    table = downloads.map_table(
        dataset=dataset,
        year=selection["year"],
        metric=selection["metric"],
        values=values,
        regions=regions,
        activity=selection["activity"],
    )
    return table, values


def _map_query(selection: dict[str, Any]) -> str:
    params = {
        "dataset": selection["chosen"].dataset.slug,
        "year": selection["year"],
        "metric": selection["metric"],
    }
    if selection["activity"] is not None:
        params["activity"] = selection["activity"].code
    return urlencode(params)


def _legend(metric: str, values: dict[str, float]) -> dict[str, Any]:
    """Colour scale and range of the map: red-white-blue around 0 for ECI, else 0 to max."""
    numbers = list(values.values()) or [0.0]
    if metric == "eci":
        bound = max(abs(min(numbers)), abs(max(numbers))) or 1.0
        return {"scale": "diverging", "zmin": -bound, "zmax": bound}
    low = min(0.0, *numbers)
    return {"scale": "blues", "zmin": low, "zmax": max(*numbers, low + 1e-9)}


def _geojson_urls(dataset: Dataset, codes: list[str]) -> dict[str, str]:
    base = reverse("web:map-regions")
    main: dict[str, Any] = {"version": dataset.nuts_version}
    if len(codes) > MAX_MAP_CODES and dataset.region_level is not None:
        main["level"] = dataset.region_level
    else:
        main["codes"] = ",".join(codes[:MAX_MAP_CODES])
    countries = ",".join(sorted({code[:2] for code in codes}))
    background = {"version": dataset.nuts_version, "level": 0, "countries": countries}
    return {
        "map_geojson_url": f"{base}?{urlencode(main)}",
        "map_background_url": f"{base}?{urlencode(background)}" if countries else "",
    }


@require_GET
def evidence_index(request: HttpRequest) -> HttpResponse:
    """The datasets with their years and runs, and a map of ECI (or another metric, or the RCA
    of a chosen activity) across regions, with its table and downloads."""
    selection = _map_selection(request)
    context: dict[str, Any] = {
        **selection,
        "metric_choices": [(m, queries.METRIC_LABELS[m]) for m in MAP_METRICS],
        "activity_metrics": ACTIVITY_MAP_METRICS,
        "can_compute": request.user.has_perm("analytics.run_computation", None),
    }
    if selection["year"] is not None:
        table, values = _map_table(selection)
        context.update(
            table=table,
            map_values=values,
            map_query=_map_query(selection),
            region_query=urlencode(
                {"dataset": selection["chosen"].dataset.slug, "year": selection["year"]}
            ),
            legend=_legend(selection["metric"], values),
            value_label=queries.METRIC_LABELS[selection["metric"]],
            **_geojson_urls(selection["chosen"].dataset, sorted(values)),
        )
    return render(request, "web/evidence/index.html", context)


@require_GET
def evidence_map_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The platform map's table as CSV or XLSX (same query parameters as the page)."""
    selection = _map_selection(request)
    if selection["year"] is None:
        raise Http404
    table, _values = _map_table(selection)
    return _table_response(table, fmt)


# ---- A region's evidence -----------------------------------------------------------------


def _region_selection(request: HttpRequest, code: str) -> dict[str, Any]:
    """The datasets covering region ``code``, the chosen one and year, and the region row."""
    available = queries.datasets_for_region(code=code)
    slug = request.GET.get("dataset", "")
    dataset = next((d for d, _ in available if d.slug == slug), None)
    if dataset is None and slug:
        dataset = queries.get_dataset(slug=slug)
        if dataset is None:
            raise Http404
    if dataset is None and available:
        dataset = available[0][0]
    years = next((y for d, y in available if d == dataset), [])
    version = dataset.nuts_version if dataset is not None else None
    region = web_queries.get_region(code=code, version=version)
    if region is None:
        raise Http404
    year = _year_param(request)
    if year is None or (years and year not in years):
        year = years[-1] if years else None
    return {
        "region": region,
        "dataset": dataset,
        "year": year,
        "years": years,
        "available": available,
    }


def _profile_chart(evidence: queries.RegionEvidence, table: downloads.Table) -> dict[str, Any]:
    return {
        "records": table.records(),
        "x": "rca",
        "code": "code",
        "label": "activity",
        "flag": "specialised",
        "hover": "share",
        "xTitle": "RCA",
        "hoverTitle": _("Share of the region (%)"),
        "reference": 1,
    }


def _opportunity_chart(evidence: queries.RegionEvidence, table: downloads.Table) -> dict:
    names = queries.QUADRANT_NAMES
    return {
        "records": table.records(),
        "x": "density",
        "y": "pci",
        "code": "code",
        "label": "activity",
        "group": "quadrant",
        "xTitle": _("Relatedness density (0-100)"),
        "yTitle": _("Complexity of the activity (PCI)"),
        "xSplit": evidence.opportunities.density_split,
        "ySplit": evidence.opportunities.complexity_split,
        "groups": [
            {"name": names[q], "colour": colour, "symbol": symbol}
            for q, (colour, symbol, _key) in QUADRANT_STYLE.items()
        ],
        "corners": {
            "topRight": names[Quadrant.HIGH_HIGH],
            "topLeft": names[Quadrant.LOW_HIGH],
            "bottomRight": names[Quadrant.HIGH_LOW],
            "bottomLeft": names[Quadrant.LOW_LOW],
        },
    }


def _quadrant_legend(evidence: queries.RegionEvidence) -> list[dict[str, Any]]:
    descriptions = {
        Quadrant.HIGH_HIGH: _("high relatedness, high complexity"),
        Quadrant.LOW_HIGH: _("low relatedness, high complexity"),
        Quadrant.HIGH_LOW: _("high relatedness, low complexity"),
        Quadrant.LOW_LOW: _("low relatedness, low complexity"),
    }
    return [
        {
            "name": queries.QUADRANT_NAMES[q],
            "description": descriptions[q],
            "key": key,
            "count": len(evidence.opportunities.in_quadrant(q)),
        }
        for q, (_colour, _symbol, key) in QUADRANT_STYLE.items()
    ]


def _similar_map(evidence: queries.RegionEvidence) -> dict[str, Any]:
    codes = [evidence.region.code] + [item.region.code for item in evidence.similar]
    values = {item.region.code: 1 for item in evidence.similar}
    values[evidence.region.code] = 2
    urls = _geojson_urls(evidence.dataset, sorted(codes))
    return {"similar_values": values, **urls}


@require_GET
def region_evidence(request: HttpRequest, code: str) -> HttpResponse:
    """A region's evidence in one dataset and year: specialisation profile, opportunities,
    complexity, most similar and most complementary regions; each with table and downloads."""
    selection = _region_selection(request, code.upper())
    dataset: Dataset | None = selection["dataset"]
    context: dict[str, Any] = {**selection, "evidence": None}
    if dataset is not None:
        overview = queries.dataset_overview(dataset)
        context["overview"] = overview
        context["can_compute"] = request.user.has_perm("analytics.run_computation", dataset)
    if dataset is not None and selection["year"] is not None:
        evidence = queries.region_evidence(
            dataset=dataset, region=selection["region"], year=selection["year"]
        )
        tables = {name: build(evidence) for name, build in downloads.EVIDENCE_TABLES.items()}
        context.update(
            evidence=evidence,
            tables=tables,
            download_query=urlencode({"dataset": dataset.slug, "year": selection["year"]}),
            profile_chart=_profile_chart(evidence, tables["profile"]),
            opportunity_chart=_opportunity_chart(evidence, tables["opportunities"]),
            quadrant_legend=_quadrant_legend(evidence),
            **_similar_map(evidence),
        )
    return render(request, "web/evidence/region.html", context)


@require_GET
def region_evidence_download(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    """One table of a region's evidence page (``profile``, ``opportunities``, ``complexity``,
    ``similar``, ``complementary``) as CSV or XLSX; needs ``?dataset=&year=``."""
    build = downloads.EVIDENCE_TABLES.get(table)
    if build is None or not request.GET.get("dataset"):
        raise Http404
    selection = _region_selection(request, code.upper())
    if selection["dataset"] is None or selection["year"] is None:
        raise Http404
    evidence = queries.region_evidence(
        dataset=selection["dataset"], region=selection["region"], year=selection["year"]
    )
    return _table_response(build(evidence), fmt)


# ---- Computation runs --------------------------------------------------------------------


@require_POST
def evidence_compute(request: HttpRequest, slug: str) -> HttpResponse:
    """Request a (re)computation of dataset ``slug``; platform staff only. Goes back to the
    page the button was on (``next``), which then follows the run's progress."""
    dataset = queries.get_dataset(slug=slug)
    if dataset is None:
        raise Http404
    if (denied := check_permission(request, "analytics.run_computation", dataset)) is not None:
        return denied
    back = _safe_next(request, f"{reverse('web:evidence')}?{urlencode({'dataset': slug})}")
    try:
        run = request_computation(dataset=dataset, actor=request.user)
    except (ValidationError, ValueError) as error:
        text = "; ".join(getattr(error, "messages", [str(error)]))
        messages.error(request, _("The computation could not be started: %s") % text)
        return redirect(back)
    text = _("Computation %(run)s of “%(name)s” requested.")
    messages.success(request, text % {"run": run.pk, "name": dataset.name})
    return redirect(back)


@require_GET
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A small fragment with a run's status and progress; htmx polls it while the run is queued
    or running, and it stops polling (and offers to show the results) once it has finished."""
    run = queries.get_run(pk=pk)
    if run is None:
        raise Http404
    return render(
        request,
        "web/evidence/_run_status.html",
        {"run": run, "polled": request.GET.get("polled") == "1"},
    )
