"""Character n-gram TF-IDF, checked against values computed by hand, and matching sentences."""

import math

import numpy as np
import pytest

from smartregions.matching.compute import (
    CharNgramVectorizer,
    best_matching_sentences,
    char_ngrams,
    sentences,
    words,
)


def test_char_ngrams_follow_char_wb_for_short_and_long_words():
    assert char_ngrams("a") == [" a "]
    assert char_ngrams("ab") == [" ab", "ab ", " ab "]
    assert char_ngrams("abc") == [" ab", "abc", "bc ", " abc", "abc ", " abc "]
    assert char_ngrams("abcd") == [
        " ab", "abc", "bcd", "cd ", " abc", "abcd", "bcd ", " abcd", "abcd ",
    ]  # fmt: skip


def test_words_normalise_accents_case_and_punctuation():
    assert words("Strojírenství, MECHATRONIKA!") == ["strojirenstvi", "mechatronika"]
    assert words("Ελληνικά") == ["ελληνικα"]


def test_words_reject_non_text():
    with pytest.raises(TypeError, match="must be str"):
        words(3)


def test_vectorizer_tfidf_entries_match_hand_computation():
    docs = ["ab", "ab abc", "cd"]
    vectorizer = CharNgramVectorizer()

    matrix = vectorizer.fit_transform(docs)

    grams = sorted(
        {" ab", "ab ", " ab ", "abc", "bc ", " abc", "abc ", " abc ", " cd", "cd ", " cd "}
    )
    assert list(vectorizer.vocabulary_) == grams
    assert vectorizer.vocabulary_ == {g: i for i, g in enumerate(grams)}
    idf_shared = math.log(4 / 3) + 1  # df = 2 of N = 3
    idf_single = math.log(4 / 2) + 1  # df = 1
    assert vectorizer.idf_[vectorizer.vocabulary_[" ab"]] == pytest.approx(idf_shared, abs=1e-15)
    assert vectorizer.idf_[vectorizer.vocabulary_[" cd"]] == pytest.approx(idf_single, abs=1e-15)
    # doc 1 "ab abc": " ab" twice (tf = 1 + ln 2); "ab ", " ab " once; five single-doc grams.
    norm = math.sqrt(((1 + math.log(2)) * idf_shared) ** 2 + 2 * idf_shared**2 + 5 * idf_single**2)
    row = matrix[1].toarray().ravel()
    assert row[vectorizer.vocabulary_[" ab"]] == pytest.approx(
        (1 + math.log(2)) * idf_shared / norm, rel=1e-6
    )
    assert row[vectorizer.vocabulary_["ab "]] == pytest.approx(idf_shared / norm, rel=1e-6)
    assert row[vectorizer.vocabulary_["abc"]] == pytest.approx(idf_single / norm, rel=1e-6)
    assert row[vectorizer.vocabulary_[" cd"]] == 0
    # doc 0 "ab": three grams of equal weight; doc 2 "cd" likewise.
    assert matrix[0].toarray().ravel()[vectorizer.vocabulary_[" ab "]] == pytest.approx(
        1 / math.sqrt(3), rel=1e-6
    )
    assert matrix.format == "csr"
    assert matrix.dtype == np.float32
    np.testing.assert_allclose(np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1, 1, rtol=1e-6)


def test_vectorizer_fit_then_transform_equals_fit_transform():
    docs = ["Advanced manufacturing", "Zdravotnictví a biotechnologie", "ICT, AI, robotics"]

    combined = CharNgramVectorizer().fit_transform(docs)
    separate = CharNgramVectorizer().fit(docs).transform(docs)

    assert (combined != separate).nnz == 0


def test_vectorizer_gives_zero_rows_for_unknown_or_empty_text():
    vectorizer = CharNgramVectorizer().fit(["energy"])

    matrix = vectorizer.transform(["", "xyz", "...", "energy"])

    assert matrix.shape == (4, len(vectorizer.vocabulary_))
    assert matrix.getnnz(axis=1).tolist() == [0, 0, 0, len(vectorizer.vocabulary_)]
    assert np.isfinite(matrix.data).all()


def test_vectorizer_ignores_accents_and_case():
    vectorizer = CharNgramVectorizer().fit(["Café crème", "tea"])

    matrix = vectorizer.transform(["CAFE CREME", "café crème"])

    assert (matrix[0] != matrix[1]).nnz == 0


def test_vectorizer_raises_on_empty_vocabulary_and_before_fit():
    with pytest.raises(ValueError, match="empty vocabulary"):
        CharNgramVectorizer().fit(["", " ... "])
    with pytest.raises(RuntimeError, match="not fitted"):
        CharNgramVectorizer().transform(["energy"])
    with pytest.raises(ValueError, match="min_n"):
        CharNgramVectorizer(min_n=4, max_n=3)


def test_cross_language_match_beats_unrelated_topic():
    docs = ["Strojírenství a mechatronika", "strojirenstvi, mechatronics", "tourism"]
    matrix = CharNgramVectorizer().fit_transform(docs)

    similarity = (matrix @ matrix.T).toarray()

    assert similarity[0, 1] > 0.5
    assert similarity[0, 2] == 0
    assert similarity[0, 1] > similarity[0, 2]


