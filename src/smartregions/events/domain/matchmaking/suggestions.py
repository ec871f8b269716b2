"""Whom to meet: other participants ranked by how well their offering answers what you seek,
and their seeking what you offer, with a bonus when your regions already cooperate.

Each participant's offering is their profile's offering, their organisation's sectors (NACE
labels) and its published marketplace offers; their seeking is their profile's seeking and
the organisation's published marketplace requests. Texts are compared with the platform's
character n-gram TF-IDF cosine
(:class:`~smartregions.matching.compute.text.CharNgramVectorizer`, fitted on the texts of this
event's participants), so it works across EU languages. For participants *p* (you) and *q*:

.. math::

    \\mathrm{score}(p, q) = \\tfrac12\\bigl(\\cos(\\mathrm{seek}_p, \\mathrm{offer}_q)
        + \\cos(\\mathrm{offer}_p, \\mathrm{seek}_q)\\bigr) + b\\,[\\mathrm{ties}(p, q) > 0]

with ``b`` = :data:`TIE_BONUS`, where ties are the partner finder's cooperation ties between
the two regions (:func:`~smartregions.matching.domain.regions.ties.region_ties`). Each
suggestion says why: the words and two-word phrases both texts mention ("both mention
hydrogen storage"), and the ties. The order is deterministic: score (rounded to 6 decimals),
then name, then registration id.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregions.events.domain.queries.matchmaking import (
    marketplace_texts,
    region_of,
    suggestion_candidates,
)
from smartregions.events.models import MatchmakingProfile, Registration
from smartregions.matching.compute.text import CharNgramVectorizer, words

#: Added to the score when the partner finder counts cooperation ties between the regions.
TIE_BONUS = 0.1
#: Suggestions shown.
LIMIT = 10
#: Words too common to explain a match (English function words; others are short or rare).
STOP_WORDS = frozenset(
    {
        "about",
        "also",
        "and",
        "any",
        "are",
        "been",
        "both",
        "but",
        "can",
        "could",
        "each",
        "for",
        "from",
        "has",
        "have",
        "into",
        "its",
        "more",
        "most",
        "new",
        "not",
        "our",
        "own",
        "per",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "very",
        "via",
        "was",
        "were",
        "what",
        "which",
        "who",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
    }
)
MIN_WORD = 4  # a single shared word explains a match only if at least this long
TERMS_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Another participant worth meeting, with the parts of the score and the evidence."""

    profile: MatchmakingProfile
    score: float
    they_offer: float  # cosine of your seeking and their offering
    they_seek: float  # cosine of your offering and their seeking
    offer_terms: tuple[str, ...]  # what your seeking and their offering both mention
    seek_terms: tuple[str, ...]  # what your offering and their seeking both mention
    ties: int

    @property
    def reasons(self) -> list[str]:
        """Sentences explaining the suggestion, strongest evidence first."""
        reasons = []
        if self.offer_terms:
            reasons.append(
                _("What you seek and what they offer both mention %s.") % _quoted(self.offer_terms)
            )
        elif self.they_offer > 0:
            reasons.append(_("What they offer resembles what you seek."))
        if self.seek_terms:
            reasons.append(
                _("What you offer and what they seek both mention %s.") % _quoted(self.seek_terms)
            )
        elif self.they_seek > 0:
            reasons.append(_("What they seek resembles what you offer."))
        if self.ties:
            reasons.append(
                ngettext(
                    "Your regions already cooperate (%d tie).",
                    "Your regions already cooperate (%d ties).",
                    self.ties,
                )
                % self.ties
            )
        return reasons


def _quoted(terms: Sequence[str]) -> str:
    quoted = [f"“{term}”" for term in terms]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(quoted[:-1]), "last": quoted[-1]}


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in STOP_WORDS and not word.isdigit()


def shared_terms(text_a: str, text_b: str, *, limit: int = TERMS_SHOWN) -> tuple[str, ...]:
    """Two-word phrases, then single words (of :data:`MIN_WORD` letters or more), that both
    texts mention, in order of first appearance in ``text_a``; normalised (casefolded, accents
    removed), function words skipped. Pure."""
    a, b = words(text_a), words(text_b)
    pairs_b = {(x, y) for x, y in itertools.pairwise(b) if _content(x) and _content(y)}
    found: list[str] = []
    covered: set[str] = set()
    for x, y in itertools.pairwise(a):
        phrase = f"{x} {y}"
        if (x, y) in pairs_b and phrase not in found:
            found.append(phrase)
            covered.update((x, y))
    words_b = set(b)
    for word in a:
        if len(word) >= MIN_WORD and _content(word) and word in words_b and word not in covered:
            found.append(word)
            covered.add(word)
    return tuple(found[:limit])


