"""``smartregions analytics_import_eurito [DIR] [--level 2]``: the EURITO preprint counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.analytics.domain.eurito import import_eurito_preprints
from smartregions.common.errors import ImportRejected


class Command(BaseCommand):
    help = "Import Nesta's EURITO preprint counts by topic and NUTS region as a dataset."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            help="default: <data dir>/analytics/eurito_preprints_by_nuts",
        )
        parser.add_argument("--level", type=int, default=2, choices=[0, 1, 2, 3])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            dataset = import_eurito_preprints(
                directory=options["directory"], level=options["level"]
            )
        except ImportRejected as exc:
            raise CommandError(exc.summary(limit=len(exc.problems))) from exc
        count = dataset.observations.count()
        self.stdout.write(f"{dataset.slug}: {count} observations")
        self.stdout.write(dataset.description)
