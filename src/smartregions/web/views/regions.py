"""Region pages: the directory, a region's page, and creating or editing its strategies."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.regions.domain import strategies as strategy_domain
from smartregions.regions.domain import web_queries
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.forms import StrategyForm
from smartregions.regions.models import Region, Strategy
from smartregions.web.forms import RegionFilterForm
from smartregions.web.views.helpers import (
    add_domain_errors,
    check_permission,
    paginate,
    query_without_page,
    render_page_or_partial,
)

REGIONS_PER_PAGE = 50


def region_list(request: HttpRequest) -> HttpResponse:
    """The region directory: filters (country, level, thematic area, name) and a paged table."""
    form = RegionFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    criteria = form.criteria()
    page = paginate(request, web_queries.search_regions(criteria), REGIONS_PER_PAGE)
    context = {
        "form": form,
        "page": page,
        "criteria": criteria,
        "query": query_without_page(request),
        "current_version": current_nuts_version(),
    }
    return render_page_or_partial(
        request,
        page="web/regions/list.html",
        partial="web/regions/_list_results.html",
        context=context,
    )


def _version_from(request: HttpRequest) -> int:
    raw = request.GET.get("version", "")
    if not raw:
        return current_nuts_version()
    if not raw.isdigit():
        raise Http404
    return int(raw)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region's page: map, hierarchy, typologies, strategies with priorities, organisations."""
    version = _version_from(request)
    region = web_queries.get_region(code=code.upper(), version=version)
    if region is None:
        raise Http404
    strategies = list(web_queries.region_strategies(region))
    user = request.user
    for strategy in strategies:
        strategy.can_change = user.has_perm("regions.change_strategy", strategy)
        strategy.can_add_priority = user.has_perm("regions.add_priority", strategy)
        for priority in strategy.priorities.all():
            priority.can_change = user.has_perm("regions.change_priority", priority)
            priority.can_delete = user.has_perm("regions.delete_priority", priority)
    organisations = list(web_queries.region_organisations(region)[:50])
    geojson = reverse("web:map-regions")
    query = {"version": version, "codes": region.code}
    background = {"version": version, "level": 0, "countries": region.country.code}
    context = {
        "region": region,
        "version": version,
        "is_current": version == current_nuts_version(),
        "ancestors": web_queries.region_ancestors(region),
        "children": list(web_queries.region_children(region)),
        "strategies": strategies,
        "organisations": organisations,
        "can_add_strategy": user.has_perm("regions.add_strategy", region),
        "current_version": current_nuts_version(),
        "map_geojson_url": f"{geojson}?{urlencode(query)}",
        "map_background_url": f"{geojson}?{urlencode(background)}",
    }
    return render(request, "web/regions/detail.html", context)


def _strategy_url(strategy: Strategy) -> str:
    if strategy.region is None:
        return reverse("web:region-list")
    url = reverse("web:region-detail", args=[strategy.region.code])
    if strategy.region.nuts_version != current_nuts_version():
        url += f"?version={strategy.region.nuts_version}"
    return f"{url}#strategy-{strategy.pk}"


def strategy_create(request: HttpRequest, code: str) -> HttpResponse:
    """Create a strategy for the region ``code`` (current NUTS version); region staff only."""
    region = get_object_or_404(Region, code=code.upper(), nuts_version=current_nuts_version())
    if (denied := check_permission(request, "regions.add_strategy", region)) is not None:
        return denied
    form = StrategyForm(request.POST or None, initial={"period_start": 2021, "period_end": 2027})
    if request.method == "POST" and form.is_valid():
        try:
            strategy = strategy_domain.create_strategy(
                actor=request.user, region=region, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        except IntegrityError:
            # The database's unique (country, region, title) constraint is the final judge.
            form.add_error("title", _("This region already has a strategy with this title."))
        else:
            messages.success(request, _("The strategy “%s” was created.") % strategy.title)
            return redirect(_strategy_url(strategy))
    return render(
        request,
        "web/strategies/form.html",
        {"form": form, "region": region, "strategy": None},
    )


def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a strategy's title, period, document link, authority, status and language."""
    strategy = get_object_or_404(Strategy.objects.select_related("region", "country"), pk=pk)
    if (denied := check_permission(request, "regions.change_strategy", strategy)) is not None:
        return denied
    initial = {name: getattr(strategy, name) for name in strategy_domain.STRATEGY_FIELDS}
    form = StrategyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            strategy_domain.update_strategy(
                actor=request.user, strategy=strategy, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The strategy “%s” was saved.") % strategy.title)
            return redirect(_strategy_url(strategy))
    return render(
        request,
        "web/strategies/form.html",
        {"form": form, "region": strategy.region, "strategy": strategy},
    )
