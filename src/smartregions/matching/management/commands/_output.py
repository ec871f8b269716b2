"""Writing a command's result rows as an aligned table, JSON or CSV (shared by the partner
commands; the leading underscore keeps it out of the command list)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

FORMATS = ("table", "json", "csv")


def write_rows(
    stream: TextIO, *, fmt: str, header: Sequence[str], rows: Sequence[Sequence[Any]], data: Any
) -> None:
    """``table``: aligned columns; ``csv``: header + rows; ``json``: ``data`` as JSON."""
    if fmt == "json":
        stream.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    cells = [[str(value) for value in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        stream.write(
            "  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip()
            + "\n"
        )
