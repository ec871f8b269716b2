"""The accumulator search of CosineIndex: exact against brute force for every path it takes."""

import numpy as np
import pytest
from scipy import sparse

from smartregions.matching.compute import CharNgramVectorizer, CosineIndex


def _brute_force(queries, corpus, k, mask=None):
    """Dense cosine matrix, sorted by (score descending, corpus index ascending)."""
    q = queries.toarray().astype(np.float64)
    c = corpus.toarray().astype(np.float64)
    qn = np.linalg.norm(q, axis=1, keepdims=True)
    cn = np.linalg.norm(c, axis=1, keepdims=True)
    q = np.divide(q, qn, out=np.zeros_like(q), where=qn > 0)
    c = np.divide(c, cn, out=np.zeros_like(c), where=cn > 0)
    scores = q @ c.T
    allowed = np.arange(c.shape[0]) if mask is None else np.flatnonzero(mask)
    indices = [sorted(allowed, key=lambda j: (-row[j], j))[:k] for row in scores]
    return np.array(indices, dtype=np.int64).reshape(len(scores), -1), scores


def _assert_exact(result, expected, scores):
    """Same scores as brute force, and the same documents up to float ties (1e-12 apart)."""
    np.testing.assert_allclose(
        result.scores, np.take_along_axis(scores, expected, axis=1), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(
        np.take_along_axis(scores, result.indices, axis=1), result.scores, rtol=1e-12, atol=1e-12
    )
    for row, indices in enumerate(result.indices):
        assert len(set(indices)) == len(indices)
        if not indices.size:
            continue
        clear = result.scores[row] > result.scores[row, -1] + 1e-12
        assert set(indices[clear]) == set(expected[row][clear])


def _corpus(rng, rows=400, cols=60, density=0.08, *, signed=False):
    matrix = sparse.random(rows, cols, density=density, format="csr", random_state=rng)
    if signed:
        matrix.data -= 0.5
    return matrix


@pytest.mark.parametrize("k", [1, 10, 50])
@pytest.mark.parametrize("selectivity", [None, 0.0, 0.02, 0.1, 1.0])
@pytest.mark.parametrize("threads", [1, 2])
def test_accumulate_equals_brute_force(k, selectivity, threads):
    rng = np.random.default_rng(k * 7 + threads)
    corpus = _corpus(rng)
    queries = _corpus(rng, rows=15, density=0.1)
    mask = None if selectivity is None else rng.random(400) < selectivity

    result = CosineIndex(corpus).top_k(queries, k, mask=mask, method="accumulate", threads=threads)

    expected, scores = _brute_force(queries, corpus, k, mask)
    assert result.indices.shape == expected.shape
    _assert_exact(result, expected, scores)
    if mask is not None:
        assert mask[result.indices].all()


def test_accumulate_matches_blocks_on_tf_idf_text():
    texts = [
        f"energy storage {i % 7} battery recycling plant {i % 13} hydrogen" for i in range(300)
    ]
    texts += ["nothing in common whatsoever", "", "battery battery battery"]
    vectorizer = CharNgramVectorizer()
    corpus = vectorizer.fit_transform(texts)
    queries = vectorizer.transform(["battery recycling 3", "hydrogen energy 5", "zzzz", ""])
    index = CosineIndex(corpus)
    mask = np.arange(corpus.shape[0]) % 3 == 0

    for selection in (None, mask):
        blocks = index.top_k(queries, 12, mask=selection, method="blocks")
        accumulate = index.top_k(queries, 12, mask=selection, method="accumulate")
        np.testing.assert_array_equal(accumulate.indices, blocks.indices)
        np.testing.assert_allclose(accumulate.scores, blocks.scores, rtol=1e-6, atol=1e-7)


def test_accumulate_breaks_ties_by_lower_index():
    # Rows 1, 4 and 6 are identical, so they tie; row 9 shares nothing (score 0).
    row = [1.0, 2.0, 0.0]
    corpus = np.array([[0, 0, 1.0], row, [0, 0, 1.0], [0, 0, 1.0], row, [0, 0, 1.0], row])
    corpus = np.vstack([corpus, [[0, 0, 1.0]] * 2, [[0, 0, 0.0]]])
    index = CosineIndex(corpus)

    result = index.top_k(np.array([[1.0, 2.0, 0.0]]), 5, method="accumulate")

    np.testing.assert_array_equal(result.indices, [[1, 4, 6, 0, 2]])
    np.testing.assert_allclose(result.scores, [[1.0, 1.0, 1.0, 0.0, 0.0]], atol=1e-15)


def test_accumulate_ranks_negative_scores_below_implicit_zeros():
    rng = np.random.default_rng(11)
    corpus = _corpus(rng, rows=80, cols=12, density=0.2, signed=True)
    queries = _corpus(rng, rows=6, cols=12, density=0.3, signed=True)

    result = CosineIndex(corpus).top_k(queries, 80, method="accumulate")

    _assert_exact(result, *_brute_force(queries, corpus, 80))


def test_auto_uses_accumulate_for_large_corpora_with_same_results():
    rng = np.random.default_rng(5)
    corpus = _corpus(rng, rows=25_000, cols=300, density=0.01)
    queries = _corpus(rng, rows=4, cols=300, density=0.05)
    index = CosineIndex(corpus)

    auto = index.top_k(queries, 10)
    blocks = index.top_k(queries, 10, method="blocks")

    np.testing.assert_array_equal(auto.indices, blocks.indices)
    np.testing.assert_allclose(auto.scores, blocks.scores, rtol=1e-12)


def test_top_k_rejects_bad_method_and_threads():
    index = CosineIndex(np.eye(3))
    with pytest.raises(ValueError, match="method must be one of"):
        index.top_k(np.eye(3), 1, method="faiss")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        index.top_k(np.eye(3), 1, threads=0)


def test_nbytes_counts_the_inverted_index():
    corpus = sparse.csr_matrix(np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]], dtype=np.float32))

    index = CosineIndex(corpus)

    # 3 non-zeros (float32 data + int32 indices) and 4 row pointers (3 terms + 1, int32).
    assert index.nbytes == 3 * 4 + 3 * 4 + 4 * 4
