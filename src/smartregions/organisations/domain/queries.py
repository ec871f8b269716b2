"""Named, N+1-safe reads of organisations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from smartregions.organisations.models import Organisation


def organisations_with_details() -> QuerySet[Organisation]:
    """Organisations with region, country, NACE codes and thematic areas loaded."""
    return Organisation.objects.select_related("region", "region__country").prefetch_related(
        "nace_codes", "thematic_areas"
    )


def search_organisations(
    *,
    text: str = "",
    types: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    region_code: str = "",
) -> QuerySet[Organisation]:
    """Organisations whose name or description contains ``text``, filtered by type and place."""
    qs = organisations_with_details()
    if text.strip():
        needle = text.strip()
        qs = qs.filter(Q(name__icontains=needle) | Q(description__icontains=needle))
    if types:
        qs = qs.filter(type__in=types)
    if countries:
        qs = qs.filter(region__country__code__in=countries)
    if region_code:
        qs = qs.filter(region__code__startswith=region_code)
    return qs.order_by("name", "id")
