"""The reviewer-assignment kernel: constraints, most reviews, optimality, balance and errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.sparse.csgraph import maximum_flow

from smartregions.calls.compute import solve_assignment


@st.composite
def instances(draw, max_apps=6, max_experts=6):
    n_apps = draw(st.integers(0, max_apps))
    n_experts = draw(st.integers(0, max_experts))
    cells = n_apps * n_experts
    fit = np.array(
        draw(
            st.lists(
                st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8, 1.0]), min_size=cells, max_size=cells
            )
        )
    ).reshape(n_apps, n_experts)
    allowed = np.array(draw(st.lists(st.booleans(), min_size=cells, max_size=cells)), bool)
    allowed = allowed.reshape(n_apps, n_experts)
    need = np.array(draw(st.lists(st.integers(0, 3), min_size=n_apps, max_size=n_apps)), int)
    capacity = np.array(
        draw(st.lists(st.integers(0, 3), min_size=n_experts, max_size=n_experts)), int
    )
    held = np.array(draw(st.lists(st.integers(0, 4), min_size=n_experts, max_size=n_experts)), int)
    balance = draw(st.sampled_from([0.0, 0.05, 0.3]))
    return fit, allowed, need, capacity, held, balance


def max_flow_value(allowed, need, capacity) -> int:
    """The most reviews possible, by scipy's maximum flow on source -> apps -> experts -> sink."""
    n_apps, n_experts = allowed.shape
    source, sink = n_apps + n_experts, n_apps + n_experts + 1
    rows, cols, caps = [], [], []
    for a in range(n_apps):
        rows.append(source), cols.append(a), caps.append(need[a])
    for a, e in zip(*np.nonzero(allowed), strict=True):
        rows.append(a), cols.append(n_apps + e), caps.append(1)
    for e in range(n_experts):
        rows.append(n_apps + e), cols.append(sink), caps.append(capacity[e])
    graph = sparse.csr_array((np.array(caps, np.int32), (rows, cols)), shape=(sink + 1, sink + 1))
    return int(maximum_flow(graph, source, sink).flow_value)


def objective(pairs, fit, held, balance) -> float:
    """The second-priority objective: minus the fit plus the balance cost of the new load."""
    load = np.bincount([e for _, e in pairs], minlength=held.size)
    return -sum(fit[a, e] for a, e in pairs) + balance * float(((held + load) ** 2 - held**2).sum())


@settings(max_examples=300, deadline=None)
@given(instances())
def test_solve_assignment_respects_every_constraint(instance):
    fit, allowed, need, capacity, held, balance = instance

    result = solve_assignment(fit, allowed, need, capacity, held=held, balance=balance)

    pairs = [tuple(p) for p in result.pairs]
    assert len(set(pairs)) == len(pairs)
    assert all(allowed[a, e] for a, e in pairs)
    per_app = np.bincount([a for a, _ in pairs], minlength=need.size)
    per_expert = np.bincount([e for _, e in pairs], minlength=capacity.size)
    assert (per_app <= need).all()
    assert (per_expert <= capacity).all()
    assert result.assigned.tolist() == per_app.tolist()
    assert result.shortfall.tolist() == (need - per_app).tolist()
    assert result.load.tolist() == (held + per_expert).tolist()
    assert result.eligible.tolist() == allowed.sum(axis=1).tolist()
    assert result.total_fit == pytest.approx(sum(fit[a, e] for a, e in pairs))


@settings(max_examples=300, deadline=None)
@given(instances(max_apps=8, max_experts=8))
def test_solve_assignment_makes_as_many_reviews_as_a_maximum_flow(instance):
    fit, allowed, need, capacity, held, balance = instance

    result = solve_assignment(fit, allowed, need, capacity, held=held, balance=balance)

    assert len(result.pairs) == max_flow_value(allowed, need, capacity)


@settings(max_examples=200, deadline=None)
@given(instances(max_apps=3, max_experts=3))
def test_solve_assignment_is_optimal_against_brute_force(instance):
    fit, allowed, need, capacity, held, balance = instance
    candidates = list(zip(*np.nonzero(allowed), strict=True))
    feasible = []
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            per_app = np.bincount([a for a, _ in subset], minlength=need.size)
            per_expert = np.bincount([e for _, e in subset], minlength=capacity.size)
            if (per_app <= need).all() and (per_expert <= capacity).all():
                feasible.append(subset)
    most = max(len(subset) for subset in feasible)
    best = min(objective(s, fit, held, balance) for s in feasible if len(s) == most)

    result = solve_assignment(fit, allowed, need, capacity, held=held, balance=balance)

    pairs = [tuple(p) for p in result.pairs]
    assert len(pairs) == most
    assert objective(pairs, fit, held, balance) == pytest.approx(best, abs=1e-9)


