"""Proximity and co-occurrence relatedness on a 3 x 3 presence matrix worked out by hand."""

import numpy as np
import pytest

from smartregions.analytics.compute import (
    DegenerateInputError,
    cooccurrence,
    cooccurrence_relatedness,
    proximity,
    relatedness_from_cooccurrence,
)

# ubiquity (3, 2, 2); co-occurrences C01 = 2, C02 = 2, C12 = 1
PRESENCE = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])


def test_cooccurrence_by_hand():
    expected = np.array([[0.0, 2.0, 2.0], [2.0, 0.0, 1.0], [2.0, 1.0, 0.0]])

    assert np.array_equal(cooccurrence(PRESENCE), expected)
    assert np.array_equal(np.diag(cooccurrence(PRESENCE, diagonal=True)), [3.0, 2.0, 2.0])


def test_proximity_symmetric_by_hand():
    expected = np.array([[0.0, 2 / 3, 2 / 3], [2 / 3, 0.0, 1 / 2], [2 / 3, 1 / 2, 0.0]])

    np.testing.assert_allclose(proximity(PRESENCE), expected, rtol=1e-15)


def test_proximity_asymmetric_is_conditional_probability():
    # phi_pq = C_pq / k_q = P(p | q)
    expected = np.array([[0.0, 1.0, 1.0], [2 / 3, 0.0, 1 / 2], [2 / 3, 1 / 2, 0.0]])

    np.testing.assert_allclose(proximity(PRESENCE, symmetric=False), expected, rtol=1e-15)


def test_proximity_of_an_activity_nobody_has_is_zero():
    presence = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])

    result = proximity(presence)

    assert np.array_equal(result[2], [0.0, 0.0, 0.0])
    assert np.array_equal(result[:, 2], [0.0, 0.0, 0.0])


def test_relatedness_association_strength_by_hand():
    # S = (4, 3, 3), T = 10: r_ij = C_ij * T / (S_i S_j)
    counts = cooccurrence(PRESENCE)
    expected = np.array([[0.0, 20 / 12, 20 / 12], [20 / 12, 0.0, 10 / 9], [20 / 12, 10 / 9, 0.0]])

    result = relatedness_from_cooccurrence(counts, method="association")

    np.testing.assert_allclose(result, expected, rtol=1e-15)


def test_relatedness_probability_index_by_hand():
    # EconGeo "prob": C_ij / (S_i S_j / 2 * (1 / (T - S_j) + 1 / (T - S_i)))
    s, t = np.array([4.0, 3.0, 3.0]), 10.0
    counts = cooccurrence(PRESENCE)
    expected = np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            if i != j:
                denominator = s[i] * s[j] / 2 * (1 / (t - s[j]) + 1 / (t - s[i]))
                expected[i, j] = counts[i, j] / denominator

    np.testing.assert_allclose(cooccurrence_relatedness(PRESENCE), expected, rtol=1e-14)


def test_relatedness_cosine_and_jaccard_by_hand():
    counts = cooccurrence(PRESENCE)

    cosine = relatedness_from_cooccurrence(counts, method="cosine")
    jaccard = relatedness_from_cooccurrence(counts, method="jaccard")

    assert cosine[0, 1] == pytest.approx(2 / np.sqrt(12))
    assert jaccard[1, 2] == pytest.approx(1 / (3 + 3 - 1))
    assert np.array_equal(np.diag(cosine), [0.0, 0.0, 0.0])


def test_relatedness_of_an_isolated_activity_is_zero():
    counts = np.array([[0.0, 2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])

    result = relatedness_from_cooccurrence(counts, method="association")

    assert np.array_equal(result[2], [0.0, 0.0, 0.0])
    assert np.isfinite(result).all()


def test_relatedness_without_any_cooccurrence_raises():
    with pytest.raises(DegenerateInputError, match="no two activities co-occur"):
        relatedness_from_cooccurrence(np.eye(3))


def test_relatedness_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method must be"):
        relatedness_from_cooccurrence(cooccurrence(PRESENCE), method="pearson")
