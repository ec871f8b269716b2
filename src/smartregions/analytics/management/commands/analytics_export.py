"""``smartregions analytics_export DATASET PATH [--year] [--metric] [--format]``: stored results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.analytics.domain.computation import METRICS, export_results
from smartregions.analytics.models import Dataset


class Command(BaseCommand):
    help = "Export a dataset's stored results as a long table (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", help="dataset slug")
        parser.add_argument("path", type=Path)
        parser.add_argument("--year", type=int)
        parser.add_argument("--metric", choices=METRICS, help="default: every metric")
        parser.add_argument("--format", dest="fmt", choices=["csv", "xlsx"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            dataset = Dataset.objects.get(slug=options["dataset"])
        except Dataset.DoesNotExist as exc:
            msg = f"no dataset {options['dataset']!r}"
            raise CommandError(msg) from exc
        count = export_results(
            dataset=dataset,
            path=options["path"],
            metric=options["metric"],
            year=options["year"],
            fmt=options["fmt"],
        )
        if count == 0:
            msg = f"no stored results for {dataset.slug} (run `smartregions analytics_run` first)"
            raise CommandError(msg)
        self.stdout.write(f"{count} rows written to {options['path']}")
