"""``smartregions export_pipeline --format csv|xlsx --output FILE [filters]``.

Writes the pipeline's projects (public fields, one row each) with the same columns as the web
download and the API export. Filters combine with AND; without ``--public`` the export includes
projects of partnerships that are still forming (operators see everything).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.brokerage.enums import FundingSource
from smartregions.partnerships.domain.pipeline.export import EXPORT_FORMATS, write_projects
from smartregions.partnerships.domain.queries.pipeline import (
    filter_projects,
    resolve_criteria,
    visible_projects,
)
from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import Project


class Command(BaseCommand):
    help = "Export pipeline projects (optionally filtered) as CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=list(EXPORT_FORMATS), default="csv")
        parser.add_argument(
            "--output", required=True, help="file to write ('-' for standard output, CSV only)"
        )
        parser.add_argument(
            "--partnership",
            action="append",
            default=[],
            help="partnership slug (repeat for several)",
        )
        parser.add_argument("--platform", default="", help="thematic platform slug")
        parser.add_argument(
            "--region", default="", help="NUTS code: projects the region leads or partners in"
        )
        parser.add_argument("--country", default="", help="country code (lead or partner region)")
        parser.add_argument("--stage", default="", choices=["", *ProjectStage.values])
        parser.add_argument("--source", default="", choices=["", *FundingSource.values])
        parser.add_argument(
            "--public", action="store_true", help="only projects anyone may see on the site"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, output = options["format"], options["output"]
        if output == "-" and fmt != "csv":
            msg = "write XLSX files to a file, not to standard output"
            raise CommandError(msg)
        try:
            criteria = resolve_criteria(
                partnerships=options["partnership"],
                platform=options["platform"],
                region=options["region"],
                country=options["country"],
                stage=options["stage"],
                source=options["source"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        projects = visible_projects(None) if options["public"] else Project.objects.all()
        projects = filter_projects(projects, criteria)
        if output == "-":
            buffer = io.BytesIO()
            count = write_projects(queryset=projects, stream=buffer, fmt=fmt)
            self.stdout.write(buffer.getvalue().decode("utf-8-sig"), ending="")
        else:
            path = Path(output)
            try:
                with path.open("wb") as stream:
                    count = write_projects(queryset=projects, stream=stream, fmt=fmt)
            except OSError as exc:
                msg = f"cannot write {path}: {exc.strerror}"
                raise CommandError(msg) from exc
        self.stderr.write(f"exported {count} project(s) to {output}")
