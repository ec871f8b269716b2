"""``smartregions import_taxonomies``: load NACE Rev.2, the built-in lists and thematic areas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.common.errors import ImportRejected
from smartregions.conf import data_dir
from smartregions.regions.domain.taxonomies import (
    import_nace,
    load_builtin_taxonomies,
    load_thematic_areas,
)


class Command(BaseCommand):
    help = (
        "Load NACE Rev.2 from Eurostat's CSV, the built-in classifications (FORD 2015, NABS "
        "2007, Cohesion Policy objectives 2021-2027 and 2014-2020) and the S3 thematic "
        "platforms and areas. Safe to re-run: unchanged input changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--nace",
            type=Path,
            default=None,
            help="NACE Rev.2 CSV (default: <data dir>/classifications/nace_rev2.csv)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        nace_path = options["nace"] or data_dir() / "classifications" / "nace_rev2.csv"
        try:
            results = [import_nace(path=nace_path)]
        except ImportRejected as exc:
            raise CommandError(exc.summary()) from exc
        results += load_builtin_taxonomies()
        results.append(load_thematic_areas())
        for result in results:
            self.stdout.write(str(result))
