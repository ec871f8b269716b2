r"""Reviewer assignment as a minimum-cost flow, solved exactly with HiGHS's simplex.

Application :math:`a` needs :math:`n_a` more reviewers; expert :math:`e` already holds
:math:`h_e` reviews in the call and may take :math:`c_e` more; :math:`x_{ae} \in \{0, 1\}`
says whether :math:`e` reviews :math:`a` (so an expert reviews an application at most once),
and only allowed pairs (no conflict of interest, not already reviewing) get a variable.
With :math:`\ell_e = \sum_a x_{ae}` the new reviews of :math:`e`, the assignment wants, in
order of priority,

1. the most reviews :math:`\sum_{ae} x_{ae}`, subject to :math:`\sum_e x_{ae} \le n_a` and
   :math:`\ell_e \le c_e`;
2. among those, the best fit and the most even load:

   .. math::

       \min \; -\sum_{ae} \mathrm{fit}_{ae}\, x_{ae}
            + \beta \sum_e \left[(h_e + \ell_e)^2 - h_e^2\right]

The load term is convex, so it is written exactly with unit variables
:math:`y_{ek} \in [0, 1]`, :math:`k = 1 .. c_e`, costing :math:`\beta\,(2(h_e + k) - 1)`
(the marginal cost of the k-th new review) with :math:`\sum_k y_{ek} = \ell_e`: a cheaper
unit always fills first. This is the transportation network source -> applications ->
experts -> sink with convex arc costs (Ahuja, Magnanti & Orlin 1993, ch. 14).

Priority 1 comes from a reward :math:`M` per review: an assignment with fewer reviews than
possible has an augmenting path source -> :math:`a_1` -> :math:`e_1` -> :math:`a_2` ... ->
:math:`e_k` -> sink, which adds one review (:math:`-M`), at most :math:`k - 1 < \min(A, E)`
in fit (fit lies in [0, 1]) and one unit of load (at most the dearest unit cost), so with
:math:`M = \min(A, E) + \max_{ek} \mathrm{cost}(y_{ek}) + 1` augmenting always pays and the
optimum has the most reviews. The constraint matrix is a network matrix, hence totally
unimodular, so every vertex of the linear program is integral: HiGHS's dual simplex
(``scipy.optimize.linprog``, Huangfu & Hall 2018) returns an optimal vertex, which is the
optimal assignment, not a greedy approximation (a fractional answer would be a solver fault
and raises ``RuntimeError``).

:math:`\beta` (``balance``) trades fit for load: moving a review from an expert holding
:math:`L` reviews to one holding :math:`L'` saves :math:`2\beta\,(L - L' - 1)` of load cost,
which wins when it exceeds the fit lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import sparse


@dataclass(frozen=True)
class Assignment:
    """The solved assignment.

    Attributes
    ----------
    pairs : (k, 2) int64 ndarray
        ``(application, expert)`` index pairs assigned, sorted.
    assigned : (applications,) int64 ndarray
        New reviewers per application.
    shortfall : (applications,) int64 ndarray
        Reviewers still missing per application (``need - assigned``).
    eligible : (applications,) int64 ndarray
        Allowed experts per application; where it is below ``need`` the shortfall is caused
        by exclusions, elsewhere by the experts' capacity.
    load : (experts,) int64 ndarray
        Reviews per expert after the assignment (``held`` plus new ones).
    total_fit : float
        Sum of the fit of the assigned pairs.
    """

    pairs: np.ndarray
    assigned: np.ndarray
    shortfall: np.ndarray
    eligible: np.ndarray
    load: np.ndarray
    total_fit: float


def _counts(values: ArrayLike, length: int, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.shape != (length,):
        msg = f"{name} has shape {array.shape}, expected ({length},)"
        raise ValueError(msg)
    if array.size and (not np.issubdtype(array.dtype, np.integer) or array.min() < 0):
        msg = f"{name} must hold non-negative integers"
        raise ValueError(msg)
    return array.astype(np.int64)


def solve_assignment(
    fit: ArrayLike,
    allowed: ArrayLike,
    need: ArrayLike,
    capacity: ArrayLike,
    *,
    held: ArrayLike | None = None,
    balance: float = 0.05,
) -> Assignment:
    """Assign experts to applications as described in the module docstring.

    Parameters
    ----------
    fit : (applications, experts) array of float
        Fit of each pair, in [0, 1] (see :func:`~smartregions.calls.compute.fit.expertise_fit`).
    allowed : (applications, experts) array of bool
        Pairs that may be assigned.
    need : (applications,) array of int
        Reviewers each application still needs, >= 0.
    capacity : (experts,) array of int
        Reviews each expert may still take, >= 0.
    held : (experts,) array of int, optional
        Reviews each expert already holds (for the balance term); zeros when omitted.
    balance : float
        :math:`\\beta` >= 0, the weight of the load term.

    Raises ``ValueError`` on shapes that disagree, negative or non-integer counts, a fit
    outside [0, 1] or a negative ``balance``. No side effects.
    """
    fit = np.asarray(fit, dtype=np.float64)
    allowed = np.asarray(allowed, dtype=bool)
    if fit.ndim != 2 or allowed.shape != fit.shape:
        msg = f"fit {fit.shape} and allowed {allowed.shape} must be 2-D of the same shape"
        raise ValueError(msg)
    if fit.size and not (np.isfinite(fit).all() and fit.min() >= 0 and fit.max() <= 1):
        msg = "fit must lie in [0, 1]"
        raise ValueError(msg)
    if balance < 0:
        msg = f"balance must be >= 0, got {balance}"
        raise ValueError(msg)
    n_apps, n_experts = fit.shape
    need = _counts(need, n_apps, "need")
    capacity = _counts(capacity, n_experts, "capacity")
    held = _counts(np.zeros(n_experts, np.int64) if held is None else held, n_experts, "held")

    # Pairs of applications that need nobody, or experts with no room, can never be used.
    usable = allowed & (need > 0)[:, None] & (capacity > 0)[None, :]
    app_of, expert_of = np.nonzero(usable)
    eligible = allowed.sum(axis=1).astype(np.int64)
    pairs = np.empty((0, 2), dtype=np.int64)
    if app_of.size:
        chosen = _optimal_pairs(
            fit, app_of, expert_of, need=need, capacity=capacity, held=held, balance=balance
        )
        pairs = np.column_stack([app_of[chosen], expert_of[chosen]]).astype(np.int64)
    assigned = np.bincount(pairs[:, 0], minlength=n_apps).astype(np.int64)
    new_load = np.bincount(pairs[:, 1], minlength=n_experts).astype(np.int64)
    return Assignment(
        pairs=pairs,
        assigned=assigned,
        shortfall=need - assigned,
        eligible=eligible,
        load=held + new_load,
        total_fit=float(fit[pairs[:, 0], pairs[:, 1]].sum()),
    )


def _optimal_pairs(
    fit: np.ndarray,
    app_of: np.ndarray,
    expert_of: np.ndarray,
    *,
    need: np.ndarray,
    capacity: np.ndarray,
    held: np.ndarray,
    balance: float,
) -> np.ndarray:
    """Indices into ``app_of``/``expert_of`` of the pairs of the optimal assignment."""
    n_apps, n_experts = fit.shape
    n_pairs = app_of.size
    # An expert never needs more units than the pairs it can take.
    units = np.minimum(capacity, np.bincount(expert_of, minlength=n_experts))
    unit_expert = np.repeat(np.arange(n_experts), units)
    unit_rank = np.arange(unit_expert.size) - np.repeat(np.cumsum(units) - units, units) + 1
    n_units = unit_expert.size
    columns = np.arange(n_pairs)
    per_application = sparse.csr_array(
        (np.ones(n_pairs), (app_of, columns)), shape=(n_apps, n_pairs + n_units)
    )
    per_expert = sparse.csr_array(
        (
            np.concatenate([np.ones(n_pairs), -np.ones(n_units)]),
            (
                np.concatenate([expert_of, unit_expert]),
                np.concatenate([columns, n_pairs + np.arange(n_units)]),
            ),
        ),
        shape=(n_experts, n_pairs + n_units),
    )
    unit_cost = balance * (2.0 * (held[unit_expert] + unit_rank) - 1.0)
    # The reward per review that makes "most reviews" the first priority (module docstring).
    reward = min(n_apps, n_experts) + unit_cost.max() + 1.0
    # Imported here: scipy.optimize takes over a second to import, and every process that
    # loads the URL map would pay for it otherwise.
    from scipy.optimize import linprog

    result = linprog(
        np.concatenate([-fit[app_of, expert_of] - reward, unit_cost]),
        A_ub=per_application,
        b_ub=need,
        A_eq=per_expert,
        b_eq=np.zeros(n_experts),
        bounds=(0, 1),
        method="highs-ds",
    )
    if not result.success:  # the network is always feasible (all zeros); say so if it is not
        msg = f"the assignment solver failed: {result.message}"
        raise RuntimeError(msg)
    chosen = result.x[:n_pairs]
    if np.abs(chosen - np.rint(chosen)).max() > 1e-6:
        msg = "the assignment solver returned a fractional vertex of a network program"
        raise RuntimeError(msg)
    return np.flatnonzero(result.x[:n_pairs] > 0.5)
