"""``smartregions build_consortium --codes 28,62``: propose regions covering a value chain."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.matching.domain.regions import RegionFilters, propose_consortium
from smartregions.matching.management.commands._output import FORMATS, write_rows
from smartregions.matching.management.commands.find_partners import _errors


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class Command(BaseCommand):
    help = (
        "Propose k regions from at least N member states that best cover a value chain given "
        "as codes (--codes) or evidence activities (--activities), greedily with the "
        "(1 - 1/e) guarantee; --lock and --drop fix or exclude members."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        chain = parser.add_mutually_exclusive_group(required=True)
        chain.add_argument("--codes", default="", help="codes, comma-separated (NACE etc.)")
        chain.add_argument("--activities", default="", help="activity codes of the dataset")
        parser.add_argument("--dataset", default="", help="evidence dataset slug")
        parser.add_argument("--k", type=int, default=5)
        parser.add_argument("--min-countries", type=int, default=3)
        parser.add_argument("--lock", action="append", default=[], help="NUTS code (repeatable)")
        parser.add_argument("--drop", action="append", default=[], help="NUTS code (repeatable)")
        parser.add_argument("--country", default="", help="country codes, comma-separated")
        parser.add_argument("--level", type=int, default=2)
        parser.add_argument("--category", default="")
        parser.add_argument("--format", choices=FORMATS, default="table")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            proposal = propose_consortium(
                codes=_split(options["codes"]),
                activities=_split(options["activities"]),
                dataset=options["dataset"] or None,
                k=options["k"],
                min_countries=options["min_countries"],
                locked=[c for raw in options["lock"] for c in _split(raw)],
                dropped=[c for raw in options["drop"] for c in _split(raw)],
                filters=RegionFilters(
                    level=options["level"],
                    countries=tuple(c.upper() for c in _split(options["country"])),
                    category=options["category"],
                ),
            )
        except ValidationError as error:
            raise CommandError(_errors(error)) from error
        header = ["pick", "code", "region", "country", "contributes", "locked", "restricted"]
        rows = [
            [
                i,
                m.region.code,
                m.region.name,
                m.region.country,
                " ".join(e.code for e in m.elements) or "-",
                "yes" if m.locked else "",
                "yes" if m.restricted else "",
            ]
            for i, m in enumerate(proposal.members, 1)
        ]
        data = {
            "members": [
                {
                    "code": m.region.code,
                    "country": m.region.country,
                    "contributes": [e.code for e in m.elements],
                    "locked": m.locked,
                    "restricted": m.restricted,
                }
                for m in proposal.members
            ],
            "covered": proposal.covered,
            "chain": [e.code for e in proposal.chain],
            "uncovered": [e.code for e in proposal.uncovered],
            "countries": list(proposal.countries),
            "guarantee_holds": proposal.guarantee_holds,
            "guarantee": proposal.guarantee,
        }
        write_rows(self.stdout, fmt=options["format"], header=header, rows=rows, data=data)
        if options["format"] == "table":
            uncovered = " ".join(e.code for e in proposal.uncovered) or "none"
            self.stdout.write(
                f"covers {proposal.covered} of {len(proposal.chain)}; uncovered: {uncovered}"
            )
            self.stdout.write(proposal.guarantee)
