"""Read a B2B meeting scheduling instance in MiniZinc data (``.dzn``) format into a Problem.

The format is the one of the instances published with Bofill et al., "Constraint solving
approaches to the business-to-business meeting scheduling problem" (JAIR 2022): scalar
``nBusiness`` (participants), ``nMeetings``, ``nTables`` (meetings that can run at once),
``nTotalSlots`` and ``nMorningSlots``; then

``requested = [| a, b, s | ... |]``
    one row per meeting between participants ``a`` and ``b`` (1-based); ``s`` = 1 morning
    only (slots ``1..nMorningSlots``), 2 afternoon only (the other slots), 3 either.
``nMeetingsBusiness = [k, ...]``
    meetings of each participant; checked against ``requested``.
``meetingsxBusiness = [{...}, ...]``
    meetings of each participant in the converter's own numbering (a dummy ``1`` and the
    1-based meeting numbers shifted by one); redundant with ``requested``, so only its length
    is checked.
``forbidden = [{...}, ...]``
    per participant, the 1-based slots they cannot attend; ``0`` and ``{}`` mean none.
``fixed = [t, ...]``
    per meeting, the 1-based slot it must keep, 0 = free.
``precedences = [{...}, ...]``
    per meeting ``m``, the 1-based meetings that must come before ``m`` (the reading of the
    reference encoders: a precedence ``p`` in ``precedences[m]`` means slot(p) < slot(m)).

Only this subset of MiniZinc data is understood (integers, sets of integers, one- and
two-dimensional array literals, ``%`` comments). Any problem raises :class:`DznError`, a
``ValueError`` naming the file, the line and the field. No side effects beyond reading the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from smartregions.events.compute.scheduling import Problem

REQUIRED = ("nBusiness", "nMeetings", "nTables", "nTotalSlots", "nMorningSlots", "requested")
MORNING, AFTERNOON, EITHER = 1, 2, 3

_TOKEN = re.compile(r"\s*(?:(-?\d+)|([A-Za-z_]\w*)|(\[\||\|\]|[\[\]{}|,;=])|(\S))")


class DznError(ValueError):
    """A ``.dzn`` file that cannot be read: says which file, line and field."""

    def __init__(self, path: str, line: int, field: str | None, message: str) -> None:
        self.path, self.line, self.field = path, line, field
        where = f"{path}, line {line}" + (f", field {field!r}" if field else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class _Value:
    """A parsed right-hand side and the line it starts on."""

    value: object
    line: int


class _Items(list):
    """A parsed array literal that remembers the line each element starts on."""

    lines: list[int]


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.tokens: list[tuple[str, str, int]] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("%", 1)[0]
            position = 0
            while position < len(line):
                match = _TOKEN.match(line, position)
                if match is None or match.end() == position:
                    break
                integer, name, punct, other = match.groups()
                if other is not None:
                    raise DznError(path, number, None, f"unexpected character {other!r}")
                kind = "int" if integer is not None else "name" if name is not None else "punct"
                self.tokens.append((kind, integer or name or punct, number))
                position = match.end()
        self.index = 0
        self.field: str | None = None

    def error(self, message: str, line: int | None = None) -> DznError:
        if line is None:
            line = self.tokens[min(self.index, len(self.tokens) - 1)][2] if self.tokens else 1
        return DznError(self.path, line, self.field, message)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise self.error(
                "unexpected end of file" + (f", expected {expected!r}" if expected else "")
            )
        if expected is not None and token[1] != expected:
            raise self.error(f"expected {expected!r}, found {token[1]!r}")
        self.index += 1
        return token

    def assignments(self) -> dict[str, _Value]:
        values: dict[str, _Value] = {}
        while self.peek() is not None:
            kind, name, line = self.take()
            if kind != "name":
                raise self.error(f"expected a field name, found {name!r}", line)
            self.field = name
            if name in values:
                raise self.error("assigned twice", line)
            self.take("=")
            values[name] = _Value(self.value(), line)
            self.take(";")
            self.field = None
        return values

    def value(self) -> object:
        token = self.peek()
        if token is None:
            raise self.error("missing value")
        if token[0] == "int":
            self.index += 1
            return int(token[1])
        if token[1] == "{":
            return self.set_literal()
        if token[1] == "[|":
            return self.matrix()
        if token[1] == "[":
            return self.array()
        raise self.error(f"expected a value, found {token[1]!r}")

    def separator(self, closing: str) -> None:
        """After an element: a comma (skipped) or the closing bracket (left for the caller)."""
        token = self.peek()
        if token is not None and token[1] == ",":
            self.index += 1
        elif token is None or token[1] != closing:
            found = token[1] if token else "end of file"
            raise self.error(f"expected ',' or {closing!r}, found {found!r}")

    def set_literal(self) -> frozenset[int]:
        self.take("{")
        items: list[int] = []
        while (token := self.peek()) is not None and token[1] != "}":
            if token[0] != "int":
                raise self.error(f"expected an integer in a set, found {token[1]!r}")
            items.append(int(self.take()[1]))
            self.separator("}")
        self.take("}")
        return frozenset(items)

    def array(self) -> _Items:
        self.take("[")
        items = _Items()
        items.lines = []
        while (token := self.peek()) is not None and token[1] != "]":
            items.lines.append(token[2])
            items.append(self.value())
            self.separator("]")
        self.take("]")
        return items

    def matrix(self) -> _Items:
        self.take("[|")
        rows = _Items()
        rows.lines = []
        new_row = True
        while (token := self.peek()) is not None and token[1] != "|]":
            self.index += 1
            if token[1] == "|":
                new_row = True
            elif token[1] != ",":
                if token[0] != "int":
                    raise self.error(f"expected an integer in a 2-d array, found {token[1]!r}")
                if new_row:
                    rows.append([])
                    rows.lines.append(token[2])
                    new_row = False
                rows[-1].append(int(token[1]))
        self.take("|]")
        return rows


def parse_dzn(text: str, *, path: str = "<string>") -> Problem:
    """Parse the text of a ``.dzn`` instance (see the module docstring) into a Problem.

    Raises :class:`DznError` on a syntax error, a missing or mistyped field, counts that
    disagree (``nMeetings`` and the rows of ``requested``, ``nMeetingsBusiness``), a participant
    or slot out of range, or an unknown time-of-day code.
    """
    values = _Parser(text, path).assignments()
    for name in REQUIRED:
        if name not in values:
            raise DznError(path, 1, name, "missing")

    def scalar(name: str) -> int:
        item = values[name]
        if not isinstance(item.value, int) or item.value < 0:
            raise DznError(path, item.line, name, "expected a non-negative integer")
        return item.value

    n_business, n_meetings = scalar("nBusiness"), scalar("nMeetings")
    n_tables, n_slots, n_morning = scalar("nTables"), scalar("nTotalSlots"), scalar("nMorningSlots")
    if n_slots < 1:
        raise DznError(path, values["nTotalSlots"].line, "nTotalSlots", "must be at least 1")
    if n_morning > n_slots:
        line = values["nMorningSlots"].line
        raise DznError(path, line, "nMorningSlots", f"exceeds nTotalSlots={n_slots}")

    meetings, allowed = _requested(
        values["requested"],
        n_business=n_business,
        n_meetings=n_meetings,
        n_slots=n_slots,
        n_morning=n_morning,
        path=path,
    )
    _check_counts(values, meetings, n_business, path)
    available = _available(values, n_business, n_slots, path)
    fixed = _fixed(values, n_meetings, n_slots, path)
    precedences = _precedences(values, n_meetings, path)
    return Problem(
        n_participants=n_business,
        n_slots=n_slots,
        meetings=meetings,
        tables=np.full(n_slots, n_tables, dtype=np.int64),
        available=available,
        allowed=allowed,
        fixed=fixed,
        precedences=precedences,
    )


def read_dzn(path: str | Path) -> Problem:
    """Read a ``.dzn`` file (UTF-8) into a Problem; see :func:`parse_dzn`."""
    path = Path(path)
    return parse_dzn(path.read_text(encoding="utf-8"), path=str(path))


def _check_counts(values: dict, meetings: np.ndarray, n_business: int, path: str) -> None:
    """``nMeetingsBusiness`` agrees with ``requested``; ``meetingsxBusiness`` has one set each."""
    degree = np.bincount(meetings.ravel(), minlength=n_business)
    if "nMeetingsBusiness" in values:
        item = values["nMeetingsBusiness"]
        counts = _int_list(item, "nMeetingsBusiness", n_business, path)
        for p in np.flatnonzero(np.asarray(counts) != degree):
            line = item.value.lines[p]
            message = f"participant {p + 1} has {counts[p]}, requested gives {degree[p]}"
            raise DznError(path, line, "nMeetingsBusiness", message)
    if "meetingsxBusiness" in values:
        _set_list(values["meetingsxBusiness"], "meetingsxBusiness", n_business, path)


def _available(values: dict, n_business: int, n_slots: int, path: str) -> np.ndarray:
    """Availability from ``forbidden`` (1-based slots; 0 means none)."""
    available = np.ones((n_business, n_slots), dtype=bool)
    if "forbidden" in values:
        item = values["forbidden"]
        for p, slots in enumerate(_set_list(item, "forbidden", n_business, path)):
            for slot in slots - {0}:
                if not 1 <= slot <= n_slots:
                    message = f"participant {p + 1}: slot {slot} is not in 1..{n_slots}"
                    raise DznError(path, item.value.lines[p], "forbidden", message)
                available[p, slot - 1] = False
    return available


def _fixed(values: dict, n_meetings: int, n_slots: int, path: str) -> np.ndarray | None:
    """0-based fixed slots (-1 free) from ``fixed`` (1-based, 0 free); None when none."""
    if "fixed" not in values:
        return None
    item = values["fixed"]
    slots = _int_list(item, "fixed", n_meetings, path)
    for m, slot in enumerate(slots):
        if not 0 <= slot <= n_slots:
            message = f"meeting {m + 1}: slot {slot} is not in 0..{n_slots}"
            raise DznError(path, item.value.lines[m], "fixed", message)
    fixed = np.asarray(slots, dtype=np.int64) - 1
    return fixed if (fixed >= 0).any() else None


def _precedences(values: dict, n_meetings: int, path: str) -> np.ndarray | None:
    """0-based (before, after) pairs from ``precedences[m]`` = meetings before m."""
    if "precedences" not in values:
        return None
    item = values["precedences"]
    pairs = []
    for m, before in enumerate(_set_list(item, "precedences", n_meetings, path)):
        for other in sorted(before):
            if not 1 <= other <= n_meetings or other == m + 1:
                message = f"meeting {m + 1}: {other} is not another meeting in 1..{n_meetings}"
                raise DznError(path, item.value.lines[m], "precedences", message)
            pairs.append((other - 1, m))
    return np.asarray(pairs, dtype=np.int64) if pairs else None


def _requested(
    item: _Value, *, n_business: int, n_meetings: int, n_slots: int, n_morning: int, path: str
) -> tuple[np.ndarray, np.ndarray]:
    """Meetings (0-based participant pairs) and allowed slots from the ``requested`` rows."""
    rows = item.value
    if not isinstance(rows, _Items) or any(not isinstance(row, list) for row in rows):
        raise DznError(path, item.line, "requested", "expected a 2-d array [| a, b, s | ... |]")
    if len(rows) != n_meetings:
        message = f"has {len(rows)} rows, nMeetings is {n_meetings}"
        raise DznError(path, item.line, "requested", message)
    meetings = np.zeros((n_meetings, 2), dtype=np.int64)
    allowed = np.zeros((n_meetings, n_slots), dtype=bool)
    for m, row in enumerate(rows):
        line = rows.lines[m]
        if len(row) != 3:
            message = f"row {m + 1} has {len(row)} values, expected 3 (a, b, time)"
            raise DznError(path, line, "requested", message)
        a, b, when = row
        for who in (a, b):
            if not 1 <= who <= n_business:
                message = f"row {m + 1}: participant {who} is not in 1..{n_business}"
                raise DznError(path, line, "requested", message)
        if a == b:
            raise DznError(path, line, "requested", f"row {m + 1}: participant {a} meets itself")
        if when not in (MORNING, AFTERNOON, EITHER):
            message = f"row {m + 1}: time code {when} is not 1, 2 or 3"
            raise DznError(path, line, "requested", message)
        meetings[m] = (a - 1, b - 1)
        allowed[m, :n_morning] = when != AFTERNOON
        allowed[m, n_morning:] = when != MORNING
    return meetings, allowed


def _int_list(item: _Value, name: str, length: int, path: str) -> _Items:
    if not isinstance(item.value, _Items) or any(not isinstance(v, int) for v in item.value):
        raise DznError(path, item.line, name, "expected an array of integers")
    if len(item.value) != length:
        raise DznError(path, item.line, name, f"has {len(item.value)} entries, expected {length}")
    return item.value


def _set_list(item: _Value, name: str, length: int, path: str) -> _Items:
    if not isinstance(item.value, _Items) or any(not isinstance(v, frozenset) for v in item.value):
        raise DznError(path, item.line, name, "expected an array of sets")
    if len(item.value) != length:
        raise DznError(path, item.line, name, f"has {len(item.value)} entries, expected {length}")
    return item.value
