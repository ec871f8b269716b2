r"""How well each expert fits each application: thematic area plus text similarity.

For application :math:`a` and expert :math:`e`

.. math::

    \mathrm{fit}_{ae} = (1 - w)\,[\mathrm{area}_a \in \mathrm{areas}_e]
                        + w\,\cos(\mathbf{t}_a, \mathbf{t}_e)

where :math:`\mathbf{t}` are character n-gram TF-IDF vectors
(:class:`~smartregions.matching.compute.text.CharNgramVectorizer`, fitted on the applications'
and experts' texts together) of the application's title and summary and of the expert's
free-text expertise, and :math:`w` is ``text_weight``. TF-IDF vectors are non-negative, so the
cosine and the fit lie in [0, 1]. Character n-grams compare texts across EU languages
without language models (Salton & Buckley 1988 for TF-IDF; see the matching kernels).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from smartregions.matching.compute.text import CharNgramVectorizer, words


def text_similarity(application_texts: Sequence[str], expert_texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity (applications x experts, float64 in [0, 1]) of the texts' TF-IDF vectors.

    An empty text (an expert without expertise) is all zeros; when no text has any word,
    the whole matrix is zero (there is nothing to compare, which is not an error). No side
    effects.
    """
    shape = (len(application_texts), len(expert_texts))
    documents = [*application_texts, *expert_texts]
    if not any(words(text) for text in documents):
        return np.zeros(shape)
    vectors = CharNgramVectorizer().fit_transform(documents)
    similarity = (vectors[: shape[0]] @ vectors[shape[0] :].T).toarray().astype(np.float64)
    # float32 rounding can leave a cosine a hair above 1.
    return np.clip(similarity, 0.0, 1.0).reshape(shape)


def expertise_fit(
    application_texts: Sequence[str],
    expert_texts: Sequence[str],
    area_match: ArrayLike,
    *,
    text_weight: float = 0.5,
) -> np.ndarray:
    """The fit matrix (applications x experts, float64 in [0, 1]) defined in the module doc.

    Parameters
    ----------
    application_texts : sequence of str
        Per application, its title and summary.
    expert_texts : sequence of str
        Per expert, the free-text expertise.
    area_match : (applications, experts) array of bool
        Whether the application's thematic area is one of the expert's areas.
    text_weight : float in [0, 1]
        Weight :math:`w` of the text similarity; the area match gets :math:`1 - w`.

    Raises ``ValueError`` when ``area_match`` does not have the texts' shape or the weight is
    outside [0, 1]. No side effects.
    """
    if not 0.0 <= text_weight <= 1.0:
        msg = f"text_weight must lie in [0, 1], got {text_weight}"
        raise ValueError(msg)
    area = np.asarray(area_match, dtype=bool)
    shape = (len(application_texts), len(expert_texts))
    if area.shape != shape:
        msg = f"area_match has shape {area.shape}, expected {shape}"
        raise ValueError(msg)
    text = text_similarity(application_texts, expert_texts) if text_weight else np.zeros(shape)
    return (1.0 - text_weight) * area + text_weight * text
