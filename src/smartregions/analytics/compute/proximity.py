"""Activity-activity proximity and co-occurrence relatedness from a presence matrix.

Both answer "how related are activities p and q?" from how often regions are specialised in
both. :func:`proximity` is the product-space measure of Hidalgo et al. (2007) as computed by
Stata ``ecomplexity``; :func:`cooccurrence_relatedness` normalises raw co-occurrence counts as
the R package EconGeo's ``relatedness()`` does.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from smartregions.analytics.compute._validation import as_presence, as_square
from smartregions.analytics.compute.errors import DegenerateInputError

RelatednessMethod = Literal["prob", "association", "cosine", "jaccard"]

# Binary products are sums of 0/1 terms: single precision represents every integer below
# 2**24 exactly, so the count matrix is exact and the GEMM runs twice as fast.
_EXACT_FLOAT32_COUNTS = 2**24


def cooccurrence(presence: object, *, diagonal: bool = False) -> np.ndarray:
    r"""Co-occurrence counts :math:`C_{pq} = \sum_c M_{cp} M_{cq}` (regions holding both).

    Parameters
    ----------
    presence : (regions, activities) 0/1 array_like or sparse matrix
    diagonal : bool
        Keep :math:`C_{pp}` (the ubiquity of ``p``). EconGeo's ``co_occurrence()`` zeroes it
        by default, and so do we.

    Returns
    -------
    (activities, activities) float64 ndarray, symmetric. No side effects.

    References
    ----------
    Balland, P.-A. (2017). Economic Geography in R: Introduction to the EconGeo package.
    *Papers in Evolutionary Economic Geography*, 17.09.
    """
    matrix = as_presence(presence)
    counts = _counts(matrix)
    if not diagonal:
        np.fill_diagonal(counts, 0.0)
    return counts


def _counts(matrix: np.ndarray) -> np.ndarray:
    if matrix.shape[0] < _EXACT_FLOAT32_COUNTS:
        single = matrix.astype(np.float32)
        return (single.T @ single).astype(np.float64)
    return matrix.T @ matrix


def proximity(presence: object, *, symmetric: bool = True) -> np.ndarray:
    r"""Product-space proximity (minimum conditional probability), as Stata ``ecomplexity``.

    Symmetric (default):

    .. math:: \phi_{pq} = \frac{\sum_c M_{cp} M_{cq}}{\max(k_{p,0}, k_{q,0})}
              = \min\{P(p \mid q), P(q \mid p)\}

    Asymmetric (Stata's ``asym`` option): :math:`\phi_{pq} = C_{pq} / k_{q,0} = P(p \mid q)`.

    The diagonal is 0, as in Stata (``proximity = min(P1, P2) - I``): an activity is not its
    own neighbour, so it does not count towards its own density. A pair of activities with
    zero ubiquity has proximity 0 (Stata would give missing).

    Parameters
    ----------
    presence : (regions, activities) 0/1 array_like or sparse matrix
    symmetric : bool

    Returns
    -------
    (activities, activities) float64 ndarray with entries in [0, 1]. No side effects.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L. & Hausmann, R. (2007). The product space
    conditions the development of nations. *Science*, 317(5837), 482-487.
    """
    matrix = as_presence(presence)
    return _proximity(matrix, matrix.sum(axis=0), symmetric=symmetric)


def _proximity(matrix: np.ndarray, ubiquity: np.ndarray, *, symmetric: bool) -> np.ndarray:
    counts = _counts(matrix)
    if symmetric:
        denominator = np.maximum.outer(ubiquity, ubiquity)
    else:
        denominator = np.broadcast_to(ubiquity[None, :], counts.shape).copy()
    denominator[denominator == 0] = 1.0  # only where the count is 0 as well
    counts /= denominator
    np.fill_diagonal(counts, 0.0)
    return counts


def relatedness_from_cooccurrence(
    cooccurrences: object, *, method: RelatednessMethod = "prob"
) -> np.ndarray:
    r"""Normalise a co-occurrence matrix into relatedness, exactly as EconGeo ``relatedness()``.

    With :math:`C_{ij}` the counts with the diagonal set to 0, :math:`S_i = \sum_j C_{ij}`
    (column sums, as EconGeo) and :math:`T = \sum_{ij} C_{ij}`:

    - ``"association"`` (association strength, observed over expected co-occurrence):
      :math:`r_{ij} = C_{ij} / (S_i S_j / T)`;
    - ``"prob"`` (EconGeo's default "probability index", Steijn 2017; the expected count
      draws pairs without repetition):
      :math:`r_{ij} = C_{ij} \big/ \big[\tfrac{T}{2}\big(\tfrac{S_i}{T}\tfrac{S_j}{T - S_i}
      + \tfrac{S_j}{T}\tfrac{S_i}{T - S_j}\big)\big]`;
    - ``"cosine"``: :math:`C_{ij} / \sqrt{S_i S_j}`;
    - ``"jaccard"``: :math:`C_{ij} / (S_i + S_j - C_{ij})`.

    Values above 1 (association, prob) mean the pair co-occurs more than expected by chance.
    Cells whose denominator is 0 (an activity that never co-occurs) and the diagonal are 0,
    as in EconGeo (which maps NaN to 0).

    Returns
    -------
    (activities, activities) float64 ndarray. No side effects.

    Raises
    ------
    DegenerateInputError
        When the matrix has no co-occurrence at all (``T = 0``) or is not square/finite.

    References
    ----------
    van Eck, N. J. & Waltman, L. (2009). How to normalize cooccurrence data? *JASIST*,
    60(8), 1635-1651. Balland, P.-A. (2017), EconGeo. Steijn, M. P. A. (2017), *Improvement
    on the association strength*, Utrecht University working paper.
    """
    raw = np.asarray(cooccurrences)
    if raw.ndim != 2 or raw.shape[0] != raw.shape[1]:
        msg = f"cooccurrences must be a square matrix, got shape {raw.shape}"
        raise DegenerateInputError(msg)
    counts = as_square(cooccurrences, name="cooccurrences", size=raw.shape[0]).copy()
    np.fill_diagonal(counts, 0.0)
    strength = counts.sum(axis=0)
    total = strength.sum()
    if total <= 0:
        msg = "no two activities co-occur in any region: relatedness is undefined"
        raise DegenerateInputError(msg)
    s_i = strength[:, None]
    s_j = strength[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "association":
            expected = s_i * s_j / total
        elif method == "prob":
            expected = (s_i * s_j / 2.0) * (1.0 / (total - s_j) + 1.0 / (total - s_i))
        elif method == "cosine":
            expected = np.sqrt(s_i * s_j)
        elif method == "jaccard":
            expected = s_i + s_j - counts
        else:
            msg = f"method must be 'prob', 'association', 'cosine' or 'jaccard', got {method!r}"
            raise ValueError(msg)
        result = counts / expected
    result[~np.isfinite(result)] = 0.0
    np.fill_diagonal(result, 0.0)
    return result


def cooccurrence_relatedness(presence: object, *, method: RelatednessMethod = "prob") -> np.ndarray:
    """Relatedness between activities from how often regions specialise in both.

    Computes :func:`cooccurrence` (``M^T M``, diagonal 0) and normalises it with
    :func:`relatedness_from_cooccurrence` (EconGeo's default ``method="prob"``). No side
    effects.

    References
    ----------
    Balland, P.-A., Boschma, R., Crespo, J. & Rigby, D. L. (2019). Smart specialization
    policy in the European Union: relatedness, knowledge complexity and regional
    diversification. *Regional Studies*, 53(9), 1252-1268.
    """
    return relatedness_from_cooccurrence(cooccurrence(presence), method=method)
