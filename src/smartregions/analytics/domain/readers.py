"""File readers for dataset imports: long-form rows (region, activity, year, value) and lines.

Four layouts are understood:

* ``csv``: a plain CSV with a header ``region,activity,year,value`` (column names configurable
  through ``mapping={"region": "nuts_id", ...}``);
* ``parquet``: the same columns in a Parquet file, read with DuckDB's ``read_parquet``;
* ``tsv``: Eurostat's classic bulk TSV (``unit,nace_r2,geo\\time`` then one column per year,
  values such as ``123.4 p`` with flags and ``:`` for missing);
* ``sdmx-csv``: Eurostat's SDMX-CSV (``DATAFLOW,LAST UPDATE,freq,...,geo,TIME_PERIOD,OBS_VALUE,
  OBS_FLAG``).

For the two Eurostat layouts the region is the ``geo`` dimension and the activity the one
dimension that is not ``geo``/``unit``/``freq``/time, unless ``mapping`` says otherwise
(``{"activity": "nace_r2"}``). Any other ``mapping`` key that names a dimension filters the
rows: ``{"wstatus": "EMP"}`` keeps employees, ``{"nace_r2": "A,C,F"}`` keeps three sectors.

Readers only parse: each returns :class:`LongRow` items and adds every unreadable cell to the
``ProblemCollector`` (file, line, field, reason). Checking codes against the registry,
negatives and duplicates is the importer's job (:mod:`.datasets`).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from smartregions.common.errors import ProblemCollector

FORMATS = ("csv", "parquet", "tsv", "sdmx-csv")
DEFAULT_COLUMNS = {"region": "region", "activity": "activity", "year": "year", "value": "value"}
ROLE_KEYS = frozenset(DEFAULT_COLUMNS)
# Dimensions that are never the activity of a Eurostat table.
NON_ACTIVITY_DIMENSIONS = frozenset({"geo", "unit", "freq", "time", "time_period"})
# SDMX-CSV columns that are not dimensions.
SDMX_META = frozenset(
    {"dataflow", "last update", "structure", "structure_id", "structure_name", "action"}
)
SDMX_OBS = frozenset({"time_period", "obs_value", "obs_flag", "conf_status"})
EUROSTAT_VALUE_RE = re.compile(r"^([-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*([A-Za-z]*)$")
YEAR_RE = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class LongRow:
    """One observation as read: where it came from (``line``) and its raw codes and value.

    ``line`` is the 1-based line of a text file (the header is line 1) or the 1-based record
    number of a Parquet file; for Eurostat TSV, ``line`` is the file line and ``field`` the
    year column the value came from.
    """

    line: int | str
    region: str
    activity: str
    year: int
    value: float
    flag: str = ""
    field: str = "value"


@dataclass
class ReadReport:
    """What a reader skipped on purpose (missing ``:`` values, filtered rows), for the notes."""

    missing: int = 0
    filtered: int = 0
    flags: dict[str, int] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """Human-readable summary lines for an ``ImportResult``."""
        notes = []
        if self.missing:
            notes.append(f"{self.missing} missing value(s) (':' or empty) skipped")
        if self.filtered:
            notes.append(f"{self.filtered} value(s) left out by the mapping's filters")
        if self.flags:
            shown = ", ".join(f"{flag!r}: {count}" for flag, count in sorted(self.flags.items()))
            notes.append(f"values with Eurostat flags kept ({shown})")
        return notes


def detect_format(path: Path) -> str:
    """Guess the format from the file name and, for ``.csv``, the header (SDMX or plain).

    ``.parquet`` -> parquet, ``.tsv``/``.tsv.gz`` -> tsv, ``.csv`` with a ``DATAFLOW``,
    ``STRUCTURE`` or ``OBS_VALUE`` column -> sdmx-csv, other ``.csv`` -> csv. Raises
    ``ValueError`` for other extensions. Reads only the first line.
    """
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".tsv", ".tsv.gz")):
        return "tsv"
    if name.endswith((".csv", ".csv.gz")):
        with _open_text(path) as handle:
            header = {cell.strip().lower() for cell in handle.readline().split(",")}
        if header & {"dataflow", "structure", "obs_value"}:
            return "sdmx-csv"
        return "csv"
    msg = f"cannot tell the format of {path.name}: use .csv, .parquet, .tsv or give fmt"
    raise ValueError(msg)


def read_observations(
    path: Path,
    *,
    problems: ProblemCollector,
    fmt: str | None = None,
    mapping: Mapping[str, str] | None = None,
    report: ReadReport | None = None,
) -> list[LongRow]:
    """Read ``path`` in ``fmt`` (detected when ``None``) into long-form rows.

    Unreadable cells become problems in ``problems``; rows skipped on purpose are counted in
    ``report``. No side effects beyond that. Raises ``ValueError`` for an unknown format.
    """
    path = Path(path)
    fmt = fmt or detect_format(path)
    report = report if report is not None else ReadReport()
    readers = {
        "csv": read_long_csv,
        "parquet": read_parquet,
        "tsv": read_eurostat_tsv,
        "sdmx-csv": read_sdmx_csv,
    }
    if fmt not in readers:
        msg = f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    return readers[fmt](path, problems=problems, mapping=mapping, report=report)


def _open_text(path: Path) -> io.TextIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")  # type: ignore[return-value]
    return path.open(encoding="utf-8-sig", newline="")


def _columns(mapping: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_COLUMNS, **{k: v for k, v in (mapping or {}).items() if k in ROLE_KEYS}}


def parse_year(
    raw: object, *, line: int | str, column: str, problems: ProblemCollector
) -> int | None:
    """An integer year 1900-2100 from a cell, or ``None`` after recording a problem."""
    text = str(raw).strip() if raw is not None else ""
    if text.endswith(".0"):
        text = text[:-2]
    if not YEAR_RE.match(text) or not 1900 <= int(text) <= 2100:
        problems.add(line, column, f"not a year: {text!r}")
        return None
    return int(text)


def parse_number(
    raw: object, *, line: int | str, column: str, problems: ProblemCollector
) -> float | None:
    """A finite float from a cell, or ``None`` after recording a problem (sign checked later)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = str(raw).strip() if raw is not None else ""
        try:
            value = float(text)
        except ValueError:
            problems.add(line, column, f"not a number: {text!r}")
            return None
    if not math.isfinite(value):
        problems.add(line, column, f"not a finite number: {raw!r}")
        return None
    return value


