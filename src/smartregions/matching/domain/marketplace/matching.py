r"""Profile-to-profile matching with reasons: which live profiles fit a given profile, and why.

For a profile :math:`q` every live profile :math:`c` of another organisation gets the
transparent score of :func:`~smartregions.matching.compute.scoring.combine`,
:math:`T_c = \sum_i s_i x_{ic}` over these components, each in [0, 1]:

``text``
    cosine of the character n-gram TF-IDF vectors of title, summary, description and keywords
    (:class:`~smartregions.matching.compute.text.CharNgramVectorizer`; n-grams work across EU
    languages and spelling variants);
``codes``
    hierarchy-aware weighted Jaccard overlap of NACE codes
    (:func:`~smartregions.matching.compute.scoring.code_overlap`, deeper codes weigh more);
``areas``
    Jaccard overlap of thematic areas;
``kind``
    1 for an offer meeting a request (complementary), 0.3 for two offers or two requests;
``trl``
    :math:`1 - |TRL_q - TRL_c| / 8`, 0.5 when either side has no TRL;
``countries``
    1 when each side that names target countries finds the other's country among them (or
    none names any), 0.5 when only one of two stated preferences holds, else 0.

Only candidates with something in common (text, codes or areas) are ranked, so two unrelated
profiles never match on kind and country alone. The index (vectoriser and TF-IDF rows of all
live profiles) is built once per data version and kept in memory: a key of the live profiles'
count, latest change and the date invalidates it, so the request path only vectorises the
query profile.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max

from smartregions.matching.compute.scoring import code_overlap, combine, rank
from smartregions.matching.compute.text import (
    CharNgramVectorizer,
    CosineIndex,
    SentencePair,
    best_matching_sentences,
)
from smartregions.matching.domain.marketplace.queries import (
    live_filter,
    profiles_with_details,
    today,
)
from smartregions.matching.models import CooperationProfile
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term

#: Default weights; shown to users as the share of each component.
WEIGHTS: dict[str, float] = {
    "text": 0.35,
    "codes": 0.25,
    "areas": 0.10,
    "kind": 0.15,
    "trl": 0.05,
    "countries": 0.10,
}
COMPONENT_LABELS = {
    "text": "Similar text",
    "codes": "Shared NACE codes",
    "areas": "Shared thematic areas",
    "kind": "Offer meets request",
    "trl": "Technology readiness fit",
    "countries": "Target countries",
}
SAME_KIND = 0.3
UNKNOWN_TRL = 0.5
#: Below this text cosine, text alone does not make a candidate relevant (unrelated texts
#: share common n-grams and reach about 0.1).
MIN_TEXT = 0.15


@dataclass(frozen=True)
class _Entry:
    pk: int
    organisation_id: int
    country: str
    kind: str
    trl: int | None
    codes: frozenset[int]
    areas: frozenset[int]
    targets: frozenset[str]
    text: str


@dataclass
class _Index:
    entries: list[_Entry]
    vectorizer: CharNgramVectorizer | None
    cosine: CosineIndex | None
    terms: dict[int, tuple[str, str, int, int | None]] = field(default_factory=dict)

    def ancestors(self, term_id: int) -> list[int]:
        found = []
        parent = self.terms.get(term_id, ("", "", 1, None))[3]
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.terms.get(parent, ("", "", 1, None))[3]
        return found

    def depth(self, term_id: int) -> float:
        return float(self.terms.get(term_id, ("", "", 1, None))[2])


@dataclass(frozen=True)
class ProfileMatch:
    """A matching profile, its score and the reasons: parts, shared codes and sentences.

    ``parts`` maps each component to its contribution :math:`s_i x_{ic}` (they sum to
    ``score``); ``components`` holds the raw :math:`x_{ic}`; ``shared_codes`` are the most
    specific NACE codes both profiles share (``(code, label)``, exact or through a broader
    code); ``sentences`` the best-matching sentence pairs of the two texts.
    """

    profile: CooperationProfile
    score: float
    parts: dict[str, float]
    components: dict[str, float]
    shared_codes: list[tuple[str, str]]
    shared_areas: list[str]
    sentences: list[SentencePair]

    @property
    def reasons(self) -> list[tuple[str, float, float]]:
        """``(label, part, raw value)`` per component, in weight order, for display."""
        return [(COMPONENT_LABELS[k], self.parts[k], self.components[k]) for k in self.parts]


_lock = threading.Lock()
_cache: dict[tuple, _Index] = {}


def profile_text(profile: CooperationProfile) -> str:
    """The words a profile is matched on: title, summary, description and keywords."""
    parts = [profile.title, profile.summary, profile.description, ". ".join(profile.keywords)]
    return "\n".join(part for part in parts if part)


def profile_prose(profile: CooperationProfile) -> str:
    """Title, summary and description: the sentences shown as "matching sentences"."""
    parts = [profile.title, profile.summary, profile.description]
    return "\n".join(part for part in parts if part)


def _data_key(on: dt.date) -> tuple:
    stats = CooperationProfile.objects.filter(live_filter(on)).aggregate(
        n=Count("id"), changed=Max("updated_at"), top=Max("id")
    )
    return (on, stats["n"], stats["changed"], stats["top"])


def _build_index(on: dt.date) -> _Index:
    profiles = list(
        CooperationProfile.objects.filter(live_filter(on))
        .select_related("organisation__region__country")
        .prefetch_related("nace_codes", "thematic_areas", "target_countries")
        .order_by("id")
    )
    entries = [_entry(profile) for profile in profiles]
    terms = {
        pk: (code, label, level, parent)
        for pk, code, label, level, parent in Term.objects.filter(
            taxonomy__kind=TaxonomyKind.ECONOMIC
        ).values_list("id", "code", "label", "level", "parent_id")
    }
    texts = [entry.text for entry in entries]
    if not any(text.strip() for text in texts):
        return _Index(entries, None, None, terms)
    vectorizer = CharNgramVectorizer()
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word at all in any text
        return _Index(entries, None, None, terms)
    return _Index(entries, vectorizer, CosineIndex(matrix), terms)


def _entry(profile: CooperationProfile) -> _Entry:
    return _Entry(
        pk=profile.pk,
        organisation_id=profile.organisation_id,
        country=profile.organisation.region.country.code,
        kind=profile.kind,
        trl=profile.trl,
        codes=frozenset(term.pk for term in profile.nace_codes.all()),
        areas=frozenset(area.pk for area in profile.thematic_areas.all()),
        targets=frozenset(country.code for country in profile.target_countries.all()),
        text=profile_text(profile),
    )


def matching_index(*, on: dt.date | None = None) -> _Index:
    """The in-memory index of live profiles, rebuilt only when the live profiles changed."""
    day = on or today()
    key = _data_key(day)
    with _lock:
        index = _cache.get(key)
        if index is None:
            index = _build_index(day)
            _cache.clear()
            _cache[key] = index
        return index


def _country_fit(query: _Entry, candidate: _Entry) -> float:
    checks = []
    if query.targets:
        checks.append(candidate.country in query.targets)
    if candidate.targets:
        checks.append(query.country in candidate.targets)
    return 1.0 if not checks else sum(checks) / len(checks)


def _shared_codes(index: _Index, query: _Entry, candidate: _Entry) -> list[tuple[str, str]]:
    def expand(codes: frozenset[int]) -> set[int]:
        return set(codes).union(*(index.ancestors(code) for code in codes))

    shared = expand(query.codes) & expand(candidate.codes)
    broader = {parent for code in shared for parent in index.ancestors(code)}
    return sorted(
        (index.terms[code][0], index.terms[code][1])
        for code in shared - broader
        if code in index.terms
    )


def match_profile(
    profile: CooperationProfile,
    *,
    limit: int = 10,
    on: dt.date | None = None,
    weights: dict[str, float] | None = None,
    sentences: int = 2,
) -> list[ProfileMatch]:
    """The ``limit`` live profiles of other organisations that best fit ``profile``, with reasons.

    ``profile`` itself may be a draft (owners preview matches before publishing). Ties keep
    the older profile first. Read-only; builds the index on first use after a change.
    """
    day = on or today()
    index = matching_index(on=day)
    query = _entry(profile)
    positions = [
        i
        for i, entry in enumerate(index.entries)
        if entry.organisation_id != query.organisation_id and entry.pk != query.pk
    ]
    if not positions:
        return []
    candidates = [index.entries[i] for i in positions]
    text = np.zeros(len(candidates))
    if index.cosine is not None and index.vectorizer is not None and query.text.strip():
        mask = np.zeros(len(index.entries), dtype=bool)
        mask[positions] = True
        found = index.cosine.top_k(
            index.vectorizer.transform([query.text]), len(positions), mask=mask
        )
        by_position = dict(zip(found.indices[0].tolist(), found.scores[0].tolist(), strict=True))
        text = np.clip([by_position.get(i, 0.0) for i in positions], 0.0, 1.0)
    components = {
        "text": text,
        "codes": code_overlap(
            query.codes,
            [c.codes for c in candidates],
            depth_weight=index.depth,
            ancestors=index.ancestors,
        ),
        "areas": code_overlap(query.areas, [c.areas for c in candidates]),
        "kind": np.array([1.0 if c.kind != query.kind else SAME_KIND for c in candidates]),
        "trl": np.array(
            [
                1.0 - abs(query.trl - c.trl) / 8.0
                if query.trl is not None and c.trl is not None
                else UNKNOWN_TRL
                for c in candidates
            ]
        ),
        "countries": np.array([_country_fit(query, c) for c in candidates]),
    }
    breakdown = combine(components, weights or WEIGHTS)
    relevant = (components["text"] >= MIN_TEXT) | (components["codes"] > 0)
    relevant |= components["areas"] > 0
    if not relevant.any():
        return []
    total = np.where(relevant, breakdown.total, -1.0)
    chosen = [int(i) for i in rank(total, min(limit, int(relevant.sum())))]
    # The index may be stale (a profile withdrawn or expired after it was built, between the
    # data-key read and now): load through the live filter and skip whatever is gone.
    loaded = (
        profiles_with_details().filter(live_filter(day)).in_bulk([candidates[i].pk for i in chosen])
    )
    area_names = {a.pk: a.name for a in profile.thematic_areas.all()}
    prose = profile_prose(profile)
    results = []
    for i in chosen:
        candidate = candidates[i]
        other = loaded.get(candidate.pk)
        if other is None:
            continue
        results.append(
            ProfileMatch(
                profile=other,
                score=float(breakdown.total[i]),
                parts={name: float(part[i]) for name, part in breakdown.parts.items()},
                components={name: float(values[i]) for name, values in components.items()},
                shared_codes=_shared_codes(index, query, candidate),
                shared_areas=sorted(area_names[a] for a in query.areas & candidate.areas),
                sentences=best_matching_sentences(prose, profile_prose(other), top=sentences)
                if sentences
                else [],
            )
        )
    return results
