"""Exact cosine top-k: equal to sorting the dense score matrix, for every k, mask and block."""

import numpy as np
import pytest
from scipy import sparse

from smartregions.matching.compute import CosineIndex, cosine_top_k, normalise_rows


def _brute_force(queries, corpus, k, mask=None):
    """Dense cosine matrix, sorted by (score descending, corpus index ascending)."""
    q = queries.toarray()
    c = corpus.toarray()
    qn = np.linalg.norm(q, axis=1, keepdims=True)
    cn = np.linalg.norm(c, axis=1, keepdims=True)
    q = np.divide(q, qn, out=np.zeros_like(q), where=qn > 0)
    c = np.divide(c, cn, out=np.zeros_like(c), where=cn > 0)
    scores = q @ c.T
    allowed = np.arange(c.shape[0]) if mask is None else np.flatnonzero(mask)
    indices, values = [], []
    for row in scores:
        order = sorted(allowed, key=lambda j: (-row[j], j))[:k]
        indices.append(order)
        values.append(row[order])
    return np.array(indices, dtype=np.int64), np.array(values)


def _random_sparse(rng, rows, cols, density, *, signed=False):
    matrix = sparse.random(rows, cols, density=density, format="csr", random_state=rng)
    if signed:
        matrix.data = matrix.data - 0.5
    return matrix


@pytest.mark.parametrize("k", [1, 3, 10, 40, 100])
@pytest.mark.parametrize("block_size", [None, 1, 7])
def test_cosine_top_k_equals_brute_force(k, block_size):
    rng = np.random.default_rng(k)
    corpus = _random_sparse(rng, 60, 25, 0.15)
    corpus = sparse.csr_matrix(sparse.diags((np.arange(60) != 5).astype(float)) @ corpus)
    corpus.eliminate_zeros()
    assert corpus[5].nnz == 0  # an all-zero document scores 0 against everything
    queries = _random_sparse(rng, 12, 25, 0.2)

    result = cosine_top_k(queries, corpus, k, block_size=block_size)

    expected_indices, expected_scores = _brute_force(queries, corpus, k)
    np.testing.assert_array_equal(result.indices, expected_indices)
    np.testing.assert_allclose(result.scores, expected_scores, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("selectivity", [0.0, 0.1, 0.5, 1.0])
@pytest.mark.parametrize("k", [1, 5, 30])
def test_cosine_top_k_with_mask_equals_brute_force(selectivity, k):
    rng = np.random.default_rng(int(selectivity * 10) + k)
    corpus = _random_sparse(rng, 80, 30, 0.1)
    queries = _random_sparse(rng, 9, 30, 0.15)
    mask = rng.random(80) < selectivity

    result = cosine_top_k(queries, corpus, k, mask=mask, block_size=4)

    expected_indices, expected_scores = _brute_force(queries, corpus, k, mask)
    assert result.indices.shape == (9, min(k, int(mask.sum())))
    np.testing.assert_array_equal(result.indices, expected_indices.reshape(result.indices.shape))
    np.testing.assert_allclose(
        result.scores, expected_scores.reshape(result.scores.shape), rtol=1e-12, atol=1e-15
    )
    assert mask[result.indices].all()


def test_cosine_top_k_ranks_negative_scores_below_implicit_zeros():
    rng = np.random.default_rng(7)
    corpus = _random_sparse(rng, 40, 10, 0.2, signed=True)
    queries = _random_sparse(rng, 6, 10, 0.3, signed=True)

    result = cosine_top_k(queries, corpus, 40)

    expected_indices, expected_scores = _brute_force(queries, corpus, 40)
    np.testing.assert_array_equal(result.indices, expected_indices)
    np.testing.assert_allclose(result.scores, expected_scores, rtol=1e-12, atol=1e-15)


def test_cosine_index_accepts_dense_input_and_is_reusable():
    corpus = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
    index = CosineIndex(corpus)

    first = index.top_k(np.array([[2.0, 0.0, 0.0]]), 2)
    second = index.top_k(np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]), 3)

    np.testing.assert_array_equal(first.indices, [[0, 1]])
    np.testing.assert_allclose(first.scores, [[1.0, 1 / np.sqrt(2)]])
    np.testing.assert_array_equal(second.indices, [[2, 0, 1], [0, 1, 2]])
    np.testing.assert_allclose(second.scores, [[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    assert corpus[2, 2] == 2.0  # the caller's corpus is not normalised in place


def test_cosine_top_k_rejects_bad_input():
    corpus = sparse.csr_matrix(np.eye(3))
    with pytest.raises(ValueError, match="k must be at least 1"):
        cosine_top_k(corpus, corpus, 0)
    with pytest.raises(ValueError, match="same fitted vectoriser"):
        cosine_top_k(sparse.csr_matrix(np.ones((1, 4))), corpus, 1)
    with pytest.raises(ValueError, match="boolean array of shape"):
        cosine_top_k(corpus, corpus, 1, mask=np.array([1, 0, 1]))
    with pytest.raises(ValueError, match="NaN or infinite"):
        cosine_top_k(corpus, sparse.csr_matrix(np.array([[np.nan, 1.0, 0.0]])), 1)


def test_normalise_rows_gives_unit_rows_and_keeps_zero_rows():
    matrix = sparse.csr_matrix(np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32))

    result = normalise_rows(matrix)

    np.testing.assert_allclose(result.toarray(), [[0.6, 0.8], [0.0, 0.0]], rtol=1e-7)
    assert result.dtype == np.float32
    assert matrix[0, 0] == 3.0
