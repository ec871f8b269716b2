"""``smartregions close_calls [--dry-run]``: close published calls whose last deadline passed.

Meant for a scheduler (cron, a systemd timer) every few minutes. Submissions are refused after
the deadline anyway (the server checks the time on every submit); closing also takes the call
out of the open list and tells applicants with drafts. Closing each call is its own
transaction, so one failure does not undo the others; the command then exits with status 1.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from smartregions.calls.domain.calls import close_call
from smartregions.calls.domain.queries.calls import calls_to_close, final_deadline
from smartregions.calls.domain.times import format_in_zone


class Command(BaseCommand):
    help = "Close published calls whose last deadline has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only list the calls that would be closed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        due = list(calls_to_close(timezone.now()))
        failed = 0
        for call in due:
            deadline = format_in_zone(final_deadline(call), call.timezone)
            if options["dry_run"]:
                self.stdout.write(f"would close {call.slug} (deadline {deadline})")
                continue
            try:
                close_call(actor=None, call=call)
            except ValidationError as error:
                failed += 1
                self.stderr.write(f"could not close {call.slug}: {' '.join(error.messages)}")
            else:
                self.stdout.write(f"closed {call.slug} (deadline {deadline})")
        verb = "to close" if options["dry_run"] else "closed"
        self.stdout.write(f"{len(due) - failed} call(s) {verb}")
        if failed:
            msg = f"{failed} call(s) could not be closed"
            raise CommandError(msg)
