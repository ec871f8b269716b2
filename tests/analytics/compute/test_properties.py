"""Property tests: permutation and scale invariance of the kernels.

Permuting regions or activities must permute the outputs the same way (no kernel may
depend on input order), and RCA, M and ECI must not depend on the unit of the values.
Examples whose ECI is undefined (disconnected or structurally symmetric networks) are
rejected, as are examples with a sign-ambiguous ECI or an RCA sitting on the threshold.
"""

import numpy as np
from hypothesis import assume, given, reject, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from smartregions.analytics.compute import (
    DegenerateInputError,
    complementarity,
    compute_all,
    rca,
)

PROPERTY_SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def panels(draw):
    """A non-degenerate (regions, activities) value matrix with permutations of both axes."""
    n_regions = draw(st.integers(min_value=3, max_value=9))
    n_activities = draw(st.integers(min_value=3, max_value=9))
    values = draw(
        arrays(
            np.float64,
            (n_regions, n_activities),
            elements=st.integers(min_value=0, max_value=60).map(float),
        )
    )
    assume(values.sum(axis=1).min() > 0 and values.sum(axis=0).min() > 0)
    rows = np.array(draw(st.permutations(range(n_regions))))
    cols = np.array(draw(st.permutations(range(n_activities))))
    return values, rows, cols


def _well_defined(values):
    try:
        result = compute_all(values)
    except DegenerateInputError:
        reject()
    # An RCA within rounding of 1 may flip M between equivalent inputs.
    assume(np.abs(result.rca - 1.0).min() > 1e-9)
    # ECI's sign follows corr(diversity, ECI): undecidable when that is ~0.
    centred = result.diversity - result.diversity.mean()
    assume(np.linalg.norm(centred) > 0)
    correlation = centred @ result.eci / (np.linalg.norm(centred) * np.linalg.norm(result.eci))
    assume(abs(correlation) > 1e-6)
    return result


@PROPERTY_SETTINGS
@given(panels())
def test_compute_all_is_invariant_under_permutation(case):
    values, rows, cols = case
    result = _well_defined(values)

    permuted = compute_all(values[rows][:, cols])

    np.testing.assert_allclose(permuted.rca, result.rca[rows][:, cols], rtol=1e-12)
    assert np.array_equal(permuted.M, result.M[rows][:, cols])
    np.testing.assert_allclose(permuted.proximity, result.proximity[cols][:, cols], rtol=1e-12)
    np.testing.assert_allclose(
        permuted.density, result.density[rows][:, cols], rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(permuted.eci, result.eci[rows], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(permuted.pci, result.pci[cols], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(permuted.coi, result.coi[rows], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(permuted.cog, result.cog[rows][:, cols], rtol=1e-6, atol=1e-8)


@PROPERTY_SETTINGS
@given(panels())
def test_complementarity_is_invariant_under_permutation(case):
    values, rows, cols = case
    result = _well_defined(values)

    base = complementarity(result.M, result.density)
    permuted = complementarity(result.M[rows][:, cols], result.density[rows][:, cols])

    np.testing.assert_allclose(permuted, base[rows][:, rows], rtol=1e-9, atol=1e-12)


@PROPERTY_SETTINGS
@given(panels(), st.floats(min_value=1e-3, max_value=1e6))
def test_rca_presence_and_eci_are_invariant_under_scaling(case, factor):
    values, _, _ = case
    result = _well_defined(values)

    scaled = compute_all(values * factor)

    np.testing.assert_allclose(scaled.rca, result.rca, rtol=1e-12)
    assert np.array_equal(scaled.M, result.M)
    np.testing.assert_allclose(scaled.eci, result.eci, rtol=1e-9, atol=1e-12)


@PROPERTY_SETTINGS
@given(panels())
def test_rca_weighted_mean_over_regions_is_one(case):
    # sum_c (x_c / x) RCA_cp = 1 for every activity: RCA is relative to the sample.
    values, _, _ = case

    result = rca(values)

    weights = values.sum(axis=1) / values.sum()
    np.testing.assert_allclose(weights @ result, 1.0, rtol=1e-12)
