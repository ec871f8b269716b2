"""``smartregions export_monitoring``: progress reports as CSV/XLSX, and the monitoring PDFs.

::

    smartregions export_monitoring reports --format csv|xlsx --output FILE
        [--partnership SLUG] [--status STATUS] [--period 2026-H1] [--platform SLUG] [--overdue]
    smartregions export_monitoring report REPORT_ID --output FILE.pdf
    smartregions export_monitoring partnership SLUG --output FILE.pdf
    smartregions export_monitoring platform --output FILE.pdf [--public]

The command line acts as platform staff: every report and every partnership (``--public``
limits the platform report to what visitors see). ``--output -`` writes CSV to standard output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.partnerships.enums import ReportStatus


class Command(BaseCommand):
    help = "Export progress reports (CSV/XLSX) or a report, partnership or platform PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_subparsers(dest="what", required=True)
        reports = what.add_parser("reports", help="every matching report, one row each")
        reports.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        reports.add_argument("--partnership", default="", help="partnership slug")
        reports.add_argument("--status", default="", choices=["", *ReportStatus.values])
        reports.add_argument("--period", default="", help="e.g. 2026-H1")
        reports.add_argument("--platform", default="", help="thematic platform slug")
        reports.add_argument("--overdue", action="store_true", help="overdue reports only")
        report = what.add_parser("report", help="one progress report as PDF")
        report.add_argument("report_id", type=int)
        partnership = what.add_parser("partnership", help="a partnership's monitoring PDF")
        partnership.add_argument("slug")
        platform = what.add_parser("platform", help="the platform monitoring PDF")
        platform.add_argument(
            "--public", action="store_true", help="only what the public dashboard shows"
        )
        for sub in (reports, report, partnership, platform):
            sub.add_argument("--output", required=True, help="file to write ('-': stdout, CSV)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            content, is_text = getattr(self, f"_{options['what']}")(options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if options["output"] == "-":
            if not is_text:
                msg = "write XLSX and PDF files to a file, not to standard output"
                raise CommandError(msg)
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        path = Path(options["output"])
        try:
            path.write_bytes(content)
        except OSError as exc:
            msg = f"cannot write {path}: {exc.strerror}"
            raise CommandError(msg) from exc
        self.stderr.write(f"wrote {path} ({len(content)} bytes)")

    def _reports(self, options: dict[str, Any]) -> tuple[bytes, bool]:
        from smartregions.partnerships.domain.monitoring.exports import export_reports
        from smartregions.partnerships.domain.queries.monitoring import (
            filter_reports,
            reports_with_details,
        )

        reports = filter_reports(
            reports_with_details().order_by("partnership__name", "period_start", "id"),
            status=options["status"],
            period=options["period"],
            platform=options["platform"],
            partnership=options["partnership"],
            overdue=options["overdue"],
        )
        export = export_reports(reports, format=options["format"])
        return export.content, options["format"] == "csv"

    def _report(self, options: dict[str, Any]) -> tuple[bytes, bool]:
        from smartregions.partnerships.domain.monitoring.pdf import report_pdf
        from smartregions.partnerships.domain.queries.monitoring import reports_with_details

        report = reports_with_details().filter(pk=options["report_id"]).first()
        if report is None:
            msg = f"no progress report with id {options['report_id']}"
            raise CommandError(msg)
        return report_pdf(report), False

    def _partnership(self, options: dict[str, Any]) -> tuple[bytes, bool]:
        from smartregions.partnerships.domain.monitoring.pdf import partnership_pdf
        from smartregions.partnerships.domain.queries.monitoring import (
            partnership_reports,
            partnerships_for_monitoring,
        )

        partnership = partnerships_for_monitoring().filter(slug=options["slug"]).first()
        if partnership is None:
            msg = f"no partnership with slug {options['slug']!r}"
            raise CommandError(msg)
        return partnership_pdf(partnership, list(partnership_reports(partnership))), False

    def _platform(self, options: dict[str, Any]) -> tuple[bytes, bool]:
        from smartregions.partnerships.domain.monitoring.dashboard import (
            dashboard_partnerships,
            partnership_rows,
            platform_dashboard,
        )
        from smartregions.partnerships.domain.monitoring.pdf import platform_pdf

        staff = not options["public"]
        board = platform_dashboard(staff=staff)
        rows = partnership_rows(dashboard_partnerships(staff=staff), with_reports=staff)
        return platform_pdf(board, rows), False
