"""Pure numpy/scipy kernels of partner finding: arrays and sparse matrices in, arrays out.

No Django, no pandas, no scikit-learn, no I/O (a test imports the package in a fresh
interpreter and checks that none of them got loaded). Modules: :mod:`.text` (character
n-gram TF-IDF across EU languages, matching sentences), :mod:`.index` (exact cosine top-k
over an inverted index, fast at a million profiles), :mod:`.scoring`
(transparent weighted scores, code overlap, stable ranking) and :mod:`.consortium` (greedy
value-chain coverage with the (1 - 1/e) guarantee and country constraints).
"""

from smartregions.matching.compute.consortium import Consortium, Contribution, build_consortium
from smartregions.matching.compute.index import CosineIndex, TopK, cosine_top_k, normalise_rows
from smartregions.matching.compute.scoring import ScoreBreakdown, code_overlap, combine, rank
from smartregions.matching.compute.text import (
    CharNgramVectorizer,
    SentencePair,
    best_matching_sentences,
    char_ngrams,
    sentences,
    words,
)

__all__ = [
    "CharNgramVectorizer",
    "Consortium",
    "Contribution",
    "CosineIndex",
    "ScoreBreakdown",
    "SentencePair",
    "TopK",
    "best_matching_sentences",
    "build_consortium",
    "char_ngrams",
    "code_overlap",
    "combine",
    "cosine_top_k",
    "normalise_rows",
    "rank",
    "sentences",
    "words",
]
