"""Writing priorities in the template (CSV or XLSX), to a file or to a download stream."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import F, QuerySet

from smartregions.regions.domain.priority_io.template import AXES, COLUMNS, SEPARATOR, format_code
from smartregions.regions.domain.queries import priorities_with_codes
from smartregions.regions.models import Priority, Term

FORMATS = ("csv", "xlsx")


def _codes(axis: str, terms: Iterable[Term]) -> list[str]:
    """Codes of the axis's default taxonomy first, then the others by taxonomy; each by code."""
    default = AXES[axis][1]
    ordered = sorted(terms, key=lambda t: (t.taxonomy.slug != default, t.taxonomy.slug, t.code))
    return [format_code(axis, term) for term in ordered]


def _export_row(priority: Priority) -> list[Any]:
    strategy = priority.strategy
    region = strategy.region
    row: list[Any] = [
        region.code if region else "",
        region.nuts_version if region else "",
        strategy.country.code,
        strategy.title,
        strategy.period_start,
        strategy.period_end,
        strategy.status,
        priority.reference,
        priority.title,
        priority.description,
    ]
    row += [SEPARATOR.join(_codes(axis, getattr(priority, axis).all())) for axis in AXES]
    row.append(SEPARATOR.join(sorted(area.slug for area in priority.thematic_areas.all())))
    row.append(SEPARATOR.join(priority.keywords))
    row += [priority.budget_eur, priority.language, priority.source]
    return row


def export_queryset(queryset: QuerySet[Priority]) -> QuerySet[Priority]:
    """``queryset``'s priorities with every code prefetched, in the export's stable order
    (country, region — national strategies first —, strategy title, reference)."""
    return (
        priorities_with_codes()
        .filter(pk__in=queryset.values("pk"))
        .order_by(
            "strategy__country__code",
            F("strategy__region__code").asc(nulls_first=True),
            "strategy__title",
            "reference",
            "pk",
        )
    )


def write_priorities(*, queryset: QuerySet[Priority], stream: IO[bytes], fmt: str) -> int:
    """Write the priorities of ``queryset`` in the template to a binary ``stream``.

    ``fmt`` is ``"csv"`` (UTF-8 with a byte-order mark, so spreadsheet programs read accents
    right) or ``"xlsx"`` (one sheet, header in row 1, text cells never turned into formulas).
    Runs a fixed number of queries whatever the row count; returns the number of rows written.
    """
    if fmt not in FORMATS:
        msg = f"unknown export format {fmt!r} (use {' or '.join(FORMATS)})"
        raise ValueError(msg)
    rows = (_export_row(p) for p in export_queryset(queryset).iterator(chunk_size=2000))
    return _write_csv(rows, stream) if fmt == "csv" else _write_xlsx(rows, stream)


def _write_csv(rows: Iterable[list[Any]], stream: IO[bytes]) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _write_xlsx(rows: Iterable[list[Any]], stream: IO[bytes]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("priorities")
    sheet.append(list(COLUMNS))
    count = 0
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, not a formula: no code runs when the file is opened
                cells.append(cell)
            else:
                cells.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(cells)
        count += 1
    workbook.save(stream)
    return count


def export_priorities(*, queryset: QuerySet[Priority], path: str | Path, fmt: str) -> int:
    """Write the priorities of ``queryset`` to the file ``path`` (see :func:`write_priorities`);
    returns the number of rows written. The file imports back to the same data."""
    with Path(path).open("wb") as stream:
        return write_priorities(queryset=queryset, stream=stream, fmt=fmt)
