"""Specialisation, concentration and variety of regional economic structures.

Per-region measures (:func:`krugman_index`, :func:`herfindahl`, :func:`entropy`,
:func:`related_variety`, :func:`unrelated_variety`) accept a (regions, activities) matrix and
return one value per region; a 1-D vector is treated as a single region and gives a float.
Per-activity concentration measures (:func:`hoover_gini`, :func:`locational_gini`) return one
value per activity. All inputs must be non-negative with positive totals.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.special import entr, rel_entr

from smartregions.analytics.compute._validation import (
    as_matrix,
    as_vector,
    require_positive,
    row_col_sums,
)
from smartregions.analytics.compute.errors import DegenerateInputError

_ROW_WHY = "shares are undefined for a region without any activity"


def _dense_rows(values: object) -> tuple[np.ndarray, bool]:
    """Dense float64 region x activity matrix and whether the input was a single vector."""
    vector = not sp.issparse(values) and np.ndim(values) == 1
    raw = np.asarray(values, dtype=np.float64)[None, :] if vector else values
    matrix = as_matrix(raw, name="values", min_rows=1, min_cols=1)
    dense = matrix.toarray() if sp.issparse(matrix) else matrix
    row = dense.sum(axis=1)
    require_positive(row, name="values", what="region row(s)", why=_ROW_WHY)
    return dense, vector


def _region_shares(values: object) -> tuple[np.ndarray, bool]:
    """Region x activity shares ``s_rp = x_rp / x_r`` and whether the input was one vector."""
    dense, vector = _dense_rows(values)
    return dense / dense.sum(axis=1)[:, None], vector


def _finish(result: np.ndarray, vector: bool) -> np.ndarray | float:
    return float(result[0]) if vector else result


def krugman_index(values: object) -> np.ndarray | float:
    r"""Krugman specialisation index of each region, as EconGeo ``krugman_index()``.

    .. math:: K_r = \sum_p \left| \frac{x_{rp}}{x_r} - \frac{x_p}{x} \right|

    0 when the region's structure equals the whole sample's, up to 2 when it shares no
    activity with it. No side effects.

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*. MIT Press.
    """
    dense, vector = _dense_rows(values)
    shares = dense / dense.sum(axis=1)[:, None]
    col = dense.sum(axis=0)
    reference = col / col.sum()
    return _finish(np.abs(shares - reference[None, :]).sum(axis=1), vector)


def herfindahl(values: object) -> np.ndarray | float:
    r"""Herfindahl-Hirschman concentration of each region's activity shares.

    .. math:: H_r = \sum_p s_{rp}^2, \qquad s_{rp} = x_{rp} / x_r

    ``1/n`` for ``n`` equal activities, 1 for a region with a single activity. No side
    effects.

    References
    ----------
    Hirschman, A. O. (1964). The paternity of an index. *American Economic Review*, 54(5),
    761. Balland, P.-A. (2017), EconGeo ``herfindahl()``.
    """
    shares, vector = _region_shares(values)
    return _finish(np.square(shares).sum(axis=1), vector)


def entropy(values: object, *, base: float = 2.0) -> np.ndarray | float:
    r"""Shannon entropy of each region's activity shares (``0 log 0 = 0``).

    .. math:: E_r = -\sum_p s_{rp} \log_b s_{rp}

    ``log_b n`` for ``n`` equal activities. ``base=2`` as EconGeo ``entropy()`` and Frenken
    et al. (2007), so that ``entropy = related_variety + unrelated_variety``. EconGeo adds
    1e-9 inside the log and rounds to 3 decimals; we do neither. No side effects.

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical
    Journal*, 27, 379-423.
    """
    shares, vector = _region_shares(values)
    return _finish(entr(shares).sum(axis=1) / np.log(base), vector)


def _group_codes(groups: object, n_activities: int) -> tuple[np.ndarray, int]:
    labels = np.asarray(groups)
    if labels.shape != (n_activities,):
        msg = f"groups must map each of the {n_activities} activities to a group"
        raise DegenerateInputError(msg)
    _, codes = np.unique(labels, return_inverse=True)
    return codes.ravel(), int(codes.max()) + 1


def _group_shares(shares: np.ndarray, groups: object) -> tuple[np.ndarray, np.ndarray]:
    codes, n_groups = _group_codes(groups, shares.shape[1])
    one_hot = sp.csr_array(
        (np.ones(codes.shape[0]), (np.arange(codes.shape[0]), codes)),
        shape=(codes.shape[0], n_groups),
    )
    return np.asarray((one_hot.T @ shares.T).T), codes


def unrelated_variety(values: object, groups: object, *, base: float = 2.0) -> np.ndarray | float:
    r"""Unrelated variety: entropy between activity groups (Frenken et al. 2007).

    .. math:: UV_r = \sum_g P_{rg} \log_b \frac{1}{P_{rg}}, \qquad
              P_{rg} = \sum_{p \in g} s_{rp}

    ``groups`` maps each activity (column) to a group label (e.g. NACE division of a
    NACE class). No side effects.

    References
    ----------
    Frenken, K., Van Oort, F. & Verburg, T. (2007). Related variety, unrelated variety and
    regional economic growth. *Regional Studies*, 41(5), 685-697.
    """
    shares, vector = _region_shares(values)
    group_shares, _ = _group_shares(shares, groups)
    return _finish(entr(group_shares).sum(axis=1) / np.log(base), vector)


def related_variety(values: object, groups: object, *, base: float = 2.0) -> np.ndarray | float:
    r"""Related variety: weighted entropy within activity groups (Frenken et al. 2007).

    .. math:: RV_r = \sum_g P_{rg} H_{rg}, \qquad
              H_{rg} = \sum_{p \in g} \frac{s_{rp}}{P_{rg}} \log_b \frac{P_{rg}}{s_{rp}}

    equivalently :math:`-\sum_p s_{rp} \log_b (s_{rp} / P_{r,g(p)})`. By the entropy
    decomposition theorem ``entropy = related_variety + unrelated_variety``. No side
    effects.

    References
    ----------
    Frenken, K., Van Oort, F. & Verburg, T. (2007). *Regional Studies*, 41(5), 685-697.
    """
    shares, vector = _region_shares(values)
    group_shares, codes = _group_shares(shares, groups)
    within = rel_entr(shares, group_shares[:, codes]).sum(axis=1)
    return _finish(-within / np.log(base), vector)


def hoover_gini(values: object, reference: object) -> np.ndarray:
    r"""Hoover-Gini concentration of each activity across regions relative to a reference.

    Regions are sorted by :math:`x_{rp} / ref_r`; with cumulative shares :math:`X_k` of the
    activity and :math:`R_k` of the reference (:math:`X_0 = R_0 = 0`),

    .. math:: HG_p = \sum_{k=1}^{n} (X_k R_{k-1} - X_{k-1} R_k)

    twice the area between the diagonal and the Hoover curve: 0 when the activity is spread
    exactly like the reference (e.g. population), towards 1 when concentrated in a region
    with a tiny reference share. As EconGeo ``hoover_gini()`` without its rounding.

    Parameters
    ----------
    values : (regions, activities) array_like or sparse matrix
    reference : (regions,) array_like, strictly positive (e.g. population)

    Returns
    -------
    (activities,) float64 ndarray. No side effects.

    References
    ----------
    Hoover, E. M. (1936). The measurement of industrial localization. *Review of Economics
    and Statistics*, 18(4), 162-171.
    """
    matrix = as_matrix(values, name="values", min_cols=1)
    dense = matrix.toarray() if sp.issparse(matrix) else matrix
    ref = as_vector(reference, name="reference", length=dense.shape[0], positive=True)
    col = dense.sum(axis=0)
    require_positive(
        col, name="values", what="activity column(s)", why="concentration is undefined"
    )
    order = np.argsort(dense / ref[:, None], axis=0, kind="stable")
    cum_x = np.cumsum(np.take_along_axis(dense, order, axis=0), axis=0) / col[None, :]
    cum_r = np.cumsum(ref[order], axis=0) / ref.sum()
    zeros = np.zeros((1, dense.shape[1]))
    cum_x = np.vstack([zeros, cum_x])
    cum_r = np.vstack([zeros, cum_r])
    return (cum_x[1:] * cum_r[:-1] - cum_x[:-1] * cum_r[1:]).sum(axis=0)


def locational_gini(values: object) -> np.ndarray:
    r"""Krugman's locational Gini of each activity, as EconGeo ``locational_gini()``.

    The Hoover-Gini of the activity against the regions' total activity, halved:
    :math:`LG_p = HG_p(x_{\cdot p}, x_{\cdot}) / 2` (theoretical maximum 0.5). 0 when the
    activity is distributed like overall activity. No side effects.

    References
    ----------
    Krugman, P. (1991). *Geography and Trade*, ch. 2. MIT Press.
    """
    matrix = as_matrix(values, name="values", min_cols=1)
    row, _ = row_col_sums(matrix)
    require_positive(row, name="values", what="region row(s)", why=_ROW_WHY)
    return hoover_gini(matrix, row) / 2.0
