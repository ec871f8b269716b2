"""Helpers of the scheduling-kernel tests: an independent checker and a brute-force optimum."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from smartregions.events.compute.scheduling import Problem


def allowed_of(problem: Problem) -> np.ndarray:
    m = len(problem.meetings)
    return np.ones((m, problem.n_slots), bool) if problem.allowed is None else problem.allowed


def tables_of(problem: Problem) -> np.ndarray:
    return np.broadcast_to(np.asarray(problem.tables), (problem.n_slots,))


def violations(problem: Problem, slot: np.ndarray, *, check_fixed: bool = True) -> list[str]:
    """Every hard constraint the slot assignment breaks (empty when feasible)."""
    found = []
    allowed, tables = allowed_of(problem), tables_of(problem)
    seen: dict[tuple[int, int], int] = {}
    for m, s in enumerate(slot.tolist()):
        a, b = problem.meetings[m].tolist()
        fixed = problem.fixed is not None and problem.fixed[m] >= 0
        if check_fixed and fixed and s != problem.fixed[m]:
            found.append(f"meeting {m} left its fixed slot")
        if s < 0:
            continue
        if not (problem.available[a, s] and problem.available[b, s]):
            found.append(f"meeting {m} in slot {s} where a participant is unavailable")
        if not allowed[m, s]:
            found.append(f"meeting {m} in a slot it is not allowed in")
        for who in (a, b):
            if (who, s) in seen:
                found.append(f"participant {who} twice in slot {s}")
            seen[(who, s)] = m
    counts = np.bincount(slot[slot >= 0], minlength=problem.n_slots)
    found += [f"slot {s} over its tables" for s in np.flatnonzero(counts > tables).tolist()]
    if problem.precedences is not None:
        for a, b in problem.precedences.tolist():
            if slot[a] >= 0 and slot[b] >= 0 and slot[a] >= slot[b]:
                found.append(f"meetings {a} and {b} out of order")
    return found


def breaks_by_hand(problem: Problem, slot: np.ndarray) -> np.ndarray:
    """Breaks per participant the slow way: walk each participant's sorted busy slots."""
    adjacent = np.ones(problem.n_slots - 1, bool) if problem.adjacent is None else problem.adjacent
    result = np.zeros(problem.n_participants, dtype=np.int64)
    for p in range(problem.n_participants):
        mine = sorted(
            {
                int(slot[m])
                for m in range(len(problem.meetings))
                if slot[m] >= 0 and p in problem.meetings[m].tolist()
            }
        )
        result[p] = sum(1 for x, y in itertools.pairwise(mine) if not (y == x + 1 and adjacent[x]))
    return result


def brute_force(problem: Problem, fairness: int | None) -> tuple[int, int, bool]:
    """(most placed, fewest breaks among those (fair ones first), whether fair) by enumeration."""
    m = len(problem.meetings)
    best = (-1, 0, False)
    slot = np.full(m, -1, dtype=np.int64)

    def score() -> None:
        nonlocal best
        placed = int((slot >= 0).sum())
        per = breaks_by_hand(problem, slot)
        busy = np.zeros(problem.n_participants, bool)
        busy[problem.meetings[slot >= 0].ravel()] = True
        fair = fairness is None or not busy.any() or per[busy].max() - per[busy].min() <= fairness
        key = (placed, fair, -int(per.sum()))
        if key > (best[0], best[2], -best[1]):
            best = (placed, int(per.sum()), fair)

    def place(k: int) -> None:
        if k == m:
            score()
            return
        locked = problem.fixed is not None and problem.fixed[k] >= 0
        for s in [int(problem.fixed[k])] if locked else [-1, *range(problem.n_slots)]:
            slot[k] = s
            if not violations(problem, slot, check_fixed=False):
                place(k + 1)
        slot[k] = -1

    place(0)
    return best


@pytest.fixture(scope="session")
def b2b_dir(shared_data):
    path = shared_data / "b2b_meetings"
    assert path.is_dir(), f"B2B instances not found at {path}"
    return path
