"""Interregional complementarity score and the activities behind it."""

import numpy as np
import pytest

from smartregions.analytics.compute import complementarity, complementary_activities

PRESENCE = np.array(
    [
        [1.0, 0.0, 0.0, 1.0],
        [0.0, 1.0, 1.0, 0.0],
        [0.0, 1.0, 0.0, 1.0],
    ]
)
DENSITY = np.array(
    [
        [0.9, 0.6, 0.2, 0.5],
        [0.1, 0.4, 0.3, 0.8],
        [0.5, 0.7, 0.9, 0.3],
    ]
)


def test_complementarity_by_hand():
    # Region 0 misses activities 1 and 2 (density 0.6 and 0.2, mass 0.8).
    # Region 1 does both -> 0.8 / 0.8; region 2 does activity 1 only -> 0.6 / 0.8.
    result = complementarity(PRESENCE, DENSITY)

    np.testing.assert_allclose(result[0], [0.0, 1.0, 0.75], rtol=1e-15)
    # Region 2 misses 0 (0.5) and 2 (0.9): region 0 covers 0, region 1 covers 2.
    np.testing.assert_allclose(result[2], [0.5 / 1.4, 0.9 / 1.4, 0.0], rtol=1e-15)
    assert np.array_equal(np.diag(result), [0.0, 0.0, 0.0])


def test_complementarity_of_a_region_with_nothing_missing_is_zero():
    presence = PRESENCE.copy()
    presence[0] = 1.0

    assert np.array_equal(complementarity(presence, DENSITY)[0], [0.0, 0.0, 0.0])


def test_complementary_activities_sum_to_the_score():
    activities, contributions = complementary_activities(
        PRESENCE, DENSITY, region=2, partner=0, top=None
    )

    assert activities.tolist() == [0]
    np.testing.assert_allclose(contributions, [0.5 / 1.4], rtol=1e-15)
    activities, contributions = complementary_activities(PRESENCE, DENSITY, region=0, partner=1)
    assert activities.tolist() == [1, 2]
    assert contributions.sum() == pytest.approx(complementarity(PRESENCE, DENSITY)[0, 1])


def test_complementary_activities_top_limits_the_list():
    activities, _ = complementary_activities(PRESENCE, DENSITY, region=0, partner=1, top=1)

    assert activities.tolist() == [1]


def test_complementary_activities_refuses_an_unknown_region():
    with pytest.raises(IndexError, match=r"partner index 3 is outside 0\.\.2"):
        complementary_activities(PRESENCE, DENSITY, region=0, partner=3)
