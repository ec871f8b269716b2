"""Relatedness density: how much of what is related to an activity a region already does."""

from __future__ import annotations

import numpy as np

from smartregions.analytics.compute._validation import as_presence, as_square


def relatedness_density(
    presence: object, relatedness: object, *, out: np.ndarray | None = None
) -> np.ndarray:
    r"""Relatedness density in [0, 1], as Stata ``ecomplexity``'s ``density``.

    .. math:: d_{cp} = \frac{\sum_{q} M_{cq}\, \phi_{qp}}{\sum_{q} \phi_{qp}}

    the share of activity ``p``'s relatedness (proximity) mass that region ``c`` already
    covers. With the proximity of :func:`~smartregions.analytics.compute.proximity.proximity`
    (zero diagonal) a region's own specialisation in ``p`` does not count towards ``d_cp``.
    An activity related to nothing (zero column sum) gets density 0 everywhere (Stata would
    give missing).

    Parameters
    ----------
    presence : (regions, activities) 0/1 array_like or sparse matrix
    relatedness : (activities, activities) array_like
        Proximity or any non-negative relatedness matrix; column ``p`` weighs ``p``'s
        neighbours.
    out : ndarray, optional
        Preallocated float64 (regions, activities) output.

    Returns
    -------
    (regions, activities) float64 ndarray. No side effects.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L. & Hausmann, R. (2007). *Science*, 317,
    482-487. Balland, P.-A. et al. (2019). *Regional Studies*, 53(9), 1252-1268.
    """
    matrix = as_presence(presence)
    weights = as_square(relatedness, name="relatedness", size=matrix.shape[1])
    return _density(matrix, weights, out=out)


def _density(matrix: np.ndarray, weights: np.ndarray, *, out: np.ndarray | None) -> np.ndarray:
    column_mass = weights.sum(axis=0)
    column_mass[column_mass == 0] = 1.0  # the column is all zero: density 0
    return np.matmul(matrix, weights / column_mass[None, :], out=out)


def relatedness_density_percent(presence: object, relatedness: object) -> np.ndarray:
    r"""Relatedness density on a 0-100 scale, as EconGeo ``relatedness_density()``.

    .. math:: RD_{cp} = 100 \cdot \frac{\sum_{q} M_{cq}\, r_{qp}}{\sum_{q} r_{qp}}

    i.e. :func:`relatedness_density` times 100. EconGeo also rounds to 2 decimals; this
    function does not round, so downstream code keeps full precision. No side effects.

    References
    ----------
    Boschma, R., Balland, P.-A. & Kogler, D. F. (2015). Relatedness and technological
    change in cities. *Industrial and Corporate Change*, 24(1), 223-250.
    """
    result = relatedness_density(presence, relatedness)
    result *= 100.0
    return result
