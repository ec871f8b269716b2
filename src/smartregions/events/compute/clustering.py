r"""Grouping similar statements of table discussions: word TF-IDF, cosine, average linkage.

Rapporteurs write short statements ("Pool pilot lines across regions"); the harvesting page
shows those that say much the same thing side by side. Each statement is cut into words
(:func:`tokens`: normalised as :func:`smartregions.matching.compute.text.words` does, English
stop words dropped, plural "-s"/"-ies" folded), weighed by TF-IDF (Salton & Buckley 1988)

.. math::

    x_{td} = \frac{(1 + \ln c_{td})\,\mathrm{idf}_t}{\lVert\cdot\rVert_2}, \qquad
    \mathrm{idf}_t = \ln\frac{1 + N}{1 + \mathrm{df}_t} + 1,

and compared by cosine distance :math:`d(a, b) = 1 - x_a \cdot x_b` (in [0, 1]: weights are
non-negative). Statements are then merged bottom-up by average linkage (UPGMA; Sokal &
Michener 1958; :func:`scipy.cluster.hierarchy.linkage`), and the tree is cut where the
cophenetic distance exceeds ``threshold``: two groups join only while their statements are,
on average, closer than that.

Deterministic and independent of the input order: statements are sorted by their words before
linkage (linkage breaks ties between equal distances by position, and with ties the flat
clusters could otherwise depend on the order), and clusters come back largest first, then by
their first statement. Pure numpy/scipy: no Django, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from smartregions.matching.compute.text import words

#: Cut the tree above this average cosine distance (0: identical words, 1: none shared).
DEFAULT_THRESHOLD = 0.8

_STOP_WORDS_TEXT = """
    a about above across after again against all also am among an and any are as at be because
    been before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just let me more most must my myself no nor not now of off on once
    only or other ought our ours ourselves out over own same shall she should so some such than
    that the their theirs them themselves then there these they this those through to too under
    until up upon us very via was we were what when where which while who whom why will with
    within without would you your yours yourself yourselves etc eg ie
"""
#: English function words that say nothing about what a statement is about.
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass(frozen=True, slots=True)
class Cluster:
    """One group of similar statements.

    Attributes
    ----------
    members : tuple of int
        Positions of the statements in the input, ascending.
    terms : tuple of str
        Up to three words that weigh most in the group (highest summed TF-IDF, ties
        alphabetical): a label for the eye, not a summary.
    """

    members: tuple[int, ...]
    terms: tuple[str, ...]


def _fold_plural(word: str) -> str:
    # Deliberately tiny: "regions"/"region", "policies"/"policy"; "business", "process",
    # "focus" and "analysis" keep their "s".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The content words of ``text``: normalised, stop words and one-letter words dropped,
    plurals folded. ``"The regions' policies"`` gives ``["region", "policy"]``.

    Raises ``TypeError`` when ``text`` is not a string. No side effects.
    """
    return [_fold_plural(word) for word in words(text) if len(word) > 1 and word not in STOP_WORDS]


def tfidf(documents: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """TF-IDF rows (documents x terms, CSR float64, unit L2 norm or all zero) of token lists.

    Sublinear term frequency and smoothed idf, as in the module docstring; terms (columns) in
    sorted order. A document without tokens is an all-zero row. No side effects.
    """
    vocabulary = sorted({token for document in documents for token in document})
    column = {term: index for index, term in enumerate(vocabulary)}
    rows, columns, counts = [], [], []
    for row, document in enumerate(documents):
        for term, count in sorted(Counter(document).items()):
            rows.append(row)
            columns.append(column[term])
            counts.append(count)
    shape = (len(documents), len(vocabulary))
    counts_matrix = sparse.csr_matrix(
        (np.asarray(counts, dtype=np.float64), (rows, columns)), shape=shape
    )
    df = np.bincount(np.asarray(columns, dtype=np.int64), minlength=len(vocabulary))
    idf = np.log((1.0 + len(documents)) / (1.0 + df)) + 1.0
    weighted = counts_matrix.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.csr_matrix(sparse.diags(scale) @ weighted), vocabulary


def cosine_distances(matrix: sparse.csr_matrix) -> np.ndarray:
    """Pairwise cosine distances (dense, symmetric, zero diagonal, values in [0, 1]) of
    L2-normalised non-negative rows; an all-zero row is at distance 1 from every other row."""
    similarity = np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)
    # Rounded so float noise (0.9999999 for identical rows) cannot reorder equal distances.
    distances = np.clip(np.round(1.0 - similarity, 9), 0.0, 1.0)
    np.fill_diagonal(distances, 0.0)
    return distances


def cluster_statements(
    statements: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD
) -> list[Cluster]:
    """Group similar ``statements``: every position lands in exactly one :class:`Cluster`.

    Parameters
    ----------
    statements : sequence of str
        The statements, e.g. a rapporteur's notes on one guiding question, oldest first.
    threshold : float
        Average-linkage cut in cosine distance, in (0, 1]: groups join while the average
        distance between their statements is at most ``threshold``. 1 joins everything that
        has content words; lower values ask for closer wording.

    Returns
    -------
    list of Cluster
        Largest first, ties by the first member's position; members ascending. Statements
        without a content word ("And so on.", "-") each stay alone.

    Raises ``ValueError`` for a threshold outside (0, 1] and ``TypeError`` for a statement
    that is not a string. No side effects.
    """
    if not 0.0 < threshold <= 1.0:
        msg = f"threshold must be in (0, 1], got {threshold}"
        raise ValueError(msg)
    documents = [tokens(statement) for statement in statements]
    count = len(documents)
    if count == 0:
        return []
    matrix, vocabulary = tfidf(documents)
    # Statements without content words are never grouped (they share nothing with anything).
    groups: list[list[int]] = [[i] for i in range(count) if not documents[i]]
    worded = [i for i in range(count) if documents[i]]
    if len(worded) == 1:
        groups.append(worded)
    elif worded:
        # A canonical order (by sorted words, then text) makes the result order-independent.
        order = sorted(worded, key=lambda i: (sorted(documents[i]), statements[i]))
        distances = cosine_distances(matrix)[np.ix_(order, order)]
        tree = linkage(squareform(distances, checks=False), method="average")
        labels = fcluster(tree, t=threshold, criterion="distance")
        by_label: dict[int, list[int]] = {}
        for position, label in zip(order, labels, strict=True):
            by_label.setdefault(int(label), []).append(position)
        groups.extend(by_label.values())
    members = sorted((sorted(group) for group in groups), key=lambda g: (-len(g), g[0]))
    return [Cluster(members=tuple(g), terms=_top_terms(matrix, g, vocabulary)) for g in members]


def _top_terms(
    matrix: sparse.csr_matrix, members: Sequence[int], vocabulary: list[str], k: int = 3
) -> tuple[str, ...]:
    weights = np.asarray(matrix[list(members)].sum(axis=0)).ravel()
    ranked = sorted(
        (index for index in np.flatnonzero(weights > 0)),
        key=lambda index: (-round(float(weights[index]), 9), vocabulary[index]),
    )
    return tuple(vocabulary[index] for index in ranked[:k])
