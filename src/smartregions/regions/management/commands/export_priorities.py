"""``smartregions export_priorities PATH``: write priorities in the template (CSV or XLSX)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.regions.domain.priority_io import FORMATS, export_priorities
from smartregions.regions.models import Priority


class Command(BaseCommand):
    help = (
        "Export S3 priorities in the template (one row per priority), which "
        "import_priorities reads back unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the file to write")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="csv or xlsx (default: from the file extension, else csv)",
        )
        parser.add_argument("--country", help="only strategies of this country (NUTS code: CZ)")
        parser.add_argument(
            "--region", help="only strategies of this region and its sub-regions (CZ031)"
        )

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["path"]  # type: ignore[assignment]
        fmt = options["format"] or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
        queryset = Priority.objects.all()
        if options["country"]:
            queryset = queryset.filter(strategy__country__code=str(options["country"]).upper())
        if options["region"]:
            code = str(options["region"]).upper()
            queryset = queryset.filter(strategy__region__code__startswith=code)
        try:
            count = export_priorities(queryset=queryset, path=path, fmt=str(fmt))
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc
        self.stdout.write(f"Wrote {count} priorities to {path} ({fmt}).")
