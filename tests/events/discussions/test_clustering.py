"""The statement-clustering kernel: tokens, TF-IDF, exact clusters on crafted statements,
and properties (every statement in exactly one cluster, independent of the input order)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartregions.events.compute.clustering import (
    Cluster,
    cluster_statements,
    cosine_distances,
    tfidf,
    tokens,
)

STATEMENTS = [
    "Pool pilot lines across regions",
    "Train workers in digital skills",
    "Regions should share their pilot lines",
    "Simplify funding rules",
    "Digital skills training for SME workers",
    "Funding rules are too complex, simplify them",
    "Hydrogen valleys need storage",
    "And so on.",
]


def test_tokens_drop_stop_words_fold_plurals_and_accents():
    assert tokens("The regions' policies: Strojírenství, a business process!") == [
        "region",
        "policy",
        "strojirenstvi",
        "business",
        "process",
    ]
    assert tokens("And so on.") == []


def test_tokens_refuse_what_is_not_text():
    with pytest.raises(TypeError, match="documents must be str"):
        tokens(None)


def test_tfidf_rows_are_unit_or_zero_with_sorted_terms():
    matrix, vocabulary = tfidf([["pilot", "line", "pilot"], ["line"], []])
    assert vocabulary == ["line", "pilot"]
    dense = matrix.toarray()
    assert np.allclose(np.linalg.norm(dense, axis=1), [1.0, 1.0, 0.0])
    # "pilot" (rarer, twice) outweighs "line": idf ln(4/2)+1 times tf 1+ln 2 versus ln(4/3)+1.
    pilot = (np.log(4 / 2) + 1) * (1 + np.log(2))
    line = np.log(4 / 3) + 1
    assert dense[0] == pytest.approx(np.array([line, pilot]) / np.hypot(line, pilot))


def test_cosine_distances_of_an_empty_row_are_one():
    matrix, _ = tfidf([["pilot"], ["pilot"], []])
    assert cosine_distances(matrix).tolist() == [[0, 0, 1], [0, 0, 1], [1, 1, 0]]


def test_crafted_statements_cluster_by_theme_largest_first():
    clusters = cluster_statements(STATEMENTS)
    assert [c.members for c in clusters] == [(0, 2), (1, 4), (3, 5), (6,), (7,)]
    assert clusters[0].terms == ("line", "pilot", "region")
    assert clusters[1].terms == ("digital", "skill", "worker")
    assert clusters[4] == Cluster(members=(7,), terms=())


def test_a_strict_threshold_keeps_paraphrases_apart_and_one_groups_all_worded():
    assert [c.members for c in cluster_statements(STATEMENTS, threshold=0.05)] == [
        (0,),
        (1,),
        (2,),
        (3,),
        (4,),
        (5,),
        (6,),
        (7,),
    ]
    assert [c.members for c in cluster_statements(STATEMENTS, threshold=1.0)] == [
        (0, 1, 2, 3, 4, 5, 6),
        (7,),
    ]


def test_identical_statements_always_cluster():
    clusters = cluster_statements(["Share data", "share   DATA!", "Hydrogen"], threshold=0.01)
    assert [c.members for c in clusters] == [(0, 1), (2,)]


def test_ties_of_size_are_ordered_by_first_statement():
    clusters = cluster_statements(["hydrogen storage", "skills", "hydrogen storage", "skills"])
    assert [c.members for c in clusters] == [(0, 2), (1, 3)]


@pytest.mark.parametrize(("statements", "expected"), [([], []), (["Solo"], [(0,)]), ([""], [(0,)])])
def test_small_inputs(statements, expected):
    assert [c.members for c in cluster_statements(statements)] == expected


@pytest.mark.parametrize("threshold", [0.0, -0.1, 1.5])
def test_threshold_out_of_range_is_refused(threshold):
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\]"):
        cluster_statements(["a b"], threshold=threshold)


WORDS = ["pilot", "line", "region", "skill", "digital", "funding", "rule", "hydrogen", "the"]
statement_lists = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=5).map(" ".join),
    min_size=0,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(statements=statement_lists, threshold=st.floats(min_value=0.05, max_value=1.0))
def test_every_statement_is_in_exactly_one_cluster(statements, threshold):
    clusters = cluster_statements(statements, threshold=threshold)
    members = [m for cluster in clusters for m in cluster.members]
    assert sorted(members) == list(range(len(statements)))
    assert all(list(c.members) == sorted(c.members) for c in clusters)
    assert [(-len(c.members), c.members[0]) for c in clusters] == sorted(
        (-len(c.members), c.members[0]) for c in clusters
    )


@settings(max_examples=150, deadline=None)
@given(
    statements=statement_lists,
    threshold=st.floats(min_value=0.05, max_value=1.0),
    data=st.data(),
)
def test_clusters_do_not_depend_on_the_input_order(statements, threshold, data):
    order = data.draw(st.permutations(range(len(statements))))
    shuffled = [statements[i] for i in order]

    def partition(items, clusters):
        # Clusters as sorted lists of texts: equal texts are interchangeable.
        return sorted(sorted(items[i] for i in c.members) for c in clusters)

    original = partition(statements, cluster_statements(statements, threshold=threshold))
    permuted = partition(shuffled, cluster_statements(shuffled, threshold=threshold))
    assert original == permuted


def test_kernel_imports_without_django():
    script = (
        "import sys, importlib\n"
        "importlib.import_module('smartregions.events.compute.clustering')\n"
        "print(','.join(m for m in ('django', 'pandas', 'sklearn') if m in sys.modules))\n"
    )
    completed = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert completed.stdout.strip() == ""
