"""``smartregions export_registrations SLUG --format csv|xlsx -o FILE [--status S] [--type T]``.

Writes the event's registrants with the same columns as the web download and the API export
(name, e-mail, organisation, region, country, type, status, one column per question, the
registration time in the event's zone). Personal data: keep the file safe.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.events.domain.exports import EXPORT_FORMATS, write_registrations
from smartregions.events.domain.queries.registrations import (
    RegistrantFilters,
    event_registrations,
)
from smartregions.events.enums import ParticipantType, RegistrationStatus
from smartregions.events.models import Event


class Command(BaseCommand):
    help = "Export an event's registrations as CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the event's slug (the last part of its address)")
        parser.add_argument("--format", choices=list(EXPORT_FORMATS), default="csv")
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            help="file to write ('-' for standard output, CSV only)",
        )
        parser.add_argument("--status", default="", choices=["", *RegistrationStatus.values])
        parser.add_argument("--type", default="", choices=["", *ParticipantType.values])

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, output = options["format"], options["output"]
        if output == "-" and fmt != "csv":
            msg = "write XLSX files to a file, not to standard output"
            raise CommandError(msg)
        event = Event.objects.filter(slug=options["slug"]).first()
        if event is None:
            msg = f"no event with slug {options['slug']!r}"
            raise CommandError(msg)
        rows = event_registrations(
            event, RegistrantFilters(status=options["status"], participant_type=options["type"])
        )
        if output == "-":
            buffer = io.BytesIO()
            count = write_registrations(event=event, registrations=rows, stream=buffer, fmt=fmt)
            self.stdout.write(buffer.getvalue().decode("utf-8-sig"), ending="")
        else:
            path = Path(output)
            try:
                with path.open("wb") as stream:
                    count = write_registrations(
                        event=event, registrations=rows, stream=stream, fmt=fmt
                    )
            except OSError as exc:
                msg = f"cannot write {path}: {exc.strerror}"
                raise CommandError(msg) from exc
        self.stderr.write(f"exported {count} registration(s) of {event.slug} to {output}")
