"""All complexity indicators of one year (:func:`compute_all`) or a panel (:func:`compute_panel`).

The order and conventions are those of Stata ``ecomplexity`` (discrete, symmetric
proximity): RCA -> presence M -> diversity/ubiquity -> proximity -> density -> ECI/PCI ->
COI/COG. Inputs are validated once; the kernels then run on dense float64 arrays with BLAS
matrix products.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from smartregions.analytics.compute._validation import as_matrix, as_vector
from smartregions.analytics.compute.complexity import _eigenvectors, _outlook, standardise
from smartregions.analytics.compute.errors import DegenerateInputError
from smartregions.analytics.compute.proximity import _proximity
from smartregions.analytics.compute.rca import PresenceTest, binarise, rca, rpop
from smartregions.analytics.compute.relatedness import _density


@dataclass(frozen=True, slots=True)
class ComplexityResult:
    """Every indicator of one year; (R, P) = (regions, activities), all float64.

    Attributes
    ----------
    rca : (R, P) revealed comparative advantage
    M : (R, P) presence matrix, 0/1
    diversity : (R,) ``k_c0``
    ubiquity : (P,) ``k_p0``
    proximity : (P, P) symmetric proximity, zero diagonal
    density : (R, P) relatedness density in [0, 1]
    eci : (R,) Economic Complexity Index (Stata standardisation)
    pci : (P,) Product Complexity Index (on ECI's scale)
    coi : (R,) Complexity Outlook Index
    cog : (R, P) Complexity Outlook Gain (0 where ``M = 1``)
    rpop : (R, P) revealed per-capita advantage, or None when not computed
    """

    rca: np.ndarray
    M: np.ndarray
    diversity: np.ndarray
    ubiquity: np.ndarray
    proximity: np.ndarray
    density: np.ndarray
    eci: np.ndarray
    pci: np.ndarray
    coi: np.ndarray
    cog: np.ndarray
    rpop: np.ndarray | None = None


# The panel holds the same fields with a leading year axis.
ComplexityPanel = ComplexityResult


@dataclass(frozen=True, slots=True)
class _Buffers:
    rca: np.ndarray | None = None
    rpop: np.ndarray | None = None
    M: np.ndarray | None = None
    proximity: np.ndarray | None = None
    density: np.ndarray | None = None
    cog: np.ndarray | None = None


def _check_options(presence: str, population: object | None) -> None:
    if presence not in ("rca", "rpop", "both"):
        msg = f"presence must be 'rca', 'rpop' or 'both', got {presence!r}"
        raise ValueError(msg)
    if presence != "rca" and population is None:
        msg = f"presence={presence!r} needs the population of each region"
        raise ValueError(msg)


def compute_all(
    values: object,
    *,
    threshold: float = 1.0,
    population: object | None = None,
    presence: PresenceTest = "rca",
    rpop_threshold: float = 1.0,
) -> ComplexityResult:
    """Compute RCA, M, diversity, ubiquity, proximity, density, ECI, PCI, COI and COG.

    Parameters
    ----------
    values : (regions, activities) array_like or sparse matrix
        Non-negative values of one year; every region and activity needs a positive total
        (see :func:`~smartregions.analytics.compute.rca.drop_empty`).
    threshold : float
        RCA threshold of the presence test (``M = RCA >= threshold``).
    population : (regions,) array_like, optional
        Needed for ``presence="rpop"`` or ``"both"``.
    presence : "rca", "rpop" or "both"
        The presence test (see :func:`~smartregions.analytics.compute.rca.presence_matrix`).
    rpop_threshold : float
        RPOP threshold for ``"rpop"``/``"both"``.

    Returns
    -------
    :class:`ComplexityResult` of new arrays. No side effects.

    Raises
    ------
    DegenerateInputError
        See the individual kernels: empty/NaN/negative input, zero totals, a region or
        activity without any ``M = 1``, a disconnected network.
    """
    _check_options(presence, population)
    return _compute_year(
        values,
        threshold=threshold,
        population=population,
        presence=presence,
        rpop_threshold=rpop_threshold,
        buffers=_Buffers(),
    )


def _compute_year(
    values: object,
    *,
    threshold: float,
    population: object | None,
    presence: str,
    rpop_threshold: float,
    buffers: _Buffers,
) -> ComplexityResult:
    matrix = as_matrix(values, name="values")
    dense = matrix.toarray() if sp.issparse(matrix) else matrix
    rca_values = rca(dense, out=buffers.rca)
    rpop_values = None
    if presence == "rpop":
        rpop_values = rpop(dense, population, out=buffers.rpop)
        presence_values = binarise(rpop_values, rpop_threshold, out=buffers.M)
    else:
        presence_values = binarise(rca_values, threshold, out=buffers.M)
        if presence == "both":
            rpop_values = rpop(dense, population, out=buffers.rpop)
            np.maximum(presence_values, rpop_values >= rpop_threshold, out=presence_values)
    if not presence_values.any():
        msg = "no region-activity pair passes the presence test: lower the threshold"
        raise DegenerateInputError(msg)
    kc0 = presence_values.sum(axis=1)
    kp0 = presence_values.sum(axis=0)
    phi = _proximity(presence_values, kp0, symmetric=True)
    if buffers.proximity is not None:
        buffers.proximity[...] = phi
        phi = buffers.proximity
    density = _density(presence_values, phi, out=buffers.density)
    kc, kp = _eigenvectors(presence_values, kc0, kp0)
    eci, pci = standardise(kc, kp)
    coi, cog = _outlook(presence_values, phi, density, kc, kp, out=buffers.cog)
    return ComplexityResult(
        rca=rca_values,
        M=presence_values,
        diversity=kc0,
        ubiquity=kp0,
        proximity=phi,
        density=density,
        eci=eci,
        pci=pci,
        coi=coi,
        cog=cog,
        rpop=rpop_values,
    )


def compute_panel(
    cube: np.ndarray | Iterable[object],
    *,
    threshold: float = 1.0,
    population: object | None = None,
    presence: PresenceTest = "rca",
    rpop_threshold: float = 1.0,
) -> ComplexityPanel:
    """Run :func:`compute_all` for every year of a (years, regions, activities) panel.

    ``cube`` is a 3-D array or an iterable of same-shaped 2-D matrices (dense or sparse).
    ``population`` is (regions,) for all years or (years, regions). The large outputs are
    written straight into preallocated (years, ...) arrays, so memory stays at the size of
    the result plus one year of temporaries.

    Returns a :class:`ComplexityResult` whose fields carry a leading year axis. No side
    effects.

    Raises
    ------
    DegenerateInputError
        For the first degenerate year, with its index in the message.
    """
    _check_options(presence, population)
    years = list(cube) if not isinstance(cube, np.ndarray) else cube
    if isinstance(years, np.ndarray) and years.ndim != 3:
        msg = f"cube must be (years, regions, activities), got {years.ndim} dimension(s)"
        raise DegenerateInputError(msg)
    if len(years) == 0:
        msg = "cube has no years"
        raise DegenerateInputError(msg)
    n_years = len(years)
    n_regions, n_activities = np.shape(years[0])
    pop = _panel_population(population, n_years, n_regions)
    big = (n_years, n_regions, n_activities)
    panel = {
        name: np.empty(big)
        for name in ("rca", "M", "density", "cog") + (("rpop",) if presence != "rca" else ())
    }
    panel["proximity"] = np.empty((n_years, n_activities, n_activities))
    small = {"diversity": n_regions, "eci": n_regions, "coi": n_regions}
    small |= {"ubiquity": n_activities, "pci": n_activities}
    vectors = {name: np.empty((n_years, size)) for name, size in small.items()}
    for year, values in enumerate(years):
        if np.shape(values) != (n_regions, n_activities):
            msg = f"year index {year} has shape {np.shape(values)}, expected {big[1:]}"
            raise DegenerateInputError(msg)
        buffers = _Buffers(**{name: array[year] for name, array in panel.items()})
        try:
            result = _compute_year(
                values,
                threshold=threshold,
                population=None if pop is None else pop[year],
                presence=presence,
                rpop_threshold=rpop_threshold,
                buffers=buffers,
            )
        except DegenerateInputError as exc:
            msg = f"year index {year}: {exc}"
            raise DegenerateInputError(msg) from exc
        for name, array in vectors.items():
            array[year] = getattr(result, name)
    return ComplexityPanel(**panel, **vectors)


def _panel_population(population: object | None, n_years: int, n_regions: int) -> np.ndarray | None:
    if population is None:
        return None
    array = np.asarray(population, dtype=np.float64)
    if array.ndim == 1:
        vector = as_vector(array, name="population", length=n_regions, positive=True)
        return np.broadcast_to(vector, (n_years, n_regions))
    if array.shape != (n_years, n_regions):
        msg = f"population must be (regions,) or (years, regions), got {array.shape}"
        raise DegenerateInputError(msg)
    return array
