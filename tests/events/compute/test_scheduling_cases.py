"""Constructed sessions: why meetings stay unplaced, broken fixed meetings, the bound, tables."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from smartregions.events.compute.scheduling import (
    REASONS,
    InfeasibleFixedError,
    Problem,
    count_breaks,
    solve,
    upper_bound,
)


def session(meetings, *, n_participants, n_slots, tables=5, available=None, **extra) -> Problem:
    available = np.ones((n_participants, n_slots), bool) if available is None else available
    return Problem(
        n_participants=n_participants,
        n_slots=n_slots,
        meetings=np.array(meetings, dtype=np.int64).reshape(-1, 2),
        tables=tables,
        available=np.asarray(available, dtype=bool),
        **extra,
    )


def fixed(m: int, **slots: int) -> np.ndarray:
    result = np.full(m, -1, dtype=np.int64)
    for key, value in slots.items():
        result[int(key[1:])] = value
    return result


@pytest.mark.parametrize(
    ("problem", "meeting", "code"),
    [
        (
            session([(0, 1)], n_participants=2, n_slots=2, available=[[1, 0], [0, 1]]),
            0,
            "no_common_slot",
        ),
        (
            session(
                [(0, 1)],
                n_participants=2,
                n_slots=2,
                available=[[1, 1], [0, 1]],
                allowed=np.array([[True, False]]),
            ),
            0,
            "not_allowed",
        ),
        (
            session([(0, 1), (2, 3)], n_participants=4, n_slots=1, tables=1, fixed=fixed(2, m0=0)),
            1,
            "tables_full",
        ),
        (
            session([(0, 1), (0, 2)], n_participants=3, n_slots=1, fixed=fixed(2, m0=0)),
            1,
            "first_busy",
        ),
        (
            session([(0, 1), (2, 0)], n_participants=3, n_slots=1, fixed=fixed(2, m0=0)),
            1,
            "second_busy",
        ),
        (
            session(
                [(0, 1), (2, 3), (0, 2)], n_participants=4, n_slots=2, fixed=fixed(3, m0=0, m1=1)
            ),
            2,
            "both_busy",
        ),
        (
            session(
                [(0, 1), (2, 3), (0, 4)],
                n_participants=5,
                n_slots=2,
                tables=1,
                fixed=fixed(3, m0=0, m1=1),
            ),
            2,
            "busy_or_full",
        ),
        (
            session(
                [(0, 1), (2, 3)],
                n_participants=4,
                n_slots=2,
                fixed=fixed(2, m0=0),
                precedences=np.array([[1, 0]]),
            ),
            1,
            "order",
        ),
    ],
)
def test_solve_says_why_a_meeting_is_unplaced(problem, meeting, code):
    schedule = solve(problem, time_limit=5)
    assert schedule.unplaced_codes == {meeting: code}
    a, b = problem.meetings[meeting].tolist()
    assert schedule.unplaced_reasons == {
        meeting: REASONS[code].format(first=f"participant {a}", second=f"participant {b}")
    }


def test_unplaced_reason_sentence_reads_well():
    problem = session([(0, 1)], n_participants=2, n_slots=2, available=[[1, 0], [0, 1]])
    schedule = solve(problem, time_limit=5)
    assert schedule.unplaced_reasons == {
        0: "participant 0 and participant 1 have no common available slot"
    }
    assert schedule.placed == 0
    assert schedule.upper_bound == 0
    assert schedule.proven_optimal


@pytest.mark.parametrize(
    ("problem", "meetings", "message"),
    [
        (
            session([(0, 1), (1, 2)], n_participants=3, n_slots=2, fixed=fixed(2, m0=1, m1=1)),
            (0, 1),
            "meetings 0 and 1 are both fixed to slot 1 and share participant 1",
        ),
        (
            session(
                [(0, 1), (2, 3)], n_participants=4, n_slots=2, tables=1, fixed=fixed(2, m0=0, m1=0)
            ),
            (0, 1),
            "meetings 0, 1 are fixed to slot 0, which has 1 tables",
        ),
        (
            session(
                [(0, 1)],
                n_participants=2,
                n_slots=2,
                available=[[1, 0], [1, 1]],
                fixed=fixed(1, m0=1),
            ),
            (0,),
            "meeting 0 is fixed to slot 1, where participant 0 is not available",
        ),
        (
            session(
                [(0, 1)],
                n_participants=2,
                n_slots=2,
                allowed=np.array([[True, False]]),
                fixed=fixed(1, m0=1),
            ),
            (0,),
            "meeting 0 is fixed to slot 1, which the meeting is not allowed in",
        ),
        (
            session(
                [(0, 1), (2, 3)],
                n_participants=4,
                n_slots=2,
                fixed=fixed(2, m0=1, m1=0),
                precedences=np.array([[0, 1]]),
            ),
            (0, 1),
            "meeting 0 must come before meeting 1, but they are fixed to slots 1 and 0",
        ),
        (
            session([(0, 1)], n_participants=2, n_slots=2, fixed=fixed(1, m0=2)),
            (0,),
            "meeting 0 is fixed to slot 2, outside 0..1",
        ),
    ],
)
def test_solve_rejects_fixed_meetings_that_conflict(problem, meetings, message):
    with pytest.raises(InfeasibleFixedError) as caught:
        solve(problem, time_limit=5)
    assert caught.value.meetings == meetings
    assert str(caught.value) == message


def test_solve_keeps_fixed_meetings_and_places_around_them():
    problem = session([(0, 1), (0, 2), (1, 2)], n_participants=3, n_slots=3, fixed=fixed(3, m1=0))
    schedule = solve(problem, time_limit=5)
    assert schedule.slot[1] == 0
    assert schedule.placed == 3
    assert sorted(schedule.slot.tolist()) == [0, 1, 2]
    # a triangle over three slots: whatever the order, one participant waits a slot
    assert schedule.breaks == 1
    assert schedule.proven_optimal


@pytest.mark.parametrize(
    ("problem", "bound"),
    [
        # a star: participant 0 has five meetings but three slots
        (session([(0, k) for k in range(1, 6)], n_participants=6, n_slots=3), 3),
        # four disjoint meetings, one slot with two tables
        (session([(0, 1), (2, 3), (4, 5), (6, 7)], n_participants=8, n_slots=1, tables=2), 2),
        # a triangle in one slot: the fractional matching is 1.5, so 1
        (session([(0, 1), (1, 2), (0, 2)], n_participants=3, n_slots=1), 1),
        # a triangle in two slots: each participant can meet twice, 3 fractional -> 3
        (session([(0, 1), (1, 2), (0, 2)], n_participants=3, n_slots=2), 2),
    ],
)
def test_upper_bound_on_constructed_sessions(problem, bound):
    assert upper_bound(problem) == bound
    assert solve(problem, time_limit=5).placed <= bound


def test_upper_bound_of_five_thousand_participants_is_cheap():
    from time import perf_counter

    from smartregions.events.compute._synthetic import synthetic_session

    problem = synthetic_session(participants=5000, requests=22000, slots=16, seed=7)
    started = perf_counter()
    bound = upper_bound(problem)
    assert perf_counter() - started < 3.0
    assert 0 < bound <= len(problem.meetings)


def test_count_breaks_respects_day_changes():
    problem = session(
        [(0, 1), (0, 2), (0, 3)],
        n_participants=4,
        n_slots=4,
        adjacent=np.array([True, False, True]),
    )
    # participant 0 in slots 0, 1 (day 1) and 2 (day 2): the day change is a break
    assert count_breaks(problem, np.array([0, 1, 2])).tolist() == [1, 0, 0, 0]
    assert count_breaks(problem, np.array([0, 1, -1])).tolist() == [0, 0, 0, 0]
    assert count_breaks(problem, np.array([0, 3, -1])).tolist() == [1, 0, 0, 0]
    with pytest.raises(ValueError, match=r"slot values must be -1 or in 0\.\.3"):
        count_breaks(problem, np.array([0, 4, -1]))


def test_tables_stay_with_a_participant_across_consecutive_meetings():
    # participant 0 meets 1, 2, 3 in slots 0, 1, 2; others fill the first tables before
    problem = session(
        [(0, 1), (4, 5), (0, 2), (6, 7), (0, 3)],
        n_participants=8,
        n_slots=3,
        tables=3,
        fixed=fixed(5, m0=0, m1=0, m2=1, m3=1, m4=2),
    )
    schedule = solve(problem, time_limit=5)
    assert schedule.table[[0, 2, 4]].tolist() == [schedule.table[0]] * 3
    assert sorted(schedule.table[[0, 1]].tolist()) == [0, 1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"meetings": np.array([[0, 0]])}, "meeting 0 has the same participant twice"),
        ({"meetings": np.array([[0, 5]])}, "meetings refer to participants outside 0..1"),
        ({"available": np.ones((2, 3), bool)}, r"available has shape \(2, 3\), expected \(2, 2\)"),
        ({"tables": np.array([1, -1])}, "tables must be >= 0"),
        ({"precedences": np.array([[0, 3]])}, "precedences refer to meetings outside 0..0"),
    ],
)
def test_solve_rejects_malformed_problems(change, message):
    base = {
        "n_participants": 2,
        "n_slots": 2,
        "meetings": np.array([[0, 1]]),
        "tables": 1,
        "available": np.ones((2, 2), bool),
    }
    with pytest.raises(ValueError, match=message):
        solve(Problem(**(base | change)), time_limit=5)


def test_scheduling_modules_import_without_django():
    modules = [
        "smartregions.events.compute.scheduling",
        "smartregions.events.compute.dzn",
        "smartregions.events.compute._synthetic",
    ]
    script = "\n".join(
        [
            "import importlib, sys",
            *[f"importlib.import_module({name!r})" for name in modules],
            "print(','.join(sorted(m for m in ('django', 'pandas') if m in sys.modules)))",
        ]
    )
    completed = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert completed.stdout.strip() == ""
