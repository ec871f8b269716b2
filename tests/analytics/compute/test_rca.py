"""RCA, RPOP, presence matrix, diversity and ubiquity on matrices worked out by hand."""

import numpy as np
import pytest
import scipy.sparse as sp

from smartregions.analytics.compute import (
    binarise,
    diversity,
    drop_empty,
    presence_matrix,
    rca,
    rpop,
    ubiquity,
)


def test_rca_two_by_two_by_hand():
    # x_c = (2, 2), x_p = (3, 1), x = 4
    values = np.array([[2.0, 0.0], [1.0, 1.0]])

    expected = np.array([[(2 / 2) / (3 / 4), 0.0], [(1 / 2) / (3 / 4), (1 / 2) / (1 / 4)]])
    np.testing.assert_allclose(rca(values), expected, rtol=1e-15)


def test_rca_symmetric_two_by_two_by_hand():
    assert np.array_equal(rca([[1.0, 3.0], [3.0, 1.0]]), [[0.5, 1.5], [1.5, 0.5]])


def test_rca_sparse_input_returns_sparse_with_same_values():
    values = np.array([[2.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 4.0, 4.0]])

    result = rca(sp.csr_matrix(values))

    assert sp.issparse(result)
    assert result.nnz == np.count_nonzero(values)
    np.testing.assert_allclose(result.toarray(), rca(values), rtol=1e-15)


def test_rca_writes_into_the_given_buffer():
    values = np.array([[1.0, 3.0], [3.0, 1.0]])
    buffer = np.empty((2, 2))

    result = rca(values, out=buffer)

    assert result is buffer
    assert np.array_equal(buffer, [[0.5, 1.5], [1.5, 0.5]])


def test_rpop_by_hand():
    # per-capita value of p in the sample: x_p / sum(pop) = (3 / 4, 1 / 4)
    values = np.array([[2.0, 0.0], [1.0, 1.0]])
    population = np.array([1.0, 3.0])

    expected = np.array([[2.0 / (3 / 4), 0.0], [(1 / 3) / (3 / 4), (1 / 3) / (1 / 4)]])
    np.testing.assert_allclose(rpop(values, population), expected, rtol=1e-15)


def test_presence_matrix_rca_uses_greater_or_equal():
    values = np.array([[1.0, 3.0], [3.0, 1.0]])

    assert np.array_equal(presence_matrix(values, threshold=1.5), [[0.0, 1.0], [1.0, 0.0]])
    assert np.array_equal(presence_matrix(values, threshold=1.6), [[0.0, 0.0], [0.0, 0.0]])


def test_presence_matrix_both_passes_when_either_test_passes():
    values = np.array([[2.0, 0.0], [1.0, 1.0]])
    population = np.array([1.0, 3.0])
    # RCA is 4/3, 0 / 2/3, 2 and RPOP is 8/3, 0 / 4/9, 4/3 (regions / activities).
    by_rca = presence_matrix(values)
    by_pop = presence_matrix(values, test="rpop", population=population, rpop_threshold=0.4)
    both = presence_matrix(values, test="both", population=population, rpop_threshold=0.4)

    assert np.array_equal(by_rca, [[1.0, 0.0], [0.0, 1.0]])
    assert np.array_equal(by_pop, [[1.0, 0.0], [1.0, 1.0]])
    assert np.array_equal(both, [[1.0, 0.0], [1.0, 1.0]])


def test_presence_matrix_both_on_sparse_input_matches_dense():
    values = np.array([[2.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 4.0, 4.0]])
    population = np.array([1.0, 3.0, 2.0])

    dense = presence_matrix(values, test="both", population=population)
    sparse = presence_matrix(sp.csr_array(values), test="both", population=population)

    assert sp.issparse(sparse)
    assert np.array_equal(sparse.toarray(), dense)


def test_presence_matrix_rpop_without_population_is_refused():
    with pytest.raises(ValueError, match="population"):
        presence_matrix(np.eye(2) + 1, test="rpop")


def test_binarise_refuses_non_positive_threshold():
    with pytest.raises(ValueError, match="threshold must be positive"):
        binarise(np.ones((2, 2)), 0.0)


def test_diversity_and_ubiquity_count_ones():
    presence = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])

    assert np.array_equal(diversity(presence), [2.0, 2.0, 3.0])
    assert np.array_equal(ubiquity(presence), [3.0, 2.0, 2.0])
    assert np.array_equal(ubiquity(sp.csr_array(presence)), [3.0, 2.0, 2.0])


def test_drop_empty_removes_zero_rows_and_columns():
    values = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 2.0], [3.0, 0.0, 4.0]])

    trimmed, rows, cols = drop_empty(values)

    assert np.array_equal(trimmed, [[1.0, 2.0], [3.0, 4.0]])
    assert np.array_equal(rows, [1, 2])
    assert np.array_equal(cols, [0, 2])
