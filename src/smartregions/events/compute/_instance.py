"""The checked, list-based form of a scheduling Problem that the search loops work on.

Pure-Python lists (not numpy arrays) on purpose: the local searches touch one element at a time
and a list index is an order of magnitude cheaper than a numpy scalar access.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from smartregions.events.compute.scheduling import Problem


class InfeasibleFixedError(ValueError):
    """The fixed (locked) meetings themselves break a hard constraint.

    ``meetings`` holds the 0-based indices of the meetings involved.
    """

    def __init__(self, message: str, meetings: tuple[int, ...]) -> None:
        super().__init__(message)
        self.meetings = meetings


@dataclass
class Instance:
    """Validated problem data as plain lists (see the Problem docstring for the meaning)."""

    n_participants: int
    n_slots: int
    n_meetings: int
    first: list[int]
    second: list[int]
    feasible: list[list[int]]  # slots each meeting may use (its fixed slot only, when fixed)
    feasible_matrix: np.ndarray  # (m, n_slots) bool, the same as an array
    feasible_bits: list[int]  # the same as bitmasks (bit s set when slot s may be used)
    available: np.ndarray  # (n_participants, n_slots) bool
    allowed: np.ndarray  # (m, n_slots) bool
    tables: list[int]
    fixed: list[int]  # slot or -1
    before: list[tuple[int, ...]]  # meetings that must be in an earlier slot than m
    after: list[tuple[int, ...]]  # meetings that must be in a later slot than m
    adjacent_bits: int  # bit s set when slot s directly follows slot s - 1
    adjacent: np.ndarray  # (n_slots - 1,) bool

    @property
    def has_precedences(self) -> bool:
        return any(self.before)


def breaks_of_mask(mask: int, adjacent_bits: int) -> int:
    """Breaks of one participant whose busy slots are the set bits of ``mask``.

    A block of meetings starts at every busy slot whose previous slot is not busy or not
    adjacent; breaks = blocks - 1 (0 without meetings).
    """
    if not mask:
        return 0
    return (mask & ~((mask << 1) & adjacent_bits)).bit_count() - 1


def participant_breaks(instance: Instance, slots: list[int]) -> list[int]:
    """Breaks of every participant in the schedule ``slots`` (-1 = unplaced)."""
    masks = [0] * instance.n_participants
    for meeting, slot in enumerate(slots):
        if slot >= 0:
            masks[instance.first[meeting]] |= 1 << slot
            masks[instance.second[meeting]] |= 1 << slot
    return [breaks_of_mask(mask, instance.adjacent_bits) for mask in masks]


def is_fair(instance: Instance, slots: list[int], fairness: int | None) -> bool:
    """Whether max - min breaks over participants with meetings is within ``fairness``."""
    if fairness is None:
        return True
    busy = [False] * instance.n_participants
    for meeting, slot in enumerate(slots):
        if slot >= 0:
            busy[instance.first[meeting]] = busy[instance.second[meeting]] = True
    values = [b for b, has in zip(participant_breaks(instance, slots), busy, strict=True) if has]
    return not values or max(values) - min(values) <= fairness


def _array(value: object, shape: tuple[int, ...], name: str, dtype: type) -> np.ndarray:
    array = np.asarray(value)
    if array.shape != shape:
        msg = f"{name} has shape {array.shape}, expected {shape}"
        raise ValueError(msg)
    if dtype is bool:
        if array.size == 0:
            return array.astype(bool)
        if array.dtype != bool:
            msg = f"{name} must be boolean"
            raise ValueError(msg)
        return array
    if array.size and not np.issubdtype(array.dtype, np.integer):
        msg = f"{name} must hold integers"
        raise ValueError(msg)
    return array.astype(np.int64)


def build_instance(problem: Problem) -> Instance:  # noqa: PLR0915 - one check per field
    """Check ``problem`` and convert it; raise ValueError or InfeasibleFixedError when broken."""
    n_p, n_s = int(problem.n_participants), int(problem.n_slots)
    if n_p < 0 or n_s < 1:
        msg = f"need n_participants >= 0 and n_slots >= 1, got {n_p} and {n_s}"
        raise ValueError(msg)
    meetings = np.asarray(problem.meetings)
    if meetings.size == 0:
        meetings = meetings.reshape(0, 2)
    meetings = _array(meetings, (meetings.shape[0], 2), "meetings", int)
    m = meetings.shape[0]
    if m and (meetings.min() < 0 or meetings.max() >= n_p):
        msg = f"meetings refer to participants outside 0..{n_p - 1}"
        raise ValueError(msg)
    same = np.flatnonzero(meetings[:, 0] == meetings[:, 1])
    if same.size:
        msg = f"meeting {int(same[0])} has the same participant twice"
        raise ValueError(msg)
    tables = problem.tables
    if np.ndim(tables) == 0:
        tables = np.full(n_s, int(tables), dtype=np.int64)
    tables = _array(tables, (n_s,), "tables", int)
    if (tables < 0).any():
        msg = "tables must be >= 0"
        raise ValueError(msg)
    available = _array(problem.available, (n_p, n_s), "available", bool)
    allowed = problem.allowed
    allowed = np.ones((m, n_s), dtype=bool) if allowed is None else allowed
    allowed = _array(allowed, (m, n_s), "allowed", bool)
    fixed = problem.fixed
    fixed = np.full(m, -1, dtype=np.int64) if fixed is None else _array(fixed, (m,), "fixed", int)
    bad = np.flatnonzero((fixed < -1) | (fixed >= n_s))
    if bad.size:
        meeting = int(bad[0])
        msg = f"meeting {meeting} is fixed to slot {int(fixed[meeting])}, outside 0..{n_s - 1}"
        raise InfeasibleFixedError(msg, (meeting,))
    adjacent = problem.adjacent
    adjacent = np.ones(n_s - 1, dtype=bool) if adjacent is None else adjacent
    adjacent = _array(adjacent, (n_s - 1,), "adjacent", bool)
    precedences = problem.precedences
    precedences = np.zeros((0, 2), np.int64) if precedences is None else np.asarray(precedences)
    if precedences.size == 0:
        precedences = precedences.reshape(0, 2)
    precedences = _array(precedences, (precedences.shape[0], 2), "precedences", int)
    if precedences.size and (precedences.min() < 0 or precedences.max() >= m):
        msg = f"precedences refer to meetings outside 0..{m - 1}"
        raise ValueError(msg)

    first, second = meetings[:, 0], meetings[:, 1]
    feasible_matrix = available[first] & available[second] & allowed
    _check_fixed(
        first=first,
        second=second,
        available=available,
        allowed=allowed,
        tables=tables,
        fixed=fixed,
        precedences=precedences,
    )
    fixed_rows = np.flatnonzero(fixed >= 0)
    feasible_matrix[fixed_rows] = False
    feasible_matrix[fixed_rows, fixed[fixed_rows]] = True
    looped = precedences[precedences[:, 0] == precedences[:, 1], 0]
    feasible_matrix[looped] = False  # "before itself": never placeable
    before: list[list[int]] = [[] for _ in range(m)]
    after: list[list[int]] = [[] for _ in range(m)]
    for a, b in precedences.tolist():
        if a != b:
            before[b].append(a)
            after[a].append(b)
    bits = sum(1 << (s + 1) for s in range(n_s - 1) if adjacent[s])
    feasible = [np.flatnonzero(row).tolist() for row in feasible_matrix]
    return Instance(
        n_participants=n_p,
        n_slots=n_s,
        n_meetings=m,
        first=first.tolist(),
        second=second.tolist(),
        feasible=feasible,
        feasible_matrix=feasible_matrix,
        feasible_bits=_bitmasks(feasible_matrix, feasible),
        available=available,
        allowed=allowed,
        tables=tables.tolist(),
        fixed=fixed.tolist(),
        before=[tuple(sorted(set(x))) for x in before],
        after=[tuple(sorted(set(x))) for x in after],
        adjacent_bits=bits,
        adjacent=adjacent,
    )


def _bitmasks(matrix: np.ndarray, rows: list[list[int]]) -> list[int]:
    """Each row of a boolean matrix as an int with bit s set when column s is True."""
    if matrix.shape[1] <= 62:
        weights = np.left_shift(1, np.arange(matrix.shape[1], dtype=np.int64))
        return (matrix.astype(np.int64) @ weights).tolist()
    return [sum(1 << s for s in row) for row in rows]


def _check_fixed(
    *,
    first: np.ndarray,
    second: np.ndarray,
    available: np.ndarray,
    allowed: np.ndarray,
    tables: np.ndarray,
    fixed: np.ndarray,
    precedences: np.ndarray,
) -> None:
    """Raise InfeasibleFixedError when the fixed meetings alone break a hard constraint."""
    locked = np.flatnonzero(fixed >= 0)
    for meeting in locked.tolist():
        slot = int(fixed[meeting])
        for who in (int(first[meeting]), int(second[meeting])):
            if not available[who, slot]:
                msg = (
                    f"meeting {meeting} is fixed to slot {slot}, "
                    f"where participant {who} is not available"
                )
                raise InfeasibleFixedError(msg, (meeting,))
        if not allowed[meeting, slot]:
            msg = f"meeting {meeting} is fixed to slot {slot}, which the meeting is not allowed in"
            raise InfeasibleFixedError(msg, (meeting,))
    seen: dict[tuple[int, int], int] = {}
    for meeting in locked.tolist():
        slot = int(fixed[meeting])
        for who in (int(first[meeting]), int(second[meeting])):
            other = seen.setdefault((who, slot), meeting)
            if other != meeting:
                msg = (
                    f"meetings {other} and {meeting} are both fixed to slot {slot} "
                    f"and share participant {who}"
                )
                raise InfeasibleFixedError(msg, (other, meeting))
    for slot in range(tables.size):
        here = locked[fixed[locked] == slot]
        if here.size > tables[slot]:
            names = ", ".join(str(x) for x in here.tolist())
            msg = f"meetings {names} are fixed to slot {slot}, which has {int(tables[slot])} tables"
            raise InfeasibleFixedError(msg, tuple(here.tolist()))
    for a, b in precedences.tolist():
        if fixed[a] >= 0 and fixed[b] >= 0 and (a == b or fixed[a] >= fixed[b]):
            msg = (
                f"meeting {a} must come before meeting {b}, but they are fixed to slots "
                f"{int(fixed[a])} and {int(fixed[b])}"
            )
            raise InfeasibleFixedError(msg, (a, b))
