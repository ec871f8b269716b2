"""compute_all and compute_panel agree with the individual kernels and with each other."""

import numpy as np
import pytest
import scipy.sparse as sp

from smartregions.analytics.compute import (
    DegenerateInputError,
    complexity_eigenvectors,
    complexity_outlook,
    compute_all,
    compute_panel,
    eci_pci,
    presence_matrix,
    proximity,
    rca,
    relatedness_density,
    rpop,
)


def _values(seed: int, shape: tuple[int, int] = (30, 20)) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.lognormal(size=shape) * (rng.random(shape) < 0.7) + 1e-3


def test_compute_all_equals_the_individual_kernels():
    values = _values(1)

    result = compute_all(values)

    presence = presence_matrix(values)
    phi = proximity(presence)
    density = relatedness_density(presence, phi)
    kc, kp = complexity_eigenvectors(presence)
    coi, cog = complexity_outlook(presence, proximity=phi, density=density, kc=kc, kp=kp)
    eci, pci = eci_pci(presence)
    assert np.array_equal(result.rca, rca(values))
    assert np.array_equal(result.M, presence)
    assert np.array_equal(result.proximity, phi)
    np.testing.assert_allclose(result.density, density, rtol=1e-14)
    np.testing.assert_allclose(result.eci, eci, rtol=1e-12)
    np.testing.assert_allclose(result.pci, pci, rtol=1e-12)
    np.testing.assert_allclose(result.coi, coi, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(result.cog, cog, rtol=1e-12, atol=1e-14)
    assert result.rpop is None


def test_compute_all_sparse_input_matches_dense():
    values = _values(2)
    values[values < 0.5] = 0.0

    dense = compute_all(values)
    sparse = compute_all(sp.csr_array(values))

    assert np.array_equal(sparse.rca, dense.rca)
    assert np.array_equal(sparse.M, dense.M)
    np.testing.assert_allclose(sparse.eci, dense.eci, rtol=1e-12)


def test_compute_all_rpop_presence_uses_population():
    values = _values(3)
    population = np.random.default_rng(3).uniform(1, 10, size=30)

    result = compute_all(values, presence="rpop", population=population)

    assert np.array_equal(result.rpop, rpop(values, population))
    assert np.array_equal(result.M, (result.rpop >= 1).astype(float))


def test_compute_all_both_presence_is_the_union():
    values = _values(4)
    population = np.random.default_rng(4).uniform(1, 10, size=30)

    result = compute_all(values, presence="both", population=population, rpop_threshold=2.0)

    expected = np.maximum(result.rca >= 1, result.rpop >= 2).astype(float)
    assert np.array_equal(result.M, expected)


def test_compute_all_unknown_presence_is_refused():
    with pytest.raises(ValueError, match="presence must be"):
        compute_all(_values(5), presence="manual")


def test_compute_panel_equals_compute_all_per_year():
    cube = np.stack([_values(seed) for seed in (10, 11, 12)])

    panel = compute_panel(cube)

    assert panel.rca.shape == (3, 30, 20)
    assert panel.proximity.shape == (3, 20, 20)
    for year in range(3):
        single = compute_all(cube[year])
        for name in ("rca", "M", "diversity", "ubiquity", "proximity"):
            assert np.array_equal(getattr(panel, name)[year], getattr(single, name)), name
        for name in ("density", "eci", "pci", "coi", "cog"):
            np.testing.assert_allclose(
                getattr(panel, name)[year], getattr(single, name), rtol=1e-12, atol=1e-14
            )


def test_compute_panel_accepts_a_list_of_sparse_years_and_yearly_population():
    years = [sp.csr_array(_values(seed)) for seed in (20, 21)]
    population = np.random.default_rng(0).uniform(1, 5, size=(2, 30))

    panel = compute_panel(years, presence="both", population=population)

    single = compute_all(years[1], presence="both", population=population[1])
    assert np.array_equal(panel.M[1], single.M)
    assert np.array_equal(panel.rpop[1], single.rpop)


def test_compute_panel_names_the_degenerate_year():
    cube = np.stack([_values(30), _values(31)])
    cube[1, 4] = 0.0

    with pytest.raises(DegenerateInputError, match=r"year index 1: .*region row\(s\)"):
        compute_panel(cube)
