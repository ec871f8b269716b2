"""``smartregions import_nuts {geojson,classification,changes,download}``: load NUTS data.

* ``geojson PATH [--version YEAR]``: GISCO region boundaries (``NUTS_RG_*_4326.geojson``).
* ``classification PATH``: Eurostat's ``NUTS2021.xlsx`` (national names, extra-regio codes,
  typologies, 2016-2021 changes).
* ``changes PATH``: a Eurostat change table such as ``NUTS2013-NUTS2016.xlsx``.
* ``download --version YEAR [--scale 60M]``: fetch the GISCO file (cached) and import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.common.errors import ImportRejected
from smartregions.common.imports import ImportResult
from smartregions.regions.domain.nuts import (
    DownloadFailed,
    download_gisco_nuts,
    import_nuts_changes,
    import_nuts_classification,
    import_nuts_geojson,
)


class Command(BaseCommand):
    help = "Import NUTS regions, names and version changes from GISCO and Eurostat files."

    def add_arguments(self, parser: CommandParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        geojson = sources.add_parser("geojson", help="GISCO NUTS_RG_*_4326.geojson regions file")
        geojson.add_argument("path", type=Path)
        geojson.add_argument("--version", dest="nuts_version", type=int, help="NUTS version")
        classification = sources.add_parser(
            "classification", help="Eurostat NUTS20XX.xlsx classification workbook"
        )
        classification.add_argument("path", type=Path)
        changes = sources.add_parser("changes", help="Eurostat NUTS change table (.xlsx)")
        changes.add_argument("path", type=Path)
        download = sources.add_parser("download", help="download a GISCO file, then import it")
        download.add_argument("--version", dest="nuts_version", type=int, required=True)
        download.add_argument("--scale", default="60M", help="01M, 03M, 10M, 20M or 60M")
        download.add_argument("--cache-dir", type=Path, help="default: <VAR_DIR>/cache/gisco")
        download.add_argument("--base-url", help="default: SMARTREGIONS_GISCO_BASE_URL or GISCO")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = self._run(options)
        except ImportRejected as exc:
            raise CommandError(exc.summary(limit=len(exc.problems))) from exc
        except DownloadFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(result))

    def _run(self, options: dict[str, Any]) -> ImportResult:
        source = options["source"]
        if source == "classification":
            return import_nuts_classification(path=options["path"], show_progress=True)
        if source == "changes":
            return import_nuts_changes(path=options["path"])
        path, version = options.get("path"), options["nuts_version"]
        if source == "download":
            path = download_gisco_nuts(
                version=version,
                scale=options["scale"],
                cache_dir=options["cache_dir"],
                base_url=options["base_url"],
            )
            self.stdout.write(f"using {path}")
        return import_nuts_geojson(path=path, version=version, show_progress=True)
