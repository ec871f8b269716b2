r"""B2B meeting scheduling: place as many accepted meetings as possible, then fewest breaks.

A session has participants :math:`p`, slots :math:`s = 0 .. S-1` and accepted meetings
:math:`m = (a, b)`. Meeting m may use slot s when both participants are available in s and the
meeting is allowed there (morning-only or afternoon-only requests, session limits); a fixed
meeting may use only its slot. A schedule gives each meeting a slot or none, with at most one
meeting per participant and slot, at most :math:`\text{tables}_s` meetings in slot s, and
every precedence (a before b) kept when both are placed. It is judged lexicographically:

1. the number of placed meetings, maximised;
2. the total breaks, minimised, where a participant's breaks are the idle gaps between their
   meetings: the number of blocks of meetings in directly adjacent slots, minus one;
3. subject to fairness: max - min breaks over participants with at least one meeting
   :math:`\le F` (``fairness``, 2 by default). When no fair schedule is found the best unfair
   one is returned, flagged ``fair=False``.

**Upper bound.** Let :math:`c_p` be the most of p's meetings that can take distinct slots (a
maximum bipartite matching of p's meetings to their usable slots; at most the number of slots
where p can meet at all). Any schedule satisfies the fractional b-matching relaxation

.. math::

    \max \sum_m x_m \quad \text{s.t.} \quad 0 \le x_m \le 1,\;
    x_m = 0 \text{ when m has no usable slot},\;
    \sum_{m \ni p} x_m \le c_p,

solved exactly as half the maximum flow in the bipartite double cover (source -> p (:math:`c_p`)
-> q' (1 per meeting, both directions) -> sink (:math:`c_q`); Schrijver 2003, ch. 30-31) with
scipy's Dinic max flow. Every slot also holds at most
:math:`\min(\text{tables}_s, \lfloor \nu^*_s \rfloor)` meetings, where :math:`\nu^*_s` is the
fractional matching number of the meetings usable in s (the same flow with unit capacities),
which is at most half the participants who can meet in s. The bound is

.. math::

    \text{UB} = \min\Big(\lfloor \mathrm{LP} \rfloor,
                \sum_s \min(\text{tables}_s, \lfloor \nu^*_s \rfloor)\Big),

valid because each term is; it takes well under a second for 5,000 participants and 22,000
meetings. On small sessions the exact model of phase 1 (below) tightens it to the proven
maximum.

**Solver** (:func:`solve`). Phase 1 places meetings: a most-constrained-first greedy (slot
adding the fewest breaks), then a tabu search on partial schedules (:mod:`._placement`) until
the bound is reached or the search stalls, with sweeps of Kempe-chain insertions (Vizing's
augmenting step) between segments on large sessions; on small sessions (at most 20,000 meeting-slot
pairs) an exact MILP (HiGHS, :mod:`._milp`) then proves or improves the count. Phase 2 lowers
the breaks without losing a meeting. On tiny sessions (at most 600 meeting-slot pairs) the
exact breaks MILP with the placed count fixed solves it outright (with fairness; without it
only when no fair schedule exists). Otherwise simulated annealing over Kempe chains, ejection
chains and slot rotations with a penalty for unfairness (:mod:`._breaks`) runs until the
limit: one long walk on large sessions, reheated rounds on small ones. The exact model is not
used on the real events: its LP relaxation spreads meetings fractionally at zero breaks, and
HiGHS found no better schedule than the annealing in trials (forum-13: seconds per
40-meeting neighbourhood). Breaks are proven minimal when they reach 0 (or the exact model
finishes). Finally tables are numbered (a participant keeps their table across consecutive
meetings when it is free) and each unplaced meeting gets a reason.

The result is deterministic for a given seed as long as the time limit is not what stops a
phase (the searches count moves, not seconds; the limit only cuts them short).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

import numpy as np

from smartregions.events.compute._bound import upper_bound_of
from smartregions.events.compute._breaks import anneal
from smartregions.events.compute._explain import REASONS, assign_tables, explain
from smartregions.events.compute._instance import (
    InfeasibleFixedError,
    build_instance,
    is_fair,
    participant_breaks,
)
from smartregions.events.compute._milp import max_placed, min_breaks
from smartregions.events.compute._placement import (
    State,
    fill,
    greedy,
    kempe_sweep,
    tabu_search,
)

__all__ = [
    "REASONS",
    "InfeasibleFixedError",
    "Problem",
    "Schedule",
    "count_breaks",
    "solve",
    "upper_bound",
]

SMALL = 20_000  # meeting-slot pairs up to which the exact models run
EXACT = 600  # meeting-slot pairs up to which the whole breaks model is solved at once
SEGMENT = 4.0  # seconds of tabu search between Kempe sweeps on large sessions
PLACEMENT_SHARE = 0.65  # of the time limit, on large sessions, before the breaks phase
ROUND_MOVES = 400_000  # annealing moves per round on small sessions


@dataclass(frozen=True)
class Problem:
    """One matchmaking session.

    Attributes
    ----------
    n_participants, n_slots : int
    meetings : (m, 2) int ndarray
        Participant indices of each accepted meeting (0-based, the two differ).
    tables : int or (n_slots,) int ndarray
        How many meetings can run at once in each slot.
    available : (n_participants, n_slots) bool ndarray
        Slots each participant can attend (forbidden slots are False).
    allowed : (m, n_slots) bool ndarray or None
        Slots each meeting may use (morning / afternoon requests, session limits); None = all.
    fixed : (m,) int ndarray or None
        Slot a meeting must keep (locked or fixed meetings), -1 = free; None = none fixed.
    precedences : (k, 2) int ndarray or None
        Meeting pairs ``(a, b)``: when both are placed, a's slot is before b's.
    adjacent : (n_slots - 1,) bool ndarray or None
        Whether slot s + 1 directly follows slot s (False across a day change);
        None = all consecutive.
    """

    n_participants: int
    n_slots: int
    meetings: np.ndarray
    tables: int | np.ndarray
    available: np.ndarray
    allowed: np.ndarray | None = None
    fixed: np.ndarray | None = None
    precedences: np.ndarray | None = None
    adjacent: np.ndarray | None = None


@dataclass(frozen=True)
class Schedule:
    """A solved schedule.

    Attributes
    ----------
    slot : (m,) int64 ndarray
        Slot of each meeting, -1 when unplaced.
    table : (m,) int64 ndarray
        Table (0-based, < tables[slot]) of each placed meeting, -1 when unplaced.
    placed : int
    upper_bound : int
        An upper bound on how many meetings any schedule can place (the proven maximum when
        the exact model finished).
    breaks : int
        Total breaks: per participant, consecutive meetings not in adjacent slots.
    breaks_per_participant : (n_participants,) int64 ndarray
    fair : bool
        Whether max - min breaks over participants with meetings is <= the fairness limit.
    unplaced_reasons : dict[int, str]
        For each unplaced meeting index, why, as an English sentence naming the participants
        "participant 12" (the template is ``REASONS[unplaced_codes[m]]``, so a caller can
        format it with real names).
    proven_optimal : bool
        Whether placed == upper_bound and the breaks are proven minimal.
    elapsed : float
        Seconds spent.
    unplaced_codes : dict[int, str]
        For each unplaced meeting index, the reason as a code, a key of :data:`REASONS`:
        ``no_common_slot``, ``not_allowed``, ``order``, ``first_busy``, ``second_busy``,
        ``both_busy``, ``tables_full``, ``busy_or_full``, ``busy_full_or_order``.
    found_at : float
        Seconds after the start when the returned schedule was found.
    breaks_lower_bound : int
        A proven lower bound on the breaks of any fair schedule with ``placed`` meetings
        (0 unless the exact model proved more).
    """

    slot: np.ndarray
    table: np.ndarray
    placed: int
    upper_bound: int
    breaks: int
    breaks_per_participant: np.ndarray
    fair: bool
    unplaced_reasons: dict[int, str] = field(default_factory=dict)
    proven_optimal: bool = False
    elapsed: float = 0.0
    unplaced_codes: dict[int, str] = field(default_factory=dict)
    found_at: float = 0.0
    breaks_lower_bound: int = 0


def count_breaks(problem: Problem, slot: np.ndarray) -> np.ndarray:
    """Breaks per participant for a slot assignment (-1 = unplaced).

    A participant's breaks are their blocks of meetings in directly adjacent slots minus one
    (0 without meetings). Raises ``ValueError`` when ``slot`` has the wrong shape or a slot out
    of range; it does not check the other constraints.
    """
    meetings = np.asarray(problem.meetings, dtype=np.int64).reshape(-1, 2)
    slot = np.asarray(slot, dtype=np.int64)
    n_s = int(problem.n_slots)
    if slot.shape != (meetings.shape[0],):
        msg = f"slot has shape {slot.shape}, expected ({meetings.shape[0]},)"
        raise ValueError(msg)
    if slot.size and (slot.min() < -1 or slot.max() >= n_s):
        msg = f"slot values must be -1 or in 0..{n_s - 1}"
        raise ValueError(msg)
    busy = np.zeros((int(problem.n_participants), n_s), dtype=bool)
    placed = slot >= 0
    busy[meetings[placed, 0], slot[placed]] = True
    busy[meetings[placed, 1], slot[placed]] = True
    adjacent = np.ones(n_s - 1, dtype=bool) if problem.adjacent is None else problem.adjacent
    continues = np.zeros_like(busy)
    continues[:, 1:] = busy[:, :-1] & np.asarray(adjacent, dtype=bool)
    starts = (busy & ~continues).sum(axis=1)
    return np.maximum(starts - 1, 0).astype(np.int64)


def upper_bound(problem: Problem) -> int:
    """An upper bound on placed meetings (fractional b-matching with table capacity).

    See the module docstring for the maths. Raises ``ValueError`` (or
    ``InfeasibleFixedError``) on an invalid problem. No side effects.
    """
    return upper_bound_of(build_instance(problem))


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    fairness: int | None = 2,
    seed: int = 0,
) -> Schedule:
    """Place the most meetings, then minimise total breaks (fairly).

    Fixed meetings keep their slot; a fixed set that itself conflicts raises
    ``InfeasibleFixedError`` naming the meetings. ``time_limit`` is wall-clock seconds for
    everything (bound included); the search stops earlier when the schedule is proven optimal.
    Raises ``ValueError`` on an invalid problem. No side effects.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    instance = build_instance(problem)
    rng = random.Random(seed)  # noqa: S311 - a seeded search, not cryptography
    bound = upper_bound_of(instance)
    small = int(instance.feasible_matrix.sum()) <= SMALL
    clock = _Clock(started)

    state = State(instance)
    greedy(state, rng)
    clock.found()
    placed_proven = state.placed >= bound
    if not placed_proven:
        share = 0.3 if small else PLACEMENT_SHARE
        stall = 500 + 20 * instance.n_meetings if small else 5_000 + 4 * instance.n_meetings
        phase_end = started + share * time_limit
        while True:
            # small sessions: one tabu run (ends on stall); large: segments, each followed by
            # a sweep of Kempe-chain insertions from the best schedule so far
            before = state.placed
            segment_end = phase_end if small else min(phase_end, time.perf_counter() + SEGMENT)
            best = tabu_search(state, bound=bound, rng=rng, deadline=segment_end, stall=stall)
            state.load(best)  # the walk may have ended below its best
            fill(state)
            kempe_sweep(state, deadline=phase_end)
            if state.placed > before:
                clock.found()
            stalled = time.perf_counter() < segment_end
            if small or stalled or state.placed >= bound or time.perf_counter() >= phase_end:
                break
        placed_proven = state.placed >= bound
    if not placed_proven and small:
        exact = max_placed(instance, time_limit=0.5 * (deadline - time.perf_counter()))
        if exact.slots is not None and sum(1 for s in exact.slots if s >= 0) > state.placed:
            state.load(exact.slots)
            clock.found()
        if exact.optimal:
            bound, placed_proven = state.placed, True
        elif exact.dual_bound < np.inf:
            bound = min(bound, int(np.floor(exact.dual_bound + 1e-6)))

    pairs = int(instance.feasible_matrix.sum())
    if pairs <= EXACT:
        slots, breaks, fair, found_at, lower, breaks_proven = _exact_breaks(
            instance, state, fairness=fairness, rng=rng, deadline=deadline, started=started
        )
        found_at = max(found_at, clock.at)
    else:
        slots, breaks, fair, found_at = _annealed_breaks(
            state, fairness=fairness, rng=rng, deadline=deadline, started=started, small=small
        )
        found_at = max(found_at, clock.at)
        lower, breaks_proven = 0, fair and breaks == 0

    slot = np.asarray(slots, dtype=np.int64)
    placed = int((slot >= 0).sum())
    per_participant = count_breaks(problem, slot)
    codes, sentences = explain(instance, slots)
    return Schedule(
        slot=slot,
        table=assign_tables(instance, slots),
        placed=placed,
        upper_bound=int(bound),
        breaks=int(per_participant.sum()),
        breaks_per_participant=per_participant,
        fair=bool(fair),
        unplaced_reasons=sentences,
        proven_optimal=bool(placed_proven and placed >= bound and breaks_proven),
        elapsed=time.perf_counter() - started,
        unplaced_codes=codes,
        found_at=found_at,
        breaks_lower_bound=int(lower),
    )


