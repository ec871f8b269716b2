r"""Vectorised kernels of the region partner finder: every candidate, many queries at once.

Pure numpy/scipy (no Django, no I/O). The finder scores candidate regions ``s`` for a focal
region ``r`` and a query ``q`` on components in [0, 1]:

* **codes** -- weighted Jaccard overlap of the query's code set and the candidate's declared
  codes, both expanded with their ancestors (:func:`expand_with_ancestors`,
  :func:`weighted_jaccard`); equal to :func:`~smartregions.matching.compute.scoring.code_overlap`
  with the same ``ancestors`` and ``depth_weight``, for all queries and candidates in two
  sparse products;
* **text** -- the best cosine between the query text and any of the candidate's priorities
  (:func:`best_per_owner` over a queries x priorities cosine matrix);
* **complementarity**, **relatedness**, **similarity** -- from the evidence matrices
  (:func:`relatedness`, :func:`structural_similarity`; complementarity is
  :func:`smartregions.analytics.compute.complementarity.complementarity`);
* **ties** -- :func:`tie_strength` of the count of cooperation ties.

:func:`combine_rows` and :func:`top_k_rows` turn the components of many queries into ranked
candidates with the formula of :func:`~smartregions.matching.compute.scoring.combine`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy import sparse

from smartregions.analytics.compute.similarity import weighted_distances, zscores


def incidence(rows: list[list[int]], n_columns: int) -> sparse.csr_matrix:
    """A 0/1 CSR matrix with a 1 at ``(i, j)`` for every ``j`` in ``rows[i]`` (duplicates once)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(row) for row in rows])
    indices = np.fromiter((j for row in rows for j in row), dtype=np.int64, count=int(indptr[-1]))
    matrix = sparse.csr_matrix(
        (np.ones(indices.size), indices, indptr), shape=(len(rows), n_columns)
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def unique_rows(matrix: sparse.spmatrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The distinct rows of a 0/1 sparse matrix and, per row, the index of its distinct row.

    Many queries share a selection (every region without a priority in a thematic area falls
    back to the same platform-wide selection), so kernels run on the distinct rows and the
    results are gathered back with the inverse index. One pass over the rows.
    """
    csr = sparse.csr_matrix(matrix)
    csr.sort_indices()
    seen: dict[bytes, int] = {}
    inverse = np.empty(csr.shape[0], dtype=np.int64)
    keep: list[int] = []
    for row in range(csr.shape[0]):
        key = csr.indices[csr.indptr[row] : csr.indptr[row + 1]].tobytes()
        position = seen.get(key)
        if position is None:
            position = seen[key] = len(keep)
            keep.append(row)
        inverse[row] = position
    return csr[keep], inverse


def expand_with_ancestors(matrix: sparse.spmatrix, parent: np.ndarray) -> sparse.csr_matrix:
    """Add every ancestor of each set column to the row: the hierarchy closure of code sets.

    ``parent[j]`` is the column of code ``j``'s parent, or -1 for a top-level code. Walks the
    hierarchy one level per sparse product until no new ancestor appears (NACE: 3 steps).
    Raises ``ValueError`` when ``parent`` has a cycle. Returns a 0/1 CSR copy.
    """
    n = parent.shape[0]
    has_parent = parent >= 0
    up = sparse.csr_matrix(
        (np.ones(int(has_parent.sum())), (np.flatnonzero(has_parent), parent[has_parent])),
        shape=(n, n),
    )
    closure = sparse.csr_matrix(matrix, dtype=np.float64, copy=True)
    frontier = closure
    for _ in range(n + 1):
        frontier = frontier @ up
        if frontier.nnz == 0:
            closure.data[:] = 1.0
            return closure
        closure = closure + frontier
    msg = "the code hierarchy has a cycle"
    raise ValueError(msg)


def weighted_jaccard(
    queries: sparse.spmatrix, candidates: sparse.spmatrix, weights: np.ndarray
) -> np.ndarray:
    r"""Weighted Jaccard index of every query row with every candidate row (0/1 matrices).

    .. math:: J_w(Q, C) = \frac{\sum_{c \in Q \cap C} w_c}{\sum_{c \in Q \cup C} w_c}

    with :math:`|Q \cup C|_w = |Q|_w + |C|_w - |Q \cap C|_w`; an empty union gives 0. Exact
    for integer weights (the sums are then exact in float64). Returns a dense (queries,
    candidates) float64 array. No side effects.
    """
    weighted = sparse.csr_matrix(queries, dtype=np.float64) @ sparse.diags(weights)
    inter = (weighted @ sparse.csr_matrix(candidates, dtype=np.float64).T).toarray()
    query_mass = np.asarray(weighted.sum(axis=1)).ravel()
    candidate_mass = np.asarray(candidates @ weights).ravel()
    union = query_mass[:, None] + candidate_mass[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def best_per_owner(scores: np.ndarray, owner: np.ndarray, n_owners: int) -> np.ndarray:
    """Row-wise maximum of ``scores`` (queries x items) over the items of each owner.

    ``owner[j]`` is the owner (candidate) of item ``j`` (a priority), or -1 for none. Owners
    without items get 0, so ``scores`` must be >= 0 (cosines of TF-IDF vectors are). Returns
    (queries, n_owners) float64. One sort and one ``maximum.reduceat``; no side effects.
    """
    scores = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    result = np.zeros((scores.shape[0], n_owners))
    kept = np.flatnonzero(owner >= 0)
    if kept.size == 0:
        return result
    order = kept[np.argsort(owner[kept], kind="stable")]
    owners, starts = np.unique(owner[order], return_index=True)
    result[:, owners] = np.maximum.reduceat(scores[:, order], starts, axis=1)
    return result


def selection_cosines(selection: sparse.spmatrix, gram: np.ndarray) -> np.ndarray:
    r"""Cosine of each query -- the normalised sum of a selection of corpus rows -- with every
    corpus row, from the corpus Gram matrix :math:`G = X X^\top` (unit rows).

    For the query :math:`q = \sum_{i \in S} x_i / \lVert \sum_{i \in S} x_i \rVert`,
    :math:`q \cdot x_j = (s G)_j / \sqrt{s G s^\top}` with ``s`` the 0/1 selection row: a
    sparse-dense product instead of re-vectorising concatenated texts. Empty selections give
    0. Returns (queries, corpus rows) float64 clipped to [0, 1].
    """
    picks = sparse.csr_matrix(selection, dtype=np.float64)
    dots = np.asarray(picks @ gram)
    norms = np.sqrt(np.maximum(np.asarray(picks.multiply(dots).sum(axis=1)).ravel(), 0.0))
    result = np.divide(dots, norms[:, None], out=np.zeros_like(dots), where=norms[:, None] > 0)
    return np.clip(result, 0.0, 1.0)


def relatedness(presence: np.ndarray, density: np.ndarray) -> np.ndarray:
    r"""How close each partner's strengths are to each region's capabilities, in [0, 1].

    .. math:: R_{rs} = \frac{\sum_p M_{sp}\, d_{rp}}{\sum_p M_{sp}}

    the mean relatedness density (on a 0-1 scale) of region ``r`` over the activities partner
    ``s`` is specialised in (:math:`M_{sp} = 1`); 0 for a partner with no specialisation. High
    when what ``s`` is good at sits close to what ``r`` already does (Hidalgo et al. 2007;
    Balland et al. 2019), i.e. ``r`` can absorb what ``s`` brings. ``density`` must be on the
    0-1 scale. Returns (regions, regions) float64. No side effects.
    """
    matrix = np.asarray(presence, dtype=np.float64)
    dens = np.asarray(density, dtype=np.float64)
    counts = matrix.sum(axis=1)
    result = dens @ matrix.T
    np.divide(result, counts[None, :], out=result, where=counts[None, :] > 0)
    result[:, counts == 0] = 0.0
    return np.clip(result, 0.0, 1.0)


def structural_similarity(values: np.ndarray) -> np.ndarray | None:
    r"""Similarity in [0, 1] of every pair of regions' activity-share profiles.

    Profiles are each region's shares of its total (rows summing to 1), z-scored per activity
    after dropping constant activities, exactly as the evidence engine stores
    ``RegionPairResult.similarity_distance`` (JRC S3 benchmarking); the distance
    :math:`D_{rs}` is turned into

    .. math:: S_{rs} = \frac{1}{1 + D_{rs} / \sqrt{K}}

    where :math:`K` is the number of activities kept, so :math:`D/\sqrt{K}` is the root mean
    squared z difference per activity: 1 for identical profiles, 1/2 at one standard
    deviation per activity. ``None`` when fewer than two regions or no varying activity.
    """
    matrix = np.asarray(values, dtype=np.float64)
    if matrix.shape[0] < 2:
        return None
    totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
    keep = np.flatnonzero(shares.std(axis=0, ddof=1) > 0)
    if keep.size == 0:
        return None
    distances = weighted_distances(zscores(shares[:, keep]))
    return 1.0 / (1.0 + distances / math.sqrt(keep.size))


def tie_strength(counts: np.ndarray) -> np.ndarray:
    r"""Cooperation-tie score :math:`1 - 2^{-n}` of ``n`` ties: 0, 0.5, 0.75, 0.875, ... -> 1."""
    return 1.0 - np.exp2(-np.asarray(counts, dtype=np.float64))


def combine_rows(
    components: Mapping[str, np.ndarray], weights: Mapping[str, float]
) -> tuple[np.ndarray, dict[str, float]]:
    r"""The totals of :func:`~smartregions.matching.compute.scoring.combine` for many queries.

    ``components`` are (queries, candidates) arrays in [0, 1]; shares
    :math:`s_i = w_i / \sum_{j \in P} w_j` over the present components, parts summed in
    ``weights`` order (so every row equals ``combine(...).total`` bit for bit). Returns
    ``(total, shares)``. Raises ``ValueError`` like ``combine`` for unknown components or
    weights that leave nothing to score by.
    """
    unknown = sorted(set(components) - set(weights))
    if unknown:
        msg = f"no weight given for component(s) {', '.join(unknown)}"
        raise ValueError(msg)
    present = math.fsum(weights[name] for name in components)
    if present <= 0:
        msg = "the weights of the supplied components are all zero: nothing to score by"
        raise ValueError(msg)
    shares = {name: weights[name] / present if name in components else 0.0 for name in weights}
    shape = next(iter(components.values())).shape
    total = np.zeros(shape)
    part = np.empty(shape)
    for name in weights:
        # In place, but the same operations in the same order as ``combine`` (x * s, then
        # total + part): bit-for-bit the same totals. Absent components add exact zeros.
        if name in components:
            np.multiply(components[name], shares[name], out=part)
            np.add(total, part, out=total)
    return total, shares


def top_k_rows(
    total: np.ndarray, k: int, *, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best candidates of each query row, best first, ties by the lower index.

    ``allowed`` (same shape as ``total``, or one row for all) excludes candidates (filters,
    the focal region itself). Rows with fewer allowed candidates than ``k`` are padded with
    index -1 and score ``-inf``. Exact and equal to a stable descending sort of each row:
    :func:`numpy.partition` finds each row's k-th largest score, every entry at least that
    large is kept (so ties at the boundary are all there), and only those are sorted by
    (row, -score, index). No side effects.
    """
    scores = np.array(total, dtype=np.float64)
    if allowed is not None:
        scores[~np.broadcast_to(allowed, scores.shape)] = -np.inf
    n_rows, n = scores.shape
    k = min(k, n)
    order = np.full((n_rows, k), -1, dtype=np.int64)
    best = np.full((n_rows, k), -np.inf)
    if k == 0:
        return order, best
    kth = np.partition(scores, n - k, axis=1)[:, n - k]
    rows, cols = np.nonzero((scores >= kth[:, None]) & np.isfinite(scores))
    values = scores[rows, cols]
    ranked = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[ranked], cols[ranked], values[ranked]
    starts = np.searchsorted(rows, np.arange(n_rows))
    position = np.arange(rows.size) - starts[rows]
    keep = position < k
    order[rows[keep], position[keep]] = cols[keep]
    best[rows[keep], position[keep]] = values[keep]
    return order, best
