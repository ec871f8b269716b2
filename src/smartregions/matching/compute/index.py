r"""Exact cosine top-k over a fixed sparse corpus: the search behind partner matching.

:class:`CosineIndex` stores the L2-normalised corpus as an inverted index (terms x documents,
CSR), so a query costs only the postings of its own terms. Two exact strategies:

``"accumulate"`` (large corpora)
    One query at a time: the query's postings rows are gathered and summed into a dense score
    vector (``P[terms].T @ q``, one pass in compiled code), then a *threshold* picks the
    top k without sorting a million scores. The threshold :math:`t` is the k-th best actual
    score among a few hundred documents that share the query's rarest terms (a good guess
    of the winners); every document scoring :math:`\ge t` is a candidate, so all of the true
    top k are among them (their scores are :math:`\ge` the true k-th score :math:`\ge t`),
    and the candidates are ranked exactly. When :math:`t \le 0` (too few documents share
    anything with the query) every allowed document is ranked, implicit zeros included.
    Queries can be spread over ``threads`` threads; that pays only with idle cores (on a
    shared 2-core machine one thread was faster).
``"blocks"`` (small corpora, many queries)
    Blocks of query rows are multiplied at once, ``Q_block @ P``; the per-call overhead of
    the accumulator would dominate when the corpus has a few thousand rows.

Both give the result of sorting the full score matrix by (score descending, corpus index
ascending), for any mask, up to the rounding of scores that are equal in exact arithmetic.
The tests check both against brute force.

Why exact search on sparse vectors: with near-stopword n-grams dropped (``max_df`` of
:class:`~smartregions.matching.compute.text.CharNgramVectorizer`) a query over a million
profiles visits under a million postings (a few ms), so no approximation is needed; a dense
projection would have to scan the whole matrix for every query (1 GB at 256 float32
dimensions) and adds projection noise to the cosine. ``benchmarks/matching.py`` measures it.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np
from scipy import sparse

from smartregions.matching.compute._topk import top_k_positions

# Entries of a block product (queries x corpus) materialised at once by the "blocks" method.
_BLOCK_ENTRIES = 1 << 22
# From this many documents on, "auto" accumulates one query at a time.
_ACCUMULATE_FROM = 20_000
# Postings entries of the query's rarest terms whose documents seed the threshold.
_HINT_ENTRIES = 512
METHODS = ("auto", "accumulate", "blocks")


class TopK(NamedTuple):
    """Best matches per query row: ``indices`` (int64) and ``scores`` (float64), best first."""

    indices: np.ndarray
    scores: np.ndarray


def normalise_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    r"""Copy of ``matrix`` as CSR with every non-zero row scaled to unit L2 norm.

    :math:`x_{i\cdot} / \lVert x_{i\cdot} \rVert_2`; all-zero rows stay zero. Raises
    ``ValueError`` for NaN or infinite entries. No side effects on ``matrix``.
    """
    result = sparse.csr_matrix(matrix, copy=True)
    if not np.isfinite(result.data).all():
        msg = "matrix contains NaN or infinite values"
        raise ValueError(msg)
    result.sum_duplicates()
    squares = sparse.csr_matrix(
        (result.data.astype(np.float64) ** 2, result.indices, result.indptr), shape=result.shape
    )
    norms = np.sqrt(squares @ np.ones(result.shape[1]))
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    result.data = (result.data * np.repeat(scale, np.diff(result.indptr))).astype(
        result.dtype, copy=False
    )
    return result


class CosineIndex:
    r"""Exact cosine top-k over a fixed sparse corpus, for repeated queries.

    :math:`s_{qd} = \hat q \cdot \hat x_d` with rows scaled to unit length. Building the index
    normalises the corpus rows and stores the transpose as CSR (an inverted index): O(non-zeros)
    time and memory (:attr:`nbytes`); the corpus is not modified. ``threads`` is the default
    number of threads :meth:`top_k` spreads queries over (``None``: one per CPU core).
    """

    def __init__(self, corpus: object, *, threads: int | None = 1) -> None:
        matrix = normalise_rows(_as_2d_sparse(corpus, name="corpus"))
        self.n_documents, self.n_features = matrix.shape
        self._postings = matrix.T.tocsr()
        self._lengths = np.diff(self._postings.indptr)
        self.threads = threads

    @property
    def nbytes(self) -> int:
        """Memory held by the inverted index, in bytes (data, indices and row pointers)."""
        p = self._postings
        return p.data.nbytes + p.indices.nbytes + p.indptr.nbytes

    def top_k(
        self,
        queries: object,
        k: int,
        *,
        mask: object | None = None,
        block_size: int | None = None,
        method: str = "auto",
        threads: int | None = None,
    ) -> TopK:
        """The ``k`` corpus rows most cosine-similar to each query row, best first.

        Ties (including the many exact zeros) go to the lower corpus index, so results are
        deterministic and equal to sorting the full dense score matrix. ``mask`` is a
        boolean array over corpus rows; only ``True`` rows may be returned (filters). The
        result has ``min(k, allowed rows)`` columns; zero allowed rows give an empty result.
        Scores are cosines in [-1, 1] (in [0, 1] for TF-IDF). ``method`` picks the strategy
        (see the module docstring; ``"auto"``: ``"accumulate"`` from 20,000 documents on);
        ``block_size`` query rows are multiplied at a time by ``"blocks"`` (default: as many
        as keep a block under about 4 million entries); ``threads`` overrides the index's
        default. Raises ``ValueError`` for ``k < 1``, a wrong vocabulary width, mask length
        or method. No side effects.
        """
        if k < 1:
            msg = f"k must be at least 1, got {k}"
            raise ValueError(msg)
        if method not in METHODS:
            msg = f"method must be one of {', '.join(METHODS)}, got {method!r}"
            raise ValueError(msg)
        query_matrix = normalise_rows(_as_2d_sparse(queries, name="queries"))
        if query_matrix.shape[1] != self.n_features:
            msg = (
                f"queries have {query_matrix.shape[1]} columns but the corpus has "
                f"{self.n_features}: vectorise both with the same fitted vectoriser"
            )
            raise ValueError(msg)
        allowed_mask = self._mask(mask)
        allowed = np.flatnonzero(allowed_mask) if mask is not None else None
        n_queries = query_matrix.shape[0]
        width = min(k, self.n_documents if allowed is None else allowed.size)
        indices = np.zeros((n_queries, width), dtype=np.int64)
        scores = np.zeros((n_queries, width), dtype=np.float64)
        if width == 0 or n_queries == 0:
            return TopK(indices, scores)
        if method == "auto":
            method = "accumulate" if self.n_documents >= _ACCUMULATE_FROM else "blocks"
        run = self._accumulate if method == "accumulate" else self._blocks
        job = _Job(query_matrix, width, allowed_mask, allowed, indices, scores, block_size)

        def work(rows: range) -> None:
            run(job, rows)

        n_threads = min(_thread_count(self.threads if threads is None else threads), n_queries)
        if n_threads == 1:
            work(range(n_queries))
        else:
            bounds = np.linspace(0, n_queries, n_threads + 1).astype(int)
            with ThreadPoolExecutor(n_threads) as pool:
                list(pool.map(work, [range(a, b) for a, b in pairwise(bounds.tolist())]))
        return TopK(indices, scores)

    def _accumulate(self, job: _Job, rows: range) -> None:
        postings, queries = self._postings, job.queries
        for row in rows:
            lo, hi = queries.indptr[row], queries.indptr[row + 1]
            terms = queries.indices[lo:hi]
            weights = queries.data[lo:hi].astype(postings.dtype, copy=False)
            if terms.size:
                dense = postings[terms].T @ weights
            else:
                dense = np.zeros(self.n_documents, dtype=postings.dtype)
            chosen = self._select(dense, terms, job)
            job.indices[row] = chosen
            job.scores[row] = dense[chosen]

    def _select(self, dense: np.ndarray, terms: np.ndarray, job: _Job) -> np.ndarray:
        postings, width = self._postings, job.width
        allowed_mask, allowed = job.allowed_mask, job.allowed
        if terms.size:
            # Documents sharing the query's rarest terms: likely winners, and actual scores.
            rarest = terms[np.argsort(self._lengths[terms], kind="stable")]
            taken = np.searchsorted(np.cumsum(self._lengths[rarest]), _HINT_ENTRIES) + 1
            hint = np.unique(
                np.concatenate(
                    [
                        postings.indices[postings.indptr[t] : postings.indptr[t + 1]]
                        for t in rarest[:taken]
                    ]
                )
            )
            if allowed_mask is not None:
                hint = hint[allowed_mask[hint]]
            if hint.size >= width:
                threshold = np.partition(dense[hint], hint.size - width)[hint.size - width]
                if threshold > 0:
                    candidates = np.flatnonzero(dense >= threshold)
                    if allowed_mask is not None:
                        candidates = candidates[allowed_mask[candidates]]
                    return candidates[top_k_positions(dense[candidates], width, ids=candidates)]
        if allowed is None:
            return top_k_positions(dense, width)
        return allowed[top_k_positions(dense[allowed], width, ids=allowed)]

    def _blocks(self, job: _Job, rows: range) -> None:
        queries, width, allowed_mask, block_size = (
            job.queries,
            job.width,
            job.allowed_mask,
            job.block_size,
        )
        allowed = job.allowed
        if block_size is None:
            block_size = max(1, _BLOCK_ENTRIES // max(self.n_documents, 1))
        everyone = np.arange(self.n_documents) if allowed is None else allowed
        for start in range(rows.start, rows.stop, block_size):
            stop = min(start + block_size, rows.stop)
            block = (queries[start:stop] @ self._postings).tocsr()
            for offset in range(block.shape[0]):
                lo, hi = block.indptr[offset], block.indptr[offset + 1]
                columns, values = block.indices[lo:hi], block.data[lo:hi]
                if allowed_mask is not None:
                    keep = allowed_mask[columns]
                    columns, values = columns[keep], values[keep]
                chosen, chosen_scores = _row_top_k(columns, values, everyone, width)
                job.indices[start + offset] = chosen
                job.scores[start + offset] = chosen_scores

    def _mask(self, mask: object | None) -> np.ndarray | None:
        if mask is None:
            return None
        array = np.asarray(mask)
        if array.dtype != np.bool_ or array.shape != (self.n_documents,):
            msg = f"mask must be a boolean array of shape ({self.n_documents},)"
            raise ValueError(msg)
        return array


@dataclass(frozen=True, slots=True)
class _Job:
    """One top_k call: the queries, the filter, and the output arrays the threads fill."""

    queries: sparse.csr_matrix
    width: int
    allowed_mask: np.ndarray | None
    allowed: np.ndarray | None
    indices: np.ndarray
    scores: np.ndarray
    block_size: int | None


def _thread_count(threads: int | None) -> int:
    if threads is None:
        return os.cpu_count() or 1
    if threads < 1:
        msg = f"threads must be at least 1, got {threads}"
        raise ValueError(msg)
    return threads


def _row_top_k(
    columns: np.ndarray, values: np.ndarray, allowed: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray]:
    values = values.astype(np.float64)
    if np.count_nonzero(values > 0) < width:
        # Fewer positive scores than asked for: the best of the implicit zeros (allowed rows
        # absent from the sparse product) are the lowest allowed indices not listed already.
        zeros = allowed[: width + columns.size]
        zeros = zeros[~np.isin(zeros, columns)][:width]
        columns = np.concatenate([columns.astype(np.int64), zeros])
        values = np.concatenate([values, np.zeros(zeros.size)])
    best = top_k_positions(values, width, ids=columns)
    return columns[best], values[best]


def cosine_top_k(
    queries: object,
    corpus: object,
    k: int,
    *,
    mask: object | None = None,
    block_size: int | None = None,
    method: str = "auto",
) -> TopK:
    r"""Exact top-k cosine similarity of each query row against the corpus rows.

    :math:`\cos(q, d) = q \cdot d / (\lVert q \rVert \lVert d \rVert)` (0 for an all-zero
    row); see :meth:`CosineIndex.top_k` for ``mask``, ties, methods and the result shape.
    This builds a :class:`CosineIndex` each call (an O(non-zeros) copy of the corpus): build
    one yourself to query the same corpus repeatedly. No side effects.
    """
    return CosineIndex(corpus).top_k(queries, k, mask=mask, block_size=block_size, method=method)


def _as_2d_sparse(matrix: object, *, name: str) -> sparse.csr_matrix:
    if sparse.issparse(matrix):
        result = sparse.csr_matrix(matrix)
    else:
        array = np.asarray(matrix)
        if array.ndim != 2 or not np.issubdtype(array.dtype, np.number):
            msg = f"{name} must be a 2-D numeric array or scipy sparse matrix"
            raise ValueError(msg)
        result = sparse.csr_matrix(array)
    if not np.issubdtype(result.dtype, np.floating):
        result = result.astype(np.float64)
    return result