def _code(raw: object) -> str:
    """A code cell as text; SDMX-CSV with labels writes ``AT11: Burgenland``."""
    text = "" if raw is None else str(raw).strip()
    return text.split(":", 1)[0].strip() if ":" in text else text


def _row(
    cells: Mapping[str, object],
    line: int | str,
    columns: Mapping[str, str],
    problems: ProblemCollector,
) -> LongRow | None:
    region = _code(cells.get(columns["region"]))
    activity = _code(cells.get(columns["activity"]))
    bad = False
    for role, code in (("region", region), ("activity", activity)):
        if not code:
            problems.add(line, columns[role], f"no {role} code")
            bad = True
    year = parse_year(
        cells.get(columns["year"]), line=line, column=columns["year"], problems=problems
    )
    value = parse_number(
        cells.get(columns["value"]), line=line, column=columns["value"], problems=problems
    )
    if bad or year is None or value is None:
        return None
    return LongRow(line, region, activity, year, value)


def _missing_columns(
    header: list[str], columns: Mapping[str, str], problems: ProblemCollector
) -> bool:
    missing = [name for name in columns.values() if name not in header]
    for name in missing:
        problems.add(1, name, f"column missing (the file has: {', '.join(header)})")
    return bool(missing)


def read_long_csv(
    path: Path,
    *,
    problems: ProblemCollector,
    mapping: Mapping[str, str] | None = None,
    report: ReadReport | None = None,
) -> list[LongRow]:
    """Read a plain long CSV (``region,activity,year,value`` or the ``mapping``'s names).

    Blank value cells count as missing (``report.missing``); every other unreadable cell is a
    problem with its line. No side effects.
    """
    columns = _columns(mapping)
    report = report if report is not None else ReadReport()
    rows: list[LongRow] = []
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        if _missing_columns(header, columns, problems):
            return []
        for line_rows in reader:
            line = reader.line_num
            if not str(line_rows.get(columns["value"]) or "").strip():
                report.missing += 1
                continue
            row = _row(line_rows, line, columns, problems)
            if row is not None:
                rows.append(row)
    return rows


