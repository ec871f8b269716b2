"""Random small sessions: every schedule is feasible, bounded, counted right and reproducible;
on tiny ones it is the brute-force optimum."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartregions.events.compute.scheduling import Problem, count_breaks, solve, upper_bound
from tests.events.compute.conftest import breaks_by_hand, brute_force, violations

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw, max_participants=6, max_slots=5, max_meetings=9):
    n_p = draw(st.integers(2, max_participants))
    n_s = draw(st.integers(1, max_slots))
    m = draw(st.integers(0, max_meetings))
    pairs = [draw(st.tuples(st.integers(0, n_p - 1), st.integers(0, n_p - 2))) for _ in range(m)]
    meetings = np.array([(a, b if b < a else b + 1) for a, b in pairs], dtype=np.int64)
    meetings = meetings.reshape(m, 2)
    tables = np.array(draw(st.lists(st.integers(0, 3), min_size=n_s, max_size=n_s)))
    available = np.array(
        draw(st.lists(st.booleans() | st.just(True), min_size=n_p * n_s, max_size=n_p * n_s))
    ).reshape(n_p, n_s)
    allowed = None
    if draw(st.booleans()):
        allowed = np.array(
            draw(st.lists(st.booleans() | st.just(True), min_size=m * n_s, max_size=m * n_s))
        ).reshape(m, n_s)
    adjacent = None
    if n_s > 1 and draw(st.booleans()):
        adjacent = np.array(draw(st.lists(st.booleans(), min_size=n_s - 1, max_size=n_s - 1)))
    precedences = None
    if m >= 2 and draw(st.booleans()):
        k = draw(st.integers(1, 3))
        chosen = [draw(st.tuples(st.integers(0, m - 1), st.integers(0, m - 1))) for _ in range(k)]
        precedences = np.array([(a, b) for a, b in chosen if a != b] or [(0, 1)], dtype=np.int64)
    fixed = None
    if m and draw(st.booleans()):
        # fix a few meetings where they are certainly allowed together: distinct slots, free
        fixed = np.full(m, -1, dtype=np.int64)
        used = set()
        for meeting in draw(st.lists(st.integers(0, m - 1), max_size=2, unique=True)):
            a, b = meetings[meeting]
            for s in range(n_s):
                ok = available[a, s] and available[b, s] and tables[s] > 0
                ok = ok and (allowed is None or allowed[meeting, s]) and s not in used
                if ok:
                    fixed[meeting] = s
                    used.add(s)
                    break
        if precedences is not None:
            keep = [
                (a, b) for a, b in precedences.tolist() if not (fixed[a] >= 0 and fixed[b] >= 0)
            ]
            precedences = np.array(keep, dtype=np.int64).reshape(-1, 2) if keep else None
    return Problem(
        n_participants=n_p,
        n_slots=n_s,
        meetings=meetings,
        tables=tables,
        available=available,
        allowed=allowed,
        fixed=fixed,
        precedences=precedences,
        adjacent=adjacent,
    )


@SETTINGS
@given(problems())
def test_solve_returns_a_feasible_bounded_schedule(problem):
    schedule = solve(problem, time_limit=10, seed=3)
    assert violations(problem, schedule.slot) == []
    assert schedule.placed == int((schedule.slot >= 0).sum())
    assert schedule.placed <= schedule.upper_bound <= upper_bound(problem)
    assert (
        schedule.breaks_per_participant.tolist() == breaks_by_hand(problem, schedule.slot).tolist()
    )
    assert schedule.breaks == int(schedule.breaks_per_participant.sum())
    placed = schedule.slot >= 0
    assert ((schedule.table >= 0) == placed).all()
    for s in range(problem.n_slots):
        tables_here = schedule.table[schedule.slot == s]
        assert len(set(tables_here.tolist())) == tables_here.size
        assert (tables_here < np.broadcast_to(problem.tables, (problem.n_slots,))[s]).all()
    assert set(schedule.unplaced_reasons) == set(np.flatnonzero(~placed).tolist())
    assert set(schedule.unplaced_codes) == set(schedule.unplaced_reasons)


@SETTINGS
@given(problems(), st.integers(0, 5))
def test_solve_is_deterministic_for_a_seed(problem, seed):
    first = solve(problem, time_limit=10, seed=seed)
    second = solve(problem, time_limit=10, seed=seed)
    assert first.slot.tolist() == second.slot.tolist()
    assert first.table.tolist() == second.table.tolist()


@SETTINGS
@given(problems(max_participants=5, max_slots=4, max_meetings=7), st.sampled_from([None, 0, 1]))
def test_solve_matches_brute_force_on_tiny_sessions(problem, fairness):
    placed, breaks, fair = brute_force(problem, fairness)
    schedule = solve(problem, time_limit=10, fairness=fairness)
    assert schedule.placed == placed
    assert schedule.fair == fair
    assert schedule.breaks == breaks
    assert upper_bound(problem) >= placed


@SETTINGS
@given(problems(), st.data())
def test_count_breaks_matches_a_walk_over_sorted_slots(problem, data):
    m = len(problem.meetings)
    slot = np.array(
        data.draw(st.lists(st.integers(-1, problem.n_slots - 1), min_size=m, max_size=m)),
        dtype=np.int64,
    )
    assert count_breaks(problem, slot).tolist() == breaks_by_hand(problem, slot).tolist()
