"""The EURITO preprint counts (Nesta ``eurito_indicators``) as a region x topic x year dataset.

The folder holds one ``<topic>_count.csv`` per topic with the columns
``year,region_type,region_year_spec,region_id,region_level,<topic>_count``: the number of
preprint participations of institutions in a NUTS region. Stacking them gives a region x
topic matrix per year.

Choices, documented here because they shape every result:

* **Every topic is an activity**, the broad corpora (``arxiv``, ``biorxiv``, ``medrxiv``,
  ``cord``), the AI topics (``artificial_intelligence``, ``deep_learning``, ``ai_covid``) and
  the 28 COVID-19 research clusters alike. They overlap (an AI preprint is also an arXiv
  preprint), so values are participations per topic, not shares of a partition; RCA then
  reads "this region's weight in the topic relative to its weight in all topic counts",
  which is what Nesta's location quotients do as well.
* **NUTS versions.** Rows are coded in the NUTS version of their year
  (``region_year_spec`` 2010, 2013, 2016 or 2021). Each code is recoded to the platform's
  version with :func:`~smartregions.regions.domain.nuts.recode`; only exact recodings are
  kept. Split, merged, boundary-changed or unknown codes, and every row of a version without
  a stored correspondence (NUTS 2010: Eurostat publishes no 2010-2013 table in the reference
  data), are left out and counted in the import notes, which also go into the dataset's
  description and the activity log. Nothing is dropped silently.
* Terms of the custom taxonomy ``eurito-topics`` use the topic name as code; names longer
  than a term code allows (20 characters) get a fixed abbreviation, the full name stays in
  the term's description.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from smartregions.analytics.domain.datasets import TERM_CODE_LENGTH, store_rows
from smartregions.analytics.domain.readers import LongRow
from smartregions.analytics.enums import DatasetKind
from smartregions.analytics.models import Dataset
from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult
from smartregions.conf import data_dir
from smartregions.regions.domain.nuts import recode
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Taxonomy, Term

SLUG = "eurito-preprints"
TAXONOMY_SLUG = "eurito-topics"
SOURCE = (
    "Nesta, eurito_indicators (github.com/nestauk/eurito_indicators, "
    "ds/outputs/data/processed/articles, commit f2f457a); preprints from arXiv, bioRxiv, "
    "medRxiv and CORD-19 via Semantic Scholar"
)
LICENCE = "MIT"
FILE_RE = re.compile(r"^(?P<topic>[a-z0-9_]+)_count\.csv$")
# Topic names longer than a term code may be.
ABBREVIATIONS = {
    "artificial_intelligence": "ai",
    "lockdown_social_distancing": "lockdown_distancing",
    "lockdown_social_distancing_2": "lockdown_distancing2",
    "repurposed_treatments": "repurposed_treatment",
    "vaccination_programmes": "vaccination_programs",
}
LABELS = {
    "arxiv": "arXiv (all preprints)",
    "biorxiv": "bioRxiv (all preprints)",
    "medrxiv": "medRxiv (all preprints)",
    "cord": "CORD-19 (COVID-19 literature)",
    "ai_covid": "AI and COVID-19",
    "artificial_intelligence": "Artificial intelligence",
    "deep_learning": "Deep learning",
}
BROAD_CORPORA = ("arxiv", "biorxiv", "medrxiv", "cord")
AI_TOPICS = ("artificial_intelligence", "deep_learning", "ai_covid")


def topic_code(topic: str) -> str:
    """The term code of a topic: its name, or a fixed abbreviation when too long."""
    return ABBREVIATIONS.get(topic, topic)


def topic_label(topic: str) -> str:
    """A readable label: ``impact_studies_2`` -> ``Impact studies 2`` (known names spelled out)."""
    if topic in LABELS:
        return LABELS[topic]
    words = topic.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _topic_group(topic: str) -> str:
    if topic in BROAD_CORPORA:
        return "broad preprint corpus"
    if topic in AI_TOPICS:
        return "artificial intelligence topic"
    return "COVID-19 research cluster"


def _sync_taxonomy(topics: list[str]) -> Taxonomy:
    """Create or update the ``eurito-topics`` taxonomy with one term per topic."""
    taxonomy, _ = Taxonomy.objects.update_or_create(
        slug=TAXONOMY_SLUG,
        defaults={
            "name": "EURITO preprint topics",
            "kind": TaxonomyKind.OTHER,
            "source": "Nesta eurito_indicators (MIT)",
        },
    )
    for topic in topics:
        Term.objects.update_or_create(
            taxonomy=taxonomy,
            code=topic_code(topic),
            defaults={
                "label": topic_label(topic),
                "description": f"{topic} ({_topic_group(topic)}); file {topic}_count.csv",
            },
        )
    return taxonomy


def _read_files(
    directory: Path, level: int, problems: ProblemCollector
) -> tuple[list[tuple[str, int, int, str, float, int]], list[str]]:
    """(topic, year, spec, code, value, line) rows at ``level`` from every ``*_count.csv``."""
    rows = []
    topics = []
    for path in sorted(directory.glob("*_count.csv")):
        match = FILE_RE.match(path.name)
        if match is None:
            continue
        topic = match["topic"]
        if len(topic_code(topic)) > TERM_CODE_LENGTH:
            problems.add(None, path.name, f"topic {topic!r} needs an abbreviation (max 20)")
            continue
        topics.append(topic)
        value_column = f"{topic}_count"
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"year", "region_year_spec", "region_id", "region_level", value_column}
            missing -= set(reader.fieldnames or [])
            if missing:
                problems.add(1, path.name, f"columns missing: {', '.join(sorted(missing))}")
                continue
            for cells in reader:
                line = reader.line_num
                try:
                    row_level = int(cells["region_level"])
                    year, spec = int(cells["year"]), int(cells["region_year_spec"])
                    value = float(cells[value_column])
                except ValueError:
                    problems.add(
                        f"{path.name}:{line}", None, "year, level, spec or value unreadable"
                    )
                    continue
                if row_level == level and cells.get("region_type", "NUTS") == "NUTS":
                    rows.append((topic, year, spec, cells["region_id"].strip(), value, line))
    return rows, topics


def _recode_all(
    rows: list[tuple[str, int, int, str, float, int]], target: int
) -> tuple[dict[tuple[str, int], str | None], Counter, dict[str, set[str]]]:
    """Recode every (code, spec) once: code -> new code or ``None``; why rows are skipped."""
    mapping: dict[tuple[str, int], str | None] = {}
    reasons: dict[tuple[str, int], str] = {}
    unlinked: set[int] = set()  # versions without a chain of correspondences to the target
    for _, _, spec, code, _, _ in rows:
        if (code, spec) in mapping:
            continue
        try:
            if spec in unlinked:
                raise ValueError(spec)
            result = recode(code=code, from_version=spec, to_version=target)
        except ValueError:
            unlinked.add(spec)
            mapping[code, spec] = None
            reasons[code, spec] = f"NUTS {spec}: no correspondence to NUTS {target} stored"
            continue
        if result.is_exact:
            mapping[code, spec] = result.codes[0]
        else:
            mapping[code, spec] = None
            reasons[code, spec] = f"NUTS {spec}: {result.status.value.replace('_', ' ')}"
    skipped: Counter = Counter()
    examples: dict[str, set[str]] = defaultdict(set)
    for _, year, spec, code, _, _ in rows:
        if mapping[code, spec] is None:
            reason = reasons[code, spec]
            skipped[reason, year] += 1
            examples[reason].add(code)
    return mapping, skipped, examples


def _skip_notes(skipped: Counter, examples: dict[str, set[str]]) -> list[str]:
    by_reason: dict[str, dict[int, int]] = defaultdict(dict)
    for (reason, year), count in skipped.items():
        by_reason[reason][year] = count
    notes = []
    for reason, years in sorted(by_reason.items()):
        total = sum(years.values())
        per_year = ", ".join(f"{year}: {count}" for year, count in sorted(years.items()))
        codes = sorted(examples[reason])
        shown = ", ".join(codes[:12]) + (f" and {len(codes) - 12} more" if len(codes) > 12 else "")
        notes.append(f"{total} row(s) not imported ({reason}; by year {per_year}; codes {shown})")
    return notes


@transaction.atomic
def import_eurito_preprints(
    *, directory: Path | None = None, actor: Any = None, level: int = 2
) -> Dataset:
    """Import the EURITO preprint counts at NUTS ``level`` as the dataset ``eurito-preprints``.

    ``directory`` defaults to ``<data dir>/analytics/eurito_preprints_by_nuts``. Creates or
    updates the custom taxonomy ``eurito-topics`` (one term per topic) and the dataset
    (``is_synthetic=False``, source and MIT licence set, NUTS version of the platform),
    recodes every region to that version (exact recodings only) and replaces the observations
    of the imported years. Rows left out (inexact recodings, versions without a
    correspondence) are counted in the import notes, written to the dataset's description and
    the ``dataset.import`` activity-log entry. Raises ``ImportRejected`` for unreadable files
    and ``ValueError`` for a level outside 0-3. Idempotent.
    """
    if not 0 <= level <= 3:
        msg = f"NUTS levels are 0-3, not {level}"
        raise ValueError(msg)
    directory = Path(directory or data_dir() / "analytics" / "eurito_preprints_by_nuts")
    problems = ProblemCollector(str(directory))
    if not directory.is_dir():
        problems.add(None, None, "no such directory")
        problems.raise_if_any()
    rows, topics = _read_files(directory, level, problems)
    if not topics:
        problems.add(None, None, "no <topic>_count.csv files found")
    problems.raise_if_any()
    target = settings.SMARTREGIONS_NUTS_VERSION
    mapping, skipped, examples = _recode_all(rows, target)
    taxonomy = _sync_taxonomy(topics)
    dataset, _ = Dataset.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": f"Preprints by research topic, NUTS-{level} (EURITO)",
            "kind": DatasetKind.ACTIVITY,
            "source": SOURCE,
            "licence": LICENCE,
            "value_label": "preprint participations",
            "activity_taxonomy": taxonomy,
            "nuts_version": target,
            "region_level": level,
            "is_synthetic": False,
        },
    )
    kept = [
        LongRow(f"{topic}_count.csv:{line}", mapping[code, spec], topic_code(topic), year, value)
        for topic, year, spec, code, value, line in rows
        if mapping[code, spec] is not None
    ]
    recoded = sum(1 for (code, _), new in mapping.items() if new is not None and new != code)
    notes = _skip_notes(skipped, examples)
    notes.append(
        f"{len(kept)} of {len(rows)} NUTS-{level} rows imported from {len(topics)} topic files; "
        f"{recoded} region code(s) recoded exactly to NUTS {target}"
    )
    # Years whose every row was left out would otherwise keep stale observations.
    years = sorted({year for _, year, *_ in rows})
    result: ImportResult = store_rows(
        dataset=dataset,
        rows=kept,
        problems=ProblemCollector(str(directory)),
        actor=actor,
        source=str(directory),
        years=years,
        notes=notes,
    )
    dataset.description = _description(topics, level, result)
    dataset.save(update_fields=["description", "updated_at"])
    return dataset


def _description(topics: list[str], level: int, result: ImportResult) -> str:
    lines = [
        (
            f"Preprint participations of institutions in NUTS-{level} regions by research topic "
            f"({len(topics)} topics: the broad corpora arXiv, bioRxiv, medRxiv and CORD-19, the "
            "AI topics and the COVID-19 research clusters, all treated as activities). "
            "Source: Nesta eurito_indicators (MIT)."
        ),
        "",
        "Import notes:",
        *(f"- {note}" for note in result.notes),
    ]
    return "\n".join(lines)
