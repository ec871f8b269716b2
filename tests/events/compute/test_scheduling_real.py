"""The published real events: every meeting placed and no idle gap (the published optimum)."""

from __future__ import annotations

from smartregions.events.compute.dzn import read_dzn
from smartregions.events.compute.scheduling import solve
from tests.events.compute.conftest import violations


def test_tic_12_places_everything_without_breaks_and_proves_it(b2b_dir):
    problem = read_dzn(b2b_dir / "tic-12.original.dzn")
    schedule = solve(problem, time_limit=20, seed=0)
    assert violations(problem, schedule.slot) == []
    assert schedule.placed == schedule.upper_bound == 125
    assert schedule.breaks == 0
    assert schedule.fair
    assert schedule.proven_optimal
    assert schedule.unplaced_reasons == {}


def test_forum_13_places_everything_without_breaks(b2b_dir):
    # the annealing reaches the optimum 0 within seconds for most seeds (seed 4: about 5 s)
    problem = read_dzn(b2b_dir / "forum-13.original.dzn")
    schedule = solve(problem, time_limit=60, seed=4)
    assert violations(problem, schedule.slot) == []
    assert schedule.placed == 154
    assert schedule.breaks == 0
    assert schedule.breaks_per_participant.max() == 0
    assert schedule.proven_optimal
