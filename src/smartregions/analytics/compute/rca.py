"""Revealed comparative advantage (location quotient), presence matrix, diversity, ubiquity.

Inputs are regions x activities matrices of non-negative values (exports, employment,
patents...), dense ``ndarray`` or ``scipy.sparse``. Sparse input keeps its sparsity: an
empty cell has RCA 0, so :func:`rca`, :func:`rpop` and :func:`presence_matrix` return CSR
arrays for sparse input and ndarrays for dense input.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.sparse as sp

from smartregions.analytics.compute._validation import (
    as_matrix,
    as_vector,
    require_positive,
    row_col_sums,
)
from smartregions.analytics.compute.errors import DegenerateInputError

PresenceTest = Literal["rca", "rpop", "both"]

_ROW_WHY = "drop regions without activity before computing (the indicator divides by it)"
_COL_WHY = "drop activities no region has before computing (the indicator divides by it)"


def rca(values: object, *, out: np.ndarray | None = None) -> np.ndarray | sp.csr_array:
    r"""Revealed comparative advantage (Balassa index, location quotient).

    .. math:: RCA_{cp} = \frac{x_{cp} / x_{c}}{x_{p} / x}

    with :math:`x_c = \sum_p x_{cp}`, :math:`x_p = \sum_c x_{cp}`, :math:`x = \sum_{cp} x_{cp}`.
    Evaluated in that order, as Stata ``ecomplexity`` does, so results agree to the last bit.

    Parameters
    ----------
    values : (regions, activities) array_like or sparse matrix
        Non-negative values; every region and every activity needs a positive total.
    out : ndarray, optional
        Preallocated float64 output for dense input (reused by panel computations).

    Returns
    -------
    ndarray or scipy.sparse.csr_array
        RCA, same kind as the input. No side effects.

    Raises
    ------
    DegenerateInputError
        Empty input, a single region or activity, NaN/inf or negative values, or a region or
        activity whose total is zero.

    References
    ----------
    Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
    *The Manchester School*, 33(2), 99-123.
    """
    matrix = as_matrix(values, name="values")
    row, col = _margins(matrix)
    total = row.sum()
    if sp.issparse(matrix):
        share = matrix.multiply((1.0 / row)[:, None])
        return sp.csr_array(share.multiply((total / col)[None, :]))
    result = np.divide(matrix, row[:, None], out=out)
    result /= (col / total)[None, :]
    return result


def rpop(
    values: object, population: object, *, out: np.ndarray | None = None
) -> np.ndarray | sp.csr_array:
    r"""Revealed per-capita advantage (RPOP), as Stata/py-ecomplexity ``rpop``.

    .. math:: RPOP_{cp} = \frac{x_{cp} / pop_c}{x_{p} / \sum_{c'} pop_{c'}}

    i.e. the region's value per inhabitant in activity :math:`p` relative to the value per
    inhabitant of the whole sample. ``RPOP >= 1`` means the region does more of ``p`` per head
    than the sample as a whole.

    Parameters
    ----------
    values : (regions, activities) array_like or sparse matrix
        Non-negative values; every activity needs a positive total.
    population : (regions,) array_like
        Strictly positive population of each region.
    out : ndarray, optional
        Preallocated float64 output for dense input.

    Returns
    -------
    ndarray or scipy.sparse.csr_array
        RPOP, same kind as the input. No side effects.

    References
    ----------
    Hausmann, R., Hidalgo, C. A. et al. (2014). *The Atlas of Economic Complexity*. MIT Press
    (the ``rpop`` option of Stata ``ecomplexity``).
    """
    matrix = as_matrix(values, name="values")
    pop = as_vector(population, name="population", length=matrix.shape[0], positive=True)
    _, col = row_col_sums(matrix)
    require_positive(col, name="values", what="activity column(s)", why=_COL_WHY)
    per_capita_total = col / pop.sum()
    if sp.issparse(matrix):
        share = matrix.multiply((1.0 / pop)[:, None])
        return sp.csr_array(share.multiply((1.0 / per_capita_total)[None, :]))
    result = np.divide(matrix, pop[:, None], out=out)
    result /= per_capita_total[None, :]
    return result


def binarise(
    index: object, threshold: float = 1.0, *, out: np.ndarray | None = None
) -> np.ndarray | sp.csr_array:
    """Turn an index (RCA, RPOP) into a 0/1 float64 presence matrix: ``M = index >= threshold``.

    py-ecomplexity uses ``>=``; Stata ``ecomplexity`` uses ``>``. They differ only for cells
    exactly at the threshold. ``threshold`` must be positive so that empty cells stay 0 (and
    sparse input stays sparse). No side effects.
    """
    if not threshold > 0:
        msg = f"threshold must be positive, got {threshold}"
        raise ValueError(msg)
    if sp.issparse(index):
        matrix = sp.csr_array(index, dtype=np.float64)
        result = sp.csr_array(matrix >= threshold, dtype=np.float64)
        result.eliminate_zeros()
        return result
    array = np.asarray(index, dtype=np.float64)
    if out is None:
        return (array >= threshold).astype(np.float64)
    np.greater_equal(array, threshold, out=out)
    return out


def presence_matrix(
    values: object,
    *,
    test: PresenceTest = "rca",
    threshold: float = 1.0,
    rpop_threshold: float = 1.0,
    population: object | None = None,
) -> np.ndarray | sp.csr_array:
    """Presence (specialisation) matrix ``M_cp`` in {0, 1}.

    ``test="rca"``: ``M = RCA >= threshold``. ``test="rpop"``: ``M = RPOP >= rpop_threshold``
    (needs ``population``). ``test="both"``: 1 when either test passes, as py-ecomplexity's
    ``presence_test="both"`` and Stata's ``rca() rpop()`` combination.

    Returns a float64 0/1 matrix of the input's kind (CSR for sparse input). No side effects.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic complexity.
    *PNAS*, 106(26), 10570-10575.
    """
    if test not in ("rca", "rpop", "both"):
        msg = f"test must be 'rca', 'rpop' or 'both', got {test!r}"
        raise ValueError(msg)
    if test in ("rpop", "both") and population is None:
        msg = f"test={test!r} needs the population of each region"
        raise ValueError(msg)
    if test == "rca":
        return binarise(rca(values), threshold)
    by_pop = binarise(rpop(values, population), rpop_threshold)
    if test == "rpop":
        return by_pop
    by_rca = binarise(rca(values), threshold)
    if sp.issparse(by_rca):
        return sp.csr_array(by_rca.maximum(by_pop))
    return np.maximum(by_rca, by_pop)


def diversity(presence: object) -> np.ndarray:
    r"""Diversity :math:`k_{c,0} = \sum_p M_{cp}`: how many activities a region specialises in.

    Returns a float64 vector of length ``regions``. No side effects.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). *PNAS*, 106(26), 10570-10575.
    """
    matrix = as_matrix(presence, name="presence", min_rows=1, min_cols=1)
    return np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()


def ubiquity(presence: object) -> np.ndarray:
    r"""Ubiquity :math:`k_{p,0} = \sum_c M_{cp}`: how many regions are specialised in each activity.

    Returns a float64 vector of length ``activities``. No side effects.

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009). *PNAS*, 106(26), 10570-10575.
    """
    matrix = as_matrix(presence, name="presence", min_rows=1, min_cols=1)
    return np.asarray(matrix.sum(axis=0), dtype=np.float64).ravel()


def _margins(matrix: np.ndarray | sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    row, col = row_col_sums(matrix)
    if not row.any():
        msg = "values is all zero: no region has any activity"
        raise DegenerateInputError(msg)
    require_positive(row, name="values", what="region row(s)", why=_ROW_WHY)
    require_positive(col, name="values", what="activity column(s)", why=_COL_WHY)
    return row, col


def drop_empty(values: object) -> tuple[np.ndarray | sp.csr_array, np.ndarray, np.ndarray]:
    """Remove regions and activities whose total is zero, as Stata ``ecomplexity`` does.

    Returns ``(trimmed, kept_rows, kept_columns)`` where the index arrays map the trimmed
    matrix back to the input. Raises :class:`DegenerateInputError` when nothing is left.
    No side effects; it exists so callers can clean a year before :func:`rca`.
    """
    matrix = as_matrix(values, name="values", min_rows=1, min_cols=1)
    row, col = row_col_sums(matrix)
    rows = np.flatnonzero(row > 0)
    cols = np.flatnonzero(col > 0)
    if rows.size == 0 or cols.size == 0:
        msg = "values is all zero: no region has any activity"
        raise DegenerateInputError(msg)
    trimmed = matrix[rows][:, cols] if sp.issparse(matrix) else matrix[np.ix_(rows, cols)]
    return trimmed, rows, cols
