"""``smartregions import_priorities PATH``: import priorities from a template CSV/XLSX file."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.common.errors import ImportRejected
from smartregions.regions.domain.priority_io import import_priorities


class Command(BaseCommand):
    help = (
        "Import S3 strategies and priorities from a template file (.csv UTF-8 or .xlsx); "
        "see docs/priority-template.md. Nothing is written if any row has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the .csv or .xlsx file")

    def handle(self, *args: object, **options: str) -> None:
        try:
            result = import_priorities(path=options["path"])
        except ImportRejected as exc:
            raise CommandError(exc.summary(limit=len(exc.problems))) from exc
        self.stdout.write(str(result))
