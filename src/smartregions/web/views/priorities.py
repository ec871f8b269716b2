"""Priority pages: search with a map, export, and creating, editing or deleting a priority."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartregions.regions.domain import priorities as priority_domain
from smartregions.regions.domain import web_queries
from smartregions.regions.domain.queries import (
    current_nuts_version,
    find_priorities,
    search_priorities,
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.forms import PriorityForm
from smartregions.regions.models import Priority, Region, Strategy
from smartregions.web.forms import PrioritySearchForm
from smartregions.web.views.helpers import (
    add_domain_errors,
    check_permission,
    paginate,
    query_without_page,
    render_page_or_partial,
)

PRIORITIES_PER_PAGE = 20
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _map_context(counts: dict[str, int]) -> dict[str, Any]:
    """What the choropleth and its table alternative need: URLs, counts and region names."""
    version = current_nuts_version()
    codes = sorted(counts)
    regions = {
        r.code: r
        for r in Region.objects.filter(nuts_version=version, code__in=codes).only(
            "code", "name_latin", "level"
        )
    }
    rows = [
        {"code": code, "region": regions.get(code), "count": counts[code]}
        for code in sorted(codes, key=lambda c: (-counts[c], c))
    ]
    base = reverse("web:map-regions")
    countries = ",".join(sorted({code[:2] for code in codes}))
    background = {"version": version, "level": 0, "countries": countries}
    return {
        "map_rows": rows,
        "map_counts": {code: counts[code] for code in codes},
        "map_max": max(counts.values(), default=0),
        "map_geojson_url": f"{base}?{urlencode({'version': version, 'codes': ','.join(codes)})}",
        "map_background_url": (f"{base}?{urlencode(background)}" if countries else ""),
    }


def priority_search(request: HttpRequest) -> HttpResponse:
    """Full-text and coded search of priorities, with a map of matching regions.

    Every filter is a GET parameter, so a search is a shareable URL; htmx swaps the results and
    the map in place when a filter changes, and the plain form works without JavaScript.
    """
    form = PrioritySearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    criteria = form.criteria()
    results = find_priorities(criteria)
    page = paginate(request, results.hits, PRIORITIES_PER_PAGE)
    query = query_without_page(request)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "criteria": criteria,
        "export_query": query,
        "current_version": current_nuts_version(),
        # Lazy: only the full page (not the htmx partial) renders the NACE suggestions.
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC),
        **_map_context(results.counts_by_region),
    }
    return render_page_or_partial(
        request,
        page="web/priorities/search.html",
        partial="web/priorities/_search_results.html",
        context=context,
    )


def priority_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the priorities matching the search filters as CSV or XLSX.

    The file has the same columns as the priority import, so an export can be edited and
    imported again.
    """
    if fmt not in EXPORT_FORMATS:
        raise Http404
    from smartregions.regions.domain.priority_io import write_priorities

    form = PrioritySearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    stream = io.BytesIO()
    write_priorities(queryset=search_priorities(form.criteria()), stream=stream, fmt=fmt)
    response = HttpResponse(stream.getvalue(), content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="priorities.{fmt}"'
    return response


def _priority_url(priority: Priority) -> str:
    region = priority.strategy.region
    if region is None:
        return reverse("web:priority-search")
    url = reverse("web:region-detail", args=[region.code])
    if region.nuts_version != current_nuts_version():
        url += f"?version={region.nuts_version}"
    return f"{url}#priority-{priority.pk}"


def _form_context(form: PriorityForm, strategy: Strategy, priority: Priority | None) -> dict:
    return {
        "form": form,
        "strategy": strategy,
        "priority": priority,
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC),
        "scientific_terms": web_queries.terms_of_kind(TaxonomyKind.SCIENTIFIC),
        "policy_terms": web_queries.terms_of_kind(TaxonomyKind.POLICY),
    }


def _strategy_or_404(pk: int) -> Strategy:
    return get_object_or_404(Strategy.objects.select_related("region", "country"), pk=pk)


def _priority_or_404(pk: int) -> Priority:
    return get_object_or_404(
        Priority.objects.select_related("strategy", "strategy__region", "strategy__country"),
        pk=pk,
    )


def priority_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a priority to the strategy ``pk``; region representatives and platform staff only."""
    strategy = _strategy_or_404(pk)
    if (denied := check_permission(request, "regions.add_priority", strategy)) is not None:
        return denied
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            priority = priority_domain.create_priority(
                actor=request.user, strategy=strategy, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The priority “%s” was created.") % priority.title)
            return redirect(_priority_url(priority))
    return render(request, "web/priorities/form.html", _form_context(form, strategy, None))


def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a priority's text and codes; region representatives and platform staff only."""
    priority = _priority_or_404(pk)
    if (denied := check_permission(request, "regions.change_priority", priority)) is not None:
        return denied
    initial = {
        "title": priority.title,
        "description": priority.description,
        "economic_domains": list(priority.economic_domains.order_by("code")),
        "scientific_domains": list(priority.scientific_domains.order_by("code")),
        "policy_objectives": list(priority.policy_objectives.order_by("code")),
        "thematic_areas": list(priority.thematic_areas.all()),
        "keywords": ", ".join(priority.keywords),
        "budget_eur": priority.budget_eur,
        "source": priority.source,
        "language": priority.language,
    }
    form = PriorityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            priority_domain.update_priority(
                actor=request.user, priority=priority, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The priority “%s” was saved.") % priority.title)
            return redirect(_priority_url(priority))
    return render(
        request, "web/priorities/form.html", _form_context(form, priority.strategy, priority)
    )


@require_http_methods(["GET", "POST"])
def priority_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and delete (POST) a priority; region representatives and staff only."""
    priority = _priority_or_404(pk)
    if (denied := check_permission(request, "regions.delete_priority", priority)) is not None:
        return denied
    if request.method == "POST":
        back = _priority_url(priority).split("#", 1)[0]
        title = priority.title
        priority_domain.delete_priority(actor=request.user, priority=priority)
        messages.success(request, _("The priority “%s” was deleted.") % title)
        return redirect(back)
    return render(request, "web/priorities/confirm_delete.html", {"priority": priority})
