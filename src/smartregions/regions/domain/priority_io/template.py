"""The open priority template: its columns, and how codes are written and resolved in it."""

from __future__ import annotations

import re

from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Taxonomy, Term

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
    "economic_domains": (TaxonomyKind.ECONOMIC, "nace-rev2"),
    "scientific_domains": (TaxonomyKind.SCIENTIFIC, "ford-2015"),
    "policy_objectives": (TaxonomyKind.POLICY, "cohesion-2021-2027"),
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
_NACE = re.compile(r"(?:([A-U])\.?)?(\d{1,2})(?:\.(\d{1,2}))?")


def split_list(text: str) -> list[str]:
    """The items of a ``;``-separated cell: whitespace collapsed, blanks and repeats dropped."""
    items: dict[str, None] = {}
    for item in text.split(SEPARATOR):
        cleaned = " ".join(item.split())
        if cleaned:
            items.setdefault(cleaned, None)
    return list(items)


def normalise_nace_code(code: str) -> tuple[str, str]:
    """``(code, section)`` for a NACE code as people write it: ``C28``/``C.28``/``28`` give
    ``("28", "C")``/``("28", "C")``/``("28", "")``; ``28.1`` and ``28.10`` stay as they are."""
    text = code.strip().upper().replace(" ", "")
    match = _NACE.fullmatch(text)
    if not match:
        return text, ""
    section, division, rest = match.groups()
    division = division.zfill(2)
    return (f"{division}.{rest}" if rest else division), section or ""


class CodeLookup:
    """Resolves the codes of the three axes to term ids, one query per taxonomy kind.

    An unqualified code belongs to the axis's default taxonomy (``AXES``); ``slug:code`` names
    another taxonomy of the same kind. NACE codes are also accepted in the usual variants.
    """

    def __init__(self) -> None:
        self.taxonomies = {t.slug: t for t in Taxonomy.objects.all()}
        self._terms: dict[str, dict[str, int]] = {}
        self._sections: dict[int, str] = {}

    def _codes(self, slug: str) -> dict[str, int]:
        if slug not in self._terms:
            rows = list(
                Term.objects.filter(taxonomy__slug=slug).values_list("id", "code", "parent_id")
            )
            self._terms[slug] = {code: term_id for term_id, code, _ in rows}
            parents = {term_id: parent for term_id, _, parent in rows}
            codes = {term_id: code for term_id, code, _ in rows}
            for term_id in codes:
                top = term_id
                while parents.get(top) is not None:
                    top = parents[top]
                self._sections[term_id] = codes[top]
        return self._terms[slug]

    def resolve(self, axis: str, token: str) -> tuple[int | None, str]:
        """The term id of ``token`` on ``axis``, or ``None`` and the reason it is unknown."""
        kind, slug = AXES[axis]
        code = token.strip()
        if ":" in code:
            slug, code = (part.strip() for part in code.split(":", 1))
        taxonomy = self.taxonomies.get(slug)
        if taxonomy is None:
            return None, f"unknown code {code!r}: taxonomy {slug!r} is not loaded"
        if taxonomy.kind != kind:
            return None, f"code {code!r}: taxonomy {slug!r} is not on the {axis} axis"
        codes = self._codes(slug)
        if code in codes:
            return codes[code], ""
        if slug == "nace-rev2":
            nace, section = normalise_nace_code(code)
            term_id = codes.get(nace)
            # A section letter must match the division's section, when the tree records one.
            top = self._sections.get(term_id or 0, "")
            if term_id is not None and (not section or not top.isalpha() or top == section):
                return term_id, ""
        return None, f"unknown code {code!r} in taxonomy {slug!r}"


def format_code(axis: str, term: Term) -> str:
    """How ``term`` is written in the ``axis`` column (qualified unless default taxonomy)."""
    slug = term.taxonomy.slug
    return term.code if slug == AXES[axis][1] else f"{slug}:{term.code}"
