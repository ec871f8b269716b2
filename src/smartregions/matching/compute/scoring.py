r"""Transparent partner scores: a weighted sum whose parts are shown to the user.

A candidate's total is :math:`T_c = \sum_i s_i\,x_{ic}` with components :math:`x_{ic} \in
[0, 1]` (code overlap, text similarity, complementarity, relatedness, ties...) and shares
:math:`s_i = w_i / \sum_{j \in P} w_j` over the *present* components :math:`P`. Every part
:math:`s_i x_{ic}` is returned, so a result can say "60 % of this score comes from shared
NACE codes". Ranking is stable: equal totals keep the lower candidate index first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from smartregions.matching.compute._topk import top_k_positions


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    """A combined score and its parts.

    Attributes
    ----------
    total : (candidates,) float64 ndarray
        :math:`T_c`, equal bit for bit to ``sum(parts.values())`` (summed in ``parts`` order).
    parts : dict[str, (candidates,) float64 ndarray]
        :math:`s_i x_{ic}` per weighted component, in the order of ``weights``; a component
        that was weighted but not supplied has an all-zero part.
    shares : dict[str, float]
        :math:`s_i`, summing to 1 over the present components (0 for missing ones).
    """

    total: np.ndarray
    parts: dict[str, np.ndarray]
    shares: dict[str, float]


def combine(components: Mapping[str, object], weights: Mapping[str, float]) -> ScoreBreakdown:
    r"""Weighted sum of score components with each component's part kept for explanation.

    .. math::

        s_i = \frac{w_i}{\sum_{j \in P} w_j}, \qquad
        \mathrm{part}_{ic} = s_i\,x_{ic}, \qquad T_c = \sum_i \mathrm{part}_{ic}

    where :math:`P` are the components present in ``components``. A component named in
    ``weights`` but missing from ``components`` (e.g. complementarity before the evidence
    engine has run) counts as 0 for every candidate and its weight is *renormalised away*:
    the shares of the present ones still sum to 1, so totals stay in [0, 1] and comparable
    whatever is available. Scaling all weights by a positive factor changes nothing.

    Raises ``ValueError`` for: a component without a weight (likely a typo), negative or
    non-finite weights, present weights all zero, components that are not 1-D, differ in
    length, contain NaN or leave [0, 1]. No side effects.
    """
    unknown = sorted(set(components) - set(weights))
    if unknown:
        msg = f"no weight given for component(s) {', '.join(unknown)}"
        raise ValueError(msg)
    for name, weight in weights.items():
        if not (math.isfinite(weight) and weight >= 0):
            msg = f"weight of {name!r} must be a finite number >= 0, got {weight!r}"
            raise ValueError(msg)
    present_total = math.fsum(weights[name] for name in components)
    if present_total <= 0:
        msg = "the weights of the supplied components are all zero: nothing to score by"
        raise ValueError(msg)
    arrays = {name: _component(name, values) for name, values in components.items()}
    lengths = {array.shape[0] for array in arrays.values()}
    if len(lengths) > 1:
        msg = f"components differ in length: {sorted(lengths)}"
        raise ValueError(msg)
    n = lengths.pop()
    shares = {name: weights[name] / present_total if name in arrays else 0.0 for name in weights}
    parts = {
        name: shares[name] * arrays[name] if name in arrays else np.zeros(n) for name in weights
    }
    total = np.zeros(n)
    for part in parts.values():
        total = total + part
    return ScoreBreakdown(total=total, parts=parts, shares=shares)


def _component(name: str, values: object) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        msg = f"component {name!r} must be 1-D (one value per candidate)"
        raise ValueError(msg)
    if np.isnan(array).any() or (array < 0).any() or (array > 1).any():
        msg = f"component {name!r} must lie in [0, 1] without NaN"
        raise ValueError(msg)
    return array


def rank(total: object, k: int) -> np.ndarray:
    """Indices of the ``k`` best candidates, highest score first, ties by lower index.

    Stable and deterministic: sorting the whole array with a stable descending sort would
    give the same first ``k`` (uses :func:`numpy.argpartition`, so O(n) for large n).
    ``k`` larger than the number of candidates returns them all. Raises ``ValueError`` for
    ``k < 1``, non-1-D input or NaN. No side effects.
    """
    array = np.asarray(total, dtype=np.float64)
    if array.ndim != 1 or np.isnan(array).any():
        msg = "scores must be a 1-D array without NaN"
        raise ValueError(msg)
    if k < 1:
        msg = f"k must be at least 1, got {k}"
        raise ValueError(msg)
    return top_k_positions(array, k)


def code_overlap(
    query_codes: Collection[Hashable],
    candidate_codes: Sequence[Collection[Hashable]],
    *,
    depth_weight: Callable[[Hashable], float] | None = None,
    ancestors: Callable[[Hashable], Iterable[Hashable]] | None = None,
) -> np.ndarray:
    r"""Overlap of declared codes (NACE, scientific domains, policy objectives) per candidate.

    Jaccard index :math:`J(Q, C) = |Q \cap C| / |Q \cup C|` (Jaccard 1912), or with
    ``depth_weight`` its weighted form

    .. math::

        J_w(Q, C) = \frac{\sum_{c \in Q \cap C} w(c)}{\sum_{c \in Q \cup C} w(c)}.

    ``ancestors(code)`` (optional) returns the broader codes of a code (``"C28.11"`` ->
    ``"C"``, ``"C28"``, ``"C28.1"``); both sides are then expanded with them first, so two
    regions sharing a NACE section but not a class still overlap a little. Combined with a
    ``depth_weight`` growing with depth, an exact class match counts more than a shared
    section. An empty union gives 0. Raises ``ValueError`` for a negative or non-finite
    weight. No side effects; each code's weight is computed once.
    """
    weight_of: dict[Hashable, float] = {}

    def weigh(codes: Iterable[Hashable]) -> float:
        if depth_weight is None:
            return float(sum(1 for _ in codes))
        for code in codes:
            if code not in weight_of:
                value = float(depth_weight(code))
                if not (math.isfinite(value) and value >= 0):
                    msg = f"depth_weight({code!r}) must be finite and >= 0, got {value!r}"
                    raise ValueError(msg)
                weight_of[code] = value
        # fsum is exact, so the result does not depend on the (hash-seeded) set order.
        return math.fsum(weight_of[code] for code in codes)

    def expand(codes: Collection[Hashable]) -> set[Hashable]:
        result = set(codes)
        if ancestors is not None:
            for code in codes:
                result.update(ancestors(code))
        return result

    query = expand(query_codes)
    scores = np.zeros(len(candidate_codes))
    for position, codes in enumerate(candidate_codes):
        candidate = expand(codes)
        union = weigh(query | candidate)
        if union > 0:
            scores[position] = weigh(query & candidate) / union
    return scores
