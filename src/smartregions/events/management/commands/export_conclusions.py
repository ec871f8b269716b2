"""``smartregions export_conclusions <event-slug> --format md|pdf -o FILE``.

Writes the event's conclusions report (the same content as the web and API downloads): per
guiding question, the curated conclusions with their follow-up actions and numbered references
to the rapporteurs' notes they rest on. ``-o -`` writes Markdown to standard output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.events.domain.discussions.report import REPORT_FORMATS, render_report
from smartregions.events.models import Event


class Command(BaseCommand):
    help = "Export an event's conclusions report as Markdown or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's slug")
        parser.add_argument("--format", choices=list(REPORT_FORMATS), default="md")
        parser.add_argument(
            "-o", "--output", required=True, help="file to write ('-': standard output, md only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, output = options["format"], options["output"]
        try:
            event = Event.objects.get(slug=options["event"])
        except Event.DoesNotExist:
            msg = f"no event with slug {options['event']!r}"
            raise CommandError(msg) from None
        if output == "-" and fmt != "md":
            msg = "write PDF files to a file, not to standard output"
            raise CommandError(msg)
        data, _media_type, _filename = render_report(event, fmt)
        if output == "-":
            self.stdout.write(data.decode(), ending="")
            return
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as exc:
            msg = f"cannot write {path}: {exc.strerror}"
            raise CommandError(msg) from exc
        self.stderr.write(f"wrote the conclusions report of {event.slug} to {path}")
