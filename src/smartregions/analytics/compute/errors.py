"""The single error type of the compute package."""

from __future__ import annotations


class DegenerateInputError(ValueError):
    """Input on which an indicator is undefined (empty, NaN, negative, all-zero, one region...).

    Raised instead of returning NaN so callers learn *why* a number cannot be produced; the
    message names the offending rows/columns so the caller can drop or fix them.
    """
