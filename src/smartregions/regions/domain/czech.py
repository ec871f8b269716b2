"""The Czech regional S3 priorities (domains of specialisation of the 14 kraje) as strategies.

Source: Annex 2 of the National RIS3 Strategy of the Czech Republic v08 (MPO, December 2025),
as extracted to JSON by the ``kristyne/ris3-mapa-cr`` project (see ``/work/shared/data``'s
README and ``docs/priority-template.md``, section "Czech regional priorities").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.errors import ImportRejected, Problem, ProblemCollector
from smartregions.common.imports import ImportResult
from smartregions.regions.domain.priority_io import (
    CodeLookup,
    PrioritySpec,
    StrategySpec,
    record_import,
    store_priorities,
)
from smartregions.regions.enums import StrategyStatus
from smartregions.regions.models import Country, Region

DOMAINS_FILE = "cz_ris3_domeny_kraje.json"
TEXTS_FILE = "cz_ris3_domeny_plne_texty.json"
CODES_FILE = "cz_ris3_kraje_kodovnik.json"
NUTS_VERSION = 2021
PERIOD = (2021, 2027)
LANGUAGE = "cs"
STRATEGY_TITLE = "Regional annex of the National RIS3 Strategy of the Czech Republic (v08), {kraj}"
SOURCE = (
    "National RIS3 Strategy of the Czech Republic v08, Annex 2 (MPO, December 2025); "
    "extracted by the kristyne/ris3-mapa-cr project (public/data, commit bcfdf2c8)"
)
EMERGING_KEYWORD = "emerging"
EMERGING_REFERENCE = "E1"
EMERGING_TITLE = "Emerging oblasti"


def _load(path: Path, problems: ProblemCollector) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(None, None, f"file not found: {path}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.add(None, None, f"not a UTF-8 JSON file: {exc}")
    return None


class _Reader:
    """Turns the three JSON files into specs; collects problems and the unknown codes."""

    def __init__(self, directory: Path) -> None:
        self.collectors = {
            name: ProblemCollector(name) for name in (DOMAINS_FILE, TEXTS_FILE, CODES_FILE)
        }
        self.domains = _load(directory / DOMAINS_FILE, self.collectors[DOMAINS_FILE])
        self.texts = _load(directory / TEXTS_FILE, self.collectors[TEXTS_FILE])
        self.codes = _load(directory / CODES_FILE, self.collectors[CODES_FILE])
        self.unknown_codes: list[Problem] = []
        self.strategies: list[StrategySpec] = []
        self.priorities: list[PrioritySpec] = []

    @property
    def problems(self) -> list[Problem]:
        return [p for collector in self.collectors.values() for p in collector.problems]

    def _nuts_codes(self) -> dict[str, str]:
        try:
            return {row["nazev"]: row["kod_nuts"] for row in self.codes["kraje"]}
        except (KeyError, TypeError):
            self.collectors[CODES_FILE].add(None, "kraje", "expected kraje: [{nazev, kod_nuts}]")
            return {}

    def read(self) -> None:
        if self.problems:
            return
        country = Country.objects.filter(code="CZ").first()
        if country is None:
            self.collectors[CODES_FILE].add(None, None, "country CZ is not loaded")
            return
        nuts_codes = self._nuts_codes()
        regions = {
            r.code: r
            for r in Region.objects.filter(nuts_version=NUTS_VERSION, code__in=nuts_codes.values())
        }
        lookup = CodeLookup()
        if "nace-rev2" not in lookup.taxonomies:
            self.collectors[DOMAINS_FILE].add(None, None, "taxonomy 'nace-rev2' is not loaded")
            return
        for kraj, content in self.domains.get("kraje", {}).items():
            code = nuts_codes.get(kraj)
            if code is None:
                self.collectors[DOMAINS_FILE].add(kraj, None, f"{kraj!r} is not in {CODES_FILE}")
                continue
            if code not in regions:
                self.collectors[CODES_FILE].add(
                    kraj, "kod_nuts", f"region {code} is not loaded (NUTS {NUTS_VERSION})"
                )
                continue
            self._kraj(
                kraj,
                content,
                StrategySpec(
                    country=country,
                    region=regions[code],
                    title=STRATEGY_TITLE.format(kraj=kraj),
                    period_start=PERIOD[0],
                    period_end=PERIOD[1],
                    status=StrategyStatus.ADOPTED,
                    language=LANGUAGE,
                ),
                lookup,
            )

    def _kraj(self, kraj: str, content: dict, strategy: StrategySpec, lookup: CodeLookup) -> None:
        self.strategies.append(strategy)
        texts = self.texts.get(kraj, {})
        for index, domain in enumerate(content.get("domeny", [])):
            reference = f"D{index + 1}"
            where = f"{kraj} / {reference}"
            full = texts.get(str(index))
            if (
                full is None
                or full["nazev"] != domain["nazev"]
                or full["nace"] != domain["cz_nace"]
            ):
                self.collectors[TEXTS_FILE].add(
                    where, None, f"no full text matching domain {domain['nazev']!r}"
                )
                continue
            terms = set()
            for code in domain["cz_nace"]:
                term_id, reason = lookup.resolve("economic_domains", code)
                if term_id is None:
                    self.unknown_codes.append(Problem(DOMAINS_FILE, where, "cz_nace", reason))
                else:
                    terms.add(term_id)
            self._add(
                strategy=strategy,
                reference=reference,
                title=domain["nazev"],
                description=full["popis"],
                keywords=[],
                terms=terms,
            )
        emerging = [" ".join(line.split()) for line in content.get("emerging", [])]
        if any(emerging):
            description = "\n".join(line for line in emerging if line)
            self._add(
                strategy=strategy,
                reference=EMERGING_REFERENCE,
                title=EMERGING_TITLE,
                description=description,
                keywords=[EMERGING_KEYWORD],
                terms=set(),
            )

    def _add(
        self,
        *,
        strategy: StrategySpec,
        reference: str,
        title: str,
        description: str,
        keywords: list[str],
        terms: set[int],
    ) -> None:
        self.priorities.append(
            PrioritySpec(
                strategy_key=strategy.key,
                reference=reference,
                title=" ".join(title.split()),
                values={
                    "description": description,
                    "keywords": keywords,
                    "budget_eur": None,
                    "language": LANGUAGE,
                    "source": SOURCE,
                },
                relations={"economic_domains": terms},
            )
        )


@transaction.atomic
def import_czech_priorities(*, directory: str | Path, actor: Any = None) -> ImportResult:
    """Import the S3 domains of the 14 Czech kraje from the ris3-mapa-cr JSON files.

    Creates or updates one adopted 2021-2027 strategy per kraj (region from the kodovnik file,
    NUTS 2021) with one priority per domain (``D1``, ``D2``... in file order; NACE Rev.2
    divisions from CZ-NACE) and, where the file lists emerging topics, one ``E1`` priority
    holding them with the keyword ``emerging``. Structural problems (missing files, kraj or
    region unknown, texts not matching) raise ``ImportRejected`` before anything is written;
    codes that are not NACE Rev.2 divisions are not attached and are listed in the result's
    notes and the activity entry. Re-running reports everything unchanged.
    """
    directory = Path(directory)
    reader = _Reader(directory)
    reader.read()
    if reader.problems:
        raise ImportRejected(reader.problems)
    counts = store_priorities(strategies=reader.strategies, priorities=reader.priorities)
    notes = [f"code not attached: {problem}" for problem in reader.unknown_codes]
    return record_import(
        source=directory.name,
        counts=counts,
        actor=actor,
        data={
            "format": "cz-ris3-json",
            "unknown_codes": [problem.as_dict() for problem in reader.unknown_codes],
        },
        notes=notes,
    )
