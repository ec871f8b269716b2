r"""Interregional complementarity: which partner regions cover a region's missing capabilities.

In the sense of Balland & Boschma (2021): partner ``s`` complements region ``r`` in activity
``p`` when ``s`` is specialised in ``p`` (:math:`M_{sp} = 1`), ``r`` is not
(:math:`M_{rp} = 0`) and ``p`` is related to what ``r`` already does (high relatedness
density :math:`d_{rp}`). The score is the share of ``r``'s relatedness-weighted missing
opportunities that ``s`` covers:

.. math::

    C_{rs} = \frac{\sum_p (1 - M_{rp})\, M_{sp}\, d_{rp}}{\sum_p (1 - M_{rp})\, d_{rp}}
           = \frac{\big[((1 - M) \circ D)\, M^\top\big]_{rs}}{\big[((1 - M) \circ D)\,
             \mathbf 1\big]_r}

It lies in [0, 1], is not symmetric (``C_rs`` is what ``s`` offers ``r``) and
:math:`C_{rr} = 0`.
"""

from __future__ import annotations

import numpy as np

from smartregions.analytics.compute._validation import as_presence
from smartregions.analytics.compute.errors import DegenerateInputError


def _inputs(presence: object, density: object) -> tuple[np.ndarray, np.ndarray]:
    matrix = as_presence(presence)
    dens = np.asarray(density, dtype=np.float64)
    if dens.shape != matrix.shape:
        msg = f"density must have shape {matrix.shape}, got {dens.shape}"
        raise DegenerateInputError(msg)
    if not np.isfinite(dens).all() or dens.min() < 0:
        msg = "density must be finite and non-negative"
        raise DegenerateInputError(msg)
    return matrix, dens


def _opportunity_weights(matrix: np.ndarray, dens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(1 - M) * D`` and its row sums (1 where a region has no opportunity at all)."""
    weights = (1.0 - matrix) * dens
    mass = weights.sum(axis=1)
    mass[mass == 0] = 1.0  # numerator is 0 as well: nothing to complement, score 0
    return weights, mass


def complementarity(
    presence: object, density: object, *, out: np.ndarray | None = None
) -> np.ndarray:
    r"""Complementarity score :math:`C_{rs}` of every partner ``s`` for every region ``r``.

    .. math:: C_{rs} = \frac{\sum_p (1 - M_{rp}) M_{sp} d_{rp}}{\sum_p (1 - M_{rp}) d_{rp}}

    computed for all pairs with one matrix product, ``((1 - M) * D) @ M.T``, normalised
    row-wise. A region with no missing related activity (denominator 0) gets 0 for every
    partner.

    Parameters
    ----------
    presence : (regions, activities) 0/1 matrix ``M``
    density : (regions, activities) relatedness density ``D`` (any non-negative scale)
    out : ndarray, optional
        Preallocated float64 (regions, regions) output.

    Returns
    -------
    (regions, regions) float64 ndarray; row ``r`` ranks partners for ``r``. No side
    effects.

    References
    ----------
    Balland, P.-A. & Boschma, R. (2021). Complementary interregional linkages and Smart
    Specialisation: an empirical study on European regions. *Regional Studies*, 55(6),
    1059-1070.
    """
    matrix, dens = _inputs(presence, density)
    weights, mass = _opportunity_weights(matrix, dens)
    result = np.matmul(weights, matrix.T, out=out)
    result /= mass[:, None]
    return result


def complementary_activities(
    presence: object,
    density: object,
    *,
    region: int,
    partner: int,
    top: int | None = 10,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The activities that make ``partner`` complementary to ``region``, largest first.

    Contribution of activity ``p``:
    :math:`(1 - M_{rp}) M_{sp} d_{rp} / \sum_q (1 - M_{rq}) d_{rq}`; the contributions of
    all activities sum to :math:`C_{rs}` (:func:`complementarity`). Only activities with a
    positive contribution are returned, at most ``top`` of them (all with ``top=None``);
    ties are broken by lower activity index.

    Returns
    -------
    activities : int64 ndarray of column indices
    contributions : float64 ndarray of the same length
        No side effects.
    """
    matrix, dens = _inputs(presence, density)
    n_regions = matrix.shape[0]
    for name, index in (("region", region), ("partner", partner)):
        if not 0 <= index < n_regions:
            msg = f"{name} index {index} is outside 0..{n_regions - 1}"
            raise IndexError(msg)
    weights, mass = _opportunity_weights(matrix[[region]], dens[[region]])
    contribution = weights[0] * matrix[partner] / mass[0]
    positive = np.flatnonzero(contribution > 0)
    order = positive[np.lexsort((positive, -contribution[positive]))]
    if top is not None:
        order = order[:top]
    return order.astype(np.int64), contribution[order]
