"""Relatedness density by hand (0-1 as Stata, 0-100 as EconGeo)."""

import numpy as np

from smartregions.analytics.compute import (
    proximity,
    relatedness_density,
    relatedness_density_percent,
)

PRESENCE = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])


def test_relatedness_density_by_hand():
    # phi column sums: 4/3, 7/6, 7/6
    phi = proximity(PRESENCE)
    expected = np.array(
        [
            [(2 / 3) / (4 / 3), (2 / 3) / (7 / 6), (2 / 3 + 1 / 2) / (7 / 6)],
            [(2 / 3) / (4 / 3), (2 / 3 + 1 / 2) / (7 / 6), (2 / 3) / (7 / 6)],
            [1.0, 1.0, 1.0],
        ]
    )

    np.testing.assert_allclose(relatedness_density(PRESENCE, phi), expected, rtol=1e-15)


def test_relatedness_density_percent_is_a_hundred_times_density():
    phi = proximity(PRESENCE)

    np.testing.assert_allclose(
        relatedness_density_percent(PRESENCE, phi),
        100 * relatedness_density(PRESENCE, phi),
        rtol=1e-15,
    )


def test_relatedness_density_of_an_isolated_activity_is_zero():
    relatedness = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])

    result = relatedness_density(PRESENCE, relatedness)

    assert np.array_equal(result[:, 2], [0.0, 0.0, 0.0])
