"""Why a candidate region ranks where it does: shared codes, complementary activities, the
matching sentences of the best-matching priority, ties, and the score's parts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from smartregions.analytics.compute.complementarity import complementary_activities
from smartregions.matching.compute.scoring import ScoreBreakdown
from smartregions.matching.compute.text import best_matching_sentences
from smartregions.matching.domain.regions.candidates import CodeRef, PriorityCorpus, RegionRow
from smartregions.matching.domain.regions.evidence import EvidenceMatrices
from smartregions.matching.domain.regions.query import ResolvedQuery
from smartregions.matching.domain.regions.results import (
    ActivityReason,
    MatchedPriority,
    PartnerResult,
)
from smartregions.matching.domain.regions.ties import Tie

TOP_ACTIVITIES = 5
TOP_SENTENCES = 3
TOP_CODES = 12


def shared_codes(
    corpus: PriorityCorpus, query: sparse.spmatrix, candidate: sparse.spmatrix
) -> list[CodeRef]:
    """The most specific codes both sides have (after adding ancestors): a shared ancestor is
    listed only when no shared code lies below it. Deepest first, then by code."""
    shared = set(np.asarray(query.multiply(candidate).nonzero()[1]).tolist())
    parents = {int(corpus.term_parent[c]) for c in shared} - {-1}
    specific = [c for c in shared if c not in parents]
    specific.sort(key=lambda c: (-corpus.term_weight[c], corpus.terms[c].code))
    return [corpus.terms[c] for c in specific[:TOP_CODES]]


def _activities(matrices: EvidenceMatrices, focal_row: int, row: int) -> list[ActivityReason]:
    columns, contributions = complementary_activities(
        matrices.presence, matrices.density, region=focal_row, partner=row, top=TOP_ACTIVITIES
    )
    return [
        ActivityReason(matrices.activity_codes[c], matrices.activity_labels[c], float(w))
        for c, w in zip(columns.tolist(), contributions.tolist(), strict=True)
    ]


def _best_priority(
    corpus: PriorityCorpus, owner: np.ndarray, cosines: np.ndarray, index: int
) -> tuple[int, float] | None:
    mine = np.flatnonzero(owner == index)
    if mine.size == 0:
        return None
    best = mine[np.lexsort((mine, -cosines[mine]))][0]
    score = float(cosines[best])
    return (int(best), score) if score > 0 else None


def result(
    *,
    position: int,
    index: int,
    candidates: Sequence[RegionRow],
    breakdown: ScoreBreakdown,
    components: dict[str, np.ndarray],
    corpus: PriorityCorpus,
    owner: np.ndarray,
    cosines: np.ndarray | None,
    query: ResolvedQuery,
    expanded_query: sparse.spmatrix | None,
    declared: sparse.csr_matrix,
    matrices: EvidenceMatrices | None,
    focal_row: int,
    rows: np.ndarray,
    ties: list[Tie],
) -> PartnerResult:
    """The :class:`PartnerResult` of candidate ``index`` at rank ``position``."""
    codes = (
        shared_codes(corpus, expanded_query, declared[index]) if expanded_query is not None else []
    )
    matched, sentences = None, []
    if cosines is not None and (best := _best_priority(corpus, owner, cosines, index)):
        row = corpus.priorities[best[0]]
        matched = MatchedPriority(row.id, row.title, row.region_code, best[1])
        sentences = best_matching_sentences(query.text, row.text, top=TOP_SENTENCES)
    activities = []
    evidence_region = ""
    if matrices is not None and rows[index] >= 0:
        evidence_region = matrices.region_codes[rows[index]]
        if "complementarity" in components and components["complementarity"][index] > 0:
            activities = _activities(matrices, focal_row, int(rows[index]))
    return PartnerResult(
        rank=position,
        region=candidates[index],
        total=float(breakdown.total[index]),
        components={name: float(values[index]) for name, values in components.items()},
        parts={name: float(values[index]) for name, values in breakdown.parts.items()},
        shared_codes=codes,
        activities=activities,
        matched_priority=matched,
        sentences=sentences,
        ties=list(ties),
        evidence_region=evidence_region,
    )
