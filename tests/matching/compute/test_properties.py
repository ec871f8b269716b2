"""Property tests: the kernels do not depend on candidate order or on the scale of weights."""

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse

from smartregions.common.text import normalise
from smartregions.matching.compute import build_consortium, combine, cosine_top_k, rank, words

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)
NAMES = ("codes", "text", "complementarity")


@st.composite
def scored_candidates(draw):
    """Components on a grid of quarters, integer weights, and a permutation of candidates."""
    n = draw(st.integers(1, 30))
    grid = st.integers(0, 4).map(lambda q: q / 4)
    components = {name: draw(arrays(np.float64, n, elements=grid)) for name in NAMES}
    weights = {name: float(draw(st.integers(0, 5))) for name in NAMES}
    if sum(weights.values()) == 0:
        weights["codes"] = 1.0
    permutation = np.array(draw(st.permutations(range(n))))
    return components, weights, permutation


@PROPERTY_SETTINGS
@given(scored_candidates())
def test_combine_permuting_candidates_permutes_scores(case):
    components, weights, permutation = case

    plain = combine(components, weights)
    permuted = combine({k: v[permutation] for k, v in components.items()}, weights)

    np.testing.assert_array_equal(permuted.total, plain.total[permutation])
    for name in NAMES:
        np.testing.assert_array_equal(permuted.parts[name], plain.parts[name][permutation])


@PROPERTY_SETTINGS
@given(scored_candidates(), st.floats(0.01, 100.0))
def test_scaling_weights_does_not_change_the_ranking(case, scale):
    components, weights, _ = case

    plain = combine(components, weights).total
    scaled = combine(components, {k: w * scale for k, w in weights.items()}).total

    np.testing.assert_allclose(scaled, plain, rtol=1e-12, atol=1e-15)
    # Totals are multiples of 1/(4 W) with W <= 15, so rounding to 9 decimals removes only
    # floating-point noise, never a real difference; ties then fall back to the index.
    k = plain.size
    np.testing.assert_array_equal(rank(np.round(scaled, 9), k), rank(np.round(plain, 9), k))


@PROPERTY_SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(1, 12))
def test_cosine_top_k_permuting_corpus_permutes_matches(seed, k):
    rng = np.random.default_rng(seed)
    corpus = sparse.random(25, 15, density=0.2, format="csr", random_state=rng)
    queries = sparse.random(4, 15, density=0.3, format="csr", random_state=rng)
    permutation = rng.permutation(25)

    plain = cosine_top_k(queries, corpus, k)
    permuted = cosine_top_k(queries, corpus[permutation], k)

    # Same scores bit for bit, and the same documents above the k-th score (row p of the
    # permuted corpus is document permutation[p]); ties at the k-th score may differ.
    np.testing.assert_array_equal(permuted.scores, plain.scores)
    for row in range(queries.shape[0]):
        kth = plain.scores[row, -1]
        above = set(plain.indices[row][plain.scores[row] > kth])
        assert set(permutation[permuted.indices[row][permuted.scores[row] > kth]]) == above


@st.composite
def consortium_cases(draw):
    """Members over six elements in three countries, presented in two different orders."""
    elements = [f"e{i}" for i in range(6)]
    n = draw(st.integers(3, 8))
    sets = {f"m{j}": draw(st.sets(st.sampled_from(elements))) for j in range(n)}
    countries = {m: ("AT", "BE", "CZ")[j % 3] for j, m in enumerate(sets)}
    weights = {e: float(draw(st.integers(1, 4))) for e in elements}
    order = draw(st.permutations(list(sets)))
    k = draw(st.integers(3, n))
    return weights, sets, countries, order, k


@PROPERTY_SETTINGS
@given(consortium_cases())
def test_build_consortium_does_not_depend_on_candidate_order(case):
    weights, sets, countries, order, k = case

    plain = build_consortium(chain=weights, members=sets, countries=countries, k=k)
    reordered = build_consortium(
        chain=weights,
        members={m: sets[m] for m in order},
        countries={m: countries[m] for m in reversed(order)},
        k=k,
    )

    assert reordered == plain
    assert len(plain.countries) >= 3


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_words_equal_common_normalise_then_word_split(text):
    assert words(text) == re.findall(r"\w+", normalise(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=4))
def test_word_counts_equal_counting_words_for_any_text(docs):
    from smartregions.matching.compute.text import _word_counts

    matrix, vocabulary = _word_counts(docs)

    for row, doc in enumerate(docs):
        expected: dict[str, int] = {}
        for word in words(doc):
            expected[word] = expected.get(word, 0) + 1
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        columns, values = matrix.indices[lo:hi], matrix.data[lo:hi]
        assert {vocabulary[c]: int(v) for c, v in zip(columns, values, strict=True)} == expected
