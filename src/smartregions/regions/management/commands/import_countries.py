"""``smartregions import_countries [--path FILE]``: load the NUTS countries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.common.errors import ImportRejected
from smartregions.regions.domain.countries import import_countries


class Command(BaseCommand):
    help = (
        "Create or update the countries NUTS covers (EU-27, EFTA, candidates, UK) from the "
        "ISO 3166-1 list (default: the pycountry file in the reference data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, help="ISO 3166-1 JSON file (pycountry format)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_countries(path=options["path"])
        except ImportRejected as exc:
            raise CommandError(exc.summary(limit=len(exc.problems))) from exc
        self.stdout.write(str(result))
