"""Input checks shared by the compute kernels (private).

Every kernel funnels its inputs through these helpers so that degenerate input fails early
with one consistent, explicit :class:`DegenerateInputError` instead of NaN further down.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from smartregions.analytics.compute.errors import DegenerateInputError

_SHOWN = 10


def describe_indices(indices: np.ndarray) -> str:
    """Render the first few offending indices for an error message."""
    shown = ", ".join(str(int(i)) for i in indices[:_SHOWN])
    more = f" and {len(indices) - _SHOWN} more" if len(indices) > _SHOWN else ""
    return f"{shown}{more}"


def _check_values(data: np.ndarray, name: str, *, nonnegative: bool) -> None:
    if not np.isfinite(data).all():
        bad = np.flatnonzero(~np.isfinite(data))
        msg = f"{name} contains NaN or infinite values (flat positions {describe_indices(bad)})"
        raise DegenerateInputError(msg)
    if nonnegative and data.size and data.min() < 0:
        bad = np.flatnonzero(data < 0)
        msg = f"{name} contains negative values (flat positions {describe_indices(bad)})"
        raise DegenerateInputError(msg)


def as_matrix(
    values: object,
    *,
    name: str = "values",
    min_rows: int = 2,
    min_cols: int = 2,
    nonnegative: bool = True,
    allow_sparse: bool = True,
) -> np.ndarray | sp.csr_array:
    """Return ``values`` as a float64 2-D ndarray (or CSR array) after the common checks.

    Dense input is not copied when it already is a float64 ndarray.
    """
    if sp.issparse(values):
        if not allow_sparse:
            values = values.toarray()  # type: ignore[union-attr]
        else:
            matrix = sp.csr_array(values, dtype=np.float64)
            _check_shape(matrix.shape, name, min_rows, min_cols)
            _check_values(matrix.data, name, nonnegative=nonnegative)
            return matrix
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 2:
        msg = f"{name} must be a 2-D matrix (regions x activities), got {array.ndim} dimension(s)"
        raise DegenerateInputError(msg)
    _check_shape(array.shape, name, min_rows, min_cols)
    _check_values(array, name, nonnegative=nonnegative)
    return array


def _check_shape(shape: tuple[int, ...], name: str, min_rows: int, min_cols: int) -> None:
    rows, cols = shape
    if rows == 0 or cols == 0:
        msg = f"{name} is empty (shape {rows} x {cols})"
        raise DegenerateInputError(msg)
    if rows < min_rows:
        msg = (
            f"{name} has {rows} region(s) (rows); at least {min_rows} are needed because the "
            "indicator compares regions with each other"
        )
        raise DegenerateInputError(msg)
    if cols < min_cols:
        msg = f"{name} has {cols} activity column(s); at least {min_cols} are needed"
        raise DegenerateInputError(msg)


def as_vector(
    values: object, *, name: str, length: int | None = None, positive: bool = False
) -> np.ndarray:
    """Return a finite float64 1-D array, optionally of a given length and strictly positive."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        msg = f"{name} must be a 1-D vector, got {array.ndim} dimension(s)"
        raise DegenerateInputError(msg)
    if length is not None and array.shape[0] != length:
        msg = f"{name} has {array.shape[0]} entries, expected {length}"
        raise DegenerateInputError(msg)
    _check_values(array, name, nonnegative=False)
    if positive and array.size and array.min() <= 0:
        bad = np.flatnonzero(array <= 0)
        msg = f"{name} must be strictly positive (entries {describe_indices(bad)})"
        raise DegenerateInputError(msg)
    return array


def row_col_sums(matrix: np.ndarray | sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """Row and column sums as flat float64 arrays, for dense and sparse input alike."""
    rows = np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
    cols = np.asarray(matrix.sum(axis=0), dtype=np.float64).ravel()
    return rows, cols


def require_positive(sums: np.ndarray, *, name: str, what: str, why: str) -> None:
    """Raise when some margin (row or column total) is zero."""
    if sums.min() <= 0:
        bad = np.flatnonzero(sums <= 0)
        msg = f"{name} has {len(bad)} {what} with a zero total ({describe_indices(bad)}); {why}"
        raise DegenerateInputError(msg)


def as_presence(presence: object, *, name: str = "presence") -> np.ndarray:
    """Return a dense float64 0/1 matrix; raise when entries other than 0 and 1 appear.

    Presence matrices are small (regions x activities), so densifying keeps every later
    product a plain BLAS call.
    """
    matrix = as_matrix(presence, name=name)
    dense = matrix.toarray() if sp.issparse(matrix) else matrix
    if not ((dense == 0) | (dense == 1)).all():
        msg = f"{name} must be binary (0/1); use rca.presence_matrix() to binarise an index"
        raise DegenerateInputError(msg)
    if not dense.any():
        msg = f"{name} is all zero: no region is specialised in any activity"
        raise DegenerateInputError(msg)
    return dense


def as_square(matrix: object, *, name: str, size: int) -> np.ndarray:
    """Return a finite non-negative float64 ``size x size`` activity-activity matrix."""
    dense = matrix.toarray() if sp.issparse(matrix) else matrix  # type: ignore[union-attr]
    array = np.asarray(dense, dtype=np.float64)
    if array.shape != (size, size):
        msg = f"{name} must be {size} x {size} (activities x activities), got {array.shape}"
        raise DegenerateInputError(msg)
    _check_values(array, name, nonnegative=True)
    return array
