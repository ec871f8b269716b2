"""ECI/PCI against a direct (Stata-style, non-symmetric) eigen-decomposition, and COI/COG."""

import numpy as np
import pytest

from smartregions.analytics.compute import (
    DegenerateInputError,
    complexity_eigenvectors,
    complexity_outlook,
    eci_pci,
    presence_matrix,
    proximity,
    relatedness_density,
)


def _presence(n_regions: int, n_activities: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = rng.lognormal(size=(n_regions, n_activities))
    values *= rng.random((n_regions, n_activities)) < 0.7
    return presence_matrix(values)


def _stata_way(presence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stata's ecipci.ado literally: eigensystem of ((M :/ kp0) :/ kc0)' * M."""
    kc0 = presence.sum(axis=1)
    kp0 = presence.sum(axis=0)
    mp = ((presence / kp0[None, :]) / kc0[:, None]).T @ presence
    values, vectors = np.linalg.eig(mp)
    kp = np.real(vectors[:, np.argsort(-np.abs(values))[1]])
    kc = (presence / kc0[:, None]) @ kp
    sign = 1.0 if np.corrcoef(kc0, kc)[0, 1] > 0 else -1.0
    kc, kp = sign * kc, sign * kp
    n = kc.size * kp.size
    mean = kc.mean()
    sd = np.sqrt(np.square(kc - mean).sum() * kp.size / (n - 1))
    return (kc - mean) / sd, (kp - mean) / sd


@pytest.mark.parametrize(("n_regions", "n_activities"), [(40, 25), (25, 40)])
def test_eci_pci_match_the_non_symmetric_eigenproblem(n_regions, n_activities):
    presence = _presence(n_regions, n_activities, seed=7)

    eci, pci = eci_pci(presence)
    expected_eci, expected_pci = _stata_way(presence)

    np.testing.assert_allclose(eci, expected_eci, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(pci, expected_pci, rtol=1e-9, atol=1e-10)


def test_eci_is_positively_correlated_with_diversity():
    presence = _presence(30, 20, seed=3)

    eci, _ = eci_pci(presence)

    assert np.corrcoef(presence.sum(axis=1), eci)[0, 1] > 0


def test_complexity_eigenvectors_satisfy_the_eigen_equations():
    presence = _presence(30, 20, seed=5)
    kc0, kp0 = presence.sum(axis=1), presence.sum(axis=0)

    kc, kp = complexity_eigenvectors(presence)

    mp = (presence / kp0[None, :]).T @ (presence / kc0[:, None])
    eigenvalue = (mp @ kp) @ kp
    np.testing.assert_allclose(mp @ kp, eigenvalue * kp, atol=1e-12)
    np.testing.assert_allclose(kc, presence @ kp / kc0, rtol=1e-12)
    assert np.linalg.norm(kp) == pytest.approx(1.0)


def test_eci_of_a_nested_matrix_orders_regions_by_diversity():
    # Region i does activities 0..i: the most diverse regions do the rarest activities.
    presence = np.tril(np.ones((5, 5)))

    eci, pci = eci_pci(presence)

    assert np.all(np.diff(eci) > 0)
    assert np.all(np.diff(pci) > 0)


def test_eci_of_a_disconnected_network_raises():
    presence = np.array([[1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]])

    with pytest.raises(DegenerateInputError, match="disconnected"):
        eci_pci(presence)


def test_eci_with_a_region_without_specialisation_raises():
    presence = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 1.0]])

    with pytest.raises(DegenerateInputError, match=r"region\(s\) have no activity"):
        eci_pci(presence)


def test_complexity_outlook_by_hand_formula():
    presence = _presence(12, 9, seed=11)
    phi = proximity(presence)
    density = relatedness_density(presence, phi)
    kc, kp = complexity_eigenvectors(presence)

    coi, cog = complexity_outlook(presence, proximity=phi, density=density, kc=kc, kp=kp)

    n_regions, n_activities = presence.shape
    raw = np.array(
        [
            sum(density[c, p] * (1 - presence[c, p]) * kp[p] for p in range(n_activities))
            for c in range(n_regions)
        ]
    )
    long_raw = np.repeat(raw, n_activities)
    np.testing.assert_allclose(coi, (raw - long_raw.mean()) / long_raw.std(ddof=1), atol=1e-12)
    kc_sd = np.repeat(kc, n_activities).std(ddof=1)
    expected = np.zeros_like(cog)
    for c in range(n_regions):
        for p in range(n_activities):
            gain = sum(
                (1 - presence[c, q]) * phi[q, p] / phi[q].sum() * kp[q] for q in range(n_activities)
            )
            expected[c, p] = (1 - presence[c, p]) * gain / kc_sd
    np.testing.assert_allclose(cog, expected, atol=1e-12)
    assert np.all(cog[presence == 1] == 0)
