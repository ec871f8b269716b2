r"""Text similarity across EU languages without language models: character n-gram TF-IDF.

Texts are normalised (NFKD, combining marks removed, casefolded: ``"Strojírenství"`` becomes
``"strojirenstvi"``), split into words (runs of ``\w``), and every word, padded with one space
on each side, is cut into character n-grams of length 3 to 5, as scikit-learn's ``char_wb``
analyser does. Shared stems and cognates (``mechatronika`` / ``mechatronics``) then share
most of their n-grams whatever the language, which is why this works for priority
descriptions written in 24 languages.

Each document becomes a TF-IDF vector (Salton & Buckley 1988) with sublinear term frequency
and smoothed inverse document frequency, L2-normalised, so the dot product of two rows is
their cosine similarity.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import islice

import numpy as np
from scipy import sparse

from smartregions.matching.compute._topk import top_k_positions
from smartregions.matching.compute.index import (  # noqa: F401 - re-exported, their old home
    CosineIndex,
    TopK,
    cosine_top_k,
    normalise_rows,
)

_WORD = re.compile(r"\w+")
# Sentence ends: ., !, ? or ; followed by white space or the end, and any line break.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def char_ngrams(word: str, min_n: int = 3, max_n: int = 5) -> list[str]:
    """Character n-grams of ``" " + word + " "`` for n = ``min_n`` .. ``max_n``.

    Exactly scikit-learn's ``char_wb`` rule for one word: a padded word no longer than ``n``
    is emitted once, whole, and longer n are then skipped. ``word`` is used as given (callers
    normalise it). No side effects.
    """
    padded = f" {word} "
    grams: list[str] = []
    for n in range(min_n, max_n + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


@cache
def _combining_marks() -> dict[int, None]:
    # Built once (about 0.2 s): str.translate with it strips combining marks in C, ~10x faster
    # than the per-character generator of smartregions.common.text.normalise.
    return {cp: None for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))}


def words(text: str) -> list[str]:
    r"""Normalised words of ``text``: NFKD, combining marks removed, casefolded, then ``\w+``.

    The same words as ``\w+`` on :func:`smartregions.common.text.normalise` (a test checks
    it), computed faster since vectorising a million profiles calls this a million times.
    Unlike scikit-learn's ``char_wb`` (which splits on white space only), punctuation never
    sticks to a word, so ``"strojirenstvi,"`` and ``"strojirenstvi"`` give the same n-grams.
    """
    if not isinstance(text, str):
        msg = f"documents must be str, got {type(text).__name__}"
        raise TypeError(msg)
    if text.isascii():
        return _WORD.findall(text.lower())
    stripped = unicodedata.normalize("NFKD", text).translate(_combining_marks())
    return _WORD.findall(stripped.casefold())


class CharNgramVectorizer:
    r"""Character n-gram TF-IDF vectoriser (``char_wb``, n = 3..5), sparse CSR float32 out.

    For term :math:`t` in document :math:`d` with raw count :math:`c_{td} \ge 1`, among
    :math:`N` fitted documents of which :math:`\mathrm{df}_t` contain :math:`t`:

    .. math::

        \mathrm{tf}_{td} = 1 + \ln c_{td}, \qquad
        \mathrm{idf}_t = \ln\frac{1 + N}{1 + \mathrm{df}_t} + 1, \qquad
        x_{td} = \frac{\mathrm{tf}_{td}\,\mathrm{idf}_t}
                      {\lVert \mathrm{tf}_{\cdot d}\,\mathrm{idf} \rVert_2}

    (scikit-learn's ``sublinear_tf=True, smooth_idf=True, norm="l2"``). The vocabulary is a
    dict from n-gram to column, in sorted n-gram order, so the same documents always give the
    same columns (no hashing, hence no collisions). N-grams unseen at fit time are ignored by
    :meth:`transform`; a document without known n-grams is an all-zero row (cosine 0 with
    everything), never NaN.

    ``max_df`` drops near-stopword n-grams, as scikit-learn's ``max_df`` does: those found in
    more than ``max_df`` of the fitted documents (a fraction in (0, 1]) are left out of the
    vocabulary, and so of every vector. In profiles 30-80 words long, the n-grams of function
    words and common endings (``" the"``, ``"ion "``) are in most documents: they carry little
    of the ranking but most of the non-zeros, and every query would have to visit their long
    posting lists. On 100,000 synthetic profiles (``benchmarks/matching.py``), ``max_df=0.02``
    keeps 35 % of the non-zeros of 3-5-grams (44 % of 4-grams), a query visits 50x (25x)
    fewer postings, and the planted partners are found more often, not less.

    Counting is done per distinct word, not per token: documents become a sparse documents x
    words count matrix and each word a row of n-gram counts, and their sparse product is the
    documents x n-grams count matrix (exactly the counts of a per-token loop, which is several
    times slower on a million profiles).

    Attributes
    ----------
    vocabulary_ : dict[str, int]
        Column of each n-gram, set by :meth:`fit`.
    idf_ : (terms,) float64 ndarray
        :math:`\mathrm{idf}_t` per column, set by :meth:`fit`.
    """

    def __init__(self, *, min_n: int = 3, max_n: int = 5, max_df: float = 1.0) -> None:
        if not 1 <= min_n <= max_n:
            msg = f"need 1 <= min_n <= max_n, got min_n={min_n}, max_n={max_n}"
            raise ValueError(msg)
        if not 0.0 < max_df <= 1.0:
            msg = f"max_df must be a fraction in (0, 1], got {max_df}"
            raise ValueError(msg)
        self.min_n = min_n
        self.max_n = max_n
        self.max_df = max_df
        self.vocabulary_: dict[str, int] | None = None
        self.idf_: np.ndarray | None = None

    def fit(self, docs: Iterable[str]) -> CharNgramVectorizer:
        """Learn the vocabulary and the idf weights from ``docs``; returns ``self``.

        Side effect: sets :attr:`vocabulary_` and :attr:`idf_` (replacing earlier ones).
        Raises ``ValueError`` if ``docs`` contain no word at all (an empty vocabulary), or
        none is left after ``max_df``; ``TypeError`` for a document that is not ``str``.
        """
        self._fit_counts(docs)
        return self

    def fit_transform(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """:meth:`fit` on ``docs`` and return their TF-IDF rows, counting n-grams only once."""
        return self._weigh(self._fit_counts(docs))

    def transform(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """TF-IDF rows (documents x vocabulary, CSR float32, unit L2 norm or all zero).

        Raises ``RuntimeError`` before :meth:`fit`, ``TypeError`` for a document that is not
        ``str``. No side effects.
        """
        if self.vocabulary_ is None:
            msg = "CharNgramVectorizer is not fitted: call fit() first"
            raise RuntimeError(msg)
        word_counts, vocabulary_words = _word_counts(docs)
        word_grams = self._gram_counts(vocabulary_words, self.vocabulary_)
        return self._weigh(_sorted(word_counts @ word_grams))

    def _fit_counts(self, docs: Iterable[str]) -> sparse.csr_matrix:
        word_counts, vocabulary_words = _word_counts(docs)
        # The n-grams of every distinct word, numbered in order of first appearance, then
        # renumbered so that columns follow the sorted n-grams.
        first_seen: dict[str, int] = {}
        number = first_seen.setdefault
        columns: list[int] = []
        indptr = np.zeros(len(vocabulary_words) + 1, dtype=np.int64)
        for row, word in enumerate(vocabulary_words):
            columns.extend(
                [number(g, len(first_seen)) for g in char_ngrams(word, self.min_n, self.max_n)]
            )
            indptr[row + 1] = len(columns)
        if not first_seen:
            msg = "empty vocabulary: the documents contain no words"
            raise ValueError(msg)
        names = sorted(first_seen)
        rank = np.empty(len(names), dtype=np.int64)
        rank[[first_seen[name] for name in names]] = np.arange(len(names))
        word_grams = _count_matrix(rank[np.asarray(columns, dtype=np.int64)], indptr, len(names))
        n_docs = word_counts.shape[0]
        if self.max_df >= 1.0:
            counts = _sorted(word_counts @ word_grams)
            df = _column_counts(counts)
        else:
            # One product, in blocks of documents: df is known only once all blocks are done,
            # then the dropped n-grams' entries are removed from each block.
            blocks = [
                word_counts[start : start + _WORD_MATRIX_BLOCK] @ word_grams
                for start in range(0, n_docs, _WORD_MATRIX_BLOCK)
            ]
            df = sum((_column_counts(block) for block in blocks), np.zeros(len(names), np.int64))
            kept = np.flatnonzero(df <= self.max_df * n_docs)
            if kept.size == 0:
                msg = f"no n-gram is in at most max_df={self.max_df} of the documents"
                raise ValueError(msg)
            renumber = np.full(len(names), -1, dtype=np.int64)
            renumber[kept] = np.arange(kept.size)
            counts = _sorted(
                sparse.vstack([_keep_columns(block, renumber, kept.size) for block in blocks])
            )
            names = [names[column] for column in kept]
            df = df[kept]
        self.vocabulary_ = {name: column for column, name in enumerate(names)}
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        return counts

    def _gram_counts(
        self, vocabulary_words: list[str], vocabulary: dict[str, int]
    ) -> sparse.csr_matrix:
        # Row w: how often each known n-gram occurs in word w ("banana" has "ana" twice).
        columns: list[int] = []
        indptr = np.zeros(len(vocabulary_words) + 1, dtype=np.int64)
        get = vocabulary.get
        for row, word in enumerate(vocabulary_words):
            found = [get(g) for g in char_ngrams(word, self.min_n, self.max_n)]
            columns.extend([c for c in found if c is not None])
            indptr[row + 1] = len(columns)
        return _count_matrix(np.asarray(columns, dtype=np.int64), indptr, len(vocabulary))

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        # counts is canonical (sorted, no duplicates, no zeros) and not used afterwards.
        weights = (1.0 + np.log(counts.data, dtype=np.float64)) * self.idf_[counts.indices]
        squares = sparse.csr_matrix(
            (weights * weights, counts.indices, counts.indptr), shape=counts.shape
        )
        norms = np.sqrt(squares @ np.ones(counts.shape[1]))
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        weights *= np.repeat(scale, np.diff(counts.indptr))
        result = sparse.csr_matrix(
            (weights.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape
        )
        result.has_canonical_format = True
        return result


def _compact(indices: np.ndarray, indptr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # int32 index arrays when they fit: half the memory traffic in the products that follow.
    limit = np.iinfo(np.int32).max
    if indptr[-1] <= limit and (indices.size == 0 or indices.max() <= limit):
        return indices.astype(np.int32), indptr.astype(np.int32)
    return indices, indptr


def _count_matrix(columns: np.ndarray, indptr: np.ndarray, width: int) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(
        (np.ones(columns.size, dtype=np.float32), *_compact(columns, indptr)),
        shape=(indptr.size - 1, width),
    )
    matrix.sum_duplicates()
    return matrix


# Bytes that are not \w in ASCII become spaces; bytes >= 0x80 (UTF-8 of non-ASCII characters)
# stay, so bytes.split() cuts a text exactly where \w+ on its normalised form would between
# ASCII characters, and leaves anything non-ASCII to words() on the piece.
_ASCII_SPLIT = bytes(
    b if b >= 0x80 or chr(b).isalnum() or b == ord("_") else 0x20 for b in range(256)
)
# 0xFF never occurs in UTF-8: it separates the documents of a chunk as a token of its own.
_DOC_BREAK = b"\xff"
_BREAK = -2
_ODD = -1
_TOKENISE_CHUNK = 4096
_WORD_MATRIX_BLOCK = 1 << 18  # documents per block when computing document frequencies


def _word_counts(docs: Iterable[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Documents x distinct normalised words count matrix, and the words in column order.

    Equal to counting :func:`words` of each document (a property test checks it); ~5x faster
    on a million profiles: documents are cut into tokens a chunk at a time by one bytes
    translation and split, tokens become word ids through a dict lookup in C, and the
    normalisation of :func:`words` runs once per distinct raw token.
    """
    word_ids: dict[str, int] = {}
    token_ids = _TokenIds(word_ids)
    token_ids[_DOC_BREAK] = _BREAK
    lookup = token_ids.__getitem__
    id_parts: list[np.ndarray] = []
    length_parts: list[np.ndarray] = []
    stream = iter(docs)
    while chunk := list(islice(stream, _TOKENISE_CHUNK)):
        encoded = []
        for doc in chunk:
            if not isinstance(doc, str):
                msg = f"documents must be str, got {type(doc).__name__}"
                raise TypeError(msg)
            encoded.append(doc.encode("utf-8", "surrogatepass"))
        tokens = (b" " + _DOC_BREAK + b" ").join(encoded).translate(_ASCII_SPLIT).split()
        ids = np.fromiter(map(lookup, tokens), dtype=np.int64, count=len(tokens))
        if (ids == _ODD).any():  # a token normalised to no word or to several: exact path
            per_doc = [[word_ids.setdefault(w, len(word_ids)) for w in words(d)] for d in chunk]
            id_parts.append(np.array([i for doc in per_doc for i in doc], dtype=np.int64))
            length_parts.append(np.array([len(doc) for doc in per_doc], dtype=np.int64))
            continue
        breaks = np.flatnonzero(ids == _BREAK)
        length_parts.append(np.diff(np.concatenate([[-1], breaks, [ids.size]])) - 1)
        id_parts.append(np.delete(ids, breaks))
    indices = np.concatenate(id_parts) if id_parts else np.empty(0, dtype=np.int64)
    lengths = np.concatenate(length_parts) if length_parts else np.empty(0, dtype=np.int64)
    indptr = np.zeros(lengths.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    matrix = sparse.csr_matrix(
        (np.ones(indices.size, dtype=np.float32), *_compact(indices, indptr)),
        shape=(lengths.size, len(word_ids)),
    )
    matrix.sum_duplicates()
    return matrix, list(word_ids)


class _TokenIds(dict):
    """Raw token (UTF-8 bytes) -> id of its one normalised word, -1 if it is not one word."""

    def __init__(self, word_ids: dict[str, int]) -> None:
        super().__init__()
        self.word_ids = word_ids

    def __missing__(self, token: bytes) -> int:
        found = words(token.decode("utf-8", "surrogatepass"))
        value = self.word_ids.setdefault(found[0], len(self.word_ids)) if len(found) == 1 else _ODD
        self[token] = value
        return value


def _keep_columns(matrix: sparse.csr_matrix, renumber: np.ndarray, width: int) -> sparse.csr_matrix:
    """The entries of ``matrix`` whose column has ``renumber >= 0``, in renumbered columns."""
    new_columns = renumber[matrix.indices]
    keep = new_columns >= 0
    kept_before = np.concatenate([[0], np.cumsum(keep)])
    return sparse.csr_matrix(
        (matrix.data[keep], new_columns[keep], kept_before[matrix.indptr]),
        shape=(matrix.shape[0], width),
    )


def _column_counts(matrix: sparse.csr_matrix) -> np.ndarray:
    # A product has no duplicate entries and counts have no explicit zeros: bincount is df.
    return np.bincount(matrix.indices, minlength=matrix.shape[1])


def _sorted(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """``matrix`` as CSR with sorted, duplicate-free indices (a product's are unsorted)."""
    result = sparse.csr_matrix(matrix)
    result.sum_duplicates()
    return result


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A sentence of text A, its most similar counterpart in text B, and their cosine."""

    sentence_a: str
    sentence_b: str
    score: float
    index_a: int
    index_b: int


def sentences(text: str) -> list[str]:
    """Split ``text`` at ``.``, ``!``, ``?``, ``;`` followed by white space, and at newlines.

    A deliberately simple rule that works the same in every EU language (abbreviations such
    as "e.g. " do split). Pieces without any word character are dropped. No side effects.
    """
    pieces = (piece.strip() for piece in _SENTENCE_END.split(text))
    return [piece for piece in pieces if piece and _WORD.search(piece)]


def best_matching_sentences(text_a: str, text_b: str, *, top: int = 3) -> list[SentencePair]:
    """The ``top`` most similar sentence pairs between two texts: the "matching sentences".

    Both texts are split with :func:`sentences`, vectorised by one
    :class:`CharNgramVectorizer` fitted on all their sentences, and compared by cosine.
    Pairs are taken greedily, best first (ties by lower sentence indices), each sentence
    used at most once so the explanation shows ``top`` different passages; pairs with score
    0 (nothing in common) are never returned; scores are rounded to 6 decimals (float32
    precision) and capped at 1. Empty texts give ``[]``. No side effects.
    """
    if top < 1:
        msg = f"top must be at least 1, got {top}"
        raise ValueError(msg)
    left, right = sentences(text_a), sentences(text_b)
    if not left or not right:
        return []
    vectorizer = CharNgramVectorizer()
    matrix = vectorizer.fit_transform(left + right)
    similarity = (matrix[: len(left)] @ matrix[len(left) :].T).toarray().astype(np.float64)
    # Rounded to float32's ~6 significant digits: float32 noise (a sentence with itself
    # scoring 0.9999998 or 1.0000005) must not decide the order between equal matches.
    flat = np.minimum(np.round(similarity, 6), 1.0).ravel()
    # Row-major flat positions order pairs by (index_a, index_b) among equal scores.
    order = top_k_positions(flat, flat.size)
    pairs: list[SentencePair] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for position in order:
        score = float(flat[position])
        if score <= 0 or len(pairs) == top:
            break
        i, j = divmod(int(position), len(right))
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(SentencePair(left[i], right[j], score, i, j))
    return pairs
