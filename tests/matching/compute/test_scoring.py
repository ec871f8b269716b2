"""Transparent weighted scores, code overlap and stable ranking."""

import numpy as np
import pytest

from smartregions.matching.compute import code_overlap, combine, rank


def test_combine_parts_sum_to_total_exactly():
    components = {
        "codes": np.array([0.1, 0.7, 0.3, 1.0]),
        "text": np.array([0.9, 0.2, 0.3, 0.0]),
        "complementarity": np.array([0.33, 0.66, 0.99, 0.5]),
    }

    result = combine(components, {"codes": 3.0, "text": 1.7, "complementarity": 0.3})

    assert np.array_equal(sum(result.parts.values()), result.total)
    assert result.shares == pytest.approx({"codes": 0.6, "text": 0.34, "complementarity": 0.06})
    np.testing.assert_allclose(result.parts["codes"], 0.6 * components["codes"])


def test_combine_renormalises_weights_over_present_components():
    components = {"codes": np.array([1.0, 0.0]), "text": np.array([0.0, 1.0])}

    result = combine(components, {"codes": 2.0, "text": 2.0, "complementarity": 4.0})

    assert result.shares == {"codes": 0.5, "text": 0.5, "complementarity": 0.0}
    np.testing.assert_array_equal(result.parts["complementarity"], [0.0, 0.0])
    np.testing.assert_array_equal(result.total, [0.5, 0.5])
    assert list(result.parts) == ["codes", "text", "complementarity"]


def test_combine_with_single_component_returns_it():
    values = np.array([0.2, 0.8])

    result = combine({"text": values}, {"text": 5.0})

    np.testing.assert_array_equal(result.total, values)


@pytest.mark.parametrize(
    ("components", "weights", "message"),
    [
        ({"codes": [0.5]}, {"text": 1.0}, "no weight given for component"),
        ({"codes": [0.5]}, {"codes": -1.0}, "must be a finite number >= 0"),
        ({"codes": [0.5]}, {"codes": float("nan")}, "must be a finite number >= 0"),
        ({"codes": [0.5]}, {"codes": 0.0, "text": 1.0}, "all zero"),
        ({}, {"codes": 1.0}, "all zero"),
        ({"codes": [0.5, 1.5]}, {"codes": 1.0}, r"must lie in \[0, 1\]"),
        ({"codes": [np.nan]}, {"codes": 1.0}, "without NaN"),
        ({"codes": [[0.5]]}, {"codes": 1.0}, "must be 1-D"),
        ({"codes": [0.5], "text": [0.5, 0.5]}, {"codes": 1.0, "text": 1.0}, "differ in length"),
    ],
)
def test_combine_rejects_bad_input(components, weights, message):
    with pytest.raises(ValueError, match=message):
        combine(components, weights)


def test_rank_orders_by_score_then_index():
    total = np.array([0.5, 0.9, 0.5, 0.1, 0.9, 0.5])

    assert rank(total, 4).tolist() == [1, 4, 0, 2]
    assert rank(total, 10).tolist() == [1, 4, 0, 2, 5, 3]
    assert rank(total, 1).tolist() == [1]


def test_rank_rejects_bad_input():
    with pytest.raises(ValueError, match="k must be at least 1"):
        rank(np.array([0.1]), 0)
    with pytest.raises(ValueError, match="without NaN"):
        rank(np.array([0.1, np.nan]), 1)


def test_code_overlap_is_jaccard():
    scores = code_overlap({"C28", "C29", "J62"}, [{"C28"}, {"C28", "C29", "J62"}, set(), {"A01"}])

    np.testing.assert_array_equal(scores, [1 / 3, 1.0, 0.0, 0.0])
    np.testing.assert_array_equal(code_overlap(set(), [set(), {"A01"}]), [0.0, 0.0])


def _nace_ancestors(code):
    """C28.11 -> C, C28, C28.1 (NACE section, division, group)."""
    section, rest = code[0], code[1:]
    found = [section]
    if len(rest) >= 2:
        found.append(section + rest[:2])
    if len(rest) >= 4:
        found.append(section + rest[:4])
    return [c for c in found if c != code]


def _depth(code):
    return float(len(_nace_ancestors(code)) + 1)


def test_code_overlap_weighted_by_depth_prefers_exact_class_over_shared_section():
    query = {"C28.11"}
    candidates = [{"C28.11"}, {"C28.12"}, {"C10.11"}, {"J62.01"}]

    scores = code_overlap(query, candidates, depth_weight=_depth, ancestors=_nace_ancestors)

    # Expanded query: C (1), C28 (2), C28.1 (3), C28.11 (4) -> weight 10.
    assert scores[0] == 1.0
    assert scores[1] == pytest.approx(6 / 14)  # shares C, C28, C28.1; union adds C28.12 (4)
    assert scores[2] == pytest.approx(1 / 19)  # shares the section C only
    assert scores[3] == 0.0
    assert scores[0] > scores[1] > scores[2] > scores[3]


def test_code_overlap_rejects_negative_depth_weight():
    with pytest.raises(ValueError, match="must be finite and >= 0"):
        code_overlap({"A"}, [{"A"}], depth_weight=lambda code: -1.0)
