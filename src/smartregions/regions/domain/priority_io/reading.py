"""Reading a template file (CSV or XLSX) and checking every row before anything is written."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult
from smartregions.regions.domain.priority_io.store import (
    PrioritySpec,
    StrategySpec,
    chunks,
    record_import,
    store_priorities,
)
from smartregions.regions.domain.priority_io.template import (
    AXES,
    COLUMNS,
    MAX_LENGTHS,
    REQUIRED_COLUMNS,
    CodeLookup,
    split_list,
)
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.enums import StrategyStatus
from smartregions.regions.models import Country, Region, ThematicArea

STATUSES = {choice.value for choice in StrategyStatus}


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: numbers without a spurious ``.0``, empty cells as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _read_csv(path: Path, problems: ProblemCollector) -> list[list[str]]:
    raw = path.read_bytes()
    bom = b"\xef\xbb\xbf"
    skipped = len(bom) if raw.startswith(bom) else 0
    try:
        text = raw[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skipped + exc.start
        problems.add(
            None,
            None,
            f"not UTF-8 text: byte 0x{raw[offset]:02x} at byte offset {offset} "
            "(save the file as 'CSV UTF-8')",
        )
        return []
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.add(None, None, f"not a readable CSV file: {exc}")
        return []


def _read_xlsx(path: Path, problems: ProblemCollector) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        problems.add(None, None, f"not a readable XLSX workbook: {exc}")
        return []
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _read_table(path: Path, problems: ProblemCollector) -> list[list[str]]:
    if not path.is_file():
        problems.add(None, None, "file not found")
        return []
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, problems)
    if suffix == ".xlsx":
        return _read_xlsx(path, problems)
    problems.add(None, None, f"unsupported file type {suffix!r}: use .csv or .xlsx")
    return []


def _header(cells: list[str], problems: ProblemCollector) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    while header and not header[-1]:
        header.pop()
    for index, name in enumerate(header):
        if name and name not in COLUMNS:
            problems.add(1, name, f"unknown column (the template has: {', '.join(COLUMNS)})")
        elif name and name in header[:index]:
            problems.add(1, name, "column appears twice")
        elif not name:
            problems.add(1, None, f"column {index + 1} has no name")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problems.add(1, None, f"missing required column(s): {', '.join(missing)}")
    return header


def _rows(table: list[list[str]], problems: ProblemCollector) -> Iterator[tuple[int, dict]]:
    """Data rows as (row number the user sees, {column: text}); blank rows are skipped."""
    if not table:
        if not problems:
            problems.add(None, None, "the file is empty (the first row must be the header)")
        return
    header = _header(table[0], problems)
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(header) :]):
            problems.add(number, None, "more cells than columns in the header")
        row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        yield number, row


def _year(text: str) -> int | None:
    value = text.strip()
    return int(value) if value.isdigit() and 1900 <= int(value) <= 2100 else None


def _amount(text: str) -> Decimal | None:
    """A non-negative amount with at most 2 decimals and 13 integer digits, else ``None``."""
    try:
        value = Decimal(text.strip().replace(" ", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        return None
    return value if value < Decimal("1e13") else None


class _Validator:
    """Checks rows one by one against the database, collecting problems, and builds specs."""

    def __init__(self, rows: list[tuple[int, dict]], problems: ProblemCollector) -> None:
        self.problems = problems
        self.countries = {c.code: c for c in Country.objects.all()}
        wanted = {r.get("region_code", "").strip().upper() for _, r in rows} - {""}
        self.regions = {
            (r.nuts_version, r.code): r
            for chunk in chunks(sorted(wanted))
            for r in Region.objects.filter(code__in=chunk).select_related("country")
        }
        self.areas = dict(ThematicArea.objects.values_list("slug", "id"))
        self.codes = CodeLookup()
        self.strategies: dict[tuple, tuple[int, StrategySpec]] = {}
        self.seen: dict[tuple, int] = {}
        self.priorities: list[PrioritySpec] = []

    def add(self, number: int, name: str | None, message: str) -> None:
        self.problems.add(number, name, message)

    def _place(self, number: int, row: dict) -> tuple[Country | None, Region | None]:
        code = row["region_code"].strip().upper()
        country_code = row["country_code"].strip().upper()
        country = self.countries.get(country_code) if country_code else None
        if country_code and country is None:
            self.add(number, "country_code", f"unknown country code {country_code!r}")
        if not code:
            if not country_code:
                self.add(
                    number,
                    "region_code",
                    "give a region_code, or a country_code alone for a national strategy",
                )
            return country, None
        version_text = row.get("nuts_version", "").strip() or str(current_nuts_version())
        version = int(version_text) if version_text.isdigit() else None
        if version is None:
            self.add(number, "nuts_version", f"not a NUTS version (a year): {version_text!r}")
            return country, None
        region = self.regions.get((version, code))
        if region is None:
            self.add(number, "region_code", f"unknown region code {code!r} in NUTS {version}")
        elif country is not None and region.country_id != country.pk:
            self.add(
                number,
                "country_code",
                f"region {code} is in {region.country.code}, not in {country_code}",
            )
        return (region.country if region else country), region

    def _strategy(self, number: int, row: dict) -> StrategySpec | None:
        country, region = self._place(number, row)
        title = row["strategy_title"].strip()
        if not title:
            self.add(number, "strategy_title", "is empty")
        start, end = (_year(row[f"strategy_period_{n}"]) for n in ("start", "end"))
        for name, value in (("strategy_period_start", start), ("strategy_period_end", end)):
            if value is None:
                self.add(number, name, f"not a year: {row[name].strip()!r}")
        if start is not None and end is not None and end < start:
            self.add(
                number, "strategy_period_end", f"the period ends ({end}) before it starts ({start})"
            )
        status = row.get("strategy_status", "").strip().lower().replace(" ", "_") or None
        if status is not None and status not in STATUSES:
            self.add(
                number,
                "strategy_status",
                f"unknown status {status!r} (one of: {', '.join(sorted(STATUSES))})",
            )
        if country is None or not title or start is None or end is None:
            return None
        spec = StrategySpec(
            country=country,
            region=region,
            title=title,
            period_start=start,
            period_end=end,
            status=status,
            language=row.get("language", "").strip(),
        )
        first = self.strategies.setdefault(spec.key, (number, spec))
        for attr, name in (
            ("period_start", "strategy_period_start"),
            ("period_end", "strategy_period_end"),
            ("status", "strategy_status"),
        ):
            if getattr(first[1], attr) != getattr(spec, attr):
                self.add(
                    number,
                    name,
                    f"differs from row {first[0]} "
                    f"({getattr(first[1], attr)}) for the same strategy",
                )
        return first[1]

    def _relations(self, number: int, row: dict) -> dict[str, set[int]]:
        relations: dict[str, set[int]] = {}
        for axis in AXES:
            if axis in row:
                relations[axis] = set()
                for token in split_list(row[axis]):
                    term_id, reason = self.codes.resolve(axis, token)
                    if term_id is None:
                        self.add(number, axis, reason)
                    else:
                        relations[axis].add(term_id)
        if "thematic_areas" in row:
            relations["thematic_areas"] = set()
            for slug in split_list(row["thematic_areas"]):
                if slug in self.areas:
                    relations["thematic_areas"].add(self.areas[slug])
                else:
                    self.add(number, "thematic_areas", f"unknown thematic area {slug!r}")
        return relations

    def check(self, number: int, row: dict) -> None:
        for name, limit in MAX_LENGTHS.items():
            if len(row.get(name, "").strip()) > limit:
                self.add(number, name, f"longer than {limit} characters")
        strategy = self._strategy(number, row)
        title = row["priority_title"].strip()
        if not title:
            self.add(number, "priority_title", "is empty")
        reference = row.get("priority_reference", "").strip()
        values: dict[str, Any] = {}
        if "description" in row:
            values["description"] = row["description"]
        if "keywords" in row:
            values["keywords"] = split_list(row["keywords"])
        if "budget_eur" in row:
            text = row["budget_eur"].strip()
            values["budget_eur"] = _amount(text) if text else None
            if text and values["budget_eur"] is None:
                self.add(number, "budget_eur", f"not an amount in euro (e.g. 1500000.00): {text!r}")
        for name in ("language", "source"):
            if name in row:
                values[name] = row[name].strip()
        relations = self._relations(number, row)
        if strategy is None or not title:
            return
        identity = (strategy.key, reference or None, None if reference else title)
        if identity in self.seen:
            what = "reference" if reference else "title (and no reference)"
            self.add(
                number,
                "priority_reference" if reference else "priority_title",
                f"duplicate row: row {self.seen[identity]} has the same strategy and {what}",
            )
            return
        self.seen[identity] = number
        self.priorities.append(PrioritySpec(strategy.key, reference, title, values, relations))


@transaction.atomic
def import_priorities(*, path: str | Path, actor: Any = None) -> ImportResult:
    """Import priorities from a template file (``.csv`` UTF-8 or ``.xlsx``, see the docs).

    Every row is checked first; if anything is wrong, raises ``ImportRejected`` with all the
    problems (file, row as the user sees it, field, reason) and writes nothing. Otherwise
    creates or updates the strategies and priorities in one transaction (never deletes) and
    records one ``priorities.import`` activity entry with the counts. Importing the same file
    again reports every priority unchanged.
    """
    path = Path(path)
    problems = ProblemCollector(path.name)
    rows = list(_rows(_read_table(path, problems), problems))
    problems.raise_if_any()
    validator = _Validator(rows, problems)
    for number, row in rows:
        validator.check(number, row)
    problems.raise_if_any()
    counts = store_priorities(
        strategies=[spec for _, spec in validator.strategies.values()],
        priorities=validator.priorities,
    )
    return record_import(
        source=path.name, counts=counts, actor=actor, data={"format": path.suffix[1:].lower()}
    )