def _annealed_breaks(
    state: State,
    *,
    fairness: int | None,
    rng: random.Random,
    deadline: float,
    started: float,
    small: bool,
) -> tuple[list[int], int, bool, float]:
    """Anneal in rounds until the deadline or 0 fair breaks; keep the best schedule seen.

    Large sessions get one long round; small ones rounds of ``ROUND_MOVES``, each reheating
    and going on from where the previous walk ended (restarting from the best schedule got
    stuck more often in the trials on the forum-13 events).
    Returns (slots, breaks, fair, seconds when found).
    """
    found = {"at": 0.0}

    def on_best(_breaks: int, _fair: bool) -> None:
        found["at"] = time.perf_counter() - started

    moves = ROUND_MOVES if small else 300 * state.placed
    best_slots, best_breaks, best_fair = state.slot[:], None, False
    best_at = time.perf_counter() - started
    while time.perf_counter() < deadline:
        slots, breaks, fair = anneal(
            state, fairness=fairness, rng=rng, deadline=deadline, moves=moves, on_best=on_best
        )
        if best_breaks is None or (not fair, breaks) < (not best_fair, best_breaks):
            best_slots, best_breaks, best_fair, best_at = slots, breaks, fair, found["at"]
        if (best_fair and best_breaks == 0) or not small:
            break
    if best_breaks is None:  # no time left at all: keep the placement as it is
        best_breaks = sum(participant_breaks(state.instance, best_slots))
        best_fair = is_fair(state.instance, best_slots, fairness)
    return best_slots, best_breaks, best_fair, best_at


