r"""Exact models for small sessions, solved with HiGHS through ``scipy.optimize.milp``.

Variables :math:`x_{ms} \in \{0, 1\}` for each slot s meeting m may use (only its slot when
fixed, then :math:`x = 1`). With :math:`u_{ps} = \sum_{m \ni p} x_{ms}` (p busy in s):

* :math:`\sum_s x_{ms} \le 1`, :math:`u_{ps} \le 1`, :math:`\sum_m x_{ms} \le \text{tables}_s`;
* a precedence (a before b), for every slot t: :math:`x_{bt} + \sum_{s \ge t} x_{as} \le 1`
  (b in t forbids a in t or later; void when either is unplaced).

``max_placed`` maximises :math:`\sum x`. ``min_breaks`` fixes :math:`\sum x` to a target and
adds, per participant p and slot s, the block start
:math:`\sigma_{ps} = u_{ps} \wedge \neg u_{p,s-1}` (the previous slot only when adjacent)
written exactly as :math:`\sigma \ge u_{ps} - u_{p,s-1}`, :math:`\sigma \le u_{ps}`,
:math:`\sigma \le 1 - u_{p,s-1}`, and :math:`y_p = \max_s u_{ps}` (p has a meeting) as
:math:`y_p \ge u_{ps}`, :math:`y_p \le \sum_s u_{ps}`. Breaks are
:math:`\beta_p = \sum_s \sigma_{ps} - y_p` and the objective is :math:`\min \sum_p \beta_p`.
Fairness adds :math:`\beta_p \le \beta^+`, :math:`\beta_p \ge \beta^- - S (1 - y_p)` and
:math:`\beta^+ - \beta^- \le F`. Only x is declared integer: given integral x every other
variable is pinned to an integer by its constraints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from smartregions.events.compute._instance import Instance


@dataclass(frozen=True)
class MilpResult:
    """Slots of the best solution (None when none was found), whether it is proven optimal,
    whether the model was proven infeasible, and the dual bound on the objective."""

    slots: list[int] | None
    optimal: bool
    infeasible: bool
    dual_bound: float


class _Rows:
    """Collects sparse constraint rows ``lower <= a @ v <= upper``."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, cols, vals, lower: float, upper: float) -> None:
        cols = np.asarray(cols, dtype=np.int64)
        self.rows.append(np.full(cols.size, len(self.lower), dtype=np.int64))
        self.cols.append(cols)
        self.vals.append(np.broadcast_to(np.asarray(vals, dtype=np.float64), cols.shape))
        self.lower.append(lower)
        self.upper.append(upper)

    def constraint(self, n_vars: int) -> LinearConstraint:
        matrix = sparse.csr_matrix(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(len(self.lower), n_vars),
        )
        return LinearConstraint(matrix, np.asarray(self.lower), np.asarray(self.upper))


def _base(instance: Instance, rows: _Rows) -> tuple[np.ndarray, np.ndarray, dict, np.ndarray]:
    """The x variables and the hard constraints; returns (meeting, slot, busy index, lower)."""
    meeting_of, slot_of = np.nonzero(instance.feasible_matrix)
    n_x = meeting_of.size
    lower = np.array([1.0 if instance.fixed[m] >= 0 else 0.0 for m in meeting_of.tolist()])
    order = np.argsort(meeting_of, kind="stable")
    starts = np.searchsorted(meeting_of[order], np.arange(instance.n_meetings + 1))
    for m in range(instance.n_meetings):
        if starts[m + 1] - starts[m] > 1:
            rows.add(order[starts[m] : starts[m + 1]], 1.0, -np.inf, 1.0)
    busy: dict[tuple[int, int], list[int]] = {}
    first, second = instance.first, instance.second
    for k in range(n_x):
        m, s = int(meeting_of[k]), int(slot_of[k])
        busy.setdefault((first[m], s), []).append(k)
        busy.setdefault((second[m], s), []).append(k)
    for ks in busy.values():
        if len(ks) > 1:
            rows.add(ks, 1.0, -np.inf, 1.0)
    for s in range(instance.n_slots):
        ks = np.flatnonzero(slot_of == s)
        if ks.size > instance.tables[s]:
            rows.add(ks, 1.0, -np.inf, float(instance.tables[s]))
    index = {(int(m), int(s)): k for k, (m, s) in enumerate(zip(meeting_of, slot_of, strict=True))}
    for b in range(instance.n_meetings):
        for a in instance.before[b]:
            for t in range(instance.n_slots):
                if (b, t) not in index:
                    continue
                later = [index[(a, s)] for s in range(t, instance.n_slots) if (a, s) in index]
                if later:
                    rows.add([index[(b, t)], *later], 1.0, -np.inf, 1.0)
    return meeting_of, slot_of, busy, lower


