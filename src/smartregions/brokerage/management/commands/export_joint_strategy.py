"""``smartregions export_joint_strategy GROUP_ID --format md|pdf --output FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.brokerage.domain.export import EXPORT_FORMATS, export_strategy
from smartregions.brokerage.models import SmeGroup


class Command(BaseCommand):
    help = "Export an SME group's joint strategy as Markdown or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("group_id", type=int, help="id of the SME group")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="md")
        parser.add_argument(
            "--output", required=True, help="file to write ('-' for standard output, md only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        group = SmeGroup.objects.filter(pk=options["group_id"]).first()
        if group is None:
            msg = f"no SME group with id {options['group_id']}"
            raise CommandError(msg)
        try:
            export = export_strategy(group, format=options["format"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if options["output"] == "-":
            if options["format"] != "md":
                msg = "write PDFs to a file, not to standard output"
                raise CommandError(msg)
            self.stdout.write(export.content.decode(), ending="")
            return
        path = Path(options["output"])
        try:
            path.write_bytes(export.content)
        except OSError as exc:
            msg = f"cannot write {path}: {exc.strerror}"
            raise CommandError(msg) from exc
        self.stderr.write(f"wrote {path} ({len(export.content)} bytes)")
