"""Structured errors for imports and other batch input.

An importer collects every :class:`Problem` it finds and, if there is any, raises
:class:`ImportRejected` before writing anything, so the user sees all errors at once and the
database is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason an input was refused: where (file, row or feature, field) and why."""

    file: str
    row: int | str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class ImportRejected(Exception):  # noqa: N818 - it is a rejection, not an error in our code
    """Raised when input has problems; carries all of them. Nothing was written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.summary())

    def summary(self, limit: int = 50) -> str:
        lines = [f"{len(self.problems)} problem(s); nothing was imported:"]
        lines += [f"  - {problem}" for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)


class ProblemCollector:
    """Accumulates problems while an importer walks its input."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, row: int | str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, field, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportRejected(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)
