"""The open priority template: its columns, and how codes are written and resolved in it."""

from __future__ import annotations

from smartregions.regions.domain.taxonomies.resolve import (
    DEFAULT_TAXONOMIES,
    CodeIssue,
    TermLookup,
    normalise_nace_code,  # noqa: F401 - the priority_io package re-exports it
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term

COLUMNS = (
    "region_code",
    "nuts_version",
    "country_code",
    "strategy_title",
    "strategy_period_start",
    "strategy_period_end",
    "strategy_status",
    "priority_reference",
    "priority_title",
    "description",
    "economic_domains",
    "scientific_domains",
    "policy_objectives",
    "thematic_areas",
    "keywords",
    "budget_eur",
    "language",
    "source",
)
REQUIRED_COLUMNS = (
    "region_code",
    "country_code",
    "strategy_title",
    "strategy_period_start",
    "strategy_period_end",
    "priority_title",
)
SEPARATOR = ";"
FORMATS = ("csv", "xlsx")
# Each axis column and the taxonomy its unqualified codes belong to; a code of another
# taxonomy of the same kind is written ``slug:code`` (e.g. ``nabs-2007:07``).
AXES: dict[str, tuple[TaxonomyKind, str]] = {
    "economic_domains": (TaxonomyKind.ECONOMIC, DEFAULT_TAXONOMIES[TaxonomyKind.ECONOMIC]),
    "scientific_domains": (TaxonomyKind.SCIENTIFIC, DEFAULT_TAXONOMIES[TaxonomyKind.SCIENTIFIC]),
    "policy_objectives": (TaxonomyKind.POLICY, DEFAULT_TAXONOMIES[TaxonomyKind.POLICY]),
}
RELATIONS = (*AXES, "thematic_areas")
PRIORITY_FIELDS = ("description", "keywords", "budget_eur", "language", "source")
MAX_LENGTHS = {
    "strategy_title": 300,
    "priority_reference": 64,
    "priority_title": 300,
    "language": 10,
    "source": 500,
}


def split_list(text: str) -> list[str]:
    """The items of a ``;``-separated cell: whitespace collapsed, blanks and repeats dropped."""
    items: dict[str, None] = {}
    for item in text.split(SEPARATOR):
        cleaned = " ".join(item.split())
        if cleaned:
            items.setdefault(cleaned, None)
    return list(items)


class CodeLookup:
    """Resolves the codes of the three axes to term ids, loading each taxonomy once.

    An unqualified code belongs to the axis's default taxonomy (``AXES``); ``slug:code`` names
    another taxonomy of the same kind. Spellings (NACE variants, case) are those of
    :class:`~smartregions.regions.domain.taxonomies.resolve.TermLookup`, which does the work.
    """

    def __init__(self) -> None:
        self._lookup = TermLookup()
        self.taxonomies = self._lookup.taxonomies

    def resolve(self, axis: str, token: str) -> tuple[int | None, str]:
        """The term id of ``token`` on ``axis``, or ``None`` and the reason it is unknown."""
        match = self._lookup.resolve(token, kind=AXES[axis][0], default_only=True)
        code, slug = match.code, match.taxonomy_slug
        if match.term is not None:
            return match.term.pk, ""
        if match.issue == CodeIssue.NOT_LOADED:
            return None, f"unknown code {code!r}: taxonomy {slug!r} is not loaded"
        if match.issue == CodeIssue.WRONG_KIND:
            return None, f"code {code!r}: taxonomy {slug!r} is not on the {axis} axis"
        return None, f"unknown code {code!r} in taxonomy {slug!r}"


def format_code(axis: str, term: Term) -> str:
    """How ``term`` is written in the ``axis`` column (qualified unless default taxonomy)."""
    slug = term.taxonomy.slug
    return term.code if slug == AXES[axis][1] else f"{slug}:{term.code}"
