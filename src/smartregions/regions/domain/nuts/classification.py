"""Eurostat's NUTS classification workbook (``NUTS2021.xlsx``): national names, extra-regio
codes, typologies and the change table from the previous version.

What is read, sheet by sheet (``YYYY`` is the version, 2021 for ``NUTS2021.xlsx``):

* ``NUTS & SR YYYY``: the code, its level and the name in the national language(s) (the
  ``Country`` column for level 0, ``NUTS level 1/2/3`` for the others) of every NUTS region and
  every statistical region (SR) of EFTA and candidate countries, plus the extra-regio codes
  (``BEZ``, ``BEZZ``, ``BEZZZ``). Headerless columns J-M repeat the code and give a Latin
  transliteration for non-Latin scripts, used as ``name_latin`` of regions created here.
* ``Urban-rural``: column ``URBRUR_YYYY`` (1 predominantly urban, 2 intermediate, 3 rural),
  the same coding as GISCO's ``URBN_TYPE``.
* ``Coastal``: column ``COASTAL`` (0 non-coastal, 1 on the coast, 2 at least half the people
  within 50 km of it), stored in GISCO's ``COAST_TYPE`` coding (3 non-coastal, 1, 2).
* ``Metropolitan`` (Y/N) is not stored: the Region model has no field for it.
* ``Changes detailed NUTS <previous>-YYYY``: the correspondence (see ``changes.py``).

Typologies only fill values the GeoJSON left empty: GISCO's file is the newer publication
(they disagree on AL033 and AL035 urban-rural types).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult, progress
from smartregions.regions.domain.nuts._io import CODE_RE, clean_text, open_workbook
from smartregions.regions.domain.nuts.changes import (
    correspondence_links,
    find_change_sheet,
    parse_change_sheet,
    write_correspondence,
)
from smartregions.regions.domain.nuts.regions import RegionWriter, is_extra_regio_code
from smartregions.regions.models import Country

NAMES_SHEET_RE = re.compile(r"^NUTS & SR (\d{4})$")
NAME_COLUMNS = ("Country", "NUTS level 1", "NUTS level 2", "NUTS level 3")
LATIN_CODE_COL = 9  # column J repeats the code; K-M hold Latin names of levels 0-1, 2, 3
LATIN_COLS = (10, 10, 11, 12)
URBAN_VALUES = {1: 1, 2: 2, 3: 3}
COASTAL_VALUES = {0: 3, 1: 1, 2: 2}  # sheet coding -> GISCO COAST_TYPE coding
TYPOLOGIES = (
    ("Urban-rural", "urban_type", URBAN_VALUES),
    ("Coastal", "coastal_type", COASTAL_VALUES),
)


def _names_sheet(workbook: Any, problems: ProblemCollector) -> tuple[Any, int] | None:
    for sheet in workbook.worksheets:
        match = NAMES_SHEET_RE.match(sheet.title.strip())
        if match:
            return sheet, int(match[1])
    problems.add(None, None, "no 'NUTS & SR <year>' sheet")
    return None


def _read_names(sheet: Any, version: int, problems: ProblemCollector) -> list[dict[str, Any]]:
    """Rows of the names sheet as ``{code, level, national, latin}``, problems for bad rows."""
    rows = sheet.iter_rows(values_only=True)
    header = [clean_text(cell) for cell in next(rows, ())]
    wanted = (f"Code {version}", *NAME_COLUMNS, "NUTS level")
    missing = [name for name in wanted if name not in header]
    if missing:
        problems.add(1, None, f"missing column(s): {', '.join(missing)}")
        return []
    code_col, *name_cols, level_col = (header.index(name) for name in wanted)
    records, seen = [], {}
    for number, row in enumerate(rows, start=2):
        cells = [*row, *([None] * (len(header) + 4 - len(row)))]
        code = clean_text(cells[code_col])
        if not code or " " in code:
            continue  # blank line or a section heading ("Statistical regions (EFTA ...):")
        if not CODE_RE.match(code):
            problems.add(number, f"Code {version}", f"not a NUTS code: {code!r}")
            continue
        level = cells[level_col]
        if level != len(code) - 2:
            problems.add(number, "NUTS level", f"level {level!r} does not match code {code}")
            continue
        national = clean_text(cells[name_cols[level]])
        if not national:
            problems.add(number, NAME_COLUMNS[level], f"no name for {code}")
            continue
        if code in seen:
            problems.add(number, f"Code {version}", f"duplicate code, first on row {seen[code]}")
            continue
        seen[code] = number
        latin = ""
        if clean_text(cells[LATIN_CODE_COL]) == code:
            latin = clean_text(cells[LATIN_COLS[level]])
        records.append({"code": code, "level": level, "national": national, "latin": latin})
    return records


def _read_typology(
    workbook: Any, title: str, values: dict[int, int], problems: ProblemCollector
) -> dict[str, int]:
    """``code -> value`` from a typology sheet (code in column A, value in column B)."""
    if title not in workbook.sheetnames:
        return {}
    found = {}
    for number, row in enumerate(workbook[title].iter_rows(min_row=2, values_only=True), start=2):
        code = clean_text(row[0] if row else None)
        if not code:
            continue
        raw = row[1] if len(row) > 1 else None
        if not CODE_RE.match(code) or raw not in values:
            problems.add(f"{title}!{number}", None, f"bad row: {code!r}, {raw!r}")
            continue
        found[code] = values[raw]
    return found


def _region_records(
    names: list[dict[str, Any]],
    typologies: dict[str, dict[str, int]],
    writer: RegionWriter,
    countries: dict[str, int],
) -> list[dict[str, Any]]:
    """What to write per code: extra-regio flags always; names and typologies only into gaps.

    GISCO's GeoJSON already carries each region's national name; the workbook's spelling of a
    few of them differs (``Valais / Wallis`` against ``Valais/Wallis``). Filling only gaps keeps
    both imports idempotent whatever order they run in.
    """
    records = []
    for row in names:
        code = row["code"]
        region = writer.existing.get(code)
        record: dict[str, Any] = {"code": code, "level": row["level"]}
        if region is None or not region.name_national:
            record["name_national"] = row["national"]
        if is_extra_regio_code(code):
            record["is_extra_regio"] = True
        if region is None:
            record["country_id"] = countries[code[:2]]
            record["name_latin"] = row["latin"] or row["national"]
        for field, values in typologies.items():
            if code in values and (region is None or getattr(region, field) is None):
                record[field] = values[code]
        records.append(record)
    return records


@transaction.atomic
def import_nuts_classification(
    *, path: Path, actor: Any = None, show_progress: bool = False
) -> ImportResult:
    """Apply Eurostat's NUTS classification workbook to the regions of its version.

    Fills missing national-language names of the version's regions (creating regions the
    GeoJSON does not have: the extra-regio ``..Z/..ZZ/..ZZZ`` codes, flagged ``is_extra_regio``,
    without boundary), fills empty urban-rural and coastal typologies, and stores the change
    table from the previous version as :class:`NutsCorrespondence` rows. Validates everything
    first and raises ``ImportRejected`` with all problems (bad code, level mismatch, missing
    name, duplicate, unknown country) before writing. Idempotent. Records
    ``nuts.import_classification`` in the activity log when something changed.
    """
    path = Path(path)
    problems = ProblemCollector(str(path))
    workbook = open_workbook(path, problems)
    problems.raise_if_any()
    try:
        found = _names_sheet(workbook, problems)
        problems.raise_if_any()
        sheet, version = found
        names = _read_names(sheet, version, problems)
        typologies = {
            field: _read_typology(workbook, title, values, problems)
            for title, field, values in TYPOLOGIES
        }
        change_sheet = find_change_sheet(workbook)
        table = parse_change_sheet(*change_sheet, problems) if change_sheet else None
    finally:
        workbook.close()
    countries = dict(Country.objects.values_list("code", "pk"))
    for row in names:
        if row["code"][:2] not in countries:
            problems.add(row["code"], "Country", f"unknown country {row['code'][:2]!r}")
    problems.raise_if_any()

    result = ImportResult(source=str(path))
    writer = RegionWriter(version=version, result=result)
    records = _region_records(names, typologies, writer, countries)
    writer.write(list(progress(records, enabled=show_progress, desc="regions")))
    result.notes.append(
        f"NUTS {version}: {result.created} regions created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    if table is None:
        result.notes.append("no change table in the workbook")
    else:
        counts = (result.created, result.updated, result.unchanged, result.deleted)
        write_correspondence(
            from_version=table.from_version,
            to_version=table.to_version,
            links=correspondence_links(table),
            result=result,
        )
        created, updated, unchanged, deleted = (
            now - before
            for now, before in zip(
                (result.created, result.updated, result.unchanged, result.deleted),
                counts,
                strict=True,
            )
        )
        result.notes.append(
            f"correspondence NUTS {table.from_version} -> {table.to_version}: {created} created, "
            f"{updated} updated, {unchanged} unchanged, {deleted} deleted"
        )
    if result.changed:
        log_activity(actor=actor, action="nuts.import_classification", data=result.as_dict())
    return result