def _exact_breaks(
    instance,
    state: State,
    *,
    fairness: int | None,
    rng: random.Random,
    deadline: float,
    started: float,
) -> tuple[list[int], int, bool, float, int, bool]:
    """Tiny sessions: the exact breaks model from the placement (kept if the model finds none).

    Returns (slots, breaks, fair, seconds when found, lower bound, proven).
    """
    del rng
    slots = state.slot[:]
    breaks = sum(participant_breaks(instance, slots))
    fair = is_fair(instance, slots, fairness)
    found_at = time.perf_counter() - started
    if fair and breaks == 0:
        return slots, breaks, fair, found_at, 0, True
    placed = sum(1 for s in slots if s >= 0)
    exact = min_breaks(
        instance, placed=placed, fairness=fairness, time_limit=deadline - time.perf_counter()
    )
    fair_possible = not (exact.infeasible and fairness is not None)
    if not fair_possible:
        exact = min_breaks(
            instance, placed=placed, fairness=None, time_limit=deadline - time.perf_counter()
        )
    if exact.slots is not None:
        value = sum(participant_breaks(instance, exact.slots))
        exact_fair = fair_possible and is_fair(instance, exact.slots, fairness)
        if (not exact_fair, value) < (not fair, breaks):
            slots, breaks, fair = exact.slots, value, exact_fair
            found_at = time.perf_counter() - started
    lower, proven = 0, False
    if exact.optimal and (fair or fairness is None or not fair_possible):
        lower, proven = breaks, fair_possible
    elif fair_possible:
        lower = max(0, int(np.ceil(exact.dual_bound - 1e-6)))
    if fair and breaks <= lower:
        proven = True
    return slots, breaks, fair, found_at, lower, proven


class _Clock:
    def __init__(self, started: float) -> None:
        self.started, self.at = started, 0.0

    def found(self) -> None:
        self.at = time.perf_counter() - self.started
