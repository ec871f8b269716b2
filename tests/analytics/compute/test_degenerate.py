"""Degenerate input raises DegenerateInputError with a message that says what is wrong."""

import numpy as np
import pytest
import scipy.sparse as sp

from smartregions.analytics.compute import (
    DegenerateInputError,
    complementarity,
    compute_all,
    eci_pci,
    entropy,
    krugman_index,
    presence_matrix,
    proximity,
    rca,
    relatedness_density,
)

GOOD = np.array([[1.0, 2.0, 0.5], [3.0, 1.0, 2.0], [0.5, 0.5, 4.0]])


def test_degenerate_error_is_a_value_error():
    assert issubclass(DegenerateInputError, ValueError)


@pytest.mark.parametrize("kernel", [rca, presence_matrix, compute_all])
@pytest.mark.parametrize(
    ("values", "message"),
    [
        (np.empty((0, 0)), "is empty"),
        (np.empty((0, 3)), "is empty"),
        (np.array([[1.0, 2.0, 3.0]]), r"has 1 region\(s\)"),
        (np.zeros((3, 3)), "all zero"),
        (np.array([[1.0, np.nan], [2.0, 3.0]]), "NaN or infinite"),
        (np.array([[1.0, np.inf], [2.0, 3.0]]), "NaN or infinite"),
        (np.array([[1.0, -2.0], [2.0, 3.0]]), "negative values"),
        (np.array([[1.0, 2.0], [0.0, 0.0], [2.0, 3.0]]), r"1 region row\(s\) with a zero total"),
        (np.array([[1.0, 0.0], [2.0, 0.0]]), r"activity column\(s\) with a zero total"),
        (np.array([1.0, 2.0, 3.0]), "must be a 2-D matrix"),
    ],
)
def test_degenerate_values_raise(kernel, values, message):
    with pytest.raises(DegenerateInputError, match=message):
        kernel(values)


def test_degenerate_sparse_values_raise():
    values = sp.csr_array(np.array([[1.0, -2.0], [2.0, 3.0]]))

    with pytest.raises(DegenerateInputError, match="negative values"):
        rca(values)


@pytest.mark.parametrize("kernel", [proximity, eci_pci])
def test_non_binary_presence_raises(kernel):
    with pytest.raises(DegenerateInputError, match="must be binary"):
        kernel(GOOD)


@pytest.mark.parametrize("kernel", [proximity, eci_pci])
def test_all_zero_presence_raises(kernel):
    with pytest.raises(DegenerateInputError, match="all zero"):
        kernel(np.zeros((3, 3)))


def test_relatedness_density_with_a_wrong_shape_raises():
    presence = (GOOD > 1).astype(float)

    with pytest.raises(DegenerateInputError, match=r"must be 3 x 3"):
        relatedness_density(presence, np.ones((2, 2)))


def test_complementarity_with_nan_density_raises():
    presence = (GOOD > 1).astype(float)
    density = np.full((3, 3), np.nan)

    with pytest.raises(DegenerateInputError, match="finite and non-negative"):
        complementarity(presence, density)


def test_compute_all_threshold_nobody_reaches_raises():
    with pytest.raises(DegenerateInputError, match="no region-activity pair passes"):
        compute_all(GOOD, threshold=100.0)


def test_compute_all_identical_regions_raise():
    values = np.tile([1.0, 2.0, 3.0], (4, 1))

    with pytest.raises(DegenerateInputError, match="ECI"):
        compute_all(values)


@pytest.mark.parametrize("kernel", [entropy, krugman_index])
def test_diversification_region_without_activity_raises(kernel):
    with pytest.raises(DegenerateInputError, match="zero total"):
        kernel(np.array([[1.0, 2.0], [0.0, 0.0]]))
