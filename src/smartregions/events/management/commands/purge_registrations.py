"""``smartregions purge_registrations [--today YYYY-MM-DD] [--dry-run] [--sync]``: GDPR purge.

Deletes every event registration whose retention date has passed, with what depends on it
(agenda entries, table seats, matchmaking profiles and meetings), and prints the counts.
Safe to run daily from cron: a second run finds nothing more to delete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_tasks.base import TaskResultStatus


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"--today must be a date as YYYY-MM-DD, not {value!r}"
        raise CommandError(msg) from None


class Command(BaseCommand):
    help = (
        "Delete event registrations kept past their retention date (GDPR), with their "
        "dependent rows; prints how many rows of each kind were deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", help="the day to purge for, YYYY-MM-DD (default: today, UTC)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only count the registrations that would go"
        )
        parser.add_argument(
            "--sync", action="store_true", help="run now in this process instead of enqueuing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["today"])
        if options["dry_run"]:
            from smartregions.events.domain.queries.registrations import expired_registrations

            count = expired_registrations(today or timezone.now().date()).count()
            self.stdout.write(f"{count} registration(s) past their retention date (dry run)")
            return
        if options["sync"]:
            from smartregions.events.domain.registration import purge_expired_registrations

            counts = purge_expired_registrations(actor=None, today=today)
            self._report(counts)
            return
        from smartregions.events.tasks import purge_registrations as purge_task

        result = purge_task.enqueue(today=today.isoformat() if today else None)
        self.stdout.write(f"purge_registrations enqueued (task {result.id}, {result.status})")
        if result.status == TaskResultStatus.SUCCESSFUL:  # the immediate backend ran it
            self._report(result.return_value)

    def _report(self, counts: dict[str, int]) -> None:
        total = counts.get("events.Registration", 0)
        self.stdout.write(f"{total} registration(s) deleted")
        for label, count in sorted(counts.items()):
            if label != "events.Registration":
                self.stdout.write(f"  {label}: {count}")
