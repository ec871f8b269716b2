"""Importing NACE Rev.2, the economic-domain axis, from Eurostat's CSV export."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult
from smartregions.regions.domain.taxonomies.sync import (
    TermSpec,
    log_import,
    sync_terms,
    upsert_taxonomy,
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term

NACE_SLUG = "nace-rev2"
NACE_NAME = "NACE Rev. 2"
NACE_SOURCE = (
    "Eurostat, NACE Rev. 2 statistical classification of economic activities "
    "(Regulation (EC) No 1893/2006), RAMON export"
)
NACE_COLUMNS = ("Level", "Code", "Parent", "Description", "This_item_includes")
# Code shape of each NACE level: section A, division 01, group 01.1, class 01.11.
NACE_CODE_SHAPES = {
    1: re.compile(r"[A-Z]"),
    2: re.compile(r"\d{2}"),
    3: re.compile(r"\d{2}\.\d"),
    4: re.compile(r"\d{2}\.\d{2}"),
}
NACE_EXAMPLES = {1: "C", 2: "28", 3: "28.1", 4: "28.11"}
LABEL_MAX = Term._meta.get_field("label").max_length


def _read_text(path: Path, problems: ProblemCollector) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(None, None, f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(
            None,
            None,
            f"is not UTF-8: byte 0x{raw[exc.start]:02x} at byte position {exc.start} "
            f"(line {line}) cannot be decoded ({exc.reason}); save the file as UTF-8",
        )
        return None


def _nace_specs(path: Path) -> list[TermSpec]:
    """Parse and validate Eurostat's NACE Rev.2 CSV; raise ImportRejected with every problem."""
    problems = ProblemCollector(path.name)
    text = _read_text(path, problems)
    problems.raise_if_any()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    for column in NACE_COLUMNS:
        if column not in header:
            problems.add(1, column, "required column is missing from the header")
    problems.raise_if_any()

    rows: list[tuple[int, dict[str, str]]] = []
    first_row_of: dict[str, int] = {}
    for number, record in enumerate(reader, start=2):
        if None in record or any(record[column] is None for column in header):
            problems.add(number, None, "has a different number of fields than the header")
            continue
        code = record["Code"].strip()
        if code in first_row_of:
            problems.add(
                number, "Code", f"duplicate code {code!r} (first at row {first_row_of[code]})"
            )
            continue
        if code:
            first_row_of[code] = number
        rows.append((number, record))

    levels = {record["Code"].strip(): record["Level"].strip() for _number, record in rows}
    specs: list[TermSpec] = []
    for number, record in rows:
        spec = _nace_row(number, record, levels, problems)
        if spec is not None:
            specs.append(spec)
    if not rows and not problems:
        problems.add(None, None, "has no data rows")
    problems.raise_if_any()
    return specs


def _nace_row(
    number: int, record: dict[str, str], levels: dict[str, str], problems: ProblemCollector
) -> TermSpec | None:
    code = record["Code"].strip()
    parent = record["Parent"].strip()
    label = " ".join(record["Description"].split())
    before = len(problems.problems)
    if not code:
        problems.add(number, "Code", "is empty")
    level_text = record["Level"].strip()
    level = int(level_text) if level_text.isdigit() else 0
    if level not in NACE_CODE_SHAPES:
        problems.add(number, "Level", f"{level_text!r} is not a NACE level (1 to 4)")
    elif code and not NACE_CODE_SHAPES[level].fullmatch(code):
        problems.add(
            number,
            "Code",
            f"{code!r} does not have the shape of a level-{level} code "
            f"(like {NACE_EXAMPLES[level]!r})",
        )
    if not label:
        problems.add(number, "Description", "is empty")
    elif len(label) > LABEL_MAX:
        problems.add(number, "Description", f"is longer than {LABEL_MAX} characters")
    if level == 1 and parent:
        problems.add(number, "Parent", f"a section has no parent, got {parent!r}")
    elif level in (2, 3, 4):
        if not parent:
            problems.add(number, "Parent", "is empty")
        elif parent not in levels:
            problems.add(number, "Parent", f"unknown parent code {parent!r}")
        elif levels[parent] != str(level - 1):
            problems.add(number, "Parent", f"{parent!r} is not a level-{level - 1} code")
        elif level > 2 and not code.startswith(parent):
            problems.add(number, "Parent", f"{code!r} does not belong under {parent!r}")
    if len(problems.problems) > before:
        return None
    return TermSpec(
        code=code,
        label=label,
        level=level,
        parent_code=parent or None,
        description=record["This_item_includes"].strip(),
    )


@transaction.atomic
def import_nace(*, path: Path | str, actor: Any = None) -> ImportResult:
    """Load or refresh NACE Rev.2 (taxonomy ``nace-rev2``) from Eurostat's CSV export.

    Each row becomes a term: code (``A``, ``01``, ``01.1``, ``01.11``), label (Description),
    level 1-4, parent, and the "This item includes" text as description. Every row is checked
    first (required columns, encoding, level against code shape, known parent, duplicate
    codes); any problem raises :class:`~smartregions.common.errors.ImportRejected` listing them
    all, and nothing is written. Then terms are upserted in bulk in one transaction and a
    ``taxonomy.import`` activity entry is recorded. NACE is the economic-domain axis of S3
    priorities and organisation profiles, so importers and search rely on these codes.
    """
    path = Path(path)
    specs = _nace_specs(path)
    result = ImportResult(source=str(path))
    taxonomy, note = upsert_taxonomy(
        slug=NACE_SLUG, name=NACE_NAME, kind=TaxonomyKind.ECONOMIC, source=NACE_SOURCE
    )
    if note:
        result.notes.append(note)
    sync_terms(taxonomy, specs, result)
    log_import(actor=actor, taxonomy=taxonomy, result=result)
    return result
