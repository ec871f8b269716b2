r"""Arithmetic of review scores: a review's total, and the summaries the panel reads.

A review's total is the weighted mean of its criterion scores, each first normalised by the
criterion's maximum, on a 0-100 scale:

.. math::

    \mathrm{total} = 100\,\frac{\sum_i w_i\, s_i / m_i}{\sum_i w_i}

for scores :math:`s_i` out of :math:`m_i` with weights :math:`w_i`, computed in decimals and
rounded half-up to three places (what ``Review.total`` stores). Pure functions, no queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_PLACES = Decimal("0.001")


def review_total(criteria: Sequence[Any], scores: Mapping[int, int]) -> Decimal:
    """The 0-100 total of ``scores`` (criterion id -> score) over ``criteria``.

    Every criterion must have a score (the caller checks and names the missing ones); raises
    ``KeyError`` otherwise and ``ValueError`` for an empty list of criteria.
    """
    if not criteria:
        msg = "a total needs at least one criterion"
        raise ValueError(msg)
    weights = sum((Decimal(c.weight) for c in criteria), Decimal(0))
    weighted = sum(
        (Decimal(c.weight) * Decimal(scores[c.pk]) / Decimal(c.max_score) for c in criteria),
        Decimal(0),
    )
    return (Decimal(100) * weighted / weights).quantize(_PLACES, rounding=ROUND_HALF_UP)


def mean(values: Iterable[Decimal | int]) -> Decimal | None:
    """The mean of ``values`` to three places, or ``None`` when there are none."""
    items = [Decimal(v) for v in values]
    if not items:
        return None
    return (sum(items, Decimal(0)) / len(items)).quantize(_PLACES, rounding=ROUND_HALF_UP)


def spread(values: Iterable[Decimal | int]) -> Decimal | None:
    """Highest minus lowest of ``values`` (how far the reviewers disagree), ``None`` if empty."""
    items = [Decimal(v) for v in values]
    return max(items) - min(items) if items else None