def _slots(instance: Instance, x: np.ndarray, meeting_of, slot_of) -> list[int]:
    slots = [-1] * instance.n_meetings
    for k in np.flatnonzero(x[: meeting_of.size] > 0.5).tolist():
        slots[int(meeting_of[k])] = int(slot_of[k])
    return slots


def _run(c, integrality, bounds, rows: _Rows, time_limit: float):
    options = {"time_limit": max(time_limit, 0.05), "disp": False, "mip_rel_gap": 0.0}
    return milp(
        c,
        integrality=integrality,
        bounds=bounds,
        constraints=rows.constraint(c.size),
        options=options,
    )


def max_placed(instance: Instance, *, time_limit: float) -> MilpResult:
    """The most meetings that can be placed (see the module docstring)."""
    rows = _Rows()
    meeting_of, slot_of, _, lower = _base(instance, rows)
    n_x = meeting_of.size
    if n_x == 0:
        return MilpResult([-1] * instance.n_meetings, True, False, 0.0)
    if not rows.lower:
        rows.add([0], 1.0, -np.inf, np.inf)
    result = _run(-np.ones(n_x), np.ones(n_x), Bounds(lower, np.ones(n_x)), rows, time_limit)
    if result.x is None:
        return MilpResult(None, False, result.status == 2, np.inf)
    slots = _slots(instance, result.x, meeting_of, slot_of)
    return MilpResult(slots, result.status == 0, False, -float(result.mip_dual_bound))


def min_breaks(
    instance: Instance,
    *,
    placed: int,
    fairness: int | None,
    time_limit: float,
) -> MilpResult:
    """The fewest total breaks with exactly ``placed`` meetings (fair when ``fairness`` is set)."""
    rows = _Rows()
    meeting_of, slot_of, busy, lower = _base(instance, rows)
    n_x = meeting_of.size
    n_s = instance.n_slots
    active = sorted({p for (p, _s) in busy})
    start = {}
    n_vars = n_x
    for p in active:
        for s in range(n_s):
            if (p, s) in busy:
                start[(p, s)] = n_vars
                n_vars += 1
    has = {p: n_vars + i for i, p in enumerate(active)}
    n_vars += len(active)
    high, low = n_vars, n_vars + 1
    n_vars += 2
    rows.add(np.arange(n_x), 1.0, placed, placed)
    for (p, s), v in start.items():
        now = busy[(p, s)]
        previous = busy.get((p, s - 1), []) if s > 0 and instance.adjacent[s - 1] else []
        rows.add([v, *now, *previous], [1.0] + [-1.0] * len(now) + [1.0] * len(previous), 0, np.inf)
        rows.add([v, *now], [1.0] + [-1.0] * len(now), -np.inf, 0)
        if previous:
            rows.add([v, *previous], 1.0, -np.inf, 1.0)
        rows.add([has[p], *now], [1.0] + [-1.0] * len(now), 0, np.inf)
    for p in active:
        ks = [k for s in range(n_s) for k in busy.get((p, s), [])]
        rows.add([has[p], *ks], [1.0] + [-1.0] * len(ks), -np.inf, 0)
        if fairness is not None:
            sigma = [start[(p, s)] for s in range(n_s) if (p, s) in start]
            rows.add([*sigma, has[p], high], [1.0] * len(sigma) + [-1.0, -1.0], -np.inf, 0)
            rows.add(
                [*sigma, has[p], low], [1.0] * len(sigma) + [-1.0 - n_s, -1.0], -float(n_s), np.inf
            )
    if fairness is not None:
        rows.add([high, low], [1.0, -1.0], -np.inf, float(fairness))
    c = np.zeros(n_vars)
    c[n_x : n_x + len(start)] = 1.0
    c[n_x + len(start) : n_x + len(start) + len(active)] = -1.0
    integrality = np.zeros(n_vars)
    integrality[:n_x] = 1
    upper = np.ones(n_vars)
    upper[[high, low]] = n_s
    lower_all = np.zeros(n_vars)
    lower_all[:n_x] = lower
    result = _run(c, integrality, Bounds(lower_all, upper), rows, time_limit)
    if result.x is None:
        return MilpResult(None, False, result.status == 2, 0.0)
    slots = _slots(instance, result.x, meeting_of, slot_of)
    dual = float(result.mip_dual_bound) if result.mip_dual_bound is not None else 0.0
    return MilpResult(slots, result.status == 0, False, dual)
