"""CSV and XLSX exports of progress reports and their indicators: one row per report.

Submitted and accepted reports give their frozen indicators; reports still being drafted (or
reworked) give the indicators computed now, and say so in ``indicators_frozen``. The same files
come from the web, the API and ``smartregions export_monitoring``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from smartregions.brokerage.enums import FundingSource
from smartregions.partnerships.domain.monitoring.indicators import live_indicators, report_period
from smartregions.partnerships.domain.monitoring.states import FROZEN_STATUSES
from smartregions.partnerships.enums import MemberRole, ProjectStage
from smartregions.partnerships.models import ProgressReport

TABLE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Text cells starting with these would run as formulas in a spreadsheet program.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS: tuple[str, ...] = (
    "report_id",
    "partnership",
    "partnership_slug",
    "thematic_platform",
    "period",
    "period_start",
    "period_end",
    "due_date",
    "status",
    "submitted_at_utc",
    "reviewed_at_utc",
    "indicators_frozen",
    "indicators_as_of_utc",
    "members_total",
    *(f"members_{role}" for role in MemberRole.values),
    "member_organisations",
    "member_regions",
    "member_region_codes",
    "countries",
    "projects_total",
    *(f"projects_{stage}" for stage in ProjectStage.values),
    "projects_created_in_period",
    "projects_funded_in_period",
    "budget_eur",
    "secured_total_eur",
    *(f"secured_{source}_eur" for source in FundingSource.values),
    "events_held",
    "achievements",
    "results",
    "challenges",
    "next_steps",
    "review_comment",
)


@dataclass(frozen=True)
class MonitoringExport:
    """A rendered export: file name, media type and content."""

    filename: str
    content_type: str
    content: bytes


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _row(report: ProgressReport, indicators: dict[str, Any], frozen: bool) -> list[Any]:
    members, projects = indicators["members"], indicators["projects"]
    secured = indicators["funding_secured"]
    return [
        report.pk,
        report.partnership.name,
        report.partnership.slug,
        report.partnership.thematic_platform.name,
        report_period(report).code,
        report.period_start.isoformat(),
        report.period_end.isoformat(),
        report.due_date.isoformat(),
        report.status,
        _when(report.submitted_at),
        _when(report.reviewed_at),
        "yes" if frozen else "no",
        indicators["as_of"].replace("T", " ")[:16],
        members["total"],
        *(members["by_role"].get(role, 0) for role in MemberRole.values),
        members["organisations"],
        len(members["regions"]),
        " ".join(region["code"] for region in members["regions"]),
        " ".join(members["countries"]),
        projects["total"],
        *(projects["by_stage"].get(stage, 0) for stage in ProjectStage.values),
        projects["created_in_period"],
        projects["funded_in_period"],
        Decimal(projects["budget"]),
        Decimal(secured["total"]),
        *(Decimal(secured["by_source"].get(source, "0.00")) for source in FundingSource.values),
        report.events_held,
        report.achievements,
        report.results,
        report.challenges,
        report.next_steps,
        report.review_comment,
    ]


def report_rows(reports: QuerySet[ProgressReport]) -> list[list[Any]]:
    """The export rows of ``reports`` (in the queryset's order), in a fixed number of queries:
    one for the reports, five for the live indicators of those not frozen. Read only."""
    reports = list(reports.select_related("partnership__thematic_platform"))
    live = live_indicators(
        r for r in reports if r.status not in FROZEN_STATUSES or not r.indicators
    )
    rows = []
    for report in reports:
        frozen = report.pk not in live
        rows.append(_row(report, report.indicators if frozen else live[report.pk], frozen))
    return rows


def _safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (spreadsheet programs then read accents right); text
    that would start a formula gets a leading apostrophe, as OWASP advises."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else _safe_text(value) for value in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def table_xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """An Excel workbook with the same cells as the CSV: bold header in row 1; text starting
    with ``=`` stays text, so no formula runs when the file is opened."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    sheet = workbook.create_sheet("reports")
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(cells)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def export_reports(
    reports: QuerySet[ProgressReport], *, format: str, stem: str = "progress-reports"
) -> MonitoringExport:
    """The reports of ``reports`` with their indicators as ``csv`` or ``xlsx`` (one row per
    report, the columns of :data:`COLUMNS`). Read only."""
    if format not in TABLE_FORMATS:
        raise ValidationError({"format": _("Choose csv or xlsx, not %s.") % format})
    rows = report_rows(reports)
    if format == "csv":
        content = table_csv(COLUMNS, rows)
    else:
        content = table_xlsx(COLUMNS, rows, title=_("Progress reports"))
    return MonitoringExport(f"{stem}.{format}", TABLE_FORMATS[format], content)
