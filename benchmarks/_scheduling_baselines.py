"""Baselines of the scheduling benchmark: greedy first-fit and OR-Tools CP-SAT on the same data."""

from __future__ import annotations

import time

import numpy as np

from smartregions.events.compute.scheduling import Problem


def usable_slots(problem: Problem) -> np.ndarray:
    """(m, slots) bool: both participants available and the meeting allowed (fixed: its slot)."""
    first, second = problem.meetings[:, 0], problem.meetings[:, 1]
    usable = problem.available[first] & problem.available[second]
    if problem.allowed is not None:
        usable &= problem.allowed
    if problem.fixed is not None:
        rows = np.flatnonzero(problem.fixed >= 0)
        usable[rows] = False
        usable[rows, problem.fixed[rows]] = True
    return usable


def greedy_first_fit(problem: Problem) -> np.ndarray:
    """ "Participants pick slots": requests in arrival order, each takes its first common free slot.

    Precedences are ignored (the synthetic sessions have none).
    """
    tables = np.broadcast_to(np.asarray(problem.tables), (problem.n_slots,))
    usable = usable_slots(problem)
    busy = np.zeros((problem.n_participants, problem.n_slots), dtype=bool)
    count = np.zeros(problem.n_slots, dtype=np.int64)
    slot = np.full(len(problem.meetings), -1, dtype=np.int64)
    for m, (a, b) in enumerate(problem.meetings.tolist()):
        for s in range(problem.n_slots):
            if usable[m, s] and not busy[a, s] and not busy[b, s] and count[s] < tables[s]:
                slot[m] = s
                busy[a, s] = busy[b, s] = True
                count[s] += 1
                break
    return slot


def cp_sat(  # noqa: PLR0912 - the model, constraint family by constraint family
    problem: Problem, *, seconds: float, workers: int = 2
) -> tuple[np.ndarray, float, str]:
    """OR-Tools CP-SAT on x[m, s] booleans, maximising placed meetings.

    Returns (slots, seconds spent building the model, solver status). Building is not counted
    in ``seconds`` (the solver's own limit).
    """
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    tables = np.broadcast_to(np.asarray(problem.tables), (problem.n_slots,))
    usable = usable_slots(problem)
    model = cp_model.CpModel()
    variables: dict[tuple[int, int], object] = {}
    by_person: dict[tuple[int, int], list] = {}
    by_slot: dict[int, list] = {}
    for m, (a, b) in enumerate(problem.meetings.tolist()):
        mine = []
        for s in np.flatnonzero(usable[m]).tolist():
            x = model.NewBoolVar(f"x{m}_{s}")
            variables[(m, s)] = x
            mine.append(x)
            by_person.setdefault((a, s), []).append(x)
            by_person.setdefault((b, s), []).append(x)
            by_slot.setdefault(s, []).append(x)
        if len(mine) > 1:
            model.AddAtMostOne(mine)
        if problem.fixed is not None and problem.fixed[m] >= 0 and mine:
            model.Add(mine[0] == 1)
    for group in by_person.values():
        if len(group) > 1:
            model.AddAtMostOne(group)
    for s, group in by_slot.items():
        if len(group) > tables[s]:
            model.Add(sum(group) <= int(tables[s]))
    for a, b in [] if problem.precedences is None else problem.precedences.tolist():
        pairs = [
            (xa, xb)
            for (ma, sa), xa in variables.items()
            if ma == a
            for (mb, sb), xb in variables.items()
            if mb == b and sa >= sb
        ]
        for xa, xb in pairs:
            model.AddBoolOr([xa.Not(), xb.Not()])
    model.Maximize(sum(variables.values()))
    built = time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.Solve(model)
    slot = np.full(len(problem.meetings), -1, dtype=np.int64)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for (m, s), x in variables.items():
            if solver.Value(x):
                slot[m] = s
    return slot, built, solver.StatusName(status)
