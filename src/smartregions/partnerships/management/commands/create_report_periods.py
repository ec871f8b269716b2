"""``smartregions create_report_periods [--today YYYY-MM-DD] [--sync]``: open progress reports."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartregions.partnerships.management.commands._monitoring import add_today_options, parse_day


class Command(BaseCommand):
    help = (
        "Open the draft progress report of the current and the last six-month period for every "
        "active partnership that has none (enqueued as a task; runs inline with the immediate "
        "task backend). Safe to run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_day(options["today"])
        if options["sync"]:
            from smartregions.partnerships.domain.monitoring.reports import open_report_periods

            created = open_report_periods(today=today)
            self.stdout.write(f"{len(created)} progress report(s) opened")
            for report in created:
                self.stdout.write(f"  {report.partnership.slug} {report.period_start:%Y-%m}")
            return
        from smartregions.partnerships.tasks import open_report_periods as open_task

        result = open_task.enqueue(today=today.isoformat() if today else None)
        self.stdout.write(f"open_report_periods enqueued (task {result.id}, {result.status})")