def read_parquet(
    path: Path,
    *,
    problems: ProblemCollector,
    mapping: Mapping[str, str] | None = None,
    report: ReadReport | None = None,
) -> list[LongRow]:
    """Read a Parquet file with DuckDB ``read_parquet``; ``line`` is the 1-based record number.

    NULL values count as missing (``report.missing``). No side effects.
    """
    import duckdb

    columns = _columns(mapping)
    report = report if report is not None else ReadReport()
    connection = duckdb.connect()
    try:
        relation = connection.sql("SELECT * FROM read_parquet(?)", params=[str(path)])
        header = list(relation.columns)
        if _missing_columns(header, columns, problems):
            return []
        names = [columns[role] for role in ("region", "activity", "year", "value")]
        data = relation.select(*[duckdb.ColumnExpression(name) for name in names]).fetchall()
    except duckdb.Error as exc:
        problems.add(None, None, f"not a readable Parquet file: {exc}")
        return []
    finally:
        connection.close()
    rows: list[LongRow] = []
    for number, record in enumerate(data, start=1):
        cells = dict(zip(names, record, strict=True))
        if cells[columns["value"]] is None:
            report.missing += 1
            continue
        row = _row(cells, number, columns, problems)
        if row is not None:
            rows.append(row)
    return rows


@dataclass(frozen=True)
class _Dimensions:
    """Which dimension plays which role, and the filters on the others."""

    region: str
    activity: str
    filters: dict[str, frozenset[str]]


def _dimensions(
    dims: list[str], mapping: Mapping[str, str] | None, problems: ProblemCollector
) -> _Dimensions | None:
    mapping = dict(mapping or {})
    lowered = {dim.lower(): dim for dim in dims}
    region = mapping.get("region", "geo")
    filters = {
        lowered[key.lower()]: frozenset(v.strip() for v in str(value).split(","))
        for key, value in mapping.items()
        if key not in ROLE_KEYS and key.lower() in lowered
    }
    unknown = [key for key in mapping if key not in ROLE_KEYS and key.lower() not in lowered]
    for key in unknown:
        problems.add(1, key, f"no such dimension to filter on (dimensions: {', '.join(dims)})")
    activity = mapping.get("activity")
    if activity is None:
        candidates = [
            dim for dim in dims if dim.lower() not in NON_ACTIVITY_DIMENSIONS and dim != region
        ]
        # A dimension filtered to one value cannot be the activity.
        candidates = [dim for dim in candidates if len(filters.get(dim, ())) != 1]
        if len(candidates) != 1:
            problems.add(
                1,
                None,
                "cannot tell which dimension is the activity (candidates: "
                f"{', '.join(candidates) or 'none'}); give mapping={{'activity': ...}}",
            )
            return None
        activity = candidates[0]
    for role, name in (("region", region), ("activity", activity)):
        if name not in dims:
            problems.add(1, role, f"no dimension {name!r} (dimensions: {', '.join(dims)})")
            return None
    return _Dimensions(region, activity, filters)


def _keep(codes: Mapping[str, str], dims: _Dimensions) -> bool:
    return all(codes.get(dim) in allowed for dim, allowed in dims.filters.items())


def parse_eurostat_value(
    raw: str, *, line: int | str, column: str, problems: ProblemCollector
) -> tuple[float, str] | None:
    """``"123.4 p"`` -> ``(123.4, "p")``; ``":"``/``": c"`` -> ``None`` (missing, no problem).

    Anything else unreadable is a problem and ``None``. Used by both Eurostat readers.
    """
    text = raw.strip()
    if not text or text.startswith(":"):
        return None
    match = EUROSTAT_VALUE_RE.match(text)
    if match is None:
        problems.add(line, column, f"not a Eurostat value: {text!r}")
        return None
    return float(match[1]), match[2]


