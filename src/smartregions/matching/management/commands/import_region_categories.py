"""``smartregions import_region_categories PATH``: set the Cohesion Policy categories of regions."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.common.errors import ImportRejected
from smartregions.regions.domain.categories import import_region_categories


class Command(BaseCommand):
    help = (
        "Set the Cohesion Policy category (less_developed, transition, more_developed) and the "
        "industrial-transition flag of regions from a CSV file with the columns "
        "nuts_code,category[,industrial_transition]. Nothing is written if any row has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the CSV file (UTF-8, header row)")

    def handle(self, *args: object, **options: str) -> None:
        try:
            result = import_region_categories(path=options["path"])
        except ImportRejected as exc:
            raise CommandError(exc.summary(limit=len(exc.problems))) from exc
        self.stdout.write(str(result))
