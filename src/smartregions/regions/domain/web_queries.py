"""Named reads behind the web pages: region directory, region page, pickers and map features.

Each read loads what its page shows in a fixed number of queries (select/prefetch built in), so
pages stay free of N+1 queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from smartregions.organisations.domain.queries import organisations_with_details
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.queries import current_nuts_version, priorities_with_codes
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Priority, Region, Strategy, Term, ThematicArea


def nuts_versions() -> list[int]:
    """The NUTS versions present in the registry, newest first (for version switchers)."""
    return sorted(
        Region.objects.order_by().values_list("nuts_version", flat=True).distinct(), reverse=True
    )


@dataclass(frozen=True)
class RegionFilter:
    """Criteria of the region directory; every criterion that is set must hold."""

    version: int
    text: str = ""
    country: str = ""
    level: int | None = None
    thematic_area: str = ""


def search_regions(criteria: RegionFilter) -> QuerySet[Region]:
    """Regions of ``criteria.version`` matching the criteria, with country and priority counts.

    ``text`` matches the code prefix or a part of the Latin or national name; ``thematic_area``
    keeps regions having at least one priority tagged with that area (slug). Extra-regio codes
    are left out: they are statistical placeholders, not places.
    """
    qs = Region.objects.filter(nuts_version=criteria.version, is_extra_regio=False)
    text = criteria.text.strip()
    if text:
        qs = qs.filter(
            Q(code__istartswith=text)
            | Q(name_latin__icontains=text)
            | Q(name_national__icontains=text)
        )
    if criteria.country:
        qs = qs.filter(country__code=criteria.country)
    if criteria.level is not None:
        qs = qs.filter(level=criteria.level)
    if criteria.thematic_area:
        region_ids = Priority.objects.filter(
            thematic_areas__slug=criteria.thematic_area, strategy__region__isnull=False
        ).values("strategy__region_id")
        qs = qs.filter(id__in=region_ids)
    return (
        qs.select_related("country")
        .annotate(priority_count=Count("strategies__priorities", distinct=True))
        .order_by("code")
    )


def get_region(*, code: str, version: int | None = None) -> Region | None:
    """The region ``code`` of NUTS ``version`` (default: the current one), with its country."""
    return (
        Region.objects.select_related("country", "parent")
        .filter(code=code, nuts_version=version or current_nuts_version())
        .first()
    )


def region_ancestors(region: Region) -> list[Region]:
    """The parents of ``region`` from the country (level 0) down, in one query.

    NUTS codes nest by prefix (``CZ`` > ``CZ0`` > ``CZ03`` > ``CZ031``), so the ancestors are
    the regions of the same version whose codes are the shorter prefixes.
    """
    prefixes = [region.code[:n] for n in range(2, len(region.code))]
    if not prefixes:
        return []
    return list(
        Region.objects.filter(nuts_version=region.nuts_version, code__in=prefixes).order_by("level")
    )


def region_children(region: Region) -> QuerySet[Region]:
    """The direct sub-regions of ``region`` (one level down), extra-regio codes excluded."""
    return region.children.filter(is_extra_regio=False).order_by("code")


def region_strategies(region: Region) -> QuerySet[Strategy]:
    """The strategies of ``region`` with their priorities and all codes prefetched."""
    return (
        Strategy.objects.filter(region=region)
        .select_related("region", "country")
        .prefetch_related(Prefetch("priorities", queryset=priorities_with_codes()))
        .order_by("-period_start", "title")
    )


def region_organisations(region: Region) -> QuerySet[Organisation]:
    """Organisations located in ``region`` or any of its sub-regions (same NUTS version)."""
    return organisations_with_details().filter(
        region__nuts_version=region.nuts_version, region__code__startswith=region.code
    )


def terms_of_kind(kind: TaxonomyKind | str) -> QuerySet[Term]:
    """All terms of the taxonomies of ``kind`` (for code pickers), ordered by taxonomy and code."""
    return (
        Term.objects.filter(taxonomy__kind=kind)
        .select_related("taxonomy")
        .order_by("taxonomy__name", "code")
    )


def thematic_areas() -> QuerySet[ThematicArea]:
    """All thematic areas, alphabetically (for filters and checkboxes)."""
    return ThematicArea.objects.order_by("name")


def map_regions(
    *,
    version: int,
    level: int | None = None,
    codes: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
) -> QuerySet[Region]:
    """Regions with a boundary for a map layer: by level, explicit codes and/or countries.

    Only the columns a GeoJSON feature needs are loaded (boundaries can be large).
    """
    qs = Region.objects.filter(nuts_version=version, boundary__isnull=False)
    if level is not None:
        qs = qs.filter(level=level)
    if codes:
        qs = qs.filter(code__in=codes)
    if countries:
        qs = qs.filter(country__code__in=countries)
    return qs.select_related("country").only(
        "code", "level", "name_latin", "name_national", "boundary", "country__code"
    )