def test_sentences_split_on_terminators_and_newlines():
    text = "Energy storage. Hydrogen!  Is it viable? Yes; partly\nNew line\n\n... \nEnd"

    assert sentences(text) == [
        "Energy storage.", "Hydrogen!", "Is it viable?", "Yes;", "partly", "New line", "End",
    ]  # fmt: skip


def test_best_matching_sentences_pairs_each_sentence_once_best_first():
    text_a = "We build machine tools. Our coast attracts tourism.\nWine growing."
    text_b = "Tourism on the coast matters. Strojírenství: machine tools and mechatronics."

    pairs = best_matching_sentences(text_a, text_b, top=3)

    # "Wine growing." would only pair with a sentence already used, so two pairs come back.
    assert [(p.sentence_a, p.sentence_b) for p in pairs] == [
        ("Our coast attracts tourism.", "Tourism on the coast matters."),
        ("We build machine tools.", "Strojírenství: machine tools and mechatronics."),
    ]
    assert [(p.index_a, p.index_b) for p in pairs] == [(1, 0), (0, 1)]
    assert 1 > pairs[0].score > pairs[1].score > 0


def test_best_matching_sentences_respects_top_and_empty_input():
    text = "Solar power. Wind power. Hydro power."

    assert len(best_matching_sentences(text, text, top=2)) == 2
    assert [(p.index_a, p.index_b) for p in best_matching_sentences(text, text, top=3)] == [
        (0, 0), (1, 1), (2, 2),
    ]  # fmt: skip
    assert best_matching_sentences("", text) == []
    assert best_matching_sentences("zzz qqq", "solar") == []
    with pytest.raises(ValueError, match="top"):
        best_matching_sentences(text, text, top=0)


def test_vectorizer_max_df_drops_ngrams_in_too_many_documents():
    docs = ["aaa", "aaa bbb", "aaa ccc", "ddd"]
    full = CharNgramVectorizer().fit(docs)

    vectorizer = CharNgramVectorizer(max_df=0.5)
    matrix = vectorizer.fit_transform(docs)

    # " aa", "aaa", "aa ", " aaa", "aaa ", " aaa " are in 3 of 4 documents (> 0.5): dropped.
    dropped = {g for g in full.vocabulary_ if "aa" in g}
    assert dropped == {" aa", "aaa", "aa ", " aaa", "aaa ", " aaa "}
    assert set(vectorizer.vocabulary_) == set(full.vocabulary_) - dropped
    assert list(vectorizer.vocabulary_.values()) == list(range(len(vectorizer.vocabulary_)))
    assert list(vectorizer.vocabulary_) == sorted(vectorizer.vocabulary_)
    for gram, column in vectorizer.vocabulary_.items():
        assert vectorizer.idf_[column] == full.idf_[full.vocabulary_[gram]]  # N stays 4
    assert matrix[0].nnz == 0  # "aaa" alone has nothing left
    assert (matrix != vectorizer.transform(docs)).nnz == 0


def test_vectorizer_max_df_validation():
    with pytest.raises(ValueError, match="max_df must be a fraction"):
        CharNgramVectorizer(max_df=0.0)
    with pytest.raises(ValueError, match="max_df must be a fraction"):
        CharNgramVectorizer(max_df=1.5)
    with pytest.raises(ValueError, match="no n-gram is in at most"):
        CharNgramVectorizer(max_df=0.4).fit(["same", "same"])


def test_vectorizer_rejects_non_text_documents():
    with pytest.raises(TypeError, match="must be str, got int"):
        CharNgramVectorizer().fit(["energy", 3])


@pytest.mark.parametrize(
    "text",
    [
        "Brand™ and ﬁx, ½ price",
        "a\u00a0b c\u2009d",
        "e\u0301te CAFÉ Straße",
        "Ελληνικά κείμενα; Кириллица!",
        "snake_case 42 x-ray",
        "",
    ],
)
def test_word_counts_equal_counting_words(text):
    from smartregions.matching.compute.text import _word_counts

    docs = [text, "plain ascii text", text.upper()]

    matrix, vocabulary = _word_counts(docs)

    for row, doc in enumerate(docs):
        counted = dict(zip(*np.unique(words(doc), return_counts=True), strict=True))
        lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
        got = {
            vocabulary[c]: v for c, v in zip(matrix.indices[lo:hi], matrix.data[lo:hi], strict=True)
        }
        assert got == counted


def test_vectorizer_max_df_gives_the_same_result_in_blocks(monkeypatch):
    from smartregions.matching.compute import text

    docs = ["energy storage", "storage of energy", "hydrogen", "hydrogen storage", "wind", "sun"]
    whole = CharNgramVectorizer(max_df=0.5)
    expected = whole.fit_transform(docs)
    monkeypatch.setattr(text, "_WORD_MATRIX_BLOCK", 2)

    blocked = CharNgramVectorizer(max_df=0.5)
    matrix = blocked.fit_transform(docs)

    assert blocked.vocabulary_ == whole.vocabulary_
    np.testing.assert_array_equal(blocked.idf_, whole.idf_)
    assert (matrix != expected).nnz == 0
    assert matrix.has_sorted_indices