def _eurostat_rows(
    records: Iterator[tuple[int, dict[str, str], str, str, str]],
    dims: _Dimensions,
    problems: ProblemCollector,
    report: ReadReport,
) -> list[LongRow]:
    """Shared tail of both Eurostat readers: (line, dimension codes, period, value, field)."""
    rows: list[LongRow] = []
    for line, codes, period, raw, column in records:
        if not _keep(codes, dims):
            report.filtered += 1
            continue
        parsed = parse_eurostat_value(raw, line=line, column=column, problems=problems)
        if parsed is None:
            report.missing += 1 if raw.strip() == "" or raw.strip().startswith(":") else 0
            continue
        year = parse_year(period, line=line, column=column, problems=problems)
        if year is None:
            continue
        value, flag = parsed
        if flag:
            report.flags[flag] = report.flags.get(flag, 0) + 1
        rows.append(
            LongRow(line, codes[dims.region], codes[dims.activity], year, value, flag, column)
        )
    return rows


def read_eurostat_tsv(
    path: Path,
    *,
    problems: ProblemCollector,
    mapping: Mapping[str, str] | None = None,
    report: ReadReport | None = None,
) -> list[LongRow]:
    """Read Eurostat's bulk TSV (``unit,nace_r2,geo\\time<TAB>2019 <TAB>2020 ...``).

    The first header cell lists the dimensions, comma-separated, before the backslash; the
    other header cells are years (non-annual periods such as ``2020Q1`` are problems). Values
    carry optional flags (``p`` provisional, ``e`` estimated, ``b`` break...), kept on the
    row; ``:`` (with or without a flag) is missing and skipped. Also reads ``.tsv.gz``.
    No side effects.
    """
    report = report if report is not None else ReadReport()
    with _open_text(path) as handle:
        lines = handle.read().splitlines()
    if not lines:
        problems.add(None, None, "the file is empty")
        return []
    header = lines[0].split("\t")
    dims_cell = header[0].split("\\", 1)[0]
    dims = [d.strip() for d in dims_cell.split(",")]
    if "\\" not in header[0] or len(header) < 2:
        problems.add(1, header[0], "not a Eurostat TSV header (expected 'dims\\time' then years)")
        return []
    roles = _dimensions(dims, mapping, problems)
    if roles is None:
        return []
    periods = [cell.strip() for cell in header[1:]]

    def records() -> Iterator[tuple[int, dict[str, str], str, str, str]]:
        for line, text in enumerate(lines[1:], start=2):
            if not text.strip():
                continue
            cells = text.split("\t")
            keys = [c.strip() for c in cells[0].split(",")]
            if len(keys) != len(dims):
                problems.add(line, header[0], f"{len(keys)} codes for {len(dims)} dimensions")
                continue
            codes = dict(zip(dims, keys, strict=True))
            for period, raw in zip(periods, cells[1:], strict=False):
                yield line, codes, period, raw, period

    return _eurostat_rows(records(), roles, problems, report)


def read_sdmx_csv(
    path: Path,
    *,
    problems: ProblemCollector,
    mapping: Mapping[str, str] | None = None,
    report: ReadReport | None = None,
) -> list[LongRow]:
    """Read Eurostat's SDMX-CSV (``DATAFLOW,LAST UPDATE,freq,...,geo,TIME_PERIOD,OBS_VALUE``).

    Dimensions are the columns between the metadata and ``TIME_PERIOD``; an empty
    ``OBS_VALUE`` is missing. ``OBS_FLAG`` is kept on the row. No side effects.
    """
    report = report if report is not None else ReadReport()
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        lowered = {name.lower(): name for name in header}
        for required in ("TIME_PERIOD", "OBS_VALUE"):
            if required.lower() not in lowered:
                problems.add(1, required, f"column missing (the file has: {', '.join(header)})")
        if problems:
            return []
        dims = [name for name in header if name.lower() not in SDMX_META | SDMX_OBS]
        roles = _dimensions(dims, mapping, problems)
        if roles is None:
            return []
        period_col, value_col = lowered["time_period"], lowered["obs_value"]
        flag_col = lowered.get("obs_flag")

        def records() -> Iterator[tuple[int, dict[str, str], str, str, str]]:
            for cells in reader:
                codes = {dim: _code(cells.get(dim)) for dim in dims}
                raw = (cells.get(value_col) or "").strip()
                flag = (cells.get(flag_col) or "").strip() if flag_col else ""
                text = f"{raw} {flag}".strip() if raw else ""
                yield reader.line_num, codes, cells.get(period_col) or "", text, value_col

        return _eurostat_rows(records(), roles, problems, report)
