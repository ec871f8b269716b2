"""Relatedness-complexity quadrants (Balland et al. 2019)."""

import numpy as np
import pytest

from smartregions.analytics.compute import PRESENT, QUADRANT_LABELS, opportunity_quadrants

DENSITY = np.array([[0.1, 0.5, 0.9, 0.3], [0.2, 0.2, 0.6, 0.8]])
PCI = np.array([-1.0, 2.0, 0.5, -0.5])  # mean 0.25, median 0.0


def test_opportunity_quadrants_split_by_means():
    result = opportunity_quadrants(DENSITY, PCI)

    # region 0 mean density 0.45, region 1 0.45
    assert result.complexity_split == pytest.approx(0.25)
    np.testing.assert_allclose(result.density_split, [0.45, 0.45])
    assert result.quadrant.tolist() == [[0, 3, 3, 0], [0, 1, 3, 2]]
    assert result.labels()[0].tolist() == ["low-low", "high-high", "high-high", "low-low"]


def test_opportunity_quadrants_with_presence_mark_specialisations():
    presence = np.array([[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]])

    result = opportunity_quadrants(DENSITY, PCI, presence=presence)

    # region 0 candidates 0.1, 0.5, 0.3 -> split 0.3; region 1: 0.2, 0.6, 0.8 -> 0.5333
    np.testing.assert_allclose(result.density_split, [0.3, 1.6 / 3])
    assert result.quadrant.tolist() == [[0, 3, PRESENT, 2], [PRESENT, 1, 3, 2]]
    assert result.labels()[1, 0] == "present"


def test_opportunity_quadrants_median_split():
    result = opportunity_quadrants(DENSITY, PCI, split="median")

    assert result.complexity_split == 0.0
    np.testing.assert_allclose(result.density_split, [0.4, 0.4])
    assert result.quadrant.tolist() == [[0, 3, 3, 0], [0, 1, 3, 2]]


def test_quadrant_labels_name_the_four_quadrants():
    assert QUADRANT_LABELS == ("low-low", "low-high", "high-low", "high-high")
