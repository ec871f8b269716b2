"""Structural similarity between regions, as the JRC S3 regional benchmarking tool.

Regions are described by a vector of structural indicators (population density, GDP per
head, sector shares...). Each indicator is z-scored so units do not matter, regions are
compared by weighted Euclidean distance, and each region gets its N most similar regions
together with how much each indicator contributes to each distance (so a user sees *why*
two regions are considered alike or not).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smartregions.analytics.compute._validation import as_matrix, as_vector, describe_indices
from smartregions.analytics.compute.errors import DegenerateInputError


@dataclass(frozen=True, slots=True)
class SimilarRegions:
    """The ``n`` most similar regions of every region.

    Attributes
    ----------
    indices : (regions, n) int64 ndarray
        Row indices of the similar regions, closest first (ties by lower index).
    distances : (regions, n) float64 ndarray
        Weighted Euclidean distance to each of them.
    contributions : (regions, n, indicators) float64 ndarray
        :math:`w_k (z_{rk} - z_{sk})^2`; summing over indicators gives ``distances ** 2``.
    """

    indices: np.ndarray
    distances: np.ndarray
    contributions: np.ndarray


def zscores(indicators: object) -> np.ndarray:
    r"""Standardise each indicator (column): :math:`z_{rk} = (x_{rk} - \bar x_k) / s_k`.

    ``s_k`` is the sample standard deviation (``ddof=1``). Raises
    :class:`DegenerateInputError` for NaN, fewer than two regions or a constant indicator
    (it cannot tell regions apart: drop it). No side effects.
    """
    matrix = as_matrix(
        indicators, name="indicators", min_cols=1, nonnegative=False, allow_sparse=False
    )
    sd = matrix.std(axis=0, ddof=1)
    if sd.min() <= 0:
        bad = np.flatnonzero(sd <= 0)
        msg = f"indicator column(s) {describe_indices(bad)} are constant: drop them"
        raise DegenerateInputError(msg)
    return (matrix - matrix.mean(axis=0)) / sd


def _weights(weights: object | None, n_indicators: int) -> np.ndarray:
    if weights is None:
        return np.ones(n_indicators)
    vector = as_vector(weights, name="weights", length=n_indicators)
    if vector.min() < 0 or not vector.sum() > 0:
        msg = "weights must be non-negative with a positive sum"
        raise DegenerateInputError(msg)
    return vector


def weighted_distances(standardised: object, *, weights: object | None = None) -> np.ndarray:
    r"""All pairwise weighted Euclidean distances between regions.

    .. math:: D_{rs} = \sqrt{\sum_k w_k (z_{rk} - z_{sk})^2}

    Computed with one matrix product (``|a|^2 + |b|^2 - 2 a.b``), clipped at 0 against
    rounding; the diagonal is exactly 0. Returns a symmetric (regions, regions) float64
    ndarray. No side effects.
    """
    matrix = as_matrix(
        standardised, name="standardised", min_cols=1, nonnegative=False, allow_sparse=False
    )
    scaled = matrix * np.sqrt(_weights(weights, matrix.shape[1]))[None, :]
    norms = np.square(scaled).sum(axis=1)
    squared = norms[:, None] + norms[None, :] - 2.0 * (scaled @ scaled.T)
    np.maximum(squared, 0.0, out=squared)
    np.fill_diagonal(squared, 0.0)
    return np.sqrt(squared)


def most_similar(
    indicators: object,
    *,
    weights: object | None = None,
    n: int = 10,
    standardise: bool = True,
) -> SimilarRegions:
    """The ``n`` structurally most similar regions of each region (excluding itself).

    Indicators are z-scored (:func:`zscores`) unless ``standardise=False``; distances are
    weighted Euclidean (:func:`weighted_distances`). Candidates are preselected from the
    full distance matrix and their distances and per-indicator contributions recomputed
    directly from the differences, so near-identical regions get exact distances.

    Returns :class:`SimilarRegions`. No side effects.

    References
    ----------
    Navarro, M., Gibaja, J. J., Franco, S., Murciego, A., Gianelle, C., Hegyi, F. B. &
    Kleibrink, A. (2014). *Regional benchmarking in the smart specialisation process:
    Identification of reference regions based on structural similarity*. S3 Working Paper
    03/2014, JRC-IPTS.
    """
    z = (
        zscores(indicators)
        if standardise
        else as_matrix(
            indicators, name="indicators", min_cols=1, nonnegative=False, allow_sparse=False
        )
    )
    n_regions = z.shape[0]
    if n < 1:
        msg = f"n must be at least 1, got {n}"
        raise ValueError(msg)
    k = min(n, n_regions - 1)
    w = _weights(weights, z.shape[1])
    squared = np.square(weighted_distances(z, weights=w))
    np.fill_diagonal(squared, np.inf)
    if k < n_regions - 1:
        candidates = np.argpartition(squared, k - 1, axis=1)[:, :k]
    else:
        candidates = np.argsort(squared, axis=1, kind="stable")[:, :k]
    contributions = w[None, None, :] * np.square(z[:, None, :] - z[candidates])
    exact = contributions.sum(axis=2)
    order = np.lexsort((candidates, exact), axis=-1)
    indices = np.take_along_axis(candidates, order, axis=1)
    exact = np.take_along_axis(exact, order, axis=1)
    contributions = np.take_along_axis(contributions, order[:, :, None], axis=1)
    return SimilarRegions(
        indices=indices.astype(np.int64),
        distances=np.sqrt(exact),
        contributions=contributions,
    )