def test_solve_assignment_gives_each_application_its_best_experts():
    fit = np.array([[0.9, 0.1, 0.5], [0.2, 0.7, 0.6]])

    result = solve_assignment(fit, np.ones((2, 3), bool), [2, 1], [2, 2, 2], balance=0.0)

    assert result.pairs.tolist() == [[0, 0], [0, 2], [1, 1]]
    assert result.total_fit == pytest.approx(2.1)


def test_solve_assignment_balances_load_when_fit_is_equal():
    fit = np.full((6, 3), 0.5)

    result = solve_assignment(fit, np.ones((6, 3), bool), [2] * 6, [10, 10, 10])

    assert result.load.tolist() == [4, 4, 4]


def test_solve_assignment_counts_reviews_already_held_in_the_balance():
    fit = np.full((2, 3), 0.5)

    result = solve_assignment(
        fit, np.ones((2, 3), bool), [1, 1], [5, 5, 5], held=[3, 0, 0], balance=0.05
    )

    assert result.load.tolist() == [3, 1, 1]


def test_solve_assignment_trades_fit_for_balance_by_the_balance_weight():
    # Expert 0 fits both applications better by 0.1; giving it the second review costs
    # 2 * balance * (2 - 1) more load cost than giving that review to expert 1.
    fit = np.array([[0.6, 0.5], [0.6, 0.5]])
    allowed = np.ones((2, 2), bool)

    fit_wins = solve_assignment(fit, allowed, [1, 1], [2, 2], balance=0.01)
    balance_wins = solve_assignment(fit, allowed, [1, 1], [2, 2], balance=0.1)

    assert fit_wins.load.tolist() == [2, 0]
    assert balance_wins.load.tolist() == [1, 1]


def test_solve_assignment_prefers_more_reviews_over_better_fit():
    # Giving application 0 its best expert (0) would leave application 1 without a reviewer.
    fit = np.array([[1.0, 0.0], [0.0, 0.0]])
    allowed = np.array([[True, True], [True, False]])

    result = solve_assignment(fit, allowed, [1, 1], [1, 1])

    assert result.pairs.tolist() == [[0, 1], [1, 0]]


def test_solve_assignment_reports_shortfall_from_exclusions_and_from_capacity():
    allowed = np.array([[True, False, False], [True, True, True]])

    result = solve_assignment(np.zeros((2, 3)), allowed, [2, 3], [1, 1, 0])

    assert result.assigned.tolist() == [1, 1]
    assert result.shortfall.tolist() == [1, 2]
    # Application 0 has one allowed expert for two places; application 1 has three, but one
    # is full and another went to application 0.
    assert result.eligible.tolist() == [1, 3]


@pytest.mark.parametrize(("n_apps", "n_experts"), [(0, 0), (0, 3), (3, 0)])
def test_solve_assignment_accepts_empty_sides(n_apps, n_experts):
    result = solve_assignment(
        np.zeros((n_apps, n_experts)),
        np.ones((n_apps, n_experts), bool),
        [1] * n_apps,
        [1] * n_experts,
    )

    assert result.pairs.shape == (0, 2)
    assert result.shortfall.tolist() == [1] * n_apps
    assert result.load.tolist() == [0] * n_experts


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fit": np.zeros(3)}, "must be 2-D"),
        ({"allowed": np.ones((2, 3), bool)}, "must be 2-D of the same shape"),
        ({"fit": np.full((2, 2), 1.5)}, r"fit must lie in \[0, 1\]"),
        ({"fit": np.full((2, 2), np.nan)}, r"fit must lie in \[0, 1\]"),
        ({"need": [1, -1]}, "need must hold non-negative integers"),
        ({"need": [1.5, 1]}, "need must hold non-negative integers"),
        ({"need": [1]}, r"need has shape \(1,\), expected \(2,\)"),
        ({"capacity": [1, 1, 1]}, r"capacity has shape"),
        ({"held": [-1, 0]}, "held must hold non-negative integers"),
        ({"balance": -0.1}, "balance must be >= 0"),
    ],
)
def test_solve_assignment_refuses_bad_input(kwargs, message):
    arguments = {
        "fit": np.zeros((2, 2)),
        "allowed": np.ones((2, 2), bool),
        "need": [1, 1],
        "capacity": [1, 1],
        **kwargs,
    }
    balance = arguments.pop("balance", 0.05)
    held = arguments.pop("held", None)

    with pytest.raises(ValueError, match=message):
        solve_assignment(**arguments, held=held, balance=balance)
