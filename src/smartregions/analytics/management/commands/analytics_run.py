"""``smartregions analytics_run DATASET [--threshold 1.0]``: compute a dataset, with progress."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.analytics.domain.computation import request_computation, run_computation
from smartregions.analytics.enums import RunStatus
from smartregions.analytics.models import Dataset


class Command(BaseCommand):
    help = "Compute and store a dataset's indicators for every year (synchronously)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", help="dataset slug")
        parser.add_argument("--threshold", type=float, default=1.0, help="RCA presence threshold")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            dataset = Dataset.objects.get(slug=options["dataset"])
        except Dataset.DoesNotExist as exc:
            msg = f"no dataset {options['dataset']!r}"
            raise CommandError(msg) from exc
        try:
            run = request_computation(
                dataset=dataset,
                actor=None,
                parameters={"threshold": options["threshold"]},
                enqueue=False,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if options["no_progress"]:
            run = run_computation(run_id=run.pk)
        else:
            from tqdm import tqdm

            with tqdm(total=100, desc=dataset.slug, unit="%", leave=False) as bar:

                def advance(percent: int) -> None:
                    bar.update(percent - bar.n)

                run = run_computation(run_id=run.pk, on_progress=advance)
        if run.status != RunStatus.DONE:
            msg = f"run {run.pk} failed: {run.message}"
            raise CommandError(msg)
        self.stdout.write(f"run {run.pk} done: {run.message}")
