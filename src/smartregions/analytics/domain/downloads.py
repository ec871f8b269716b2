"""The tables behind every evidence chart and map, and their CSV and Excel files.

Each chart on the evidence pages has a text alternative: a table built here. The page renders
the table and offers it as a download, so the HTML table, the CSV and the XLSX hold exactly the
same columns, rows and (rounded) values. Full-precision values are in the API.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smartregions.analytics.domain.queries import (
    METRIC_LABELS,
    Contribution,
    RegionEvidence,
)
from smartregions.analytics.models import Dataset
from smartregions.regions.models import Region, Term

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DIGITS = 3


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` names it in charts.js, ``numeric`` right-aligns it."""

    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """A captioned table; ``name`` is the download's file name without extension."""

    name: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    def cells(self) -> list[list[tuple[Any, Column]]]:
        """Each row as (value, column) pairs, for templates that render the table."""
        return [list(zip(row, self.columns, strict=True)) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column key (what charts.js reads)."""
        keys = [column.key for column in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


def _num(value: float | None, digits: int = DIGITS) -> float | int | None:
    """Rounded for display: whole numbers as ``int`` (counts read ``80``, not ``80.0``) and
    never a negative zero."""
    if value is None:
        return None
    rounded = round(float(value), digits) + 0.0
    return int(rounded) if rounded.is_integer() else rounded


def _reasons(items: Sequence[Contribution], *, labelled: bool) -> str:
    parts = []
    for item in items:
        name = f"{item.code} {item.label}" if labelled and item.label != item.code else item.code
        parts.append(f"{name} ({_num(item.value)})")
    return "; ".join(parts)


def _stem(evidence: RegionEvidence, what: str) -> str:
    return f"{evidence.dataset.slug}-{evidence.region.code}-{evidence.year}-{what}"


def profile_table(evidence: RegionEvidence) -> Table:
    """The specialisation profile: activities of highest RCA with value, share and presence."""
    label = evidence.dataset.value_label or "value"
    return Table(
        name=_stem(evidence, "profile"),
        caption=f"Specialisation profile of {evidence.region.name_latin} in {evidence.year}: "
        f"activities by revealed comparative advantage (RCA)",
        columns=(
            Column("code", "Code"),
            Column("activity", "Activity"),
            Column("rca", "RCA", numeric=True),
            Column("value", label.capitalize(), numeric=True),
            Column("share", "Share of the region (%)", numeric=True),
            Column("specialised", "Specialised (RCA ≥ 1)"),
        ),
        rows=tuple(
            (
                entry.activity.code,
                entry.activity.label,
                _num(entry.rca),
                _num(entry.value),
                _num(100 * entry.share, 2),
                "yes" if entry.present else "no",
            )
            for entry in evidence.profile
        ),
    )


def opportunity_table(evidence: RegionEvidence) -> Table:
    """The opportunity chart: every non-specialised activity with density, PCI and quadrant."""
    return Table(
        name=_stem(evidence, "opportunities"),
        caption=f"Diversification opportunities of {evidence.region.name_latin} in "
        f"{evidence.year}: relatedness density against complexity",
        columns=(
            Column("code", "Code"),
            Column("activity", "Activity"),
            Column("density", "Relatedness density (0-100)", numeric=True),
            Column("pci", "Complexity (PCI)", numeric=True),
            Column("cog", "Complexity outlook gain", numeric=True),
            Column("rca", "RCA", numeric=True),
            Column("quadrant", "Quadrant"),
        ),
        rows=tuple(
            (
                point.activity.code,
                point.activity.label,
                _num(point.density),
                _num(point.pci),
                _num(point.cog),
                _num(point.rca),
                point.quadrant_name,
            )
            for point in evidence.opportunities.points
        ),
    )


def complexity_table(evidence: RegionEvidence) -> Table:
    """The region's complexity facts as a two-column table."""
    facts = evidence.complexity
    rows: tuple[tuple[Any, ...], ...] = ()
    if facts is not None:
        rows = (
            ("Economic Complexity Index (ECI)", _num(facts.eci)),
            ("ECI rank", f"{facts.rank} of {facts.ranked}" if facts.rank else "not ranked"),
            ("Complexity Outlook Index (COI)", _num(facts.coi)),
            ("Diversity (activities with RCA ≥ 1)", facts.diversity),
            (f"Total {evidence.dataset.value_label or 'value'}", _num(facts.total)),
        )
    return Table(
        name=_stem(evidence, "complexity"),
        caption=f"Economic complexity of {evidence.region.name_latin} in {evidence.year}",
        columns=(Column("indicator", "Indicator"), Column("value", "Value", numeric=True)),
        rows=rows,
    )


def _partner_table(
    evidence: RegionEvidence,
    *,
    kind: str,
    caption: str,
    score: Column,
    reasons: Column,
    rows: Iterable[tuple[Any, float | None, Sequence[Any]]],
) -> Table:
    """A ranked table of other regions with one score and the reasons behind it."""
    return Table(
        name=_stem(evidence, kind),
        caption=caption,
        columns=(
            Column("rank", "Rank", numeric=True),
            Column("code", "Region code"),
            Column("region", "Region"),
            score,
            reasons,
        ),
        rows=tuple(
            (
                item.rank,
                item.region.code,
                item.region.name_latin,
                _num(value),
                _reasons(why, labelled=True),
            )
            for item, value, why in rows
        ),
    )


def similar_table(evidence: RegionEvidence) -> Table:
    """The most similar regions with distance and the indicators that separate them most."""
    return _partner_table(
        evidence,
        kind="similar",
        caption=f"Regions most similar to {evidence.region.name_latin} in {evidence.year} "
        f"(smaller distance is more similar)",
        score=Column("distance", "Distance", numeric=True),
        reasons=Column("contributions", "Largest contributions to the distance"),
        rows=((item, item.distance, item.contributions[:5]) for item in evidence.similar),
    )


def complementary_table(evidence: RegionEvidence) -> Table:
    """The most complementary partners with score and the activities that make them so."""
    return _partner_table(
        evidence,
        kind="complementary",
        caption=f"Most complementary partner regions for {evidence.region.name_latin} in "
        f"{evidence.year}",
        score=Column("score", "Complementarity (0-1)", numeric=True),
        reasons=Column("activities", "Complementary activities (contribution)"),
        rows=((item, item.score, item.activities[:8]) for item in evidence.complementary),
    )


#: The tables of the region evidence page, by the name used in download URLs.
EVIDENCE_TABLES: dict[str, Callable[[RegionEvidence], Table]] = {
    "profile": profile_table,
    "opportunities": opportunity_table,
    "complexity": complexity_table,
    "similar": similar_table,
    "complementary": complementary_table,
}


def map_table(
    *,
    dataset: Dataset,
    year: int,
    metric: str,
    values: Mapping[str, float],
    regions: Mapping[str, Region],
    activity: Term | None = None,
) -> Table:
    """The platform map's table: one row per region with a value, highest value first."""
    what = METRIC_LABELS[metric]
    if activity is not None:
        what = f"{what} in {activity.code} {activity.label}"
    ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    suffix = f"-{activity.code}" if activity is not None else ""
    return Table(
        name=f"{dataset.slug}-{year}-{metric}{suffix}",
        caption=f"{what} by region, {dataset.name}, {year}",
        columns=(
            Column("code", "Region code"),
            Column("region", "Region"),
            Column("country", "Country"),
            Column("value", METRIC_LABELS[metric], numeric=True),
        ),
        rows=tuple(
            (
                code,
                regions[code].name_latin if code in regions else "",
                regions[code].country.code if code in regions else "",
                _num(value),
            )
            for code, value in ordered
        ),
    )


def table_csv(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark (so spreadsheet programs read accents
    right), a header row of column labels, empty cells for missing values. No side effects."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """The table as an Excel workbook with the same cells as the CSV: one sheet, the header
    (bold) in row 1, then the rows; the caption is the workbook's title. Text starting with
    ``=`` stays text, so no formula runs when the file is opened. No side effects."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    workbook.properties.title = table.caption
    sheet = workbook.create_sheet("data")
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def table_file(table: Table, fmt: str) -> tuple[bytes, str, str]:
    """``(content, content type, file name)`` of ``table`` in ``fmt`` (``csv`` or ``xlsx``);
    raises ``ValueError`` for another format. No side effects."""
    if fmt not in FORMATS:
        msg = f"unknown format {fmt!r} (use {' or '.join(FORMATS)})"
        raise ValueError(msg)
    content = table_csv(table) if fmt == "csv" else table_xlsx(table)
    return content, FORMATS[fmt], f"{table.name}.{fmt}"
