"""``smartregions analytics_import DATASET PATH``: import observations into a dataset.

Formats: csv (``region,activity,year,value``), parquet, tsv (Eurostat bulk TSV), sdmx-csv;
detected from the file unless ``--format`` is given. ``--map key=value`` renames columns or
picks/filters Eurostat dimensions (``--map activity=nace_r2 --map wstatus=EMP``). With
``--create`` the dataset is created first (``--name``, ``--taxonomy``, ``--nuts-version``,
``--level``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from smartregions.analytics.domain.datasets import create_dataset, import_observations
from smartregions.analytics.domain.readers import FORMATS
from smartregions.analytics.models import Dataset
from smartregions.common.errors import ImportRejected


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["region=nuts_id", "wstatus=EMP"]`` -> ``{"region": "nuts_id", "wstatus": "EMP"}``."""
    mapping = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            msg = f"--map expects key=value, got {item!r}"
            raise CommandError(msg)
        mapping[key.strip()] = value.strip()
    return mapping


class Command(BaseCommand):
    help = "Import region x activity x year observations into a dataset."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dataset", help="dataset slug")
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", dest="fmt", choices=FORMATS)
        parser.add_argument("--map", action="append", default=[], metavar="KEY=VALUE")
        parser.add_argument(
            "--create-activities",
            action="store_true",
            help="add unknown activity codes to the (custom) taxonomy",
        )
        parser.add_argument("--create", action="store_true", help="create the dataset first")
        parser.add_argument("--name", help="dataset name (with --create)")
        parser.add_argument("--taxonomy", help="activity taxonomy slug (with --create)")
        parser.add_argument("--nuts-version", type=int, default=settings.SMARTREGIONS_NUTS_VERSION)
        parser.add_argument("--level", type=int, help="NUTS level of the regions (with --create)")
        parser.add_argument("--kind", default="activity", choices=["activity", "indicators"])

    def handle(self, *args: Any, **options: Any) -> None:
        mapping = parse_mapping(options["map"])
        try:
            with transaction.atomic():
                dataset = self._dataset(options)
                result = import_observations(
                    dataset=dataset,
                    path=options["path"],
                    fmt=options["fmt"],
                    mapping=mapping or None,
                    show_progress=True,
                    create_activities=options["create_activities"],
                )
        except ImportRejected as exc:
            raise CommandError(exc.summary(limit=len(exc.problems))) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(str(result))

    def _dataset(self, options: dict[str, Any]) -> Dataset:
        slug = options["dataset"]
        if not options["create"]:
            try:
                return Dataset.objects.get(slug=slug)
            except Dataset.DoesNotExist as exc:
                msg = f"no dataset {slug!r} (use --create with --name and --taxonomy)"
                raise CommandError(msg) from exc
        if not options["taxonomy"]:
            msg = "--create needs --taxonomy"
            raise CommandError(msg)
        return create_dataset(
            actor=None,
            slug=slug,
            name=options["name"] or slug,
            activity_taxonomy=options["taxonomy"],
            nuts_version=options["nuts_version"],
            kind=options["kind"],
            region_level=options["level"],
        )
