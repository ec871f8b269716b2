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
from typing import NamedTuple

import numpy as np
from scipy import sparse

from smartregions.matching.compute._topk import top_k_positions

_WORD = re.compile(r"\w+")
# Sentence ends: ., !, ? or ; followed by white space or the end, and any line break.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
# Entries of a block product (queries x corpus) materialised at once by cosine top-k.
_BLOCK_ENTRIES = 1 << 22


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

    Attributes
    ----------
    vocabulary_ : dict[str, int]
        Column of each n-gram, set by :meth:`fit`.
    idf_ : (terms,) float64 ndarray
        :math:`\mathrm{idf}_t` per column, set by :meth:`fit`.
    """

    def __init__(self, *, min_n: int = 3, max_n: int = 5) -> None:
        if not 1 <= min_n <= max_n:
            msg = f"need 1 <= min_n <= max_n, got min_n={min_n}, max_n={max_n}"
            raise ValueError(msg)
        self.min_n = min_n
        self.max_n = max_n
        self.vocabulary_: dict[str, int] | None = None
        self.idf_: np.ndarray | None = None

    def fit(self, docs: Iterable[str]) -> CharNgramVectorizer:
        """Learn the vocabulary and the idf weights from ``docs``; returns ``self``.

        Side effect: sets :attr:`vocabulary_` and :attr:`idf_` (replacing earlier ones).
        Raises ``ValueError`` if ``docs`` contain no word at all (an empty vocabulary).
        """
        self._fit_counts([words(doc) for doc in docs])
        return self

    def fit_transform(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """:meth:`fit` on ``docs`` and return their TF-IDF rows, counting n-grams only once."""
        return self._weigh(self._fit_counts([words(doc) for doc in docs]))

    def transform(self, docs: Iterable[str]) -> sparse.csr_matrix:
        """TF-IDF rows (documents x vocabulary, CSR float32, unit L2 norm or all zero).

        Raises ``RuntimeError`` before :meth:`fit`. No side effects.
        """
        if self.vocabulary_ is None:
            msg = "CharNgramVectorizer is not fitted: call fit() first"
            raise RuntimeError(msg)
        return self._weigh(self._counts([words(doc) for doc in docs], self.vocabulary_))

    def _fit_counts(self, docs: list[list[str]]) -> sparse.csr_matrix:
        unique_words = {word for doc in docs for word in doc}
        grams = {g for word in unique_words for g in char_ngrams(word, self.min_n, self.max_n)}
        if not grams:
            msg = "empty vocabulary: the documents contain no words"
            raise ValueError(msg)
        vocabulary = {gram: column for column, gram in enumerate(sorted(grams))}
        counts = self._counts(docs, vocabulary)
        # After sum_duplicates every column appears at most once per row: bincount is df.
        df = np.bincount(counts.indices, minlength=len(vocabulary))
        self.vocabulary_ = vocabulary
        self.idf_ = np.log((1.0 + len(docs)) / (1.0 + df)) + 1.0
        return counts

    def _counts(self, docs: list[list[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
        # Words repeat a lot across documents: their n-gram columns are computed once.
        columns_of: dict[str, np.ndarray] = {}
        chunks: list[np.ndarray] = []
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        for row, doc in enumerate(docs):
            size = 0
            for word in doc:
                columns = columns_of.get(word)
                if columns is None:
                    found = [vocabulary.get(g) for g in char_ngrams(word, self.min_n, self.max_n)]
                    columns = np.array([c for c in found if c is not None], dtype=np.int64)
                    columns_of[word] = columns
                chunks.append(columns)
                size += columns.size
            indptr[row + 1] = indptr[row] + size
        indices = np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)
        counts = sparse.csr_matrix(
            (np.ones(indices.size), indices, indptr), shape=(len(docs), len(vocabulary))
        )
        counts.sum_duplicates()
        return counts

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weights = counts.astype(np.float64)
        weights.data = (1.0 + np.log(weights.data)) * self.idf_[weights.indices]
        return normalise_rows(weights).astype(np.float32)


def normalise_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    r"""Copy of ``matrix`` as CSR with every non-zero row scaled to unit L2 norm.

    :math:`x_{i\cdot} / \lVert x_{i\cdot} \rVert_2`; all-zero rows stay zero. Raises
    ``ValueError`` for NaN or infinite entries. No side effects on ``matrix``.
    """
    result = sparse.csr_matrix(matrix, copy=True)
    if not np.isfinite(result.data).all():
        msg = "matrix contains NaN or infinite values"
        raise ValueError(msg)
    result.sum_duplicates()
    rows = np.repeat(np.arange(result.shape[0]), np.diff(result.indptr))
    norms = np.sqrt(
        np.bincount(rows, weights=result.data.astype(np.float64) ** 2, minlength=result.shape[0])
    )
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    result.data = (result.data * scale[rows]).astype(result.dtype, copy=False)
    return result


class TopK(NamedTuple):
    """Best matches per query row: ``indices`` (int64) and ``scores`` (float64), best first."""

    indices: np.ndarray
    scores: np.ndarray


class CosineIndex:
    r"""Exact cosine top-k over a fixed sparse corpus, for repeated queries.

    Building the index normalises the corpus rows and stores the transpose as CSR (terms x
    documents, an inverted index), so a query row costs only the postings of its own terms:
    :math:`s_{qd} = \hat q \cdot \hat x_d`, computed as ``Q_block @ X_hat.T`` in blocks of query
    rows. The build copies the corpus once (O(non-zeros)); the corpus is not modified.
    """

    def __init__(self, corpus: object) -> None:
        matrix = normalise_rows(_as_2d_sparse(corpus, name="corpus"))
        self.n_documents, self.n_features = matrix.shape
        self._postings = matrix.T.tocsr()

    def top_k(
        self, queries: object, k: int, *, mask: object | None = None, block_size: int | None = None
    ) -> TopK:
        """The ``k`` corpus rows most cosine-similar to each query row, best first.

        Ties (including the many exact zeros) go to the lower corpus index, so results are
        deterministic and equal to sorting the full dense score matrix. ``mask`` is a
        boolean array over corpus rows; only ``True`` rows may be returned (filters). The
        result has ``min(k, allowed rows)`` columns; zero allowed rows give an empty result.
        Scores are cosines in [-1, 1] (in [0, 1] for TF-IDF). ``block_size`` query rows are
        multiplied at a time (default: as many as keep a block under about 4 million
        entries). Raises ``ValueError`` for ``k < 1``, a wrong vocabulary width or mask
        length. No side effects.
        """
        if k < 1:
            msg = f"k must be at least 1, got {k}"
            raise ValueError(msg)
        query_matrix = normalise_rows(_as_2d_sparse(queries, name="queries"))
        if query_matrix.shape[1] != self.n_features:
            msg = (
                f"queries have {query_matrix.shape[1]} columns but the corpus has "
                f"{self.n_features}: vectorise both with the same fitted vectoriser"
            )
            raise ValueError(msg)
        allowed_mask = self._mask(mask)
        allowed = np.flatnonzero(allowed_mask)
        n_queries = query_matrix.shape[0]
        width = min(k, allowed.size)
        indices = np.zeros((n_queries, width), dtype=np.int64)
        scores = np.zeros((n_queries, width), dtype=np.float64)
        if width == 0:
            return TopK(indices, scores)
        if block_size is None:
            block_size = max(1, _BLOCK_ENTRIES // max(self.n_documents, 1))
        for start in range(0, n_queries, block_size):
            block = (query_matrix[start : start + block_size] @ self._postings).tocsr()
            for offset in range(block.shape[0]):
                lo, hi = block.indptr[offset], block.indptr[offset + 1]
                columns, values = block.indices[lo:hi], block.data[lo:hi]
                if mask is not None:
                    keep = allowed_mask[columns]
                    columns, values = columns[keep], values[keep]
                chosen, chosen_scores = _row_top_k(columns, values, allowed, width)
                indices[start + offset] = chosen
                scores[start + offset] = chosen_scores
        return TopK(indices, scores)

    def _mask(self, mask: object | None) -> np.ndarray:
        if mask is None:
            return np.ones(self.n_documents, dtype=bool)
        array = np.asarray(mask)
        if array.dtype != np.bool_ or array.shape != (self.n_documents,):
            msg = f"mask must be a boolean array of shape ({self.n_documents},)"
            raise ValueError(msg)
        return array


def _row_top_k(
    columns: np.ndarray, values: np.ndarray, allowed: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray]:
    values = values.astype(np.float64)
    if np.count_nonzero(values > 0) < width:
        # Fewer positive scores than asked for: the best of the implicit zeros (allowed rows
        # absent from the sparse product) are the lowest allowed indices not listed already.
        zeros = allowed[: width + columns.size]
        zeros = zeros[~np.isin(zeros, columns)][:width]
        columns = np.concatenate([columns.astype(np.int64), zeros])
        values = np.concatenate([values, np.zeros(zeros.size)])
    best = top_k_positions(values, width, ids=columns)
    return columns[best], values[best]


def cosine_top_k(
    queries: object,
    corpus: object,
    k: int,
    *,
    mask: object | None = None,
    block_size: int | None = None,
) -> TopK:
    r"""Exact top-k cosine similarity of each query row against the corpus rows.

    :math:`\cos(q, d) = q \cdot d / (\lVert q \rVert \lVert d \rVert)` (0 for an all-zero
    row), computed with sparse products in blocks of query rows and selected with
    :func:`numpy.argpartition`; see :meth:`CosineIndex.top_k` for ``mask``, ties and the
    result shape. This builds a :class:`CosineIndex` each call (an O(non-zeros) copy of the
    corpus): build one yourself to query the same corpus repeatedly. No side effects.
    """
    return CosineIndex(corpus).top_k(queries, k, mask=mask, block_size=block_size)


def _as_2d_sparse(matrix: object, *, name: str) -> sparse.csr_matrix:
    if sparse.issparse(matrix):
        result = sparse.csr_matrix(matrix)
    else:
        array = np.asarray(matrix)
        if array.ndim != 2 or not np.issubdtype(array.dtype, np.number):
            msg = f"{name} must be a 2-D numeric array or scipy sparse matrix"
            raise ValueError(msg)
        result = sparse.csr_matrix(array)
    if not np.issubdtype(result.dtype, np.floating):
        result = result.astype(np.float64)
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
