"""The vectorised partner-finder kernels agree with the reference (per-candidate) functions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartregions.analytics.compute.complementarity import complementarity
from smartregions.analytics.compute.similarity import most_similar
from smartregions.matching.compute.regions import (
    best_per_owner,
    combine_rows,
    expand_with_ancestors,
    incidence,
    relatedness,
    structural_similarity,
    tie_strength,
    top_k_rows,
    weighted_jaccard,
)
from smartregions.matching.compute.scoring import code_overlap, combine

# A tiny hierarchy: 0 > 1 > 2, 3 > 4, 5 alone.
PARENT = np.array([-1, 0, 1, -1, 3, -1])
DEPTH = np.array([1.0, 2.0, 3.0, 1.0, 2.0, 1.0])


def _ancestors(code: int) -> list[int]:
    found = []
    while PARENT[code] >= 0:
        code = int(PARENT[code])
        found.append(code)
    return found


def test_expand_with_ancestors_adds_every_level():
    expanded = expand_with_ancestors(incidence([[2], [4, 5], []], 6), PARENT)
    assert expanded.toarray().tolist() == [
        [1, 1, 1, 0, 0, 0],
        [0, 0, 0, 1, 1, 1],
        [0, 0, 0, 0, 0, 0],
    ]


def test_expand_with_ancestors_rejects_cycles():
    with pytest.raises(ValueError, match="cycle"):
        expand_with_ancestors(incidence([[0]], 2), np.array([1, 0]))


code_sets = st.lists(st.sets(st.integers(0, 5), max_size=4), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(queries=code_sets, candidates=code_sets)
def test_weighted_jaccard_equals_code_overlap(queries, candidates):
    q = expand_with_ancestors(incidence([sorted(s) for s in queries], 6), PARENT)
    c = expand_with_ancestors(incidence([sorted(s) for s in candidates], 6), PARENT)
    fast = weighted_jaccard(q, c, DEPTH)
    for i, query in enumerate(queries):
        slow = code_overlap(
            query, candidates, depth_weight=lambda x: DEPTH[x], ancestors=_ancestors
        )
        assert fast[i].tolist() == slow.tolist()


def test_best_per_owner_takes_the_maximum_and_zero_for_no_items():
    scores = np.array([[0.1, 0.7, 0.3, 0.9], [0.5, 0.0, 0.2, 0.0]])
    owner = np.array([1, 1, -1, 3])
    assert best_per_owner(scores, owner, 4).tolist() == [[0, 0.7, 0, 0.9], [0, 0.5, 0, 0]]


def test_relatedness_is_mean_density_over_partner_specialisations():
    presence = np.array([[1, 0, 0], [0, 1, 1], [0, 0, 0]])
    density = np.array([[0.9, 0.5, 0.1], [0.2, 0.8, 0.6], [0.3, 0.3, 0.3]])
    result = relatedness(presence, density)
    assert result[0].tolist() == pytest.approx([0.9, 0.3, 0.0])
    assert result[1, 0] == pytest.approx(0.2)


def test_structural_similarity_orders_like_the_evidence_engine():
    rng = np.random.default_rng(3)
    values = rng.integers(1, 100, size=(8, 5)).astype(float)
    similarity = structural_similarity(values)
    shares = values / values.sum(axis=1, keepdims=True)
    engine = most_similar(shares, n=7)
    for r in range(8):
        ours = np.argsort(-similarity[r], kind="stable")[1:]
        assert ours.tolist() == engine.indices[r].tolist()
    assert np.diag(similarity).tolist() == [1.0] * 8
    assert structural_similarity(values[:1]) is None


def test_tie_strength_halves_the_gap_per_tie():
    assert tie_strength(np.array([0, 1, 2, 3])).tolist() == [0.0, 0.5, 0.75, 0.875]


def test_combine_rows_equals_combine_row_by_row():
    rng = np.random.default_rng(5)
    components = {"codes": rng.random((4, 6)), "ties": rng.random((4, 6))}
    weights = {"codes": 3.0, "text": 2.0, "ties": 1.0}
    total, shares = combine_rows(components, weights)
    for i in range(4):
        single = combine({k: v[i] for k, v in components.items()}, weights)
        assert total[i].tolist() == single.total.tolist()
        assert shares == single.shares


def test_top_k_rows_breaks_ties_by_index_and_masks():
    total = np.array([[0.5, 0.9, 0.5, 0.1], [0.2, 0.2, 0.2, 0.2]])
    allowed = np.array([True, True, True, False])
    order, best = top_k_rows(total, 3, allowed=allowed)
    assert order.tolist() == [[1, 0, 2], [0, 1, 2]]
    assert best.tolist() == [[0.9, 0.5, 0.5], [0.2, 0.2, 0.2]]
    order, best = top_k_rows(total[:1], 4, allowed=np.array([False, True, False, False]))
    assert order.tolist() == [[1, -1, -1, -1]]
    assert best[0, 1:].tolist() == [-np.inf] * 3


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=5, max_size=5),
        min_size=1,
        max_size=4,
    ),
    k=st.integers(1, 6),
)
def test_top_k_rows_equals_stable_sort(rows, k):
    total = np.array(rows)
    order, _ = top_k_rows(total, k)
    expected = np.argsort(-total, axis=1, kind="stable")[:, : min(k, 5)]
    assert order.tolist() == expected.tolist()


def test_complementarity_row_matches_kernel():
    presence = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]], dtype=float)
    density = np.array([[0.8, 0.6, 0.2, 0.0], [0.3, 0.9, 0.1, 0.1], [0.1, 0.2, 0.7, 0.8]])
    assert complementarity(presence, density)[0].tolist() == pytest.approx([0, 0.75, 0.25])
