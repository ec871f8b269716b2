"""Structural similarity: z-scores, weighted distances, most similar regions."""

import numpy as np
import pytest

from smartregions.analytics.compute import (
    DegenerateInputError,
    most_similar,
    weighted_distances,
    zscores,
)

INDICATORS = np.array(
    [
        [1.0, 10.0, -2.0],
        [2.0, 12.0, -1.0],
        [8.0, 30.0, 4.0],
        [1.5, 11.0, -1.5],
        [9.0, 28.0, 5.0],
    ]
)


def test_zscores_have_mean_zero_and_unit_sample_sd():
    z = zscores(INDICATORS)

    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(z.std(axis=0, ddof=1), 1.0, rtol=1e-15)


def test_zscores_of_a_constant_indicator_raise():
    indicators = INDICATORS.copy()
    indicators[:, 1] = 4.0

    with pytest.raises(DegenerateInputError, match=r"indicator column\(s\) 1 are constant"):
        zscores(indicators)


def test_weighted_distances_by_hand():
    points = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])

    distances = weighted_distances(points, weights=[1.0, 2.0])

    np.testing.assert_allclose(distances[0, 1], np.sqrt(9 + 2 * 16), rtol=1e-15)
    np.testing.assert_allclose(distances[1, 2], np.sqrt(4 + 2 * 9), rtol=1e-15)
    assert np.array_equal(distances, distances.T)
    assert np.array_equal(np.diag(distances), [0.0, 0.0, 0.0])


def test_most_similar_finds_the_neighbours_with_contributions():
    result = most_similar(INDICATORS, n=2)

    assert result.indices[0].tolist() == [3, 1]
    assert result.indices[2].tolist() == [4, 1]
    z = zscores(INDICATORS)
    np.testing.assert_allclose(result.contributions[0, 0], np.square(z[0] - z[3]), rtol=1e-14)
    np.testing.assert_allclose(
        result.contributions.sum(axis=2), np.square(result.distances), rtol=1e-14
    )
    assert np.all(np.diff(result.distances, axis=1) >= 0)


def test_most_similar_never_lists_the_region_itself():
    result = most_similar(INDICATORS, n=10)

    assert result.indices.shape == (5, 4)
    for region, neighbours in enumerate(result.indices):
        assert region not in neighbours
        assert sorted(neighbours) == sorted(set(range(5)) - {region})


def test_most_similar_zero_weight_ignores_an_indicator():
    result = most_similar(INDICATORS, n=1, weights=[1.0, 0.0, 0.0])

    assert np.array_equal(result.contributions[:, 0, 1:], np.zeros((5, 2)))


def test_most_similar_refuses_negative_weights():
    with pytest.raises(DegenerateInputError, match="weights must be non-negative"):
        most_similar(INDICATORS, weights=[1.0, -1.0, 1.0])
