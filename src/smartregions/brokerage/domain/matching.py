"""Innovation-partner suggestions for an SME group (or a single case), with reasons.

Candidates are organisations of the partner types (research, cluster, technology centre,
intermediary) in countries none of the SMEs is in. Each gets a transparent score
(:func:`smartregions.matching.compute.combine`) of three components in [0, 1]:

* ``text``: cosine of character n-gram TF-IDF vectors (works across EU languages) between the
  challenge and the candidate's name, description and keywords;
* ``codes``: weighted Jaccard overlap of NACE codes, expanded with their ancestors so a shared
  division counts a little when the classes differ;
* ``thematic``: 1 when the candidate works in the challenge's thematic area.

Every suggestion carries its parts, the shared codes and the best-matching sentences.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from smartregions.brokerage.enums import INNOVATION_PARTNER_TYPES
from smartregions.brokerage.models import Case, SmeGroup
from smartregions.matching.compute import (
    CharNgramVectorizer,
    SentencePair,
    best_matching_sentences,
    code_overlap,
    combine,
    rank,
)
from smartregions.organisations.domain.queries import organisations_with_details
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.taxonomy import ancestor_codes
from smartregions.regions.enums import TaxonomyKind

#: Default weights of the components (renormalised over those present).
DEFAULT_WEIGHTS = {"text": 0.5, "codes": 0.3, "thematic": 0.2}


@dataclass(frozen=True)
class PartnerSuggestion:
    """One ranked candidate with its score broken down and the reasons."""

    organisation: Organisation
    score: float
    parts: dict[str, float]
    shared_codes: list[str] = field(default_factory=list)
    thematic_match: bool = False
    sentences: list[SentencePair] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """A one-line explanation, stored with a partner when the broker adds it."""
        bits = [f"score {self.score:.2f}"]
        bits += [f"{name} {value:.2f}" for name, value in self.parts.items()]
        if self.shared_codes:
            bits.append("shared NACE " + ", ".join(self.shared_codes))
        if self.thematic_match:
            bits.append("same thematic area")
        return "; ".join(bits)


def organisation_text(organisation: Organisation) -> str:
    """The text a candidate is matched on: name, description and keywords."""
    return "\n".join(
        part
        for part in (organisation.name, organisation.description, ", ".join(organisation.keywords))
        if part
    )


def suggest_partners(
    *,
    challenge: str,
    nace_codes: Collection[str] = (),
    thematic_area_id: int | None = None,
    exclude_country_ids: Collection[int] = (),
    exclude_organisation_ids: Collection[int] = (),
    limit: int = 10,
    weights: dict[str, float] | None = None,
) -> list[PartnerSuggestion]:
    """Rank innovation partners abroad for a challenge; see the module docstring for the score.

    Reads organisations (one query plus prefetches); no writes. Returns at most ``limit``
    suggestions, best first (ties by organisation id); an empty list when there is no
    candidate. Candidates with a total of 0 (nothing in common) are left out.
    """
    candidates = list(
        organisations_with_details()
        .filter(type__in=INNOVATION_PARTNER_TYPES)
        .exclude(region__country_id__in=list(exclude_country_ids))
        .exclude(pk__in=list(exclude_organisation_ids))
        .order_by("pk")
    )
    if not candidates or not challenge.strip():
        return []
    texts = [organisation_text(o) for o in candidates]
    vectorizer = CharNgramVectorizer()
    corpus = vectorizer.fit_transform(texts)
    # Rows are unit-length TF-IDF vectors: one sparse product gives every candidate's cosine.
    cosines = (corpus @ vectorizer.transform([challenge]).T).toarray().ravel()
    text_scores = np.clip(cosines.astype(np.float64), 0.0, 1.0)
    candidate_codes = [[t.code for t in o.nace_codes.all()] for o in candidates]
    all_codes = {c for codes in candidate_codes for c in codes} | set(nace_codes)
    ancestors = ancestor_codes(kind=TaxonomyKind.ECONOMIC, codes=all_codes)
    components: dict[str, object] = {"text": text_scores}
    if nace_codes:
        components["codes"] = code_overlap(
            set(nace_codes),
            candidate_codes,
            ancestors=lambda code: ancestors.get(code, []),
            depth_weight=lambda code: 1.0 + len(ancestors.get(code, [])),
        )
    if thematic_area_id is not None:
        components["thematic"] = np.array(
            [
                1.0 if any(a.pk == thematic_area_id for a in o.thematic_areas.all()) else 0.0
                for o in candidates
            ]
        )
    breakdown = combine(components, weights or DEFAULT_WEIGHTS)
    suggestions = []
    for position in rank(breakdown.total, limit):
        total = float(breakdown.total[position])
        if total <= 0:
            break
        organisation = candidates[position]
        suggestions.append(
            PartnerSuggestion(
                organisation=organisation,
                score=round(total, 4),
                parts={
                    name: round(float(part[position]), 4)
                    for name, part in breakdown.parts.items()
                    if name in components
                },
                shared_codes=sorted(set(nace_codes) & set(candidate_codes[position])),
                thematic_match=bool(
                    thematic_area_id is not None and components["thematic"][position] > 0  # type: ignore[index]
                ),
                sentences=best_matching_sentences(challenge, texts[position], top=2),
            )
        )
    return suggestions


def suggest_group_partners(group: SmeGroup, *, limit: int = 10) -> list[PartnerSuggestion]:
    """Innovation partners for ``group``, outside its members' countries and current partners."""
    members = list(group.members.select_related("organisation__region"))
    return suggest_partners(
        challenge=group.challenge,
        nace_codes=[t.code for t in group.nace_codes.all()],
        thematic_area_id=group.thematic_area_id,
        exclude_country_ids={m.organisation.region.country_id for m in members},
        exclude_organisation_ids=set(group.partners.values_list("organisation_id", flat=True)),
        limit=limit,
    )


def suggest_case_partners(case: Case, *, limit: int = 5) -> list[PartnerSuggestion]:
    """Innovation partners abroad for one SME's case, from its challenge and codes."""
    return suggest_partners(
        challenge=f"{case.challenge} {' '.join(case.keywords)}",
        nace_codes=[t.code for t in case.nace_codes.all()],
        thematic_area_id=case.thematic_area_id,
        exclude_country_ids={case.organisation.region.country_id},
        limit=limit,
    )
