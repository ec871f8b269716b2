"""Specialisation, concentration and variety measures against closed forms."""

import numpy as np
import pytest

from smartregions.analytics.compute import (
    DegenerateInputError,
    entropy,
    herfindahl,
    hoover_gini,
    krugman_index,
    locational_gini,
    related_variety,
    unrelated_variety,
)

VALUES = np.array([[5.0, 1.0, 0.0, 4.0], [2.0, 2.0, 3.0, 3.0], [0.0, 7.0, 1.0, 0.0]])
GROUPS = np.array(["A", "A", "B", "B"])


@pytest.mark.parametrize("n", [1, 2, 7, 50])
def test_herfindahl_of_a_uniform_vector_is_one_over_n(n):
    assert herfindahl(np.full(n, 3.0)) == pytest.approx(1 / n, rel=1e-15)


@pytest.mark.parametrize("n", [1, 2, 7, 50])
def test_entropy_of_a_uniform_vector_is_log_n(n):
    assert entropy(np.full(n, 3.0), base=np.e) == pytest.approx(np.log(n), abs=1e-15)
    assert entropy(np.full(n, 3.0)) == pytest.approx(np.log2(n), abs=1e-15)


def test_entropy_ignores_zero_shares():
    assert entropy(np.array([1.0, 0.0, 1.0])) == pytest.approx(1.0)


def test_herfindahl_and_entropy_per_region_of_a_matrix():
    shares = VALUES / VALUES.sum(axis=1, keepdims=True)

    np.testing.assert_allclose(herfindahl(VALUES), (shares**2).sum(axis=1), rtol=1e-15)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(shares > 0, -shares * np.log2(shares), 0.0)
    np.testing.assert_allclose(entropy(VALUES), terms.sum(axis=1), rtol=1e-14)


def test_krugman_index_by_hand():
    assert np.array_equal(krugman_index(np.eye(2)), [1.0, 1.0])
    # Both regions have the sample's structure.
    assert np.array_equal(krugman_index(np.array([[1.0, 3.0], [2.0, 6.0]])), [0.0, 0.0])


def test_related_plus_unrelated_variety_is_entropy():
    total = entropy(VALUES)

    np.testing.assert_allclose(
        related_variety(VALUES, GROUPS) + unrelated_variety(VALUES, GROUPS), total, rtol=1e-14
    )


def test_variety_by_hand():
    # shares (0.5, 0.5 | 0, 0): one group only -> no unrelated variety, 1 bit related.
    values = np.array([1.0, 1.0, 0.0, 0.0])

    assert unrelated_variety(values, GROUPS) == pytest.approx(0.0, abs=1e-15)
    assert related_variety(values, GROUPS) == pytest.approx(1.0)


def test_related_variety_is_zero_with_one_activity_per_group():
    assert np.array_equal(related_variety(VALUES, np.arange(4)), [0.0, 0.0, 0.0])


def test_variety_with_wrong_groups_length_raises():
    with pytest.raises(DegenerateInputError, match="groups must map each of the 4"):
        related_variety(VALUES, ["A", "B"])


def test_hoover_gini_econgeo_example():
    population = np.array([10.0, 15.0, 20.0, 25.0, 30.0])
    matrix = np.array(
        [[0, 10, 0, 0], [0, 15, 0, 0], [0, 20, 0, 0], [0, 25, 0, 1], [1, 30, 1, 1]],
        dtype=float,
    )

    result = hoover_gini(matrix, population)

    # Column 1 follows population; 30% of the population holds all of columns 0 and 2.
    # Column 3: Hoover curve (0, 0) (0.45, 0) (0.75, 0.5) (1, 1), area below it
    # 0.3 * 0.25 + 0.25 * 0.75 = 0.2625, Gini = 2 * (0.5 - 0.2625).
    np.testing.assert_allclose(result, [0.7, 0.0, 0.7, 2 * (0.5 - 0.2625)], atol=1e-15)


def test_hoover_gini_of_a_single_concentrated_activity_is_one_minus_the_region_share():
    population = np.array([1.0, 1.0, 2.0])
    values = np.array([[0.0], [0.0], [5.0]])

    assert hoover_gini(values, population)[0] == pytest.approx(0.5)


def test_locational_gini_is_half_the_hoover_gini_against_region_totals():
    result = locational_gini(VALUES)

    np.testing.assert_allclose(result, hoover_gini(VALUES, VALUES.sum(axis=1)) / 2, rtol=1e-15)
    assert np.all(result >= 0)
    assert np.all(result <= 0.5)


def test_locational_gini_of_an_activity_spread_like_the_total_is_zero():
    values = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])

    np.testing.assert_allclose(locational_gini(values), [0.0, 0.0], atol=1e-15)
