"""Exact top-k selection with a deterministic tie rule, shared by the ranking kernels."""

from __future__ import annotations

import numpy as np


def top_k_positions(scores: np.ndarray, k: int, ids: np.ndarray | None = None) -> np.ndarray:
    """Positions of the ``k`` largest ``scores``, best first, ties broken by the lower id.

    ``ids`` (default: the positions themselves) decide the order among equal scores, so the
    result never depends on how :func:`numpy.argpartition` happens to split ties. Runs in
    :math:`O(n + t \\log t)` where ``t`` is ``k`` plus the number of scores tied with the
    k-th largest. ``scores`` must be 1-D and NaN-free (callers validate); no side effects.
    """
    n = scores.shape[0]
    k = min(k, n)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    if k == n:
        candidates = np.arange(n)
    else:
        # argpartition finds *some* k largest; every score tied with the k-th largest is kept
        # as a candidate so the tie rule below, not the partition, picks among them.
        kth = scores[np.argpartition(scores, n - k)[n - k :]].min()
        candidates = np.flatnonzero(scores >= kth)
    tie_keys = candidates if ids is None else ids[candidates]
    order = np.lexsort((tie_keys, -scores[candidates]))
    return candidates[order[:k]].astype(np.int64, copy=False)
