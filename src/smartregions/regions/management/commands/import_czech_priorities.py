"""``smartregions import_czech_priorities [DIRECTORY]``: the Czech regional S3 domains."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.common.errors import ImportRejected
from smartregions.conf import data_dir
from smartregions.regions.domain.czech import import_czech_priorities


class Command(BaseCommand):
    help = (
        "Import the S3 domains of the 14 Czech kraje (National RIS3 v08, Annex 2) from the "
        "ris3-mapa-cr JSON files; needs the CZ NUTS 2021 regions and NACE Rev.2 loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            help="folder with the cz_ris3_*.json files (default: <data dir>/s3_priorities)",
        )

    def handle(self, *args: object, **options: Path | None) -> None:
        directory = options["directory"] or data_dir() / "s3_priorities"
        try:
            result = import_czech_priorities(directory=directory)
        except ImportRejected as exc:
            raise CommandError(exc.summary(limit=len(exc.problems))) from exc
        self.stdout.write(str(result))
