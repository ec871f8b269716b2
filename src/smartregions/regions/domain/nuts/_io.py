"""Reading input files strictly: UTF-8 JSON and read-only workbooks, with problems not crashes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from smartregions.common.errors import ProblemCollector

CODE_RE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")


def clean_text(value: object) -> str:
    """A cell or property as one-line text: no-break spaces, CR/LF runs and padding collapsed.

    GISCO and Eurostat files carry stray ``\\xa0`` and ``\\r\\n`` (``"Jan Mayen\\r\\n   \\r\\n"``),
    which would otherwise differ between sources and break idempotent comparison.
    """
    if value is None:
        return ""
    return " ".join(str(value).split())


def read_json_file(path: Path, problems: ProblemCollector) -> Any | None:
    """Parse ``path`` as strict UTF-8 JSON; on failure add one problem and return ``None``.

    A wrong encoding is reported with the byte offset of the first bad byte so the user can find
    it; a JSON syntax error with its line and column.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(None, None, f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(
            None,
            None,
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset {exc.start}",
        )
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(
            None, None, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        )
        return None


def open_workbook(path: Path, problems: ProblemCollector) -> Any | None:
    """Open an .xlsx read-only (streaming, low memory); on failure add a problem, return None."""
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        problems.add(None, None, "file not found")
    except Exception as exc:  # openpyxl raises many exception types for a bad file
        problems.add(None, None, f"not a readable .xlsx workbook: {exc}")
    return None
