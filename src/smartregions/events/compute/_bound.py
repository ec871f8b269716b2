"""The upper bound on placed meetings (see the :mod:`.scheduling` docstring for the maths)."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import maximum_bipartite_matching, maximum_flow

from smartregions.events.compute._instance import Instance


def participant_capacity(instance: Instance) -> np.ndarray:
    """Per participant, the most of their meetings that can take distinct feasible slots.

    A maximum bipartite matching between the participant's meetings and the slots (an edge when
    the meeting may use the slot), computed for everyone at once as one block-diagonal matching.
    """
    n_p, n_s = instance.n_participants, instance.n_slots
    feasible = instance.feasible_matrix
    rows, slots = np.nonzero(feasible)
    if rows.size == 0:
        return np.zeros(n_p, dtype=np.int64)
    first = np.asarray(instance.first, dtype=np.int64)
    second = np.asarray(instance.second, dtype=np.int64)
    # incidence i = (meeting, side): row 2m for the first participant, 2m + 1 for the second
    who = np.concatenate([first[rows], second[rows]])
    incidence = np.concatenate([2 * rows, 2 * rows + 1])
    columns = who * n_s + np.concatenate([slots, slots])
    graph = sparse.csr_matrix(
        (np.ones(incidence.size, dtype=np.int8), (incidence, columns)),
        shape=(2 * instance.n_meetings, n_p * n_s),
    )
    matched = maximum_bipartite_matching(graph, perm_type="column")
    owner = np.empty(2 * instance.n_meetings, dtype=np.int64)
    owner[0::2], owner[1::2] = first, second
    return np.bincount(owner[matched >= 0], minlength=n_p).astype(np.int64)


def fractional_b_matching(
    first: np.ndarray, second: np.ndarray, capacity: np.ndarray, n_participants: int
) -> int:
    """Twice the optimum of max sum x_e, 0 <= x_e <= 1, sum_{e at p} x_e <= capacity_p.

    Solved exactly as a maximum flow on the bipartite double cover (each participant once on
    the left, once on the right, each meeting an arc both ways): a flow f gives the feasible
    x_e = (f(a->b') + f(b->a')) / 2 and an LP solution x gives the flow f = x on both arcs, so
    the LP optimum is half the maximum flow. Returns the flow (an integer).
    """
    if first.size == 0:
        return 0
    n = n_participants
    source, sink = 2 * n, 2 * n + 1
    left = np.arange(n)
    tails = np.concatenate([np.full(n, source), first, second, n + left])
    heads = np.concatenate([left, n + second, n + first, np.full(n, sink)])
    caps = np.concatenate([capacity, np.ones(2 * first.size, np.int64), capacity])
    graph = sparse.csr_matrix((caps.astype(np.int32), (tails, heads)), shape=(2 * n + 2, 2 * n + 2))
    return int(maximum_flow(graph, source, sink, method="dinic").flow_value)


def double_cover_matching(first: np.ndarray, second: np.ndarray, n_participants: int) -> int:
    """Twice the fractional matching number: a maximum matching of the bipartite double cover.

    The same flow as :func:`fractional_b_matching` with unit capacities, computed with
    Hopcroft-Karp, which is much faster than a general maximum flow.
    """
    rows = np.concatenate([first, second])
    cols = np.concatenate([second, first])
    graph = sparse.csr_matrix(
        (np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(n_participants, n_participants)
    )
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def upper_bound_of(instance: Instance) -> int:
    """min(floor(b-matching LP), sum_s min(tables_s, floor(fractional matching of slot s)))."""
    feasible = instance.feasible_matrix
    usable = feasible.any(axis=1)
    first = np.asarray(instance.first, dtype=np.int64)
    second = np.asarray(instance.second, dtype=np.int64)
    capacity = participant_capacity(instance)
    total = fractional_b_matching(first[usable], second[usable], capacity, instance.n_participants)
    limit = total // 2
    # cheap per-slot caps first: tables, meetings usable in the slot, half its participants
    cheap = []
    for slot in range(instance.n_slots):
        here = feasible[:, slot]
        people = np.unique(np.concatenate([first[here], second[here]])).size
        cheap.append(min(instance.tables[slot], int(here.sum()), people // 2))
    if sum(cheap) >= limit:
        return int(limit)  # the matching flows could only lower terms that do not bind
    per_slot = 0
    for slot in range(instance.n_slots):
        here = feasible[:, slot]
        if cheap[slot] == 0:
            continue
        twice = double_cover_matching(first[here], second[here], instance.n_participants)
        per_slot += min(cheap[slot], twice // 2)
    return int(min(limit, per_slot))
