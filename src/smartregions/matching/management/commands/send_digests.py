"""``smartregions send_digests [--sync]``: e-mail saved-search digests (cron or db worker)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from smartregions.matching.domain.marketplace.saved_searches import send_saved_search_digests


class Command(BaseCommand):
    help = (
        "Enqueue the task that e-mails each due saved marketplace search its new profiles "
        "(runs inline with the immediate task backend). Safe to run hourly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sync", action="store_true", help="send now in this process instead of enqueuing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sync"]:
            self.stdout.write(str(send_saved_search_digests()))
            return
        from smartregions.matching.tasks import send_saved_search_digests as digest_task

        result = digest_task.enqueue()
        self.stdout.write(f"send_saved_search_digests enqueued (task {result.id}, {result.status})")
