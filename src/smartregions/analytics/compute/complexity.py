r"""Economic complexity (ECI, PCI) and complexity outlook (COI, COG), as Stata ``ecomplexity``.

Conventions (checked against the Stata ground truth in the tests):

- ECI/PCI come from the second eigenvector of
  :math:`\tilde M^{P} = U^{-1} M^\top D^{-1} M` (``D = diag(k_c0)``, ``U = diag(k_p0)``),
  with :math:`k_c = D^{-1} M k_p`; the sign makes ECI positively correlated with diversity.
- Standardisation happens on Stata's *long* data set (one row per region-activity pair):
  mean and sample sd of ``k_c`` over ``regions x activities`` rows, i.e. each region
  counted ``activities`` times. ECI and PCI are both shifted/scaled with ECI's mean and sd;
  COG is divided by that sd; COI is standardised with its own long-data mean and sd.
- COI and COG use the raw (unstandardised) ``k_p``.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
import scipy.sparse.linalg as spla

from smartregions.analytics.compute._validation import (
    as_presence,
    as_square,
    as_vector,
    describe_indices,
)
from smartregions.analytics.compute.errors import DegenerateInputError

# Eigenvalue separations below this make the second eigenvector (hence ECI) ill-defined.
_EIGEN_GAP = 1e-9
# From this size on the top eigenpairs come from Lanczos plus a Cholesky certificate (see
# _certified_lanczos); below it the dense solver costs microseconds anyway. Low enough that
# the unit tests (25-40 activities) run the iterative path against the dense reference.
_ITERATIVE_MIN_SIZE = 20


def complexity_eigenvectors(presence: object) -> tuple[np.ndarray, np.ndarray]:
    r"""Raw, sign-corrected complexity eigenvectors ``(k_c, k_p)`` before standardisation.

    :math:`k_p` is the eigenvector of :math:`\tilde M^{P}_{pq} = \sum_c
    \frac{M_{cp} M_{cq}}{k_{c,0}\, k_{p,0}}` for the second largest eigenvalue, scaled to unit
    length, and :math:`k_c = D^{-1} M k_p` (average :math:`k_p` of a region's activities).

    :math:`\tilde M^{P}` is similar to the symmetric positive semi-definite
    :math:`A^\top A` with :math:`A = D^{-1/2} M U^{-1/2}`, so we solve the symmetric problem
    on ``A^T A`` or ``A A^T``, whichever is smaller, and map back: Lanczos (ARPACK, machine
    precision) accepted only with a Cholesky certificate that no eigenvalue was missed, else
    LAPACK ``dsyevr`` for the top eigenpairs; exact to rounding, unlike power iteration.

    Returns
    -------
    kc : (regions,) float64 ndarray
    kp : (activities,) float64 ndarray
        No side effects.

    Raises
    ------
    DegenerateInputError
        Regions or activities without any ``M = 1``, a disconnected region-activity network
        (second eigenvalue equal to the first) or a repeated second eigenvalue.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic complexity.
    *PNAS*, 106(26), 10570-10575.
    """
    matrix = as_presence(presence)
    return _eigenvectors(matrix, matrix.sum(axis=1), matrix.sum(axis=0))


def _eigenvectors(
    matrix: np.ndarray, kc0: np.ndarray, kp0: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    _require_degrees(kc0, kp0)
    inv_sqrt_c = 1.0 / np.sqrt(kc0)
    inv_sqrt_p = 1.0 / np.sqrt(kp0)
    scaled = matrix * inv_sqrt_c[:, None]
    scaled *= inv_sqrt_p[None, :]
    activity_space = matrix.shape[1] <= matrix.shape[0]
    gram = scaled.T @ scaled if activity_space else scaled @ scaled.T
    values, vectors = _top_eigenpairs(gram)
    second = values[-2]
    if second >= 1.0 - _EIGEN_GAP:
        msg = (
            "the region-activity network is disconnected (several eigenvalues equal 1): ECI "
            "is undefined; compute it separately for each connected group of regions"
        )
        raise DegenerateInputError(msg)
    if gram.shape[0] > 2 and second - values[-3] < _EIGEN_GAP:
        msg = (
            "the second eigenvalue of the complexity matrix is repeated: ECI/PCI are not "
            "uniquely defined (regions or activities are structurally indistinguishable)"
        )
        raise DegenerateInputError(msg)
    if second <= _EIGEN_GAP:
        msg = "the complexity matrix has rank one (all regions alike): ECI/PCI are undefined"
        raise DegenerateInputError(msg)
    vector = vectors[:, -2]
    if activity_space:
        kp = vector * inv_sqrt_p
    else:
        kc = vector * inv_sqrt_c
        kp = (matrix.T @ kc) / kp0 / second
    kp /= np.linalg.norm(kp)
    kc = (matrix @ kp) / kc0
    # Stata flips both vectors when corr(diversity, kc) is negative.
    if np.dot(kc0 - kc0.mean(), kc - kc.mean()) < 0:
        kp = -kp
        kc = -kc
    return kc, kp


def _top_eigenpairs(gram: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (up to) three largest eigenvalues of the symmetric ``gram``, ascending, and vectors."""
    size = gram.shape[0]
    if size >= _ITERATIVE_MIN_SIZE:
        pairs = _certified_lanczos(gram)
        if pairs is not None:
            return pairs
    return sla.eigh(gram, subset_by_index=[max(size - 3, 0), size - 1], driver="evr")


def _certified_lanczos(gram: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    r"""Top three eigenpairs by Lanczos (ARPACK), or None when they cannot be certified.

    The dense solver spends most of its time reducing the whole matrix to tridiagonal form;
    Lanczos needs a few dozen matrix-vector products, about 5x faster at 650 activities.
    Lanczos alone can miss an eigenvalue (a repeated or disconnected spectrum), so the
    result is accepted only with a certificate: with :math:`(\lambda_1, v_1), (\lambda_2, v_2)`
    found, :math:`(\lambda_2 - \epsilon) I - (G - \lambda_1 v_1 v_1^\top - \lambda_2 v_2
    v_2^\top)` must be positive definite (a Cholesky factorisation exists), which proves
    that every other eigenvalue of :math:`G` lies below :math:`\lambda_2 - \epsilon`
    (:math:`\epsilon` = ``_EIGEN_GAP``): :math:`\lambda_2` is the simple second eigenvalue
    and the dense solver would return the same vectors up to rounding. Otherwise (no
    convergence, no certificate) the caller falls back to the dense solver, which also
    produces the degenerate-input errors. The fixed start vector keeps results reproducible.
    """
    size = gram.shape[0]
    start = np.random.default_rng(0).random(size)
    try:
        values, vectors = spla.eigsh(gram, k=3, which="LA", v0=start, tol=0)
    except spla.ArpackError:
        return None
    order = np.argsort(values)
    values, vectors = values[order], vectors[:, order]
    shift = values[-2] - _EIGEN_GAP
    if not shift > 0:
        return None
    top = vectors[:, -2:]
    certificate = (top * values[-2:]) @ top.T
    certificate -= gram
    certificate.flat[:: size + 1] += shift
    try:
        sla.cholesky(certificate, lower=False, overwrite_a=True, check_finite=False)
    except np.linalg.LinAlgError:
        return None
    return values, vectors


def _require_degrees(kc0: np.ndarray, kp0: np.ndarray) -> None:
    if kc0.min() <= 0:
        bad = np.flatnonzero(kc0 <= 0)
        msg = (
            f"{len(bad)} region(s) have no activity with M = 1 (rows {describe_indices(bad)}): "
            "ECI is undefined for them; drop them or lower the threshold"
        )
        raise DegenerateInputError(msg)
    if kp0.min() <= 0:
        bad = np.flatnonzero(kp0 <= 0)
        msg = (
            f"{len(bad)} activity(ies) have no region with M = 1 (columns "
            f"{describe_indices(bad)}): PCI is undefined for them; drop them"
        )
        raise DegenerateInputError(msg)


def long_moments(values: np.ndarray, repeats: int, *, name: str) -> tuple[float, float]:
    """Mean and sample sd of ``values`` with each entry repeated ``repeats`` times.

    This is Stata's ``summarize`` over the long region x activity data set, which is what
    ``ecomplexity`` standardises with. Raises when the sd is 0 (nothing to standardise).
    """
    mean = float(values.mean())
    rows = values.shape[0] * repeats
    variance = float(np.square(values - mean).sum()) * repeats / (rows - 1)
    sd = float(np.sqrt(variance))
    if not sd > 0:
        msg = f"{name} is constant across regions: it cannot be standardised"
        raise DegenerateInputError(msg)
    return mean, sd


def eci_pci(presence: object) -> tuple[np.ndarray, np.ndarray]:
    r"""Economic Complexity Index (per region) and Product Complexity Index (per activity).

    .. math:: ECI_c = \frac{k_c - \bar k_c}{s(k_c)}, \qquad
              PCI_p = \frac{k_p - \bar k_c}{s(k_c)}

    with :math:`k_c, k_p` from :func:`complexity_eigenvectors` and :math:`\bar k_c, s(k_c)`
    the mean and sample sd over Stata's long data set (see :func:`long_moments`), so PCI is
    on ECI's scale exactly as in Stata ``ecomplexity``.

    Returns
    -------
    eci : (regions,) float64 ndarray
    pci : (activities,) float64 ndarray
        No side effects.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). *PNAS*, 106(26), 10570-10575.
    """
    matrix = as_presence(presence)
    kc, kp = _eigenvectors(matrix, matrix.sum(axis=1), matrix.sum(axis=0))
    return standardise(kc, kp)


def standardise(kc: np.ndarray, kp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn raw ``(k_c, k_p)`` into ``(ECI, PCI)`` with Stata's long-data mean and sd of ``k_c``.

    No side effects.
    """
    mean, sd = long_moments(kc, kp.shape[0], name="ECI")
    return (kc - mean) / sd, (kp - mean) / sd


def complexity_outlook(
    presence: object,
    *,
    proximity: object,
    density: object,
    kc: object,
    kp: object,
    out: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Complexity Outlook Index (per region) and Complexity Outlook Gain (per region-activity).

    As Stata ``ecomplexity`` (``coicog.ado``), with raw :math:`k_p`:

    .. math::

        COI_c^{raw} = \sum_p d_{cp} (1 - M_{cp})\, k_p, \qquad
        COI_c = \frac{COI_c^{raw} - \overline{COI}}{s(COI)}

        COG_{cp} = \frac{1 - M_{cp}}{s(k_c)} \sum_{q} (1 - M_{cq})\,
                   \frac{\phi_{qp}}{\sum_{r} \phi_{qr}}\, k_q

    COI is the complexity-weighted closeness of the activities a region does not yet do;
    COG is how much that outlook would improve if the region moved into ``p``. Stata's COG
    omits the Atlas' ``- d_cp PCI_p`` term (it is commented out in ``coicog.ado``); so do we.
    Means and sds are over the long data set (:func:`long_moments`).

    Parameters
    ----------
    presence : (regions, activities) 0/1 matrix
    proximity : (activities, activities) matrix ``phi``
    density : (regions, activities) relatedness density ``d``
    kc, kp : raw eigenvectors from :func:`complexity_eigenvectors`
    out : ndarray, optional
        Preallocated float64 (regions, activities) output for COG.

    Returns
    -------
    coi : (regions,) float64 ndarray
    cog : (regions, activities) float64 ndarray
        No side effects.

    References
    ----------
    Hausmann, R., Hidalgo, C. A. et al. (2014). *The Atlas of Economic Complexity: Mapping
    Paths to Prosperity*. MIT Press.
    """
    matrix = as_presence(presence)
    n_regions, n_activities = matrix.shape
    phi = as_square(proximity, name="proximity", size=n_activities)
    dens = np.asarray(density, dtype=np.float64)
    if dens.shape != matrix.shape:
        msg = f"density must have shape {matrix.shape}, got {dens.shape}"
        raise DegenerateInputError(msg)
    kc_vec = as_vector(kc, name="kc", length=n_regions)
    kp_vec = as_vector(kp, name="kp", length=n_activities)
    return _outlook(matrix, phi, dens, kc_vec, kp_vec, out=out)


def _outlook(
    matrix: np.ndarray,
    phi: np.ndarray,
    density: np.ndarray,
    kc: np.ndarray,
    kp: np.ndarray,
    *,
    out: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    absent = 1.0 - matrix
    coi_raw = (density * absent) @ kp
    coi_mean, coi_sd = long_moments(coi_raw, matrix.shape[1], name="COI")
    _, kc_sd = long_moments(kc, matrix.shape[1], name="ECI")
    row_mass = phi.sum(axis=1)
    row_mass[row_mass == 0] = 1.0  # an activity related to nothing contributes nothing
    weighted = phi * (kp / row_mass / kc_sd)[:, None]
    cog = np.matmul(absent, weighted, out=out)
    cog *= absent
    return (coi_raw - coi_mean) / coi_sd, cog
