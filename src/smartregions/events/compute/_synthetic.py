"""Seeded synthetic B2B sessions for the benchmark and the tests.

Participants have a heavy-tailed popularity (Pareto weights, shape 1.2: a few are asked by
many); each requests meetings with partners drawn by popularity, and a request is accepted
while both sides stay within ``1.5 x slots`` accepted meetings. Each participant is available
in one contiguous block of 60-100 % of the slots (uniform length and position). Tables are
either ample (half the participants: never the limit) or binding: ``table_share`` of what a
slot could hold, the smaller of the accepted meetings per slot (all meetings spread evenly)
and half the participants available in it.
"""

from __future__ import annotations

import numpy as np

from smartregions.events.compute.scheduling import Problem

PARETO_SHAPE = 1.2


def synthetic_session(
    *,
    participants: int,
    requests: int,
    slots: int,
    seed: int,
    table_share: float | None = None,
) -> Problem:
    """A session with about ``requests`` accepted meetings (fewer when the caps bind).

    ``table_share`` None gives ample tables (``participants // 2`` per slot).
    """
    rng = np.random.default_rng(seed)
    weight = rng.pareto(PARETO_SHAPE, participants) + 1.0
    weight /= weight.sum()
    cap = int(1.5 * slots)
    degree = np.zeros(participants, dtype=np.int64)
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    batch = 4 * requests
    tries = 0
    while len(pairs) < requests and tries < 20:
        tries += 1
        askers = rng.integers(0, participants, batch)  # anyone asks...
        asked = rng.choice(participants, size=batch, p=weight)  # ...the popular are asked
        for a, b in zip(askers.tolist(), asked.tolist(), strict=True):
            key = (min(a, b), max(a, b))
            if a == b or key in seen or degree[a] >= cap or degree[b] >= cap:
                continue
            seen.add(key)
            pairs.append((a, b))
            degree[a] += 1
            degree[b] += 1
            if len(pairs) == requests:
                break
    meetings = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    length = rng.integers(int(np.ceil(0.6 * slots)), slots + 1, participants)
    start = (rng.random(participants) * (slots - length + 1)).astype(np.int64)
    columns = np.arange(slots)
    available = (columns >= start[:, None]) & (columns < (start + length)[:, None])
    if table_share is None:
        tables = np.full(slots, max(participants // 2, 1), dtype=np.int64)
    else:
        could = np.minimum(len(pairs) / slots, available.sum(axis=0) // 2)
        tables = np.maximum(1, np.floor(table_share * could)).astype(np.int64)
    return Problem(
        n_participants=participants,
        n_slots=slots,
        meetings=meetings,
        tables=tables,
        available=available,
    )
