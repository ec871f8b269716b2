"""``smartregions find_partners CODE``: rank partner regions for a region from the shell."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.matching.domain.regions import (
    MODES,
    RegionFilters,
    find_partners,
    parse_weights,
)
from smartregions.matching.management.commands._output import FORMATS, write_rows
from smartregions.regions.domain.web_queries import get_region


def _errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return "; ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Rank partner regions for a region by shared codes, similar priority texts, "
        "complementarity, relatedness, similarity and ties; every row says why."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="NUTS code of the region (current NUTS version)")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--area", default="", help="thematic-area slug")
        what.add_argument("--priority", type=int, help="id of one of the region's priorities")
        what.add_argument("--text", default="", help="free text, any EU language")
        parser.add_argument("--mode", choices=MODES, default="partners")
        parser.add_argument("--weights", default="", help="e.g. codes=1,text=2")
        parser.add_argument("--country", default="", help="country codes, comma-separated")
        parser.add_argument("--level", type=int, default=2, help="NUTS level (1-3)")
        parser.add_argument("--category", default="", help="region category filter")
        parser.add_argument("--exclude-own-country", action="store_true")
        parser.add_argument("--dataset", default="", help="evidence dataset slug")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--format", choices=FORMATS, default="table")

    def handle(self, *args: object, **options: Any) -> None:
        region = get_region(code=options["code"].upper())
        if region is None:
            msg = f"unknown region {options['code']} in the current NUTS version"
            raise CommandError(msg)
        try:
            search = find_partners(
                region=region,
                area=options["area"],
                priority=options["priority"],
                text=options["text"],
                mode=options["mode"],
                weights=parse_weights(options["weights"]),
                filters=RegionFilters(
                    level=options["level"],
                    countries=tuple(
                        c.strip().upper() for c in options["country"].split(",") if c.strip()
                    ),
                    category=options["category"],
                    exclude_own_country=options["exclude_own_country"],
                ),
                dataset=options["dataset"] or None,
                limit=options["limit"],
            )
        except ValidationError as error:
            raise CommandError(_errors(error)) from error
        for note in search.notes:
            self.stderr.write(f"note: {note}")
        header = ["rank", "code", "region", "country", "score", *search.present, "why"]
        rows = [
            [
                r.rank,
                r.region.code,
                r.region.name,
                r.region.country,
                f"{r.total:.3f}",
                *(f"{r.parts[name]:.3f}" for name in search.present),
                _why(r),
            ]
            for r in search.results
        ]
        data = {
            "region": region.code,
            "query": {"kind": search.query.kind, "label": search.query.label},
            "mode": search.mode,
            "weights": search.weights,
            "shares": search.shares,
            "dataset": search.dataset.slug if search.dataset else None,
            "year": search.year,
            "results": [
                {
                    "rank": r.rank,
                    "code": r.region.code,
                    "name": r.region.name,
                    "country": r.region.country,
                    "total": r.total,
                    "components": r.components,
                    "parts": r.parts,
                    "shared_codes": [c.code for c in r.shared_codes],
                    "complementary_activities": [
                        {"code": a.code, "contribution": a.contribution} for a in r.activities
                    ],
                    "matched_priority": r.matched_priority.title if r.matched_priority else None,
                    "ties": len(r.ties),
                }
                for r in search.results
            ],
        }
        write_rows(self.stdout, fmt=options["format"], header=header, rows=rows, data=data)


def _why(result: Any) -> str:
    parts = []
    if result.shared_codes:
        parts.append("codes " + " ".join(c.code for c in result.shared_codes))
    if result.activities:
        parts.append("complements " + " ".join(a.code for a in result.activities))
    if result.matched_priority:
        parts.append(f"priority “{result.matched_priority.title}”")
    if result.ties:
        parts.append(f"{len(result.ties)} tie(s)")
    return "; ".join(parts)
