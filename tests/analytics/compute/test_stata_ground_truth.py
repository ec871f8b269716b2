"""compute_all reproduces Stata ``ecomplexity`` on the 1995 trade sample (the oracle).

Stata conventions needed: M = RCA >= 1 (Stata writes ``>``; no cell sits exactly on 1 here),
symmetric proximity with a zero diagonal, density normalised by proximity column sums, ECI
sign from the correlation with diversity, ECI/PCI/COI standardised with the mean and sample
sd over the long (region x activity) data set, PCI and COG on ECI's scale, raw PCI in
COI/COG and no ``- d * PCI`` term in COG.
"""

import numpy as np

from smartregions.analytics.compute import compute_all


def _column_of(matrix: np.ndarray) -> np.ndarray:
    """Collapse a (regions, activities) matrix repeated along rows to one value per column."""
    assert (matrix == matrix[:1]).all()
    return matrix[0]


def _row_of(matrix: np.ndarray) -> np.ndarray:
    assert (matrix == matrix[:, :1]).all()
    return matrix[:, 0]


def test_compute_all_rca_matches_stata_to_the_last_bits(stata_1995):
    result = compute_all(stata_1995.values)

    np.testing.assert_allclose(result.rca, stata_1995.expected["rca"], rtol=1e-12, atol=0)


def test_compute_all_presence_diversity_ubiquity_match_stata_exactly(stata_1995):
    result = compute_all(stata_1995.values)

    assert np.array_equal(result.M, stata_1995.expected["M"])
    assert np.array_equal(result.diversity, _row_of(stata_1995.expected["diversity"]))
    assert np.array_equal(result.ubiquity, _column_of(stata_1995.expected["ubiquity"]))


def test_compute_all_eci_pci_match_stata(stata_1995):
    result = compute_all(stata_1995.values)

    np.testing.assert_allclose(result.eci, _row_of(stata_1995.expected["eci"]), rtol=1e-9)
    np.testing.assert_allclose(result.pci, _column_of(stata_1995.expected["pci"]), rtol=1e-9)


def test_compute_all_density_coi_cog_match_stata(stata_1995):
    result = compute_all(stata_1995.values)

    np.testing.assert_allclose(result.density, stata_1995.expected["density"], atol=1e-10)
    np.testing.assert_allclose(result.coi, _row_of(stata_1995.expected["coi"]), atol=1e-10)
    np.testing.assert_allclose(result.cog, stata_1995.expected["cog"], atol=1e-10)


def test_compute_all_unrounded_values_stay_within_upstream_tolerances(stata_1995, shared_data):
    # The sample as published (float64, not rounded to Stata's float32) moves RCA by ~1e-7,
    # well inside the tolerances py-ecomplexity's own tests use against this oracle.
    values = stata_1995.values.copy()
    rows = (shared_data / "analytics" / "ecomplexity_trade_data_sample.csv").read_text()
    exact = {}
    for line in rows.splitlines()[1:]:
        year, origin, product, value = line.split(",")
        if year == "1995":
            exact[origin, product] = float(value)
    for i, origin in enumerate(stata_1995.regions):
        for j, product in enumerate(stata_1995.activities):
            values[i, j] = exact[origin, product]

    result = compute_all(values)

    np.testing.assert_allclose(result.rca, stata_1995.expected["rca"], rtol=1e-6)
    np.testing.assert_allclose(result.eci, _row_of(stata_1995.expected["eci"]), rtol=1e-5)
    np.testing.assert_allclose(result.pci, _column_of(stata_1995.expected["pci"]), rtol=1e-5)
    np.testing.assert_allclose(result.density, stata_1995.expected["density"], atol=1e-4)
    np.testing.assert_allclose(result.coi, _row_of(stata_1995.expected["coi"]), atol=1e-4)
    np.testing.assert_allclose(result.cog, stata_1995.expected["cog"], atol=1e-4)