def similarity_scores(
    seeking: str, offering: str, their_seeking: Sequence[str], their_offering: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Cosines (your seeking, each offering) and (your offering, each seeking), rounded to 6
    decimals so float noise never decides an order. One vectoriser is fitted on all the
    texts; texts without words score 0. Pure."""
    n = len(their_offering)
    docs = [seeking, offering, *their_seeking, *their_offering]
    if n == 0 or not any(words(doc) for doc in docs):
        return np.zeros(n), np.zeros(n)
    matrix = CharNgramVectorizer().fit_transform(docs)
    mine_seek, mine_offer = matrix[0], matrix[1]
    seeks, offers = matrix[2 : 2 + n], matrix[2 + n :]
    they_offer = (offers @ mine_seek.T).toarray().ravel().astype(np.float64)
    they_seek = (seeks @ mine_offer.T).toarray().ravel().astype(np.float64)
    return np.round(they_offer, 6), np.round(they_seek, 6)


def _tie_counts(registration: Registration, candidates: Sequence[MatchmakingProfile]) -> list[int]:
    """Cooperation ties between the participant's region and each candidate's (two queries)."""
    from smartregions.matching.domain.regions.candidates import RegionRow
    from smartregions.matching.domain.regions.ties import region_ties

    mine = region_of(registration)
    regions = [region_of(profile.registration) for profile in candidates]
    if mine is None or not any(regions):
        return [0] * len(candidates)
    distinct = {region.pk: region for region in regions if region is not None}
    rows = [
        RegionRow(
            id=region.pk,
            code=region.code,
            name=region.name_latin,
            level=region.level,
            country=region.country.code,
            country_name=region.country.name,
            category=region.category,
            industrial_transition=region.industrial_transition,
        )
        for region in distinct.values()
    ]
    ties = region_ties(focal_code=mine.code, candidates=rows)
    per_region = {row.id: len(found) for row, found in zip(rows, ties, strict=True)}
    return [per_region.get(region.pk, 0) if region else 0 for region in regions]


def _sectors(registration: Registration) -> str:
    organisation = registration.organisation
    if organisation is None:
        return ""
    return " ".join(term.label for term in organisation.nace_codes.all())


def _texts(
    registration: Registration,
    profile: MatchmakingProfile,
    candidates: Sequence[MatchmakingProfile],
) -> list[tuple[str, str]]:
    """(seeking, offering) compared for the participant, then for each candidate: the profile's
    texts, the organisation's sectors (NACE labels) added to the offering, its published
    marketplace offers to the offering and its requests to the seeking (two queries: the
    participant's sectors and the marketplace items; the candidates' sectors are prefetched)."""
    people = [(registration, profile), *((c.registration, c) for c in candidates)]
    market = marketplace_texts(r.organisation_id for r, _p in people if r.organisation_id)
    texts = []
    for person, person_profile in people:
        offers, requests = market.get(person.organisation_id, ("", ""))
        seeking = " ".join(part for part in (person_profile.seeking, requests) if part)
        offering = " ".join(
            part for part in (person_profile.offering, _sectors(person), offers) if part
        )
        texts.append((seeking, offering))
    return texts


def suggested_partners(registration: Registration, *, limit: int = LIMIT) -> list[Suggestion]:
    """The ``limit`` participants ``registration`` should meet, best first (see the module).

    Candidates are the other confirmed participants with a visible profile and no open
    request with ``registration``; participants scoring 0 with no tie are not suggested. Read
    only: five queries, two more when both sides have a region.
    """
    profile = MatchmakingProfile.objects.filter(registration=registration).first()
    if profile is None:
        return []
    candidates = list(suggestion_candidates(registration))
    texts = _texts(registration, profile, candidates)
    seeking, offering = texts[0]
    they_offer, they_seek = similarity_scores(
        seeking,
        offering,
        [seek for seek, _offer in texts[1:]],
        [offer for _seek, offer in texts[1:]],
    )
    ties = _tie_counts(registration, candidates)
    ranked = []
    for i, candidate in enumerate(candidates):
        text = round(float(they_offer[i] + they_seek[i]) / 2, 6)
        score = round(text + (TIE_BONUS if ties[i] else 0.0), 6)
        if score <= 0:
            continue
        ranked.append(
            Suggestion(
                profile=candidate,
                score=score,
                they_offer=float(they_offer[i]),
                they_seek=float(they_seek[i]),
                offer_terms=shared_terms(seeking, texts[i + 1][1]),
                seek_terms=shared_terms(offering, texts[i + 1][0]),
                ties=ties[i],
            )
        )
    ranked.sort(
        key=lambda s: (
            -s.score,
            s.profile.registration.badge_name.casefold(),
            s.profile.registration_id,
        )
    )
    return ranked[:limit]
