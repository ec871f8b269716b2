"""Exporting pipeline projects as CSV or XLSX: one row per project, public fields only.

The web download, the API endpoint and ``smartregions export_pipeline`` all write with
:func:`write_projects`, so the three give the same file for the same filters. Internal fields
(funding notes, who proposed or moved a project) are never exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import QuerySet

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.domain.queries.pipeline import export_projects
from smartregions.partnerships.models import Project

#: File type -> content type of the download.
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

COLUMNS = (
    "id",
    "title",
    "acronym",
    "partnership",
    "partnership_name",
    "thematic_platform",
    "stage",
    "stage_changed_at_utc",
    "lead_region",
    "lead_region_name",
    "lead_country",
    "lead_organisation",
    "partner_regions",
    "partner_organisations",
    "value_chain_segment",
    "trl_now",
    "trl_target",
    "budget_eur",
    "funding_total_eur",
    "secured_eur",
    *(f"{source}_{part}" for source in FundingSource.values for part in ("eur", "status")),
)

#: Spreadsheet programs treat text starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _row(project: Project) -> list[Any]:
    lines = {line.source: line for line in project.funding.all()}
    total = sum((line.amount for line in lines.values()), Decimal(0))
    secured = sum(
        (line.amount for line in lines.values() if line.status == FundingStatus.SECURED),
        Decimal(0),
    )
    partnership = project.partnership
    region = project.lead_region
    row: list[Any] = [
        project.pk,
        project.title,
        project.acronym,
        partnership.slug if partnership else "",
        partnership.name if partnership else "",
        project.thematic_platform.slug,
        project.stage,
        project.stage_changed_at.strftime("%Y-%m-%d %H:%M") if project.stage_changed_at else "",
        region.code,
        region.name_latin,
        region.country.code,
        project.lead_organisation.name if project.lead_organisation else "",
        "; ".join(r.code for r in project.partner_regions.all()),
        "; ".join(o.name for o in project.partner_organisations.all()),
        project.value_chain_segment,
        project.trl_now,
        project.trl_target,
        project.budget,
        total,
        secured,
    ]
    for source in FundingSource.values:
        line = lines.get(source)
        row += [line.amount, line.status] if line else ["", ""]
    return row


def _rows(queryset: QuerySet[Project]) -> Iterator[list[Any]]:
    for project in export_projects(queryset).iterator(chunk_size=2000):
        yield _row(project)


def write_projects(*, queryset: QuerySet[Project], stream: IO[bytes], fmt: str) -> int:
    """Write the projects of ``queryset`` to the binary ``stream``; returns the row count.

    ``fmt`` is ``"csv"`` (UTF-8 with a byte-order mark so spreadsheet programs read accents;
    text that would start a formula is prefixed with an apostrophe) or ``"xlsx"`` (one sheet,
    header in row 1, text cells never turned into formulas). Runs a fixed number of queries per
    2,000 projects.
    """
    if fmt not in EXPORT_FORMATS:
        msg = f"unknown export format {fmt!r} (use {' or '.join(EXPORT_FORMATS)})"
        raise ValueError(msg)
    rows = _rows(queryset)
    return _write_csv(rows, stream) if fmt == "csv" else _write_xlsx(rows, stream)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(rows: Iterable[list[Any]], stream: IO[bytes]) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _write_xlsx(rows: Iterable[list[Any]], stream: IO[bytes]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("projects")
    sheet.append(list(COLUMNS))
    count = 0
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, not a formula: nothing runs when the file is opened
                cells.append(cell)
            else:
                cells.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(cells)
        count += 1
    workbook.save(stream)
    return count


def export_filename(fmt: str) -> str:
    """The download's file name, e.g. ``pipeline-projects.xlsx``."""
    return f"pipeline-projects.{fmt}"
