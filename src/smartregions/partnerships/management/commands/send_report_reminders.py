"""``smartregions send_report_reminders [--today YYYY-MM-DD] [--sync]``: remind about reports."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartregions.partnerships.management.commands._monitoring import add_today_options, parse_day


class Command(BaseCommand):
    help = (
        "Remind partnership leaders of progress reports due within two weeks, due today or "
        "overdue; each reminder at most once per report (enqueued as a task; runs inline with "
        "the immediate task backend). Safe to run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = parse_day(options["today"])
        if options["sync"]:
            from smartregions.partnerships.domain.monitoring.reminders import (
                send_report_reminders,
            )

            sent = send_report_reminders(today=today)
            self.stdout.write(
                "reminders sent: " + ", ".join(f"{kind} {count}" for kind, count in sent.items())
            )
            return
        from smartregions.partnerships.tasks import send_report_reminders as reminder_task

        result = reminder_task.enqueue(today=today.isoformat() if today else None)
        self.stdout.write(f"send_report_reminders enqueued (task {result.id}, {result.status})")
