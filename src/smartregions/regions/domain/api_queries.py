"""Named, N+1-safe reads that the REST API needs beyond :mod:`.queries`.

Each function returns a queryset with its relations loaded in a fixed number of queries, or
resolves codes the API accepts (NUTS codes, taxonomy codes, thematic-area slugs) to rows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count, F, Prefetch, Q, QuerySet

from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.domain.taxonomies.resolve import CodeIssue, resolve_kind_codes
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import (
    Country,
    Region,
    Strategy,
    Taxonomy,
    Term,
    ThematicArea,
    ThematicPlatform,
)


def countries() -> QuerySet[Country]:
    """All countries, by name."""
    return Country.objects.order_by("name", "code")


def regions_with_relations(*, include_boundary: bool = False) -> QuerySet[Region]:
    """Regions of every NUTS version with their country and parent loaded, by code and version.

    The boundary (a GeoJSON geometry, often tens of kilobytes) is left out of the query unless
    ``include_boundary`` is set, so region lists stay light.
    """
    qs = Region.objects.select_related("country", "parent").order_by("code", "nuts_version")
    if not include_boundary:
        qs = qs.defer("boundary", "parent__boundary")
    return qs


def children_of(region: Region, *, include_boundary: bool = False) -> QuerySet[Region]:
    """The direct sub-regions of ``region`` (same NUTS version), by code."""
    return regions_with_relations(include_boundary=include_boundary).filter(parent=region)


def search_regions_by_name(qs: QuerySet[Region], text: str) -> QuerySet[Region]:
    """Narrow ``qs`` to regions whose Latin or national name contains ``text`` (any case)."""
    needle = text.strip()
    if not needle:
        return qs
    return qs.filter(Q(name_latin__icontains=needle) | Q(name_national__icontains=needle))


def region_by_code(*, code: str, version: int) -> Region | None:
    """The region with NUTS ``code`` in ``version`` (any case), or ``None``."""
    return (
        Region.objects.select_related("country")
        .filter(nuts_version=version, code=code.strip().upper())
        .first()
    )


def national_region(country: Country) -> Region | None:
    """The NUTS-0 region of ``country`` in the current NUTS version, or ``None``.

    National strategies are attached to a country, but permissions are granted per region: who
    represents a country's NUTS-0 region acts for its national strategies.
    """
    return Region.objects.filter(
        nuts_version=current_nuts_version(), level=0, country=country
    ).first()


def strategies_with_counts() -> QuerySet[Strategy]:
    """Strategies with country and region loaded and ``priority_count`` annotated.

    Ordered by country name, then national strategies before regional ones (by region code),
    newest first: spelled out so SQLite and PostgreSQL, which sort NULLs differently, agree.
    """
    return (
        Strategy.objects.select_related("country", "region")
        .defer("region__boundary")
        .annotate(priority_count=Count("priorities"))
        .order_by(
            "country__name",
            F("region__code").asc(nulls_first=True),
            "-period_start",
            "title",
            "id",
        )
    )


def taxonomies_with_counts() -> QuerySet[Taxonomy]:
    """Taxonomies with ``term_count`` annotated, by kind and name."""
    return Taxonomy.objects.annotate(term_count=Count("terms")).order_by("kind", "name", "id")


def terms_of(taxonomy: Taxonomy) -> QuerySet[Term]:
    """The terms of ``taxonomy`` with their parent loaded, by code."""
    return (
        Term.objects.filter(taxonomy=taxonomy)
        .select_related("taxonomy", "parent")
        .order_by("code", "id")
    )


def search_terms(qs: QuerySet[Term], text: str) -> QuerySet[Term]:
    """Narrow ``qs`` to terms whose code starts with, or label contains, ``text``."""
    needle = text.strip()
    if not needle:
        return qs
    return qs.filter(Q(code__istartswith=needle) | Q(label__icontains=needle))


def thematic_platforms_with_areas() -> QuerySet[ThematicPlatform]:
    """Thematic platforms with their areas prefetched (by name)."""
    return ThematicPlatform.objects.prefetch_related(
        Prefetch("areas", queryset=ThematicArea.objects.order_by("name", "id"))
    ).order_by("name", "id")


def thematic_areas_with_platform() -> QuerySet[ThematicArea]:
    """Thematic areas with their platform loaded (by name)."""
    return ThematicArea.objects.select_related("platform").order_by("name", "id")


@dataclass
class ResolvedCodes:
    """Outcome of resolving user-supplied codes: the rows found and the codes that failed.

    ``problems`` maps each code that could not be resolved to the reason.
    """

    found: list = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)


def resolve_term_codes(*, kind: TaxonomyKind | str, codes: Iterable[str]) -> ResolvedCodes:
    """Resolve ``codes`` to terms of taxonomies of ``kind``, keeping the given order.

    A code may be plain (``"62"``), qualified by taxonomy slug (``"ford-2015:1.1"``) or, for
    NACE, written in its usual variants (``"C28"`` is division 28, which must sit under section
    C; ``"C28.1"``, ``"281"`` likewise). A plain code means the kind's default taxonomy
    (``nace-rev2``, ``ford-2015``, ``cohesion-2021-2027``) when it is there, otherwise the one
    other taxonomy of the kind that has it; found in several, it is ambiguous and must be
    qualified. Duplicates are dropped. Runs one query. The rules live in
    :func:`~smartregions.regions.domain.taxonomies.resolve.resolve_kind_codes`.
    """
    found, failing = resolve_kind_codes(kind=kind, codes=codes)
    result = ResolvedCodes(found=found)
    for code, match in failing.items():
        if match.issue == CodeIssue.AMBIGUOUS:
            slugs = ", ".join(match.candidates)
            result.problems[code] = f"ambiguous code (in {slugs}); write it as <taxonomy>:<code>"
        else:
            result.problems[code] = "unknown code"
    return result


def resolve_thematic_areas(slugs: Iterable[str]) -> ResolvedCodes:
    """Resolve thematic-area ``slugs`` to rows in the given order (one query)."""
    wanted = [str(slug).strip() for slug in slugs if str(slug).strip()]
    rows = {area.slug: area for area in ThematicArea.objects.filter(slug__in=wanted)}
    result = ResolvedCodes()
    for slug in dict.fromkeys(wanted):
        if slug in rows:
            result.found.append(rows[slug])
        else:
            result.problems[slug] = "unknown thematic area"
    return result


def _template_table(path: Path) -> list[list[str]]:
    """The cells of a priority template file as text (first sheet of an XLSX; CSV in UTF-8)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            return [["" if v is None else str(v) for v in row] for row in rows]
        finally:
            workbook.close()
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def import_targets(path: Path) -> list[Region | None] | None:
    """The regions a priority template file writes to, so a caller can authorise the import.

    Each distinct ``region_code``/``nuts_version`` names a region (the current version when the
    version is blank); a row without a region is a national strategy and names its country's
    NUTS-0 region, or ``None`` when the country has none. Codes that match nothing are left
    out: the importer rejects them itself. Returns ``None`` when the file cannot be read here,
    so the caller can fail closed. Reads the file and runs one query per distinct place.
    """
    try:
        table = _template_table(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError, zipfile.BadZipFile):
        return None
    if not table:
        return []
    header = [cell.strip().lower() for cell in table[0]]
    column = {
        name: header.index(name)
        for name in ("region_code", "nuts_version", "country_code")
        if name in header
    }

    def cell(cells: list[str], name: str) -> str:
        index = column.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    places = {
        (
            cell(cells, "region_code").upper(),
            cell(cells, "nuts_version"),
            cell(cells, "country_code").upper(),
        )
        for cells in table[1:]
        if any(str(c).strip() for c in cells)
    }
    targets: list[Region | None] = []
    for code, version_text, country_code in sorted(places):
        if code:
            version = int(version_text) if version_text.isdigit() else current_nuts_version()
            region = region_by_code(code=code, version=version)
            if region is not None:
                targets.append(region)
        elif country := Country.objects.filter(code=country_code).first():
            targets.append(national_region(country))
    return targets
