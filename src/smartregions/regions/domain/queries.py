"""Named, N+1-safe reads of the regions app (regions, strategies, priorities)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from django.conf import settings
from django.db.models import Count, F, Prefetch, QuerySet

from smartregions.common.text import search_tokens
from smartregions.regions.domain.taxonomy import descendant_term_ids
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Priority, Region, Strategy, Term


def current_nuts_version() -> int:
    """The NUTS version the platform shows and codes new data in (``SMARTREGIONS_NUTS_VERSION``)."""
    return settings.SMARTREGIONS_NUTS_VERSION


def platform_counts() -> dict[str, int]:
    """Headline counts for the home page."""
    from smartregions.organisations.models import Organisation

    return {
        "regions": Region.objects.filter(
            nuts_version=current_nuts_version(), is_extra_regio=False
        ).count(),
        "strategies": Strategy.objects.count(),
        "priorities": Priority.objects.count(),
        "organisations": Organisation.objects.count(),
    }


def priorities_with_codes() -> QuerySet[Priority]:
    """Priorities with their strategy, region, country and all codes loaded in a fixed number
    of queries (one per relation), whatever the number of rows."""
    term_qs = Term.objects.select_related("taxonomy").order_by("code")
    return Priority.objects.select_related(
        "strategy", "strategy__region", "strategy__country"
    ).prefetch_related(
        Prefetch("economic_domains", queryset=term_qs),
        Prefetch("scientific_domains", queryset=term_qs),
        Prefetch("policy_objectives", queryset=term_qs),
        "thematic_areas",
    )


@dataclass(frozen=True)
class PrioritySearch:
    """Criteria of a priority search; every criterion that is set must hold.

    Code filters match the given codes and everything below them in the taxonomy tree (NACE
    section ``C`` matches division ``28``). ``countries`` are NUTS country codes (``EL``, not
    ``GR``); ``levels`` are NUTS levels of the strategy's region.
    """

    text: str = ""
    economic: tuple[str, ...] = ()
    scientific: tuple[str, ...] = ()
    policy: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    thematic_areas: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.text.strip(),
                self.economic,
                self.scientific,
                self.policy,
                self.countries,
                self.levels,
                self.thematic_areas,
            )
        )


def _apply_criteria(qs: QuerySet[Priority], criteria: PrioritySearch) -> QuerySet[Priority]:
    for token in search_tokens(criteria.text):
        qs = qs.filter(search_text__contains=token)
    axes = (
        (TaxonomyKind.ECONOMIC, criteria.economic, Priority.economic_domains.through),
        (TaxonomyKind.SCIENTIFIC, criteria.scientific, Priority.scientific_domains.through),
        (TaxonomyKind.POLICY, criteria.policy, Priority.policy_objectives.through),
    )
    for kind, codes, through in axes:
        if codes:
            term_ids = descendant_term_ids(kind=kind, codes=codes)
            qs = qs.filter(
                id__in=through.objects.filter(term_id__in=term_ids).values("priority_id")
            )
    if criteria.thematic_areas:
        through = Priority.thematic_areas.through
        qs = qs.filter(
            id__in=through.objects.filter(thematicarea__slug__in=criteria.thematic_areas).values(
                "priority_id"
            )
        )
    if criteria.countries:
        qs = qs.filter(strategy__country__code__in=criteria.countries)
    if criteria.levels:
        qs = qs.filter(strategy__region__level__in=criteria.levels)
    # National strategies (no region) sort first on every database backend.
    return qs.order_by(
        "-strategy__period_start",
        F("strategy__region__code").asc(nulls_first=True),
        "reference",
        "id",
    )


def search_priorities(criteria: PrioritySearch) -> QuerySet[Priority]:
    """Priorities matching ``criteria``, newest strategies first, with codes prefetched.

    Full text matches every word of ``criteria.text`` (accent- and case-insensitive) in the title,
    description, keywords and thematic areas. Code filters use sub-selects on the M2M tables so a
    priority with several matching codes appears once. For a results page with a map, prefer
    :func:`find_priorities`, which filters once instead of three times.
    """
    return _apply_criteria(priorities_with_codes(), criteria)


class PriorityHits(Sequence[Priority]):
    """Matching priority ids in result order; slicing loads just those rows with their codes.

    Django's ``Paginator`` accepts it like a query set: ``len()`` is the number of matches and
    a page slice costs one query per relation for the rows on that page.
    """

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Priority: ...
    @overload
    def __getitem__(self, index: slice) -> list[Priority]: ...
    def __getitem__(self, index: int | slice) -> Priority | list[Priority]:
        if isinstance(index, slice):
            wanted = self.ids[index]
            by_id = priorities_with_codes().in_bulk(wanted)
            return [by_id[pk] for pk in wanted]
        return priorities_with_codes().get(pk=self.ids[index])


@dataclass(frozen=True)
class PrioritySearchResult:
    """The hits of a priority search and how many fall in each region (for the map)."""

    hits: PriorityHits
    counts_by_region: dict[str, int]


def find_priorities(criteria: PrioritySearch) -> PrioritySearchResult:
    """Run a priority search once and derive the total, the pages and the map counts from it.

    One query returns the ids and region codes of all matches in result order; pages are then
    loaded by id. This is what the search page and the API use: filtering three times (count,
    page, map) costs three scans of the matching rows.
    """
    rows = list(
        _apply_criteria(Priority.objects.all(), criteria).values_list(
            "id", "strategy__region__code"
        )
    )
    counts = Counter(code for _pk, code in rows if code is not None)
    return PrioritySearchResult(
        hits=PriorityHits([pk for pk, _code in rows]), counts_by_region=dict(counts)
    )


def count_priorities_by_region(qs: QuerySet[Priority]) -> dict[str, int]:
    """Number of matching priorities per region code (regional strategies only), for maps."""
    rows = (
        qs.order_by()
        .filter(strategy__region__isnull=False)
        .values_list("strategy__region__code")
        .annotate(n=Count("id"))
    )
    return dict(rows)
