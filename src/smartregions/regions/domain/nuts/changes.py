"""Eurostat NUTS change tables (``NUTS2013-NUTS2016.xlsx``, ``NUTS2021.xlsx``) to correspondences.

A change table lists every code of two versions side by side: unchanged and renamed codes on
one row, recoded codes as ``old | new``, discontinued codes with no new code and new regions
with no old code. Which old regions make up a new one is only said in words
("new region, merge of ex-DE915 and DE919"), so the parser also reads the codes named there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult
from smartregions.regions.domain.nuts._io import CODE_RE, clean_text, open_workbook
from smartregions.regions.models import NutsCorrespondence

HEADER_CODE_RE = re.compile(r"^Code (\d{4})$")
# A code in free text; Eurostat sometimes writes "FR 21" for FR21.
TEXT_CODE_RE = re.compile(r"\b([A-Z]{2}) ?([0-9A-Z]{1,3})\b")
# Codes after these words are losses, not predecessors ("ex-LT00 minus ex-LT00A").
LOSS_RE = re.compile(r"\b(?:minus|lost)\b")
MAIN_SHEET_RE = re.compile(r"detailed|^NUTS ?\d{4} ?- ?NUTS ?\d{4}$", re.IGNORECASE)
HEADER_SCAN_ROWS = 5
BATCH = 500


@dataclass(frozen=True)
class ChangeTable:
    """The parsed rows of one change sheet: ``(from_code, to_code, change)``, codes may be ''."""

    from_version: int
    to_version: int
    rows: list[tuple[str, str, str]]


@dataclass(frozen=True)
class _Header:
    row: int
    from_col: int
    to_col: int
    change_col: int | None
    from_version: int
    to_version: int


def _find_header(sheet: Any) -> _Header | None:
    """The header row of a change sheet: two ``Code YYYY`` cells and a ``Change`` column."""
    for number, row in enumerate(
        sheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), start=1
    ):
        cells = [clean_text(value) for value in row]
        codes = [(i, HEADER_CODE_RE.match(c)) for i, c in enumerate(cells)]
        codes = [(i, int(m[1])) for i, m in codes if m]
        if len(codes) < 2:
            continue
        (from_col, from_version), (to_col, to_version) = codes[:2]
        changes = [i for i, c in enumerate(cells) if c.lower().startswith("change")]
        # "Change comments" (2016-2021) holds the words; "Change codes*" only a digit.
        worded = [i for i in changes if "comment" in cells[i].lower()]
        change_col = (worded or changes or [None])[0]
        return _Header(number, from_col, to_col, change_col, from_version, to_version)
    return None


def find_change_sheet(workbook: Any) -> tuple[Any, _Header] | None:
    """The detailed change sheet of a Eurostat workbook and its header, if it has one.

    The per-level sheets ("Correspondence NUTS-3") repeat subsets of the detailed one, so the
    sheet named like ``NUTS2013-NUTS2016`` or ``Changes detailed ...`` is preferred.
    """
    found = []
    for sheet in workbook.worksheets:
        header = _find_header(sheet)
        if header is not None:
            found.append((sheet, header))
    preferred = [item for item in found if MAIN_SHEET_RE.search(item[0].title.strip())]
    return (preferred or found or [None])[0]


def parse_change_sheet(sheet: Any, header: _Header, problems: ProblemCollector) -> ChangeTable:
    """Read every code row of a change sheet; bad codes become problems, headings are skipped."""
    rows = []
    for number, row in enumerate(
        sheet.iter_rows(min_row=header.row + 1, values_only=True), start=header.row + 1
    ):
        cells = list(row) + [None] * (max(header.from_col, header.to_col) + 1 - len(row))
        old = clean_text(cells[header.from_col])
        new = clean_text(cells[header.to_col])
        if not old and not new:
            continue
        if " " in old or " " in new:
            continue  # a section heading such as "Statistical regions (EFTA countries ...)"
        bad = False
        for column, code in (("from", old), ("to", new)):
            if code and not CODE_RE.match(code):
                version = header.from_version if column == "from" else header.to_version
                problems.add(number, f"Code {version}", f"not a NUTS code: {code!r}")
                bad = True
        if bad:
            continue
        change = ""
        if header.change_col is not None and header.change_col < len(row):
            change = clean_text(row[header.change_col])
        rows.append((old, new, change))
    return ChangeTable(header.from_version, header.to_version, rows)


def _named_codes(text: str, allowed: set[str]) -> list[str]:
    codes = [a + b for a, b in TEXT_CODE_RE.findall(text)]
    return list(dict.fromkeys(code for code in codes if code in allowed))


def correspondence_links(table: ChangeTable) -> dict[tuple[str, str], str]:
    """Every ``(from_code, to_code) -> change`` link a change table states or names in words.

    Rows with both codes give a link as written (also unchanged ones, so the table knows every
    code of both versions). A discontinued code links to ``''`` and to the purely new codes its
    text names ("split into new HU11 and HU12"). A new or recoded region links from the purely
    old codes its text names before any "minus"/"lost" ("merge of ex-DE915 and DE919"). Stated
    links win over ones read from words.
    """
    old_codes = {old for old, _, _ in table.rows if old}
    new_codes = {new for _, new, _ in table.rows if new}
    only_old, only_new = old_codes - new_codes, new_codes - old_codes
    links: dict[tuple[str, str], str] = {}
    for old, new, change in table.rows:
        if old:
            links.setdefault((old, new), change)
    for old, new, change in table.rows:
        if old and not new:
            for target in _named_codes(change, only_new):
                links.setdefault((old, target), change)
        elif new:
            gains = LOSS_RE.split(change)[0]
            for source in _named_codes(gains, only_old):
                if source != old:
                    links.setdefault((source, new), change)
    return links


def write_correspondence(
    *, from_version: int, to_version: int, links: dict[tuple[str, str], str], result: ImportResult
) -> None:
    """Make the stored correspondence of one version pair equal ``links``, counting changes.

    Links no longer in the table are deleted, so a corrected Eurostat file replaces the old one.
    """
    pair = {"from_version": from_version, "to_version": to_version}
    existing = {
        (row.from_code, row.to_code): row for row in NutsCorrespondence.objects.filter(**pair)
    }
    to_create, to_update = [], []
    for (old, new), change in links.items():
        row = existing.pop((old, new), None)
        if row is None:
            to_create.append(NutsCorrespondence(from_code=old, to_code=new, change=change, **pair))
        elif row.change != change:
            row.change = change
            to_update.append(row)
        else:
            result.unchanged += 1
    NutsCorrespondence.objects.bulk_create(to_create, batch_size=BATCH)
    NutsCorrespondence.objects.bulk_update(to_update, ["change"], batch_size=BATCH)
    if existing:
        NutsCorrespondence.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    result.created += len(to_create)
    result.updated += len(to_update)
    result.deleted += len(existing)


def read_change_table(workbook: Any, problems: ProblemCollector) -> ChangeTable | None:
    """Find and parse the detailed change sheet of ``workbook``; a problem if it has none."""
    found = find_change_sheet(workbook)
    if found is None:
        problems.add(None, None, "no sheet with 'Code <year>' columns for two NUTS versions")
        return None
    sheet, header = found
    return parse_change_sheet(sheet, header, problems)


@transaction.atomic
def import_nuts_changes(*, path: Path, actor: Any = None) -> ImportResult:
    """Store the NUTS correspondence between two versions from a Eurostat change table.

    Reads ``NUTS2013-NUTS2016.xlsx`` (header on row 2) or the 2016-2021 sheet of
    ``NUTS2021.xlsx``; the versions come from the ``Code YYYY`` headers. Writes one
    :class:`NutsCorrespondence` per link (see :func:`correspondence_links`), replacing the
    stored links of that version pair. Raises ``ImportRejected`` with every bad code before
    writing. Idempotent; records ``nuts.import_changes`` in the activity log when something
    changed. :func:`smartregions.regions.domain.nuts.recode` chains these links.
    """
    path = Path(path)
    problems = ProblemCollector(str(path))
    workbook = open_workbook(path, problems)
    problems.raise_if_any()
    try:
        table = read_change_table(workbook, problems)
    finally:
        workbook.close()
    problems.raise_if_any()
    result = ImportResult(source=str(path))
    write_correspondence(
        from_version=table.from_version,
        to_version=table.to_version,
        links=correspondence_links(table),
        result=result,
    )
    result.notes.append(f"correspondence NUTS {table.from_version} -> {table.to_version}")
    if result.changed:
        log_activity(actor=actor, action="nuts.import_changes", data=result.as_dict())
    return result
