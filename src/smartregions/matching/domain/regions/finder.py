r"""The region partner finder: rank candidate partner regions with a transparent score.

For a focal region :math:`r`, a query (thematic area, one of its priorities, free text or its
whole strategy) and every candidate region :math:`s` (current NUTS version, chosen level, no
extra-regio, not :math:`r` nor a region above or below it, filters applied) the components are

* ``codes`` -- weighted Jaccard overlap of the query's codes and the candidate's declared codes
  (its priorities and those of the regions below it), both expanded with their ancestors and
  weighted by depth (:func:`~smartregions.matching.compute.scoring.code_overlap`);
* ``text`` -- the best char n-gram TF-IDF cosine between the query and one of the
  candidate's priorities (works across EU languages); a query made of priorities is the
  normalised sum of their TF-IDF rows;
* ``complementarity`` -- :math:`C_{rs}` of Balland & Boschma (2021) from the stored evidence;
* ``relatedness`` -- :math:`R_{rs} = \sum_p M_{sp} d_{rp} / \sum_p M_{sp}`, the focal region's
  mean relatedness density over the candidate's specialisations
  (:func:`~smartregions.matching.compute.regions.relatedness`);
* ``similarity`` -- :math:`1 / (1 + D_{rs}/\sqrt K)` of the structural distance
  (:func:`~smartregions.matching.compute.regions.structural_similarity`);
* ``ties`` -- :math:`1 - 2^{-n}` of the ``n`` accepted expressions of interest between
  organisations of the two regions.

Evidence components come from one dataset and year (default: the dataset with the newest
finished run, its newest year); a region missing from the dataset borrows the row of its
nearest ancestor (a NUTS-3 region its NUTS-2 region's). Without evidence, or without codes or
text in the query, the component is absent and its weight is renormalised away
(:func:`~smartregions.matching.compute.scoring.combine`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from scipy import sparse

from smartregions.matching.compute.regions import best_per_owner, tie_strength, weighted_jaccard
from smartregions.matching.compute.scoring import combine, rank
from smartregions.matching.compute.text import normalise_rows
from smartregions.matching.domain.regions import explain
from smartregions.matching.domain.regions.candidates import (
    PriorityCorpus,
    RegionRow,
    candidate_codes,
    candidate_regions,
    owners,
    priority_corpus,
)
from smartregions.matching.domain.regions.evidence import (
    EvidenceMatrices,
    evidence_matrices,
    pick_dataset,
)
from smartregions.matching.domain.regions.filters import RegionFilters, allowed_mask
from smartregions.matching.domain.regions.query import ResolvedQuery, resolve_query
from smartregions.matching.domain.regions.results import PartnerSearch
from smartregions.matching.domain.regions.ties import region_ties, tie_counts
from smartregions.matching.domain.regions.weights import effective_weights
from smartregions.regions.models import Region

MAX_LIMIT = 500


@dataclass
class _Evidence:
    """The evidence components of a search and where they came from (``matrices`` is
    ``None`` when the focal region has no evidence row)."""

    matrices: EvidenceMatrices | None = None
    region_code: str = ""
    focal_row: int = -1
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    components: dict[str, np.ndarray] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _evidence(
    region: Region, candidates: list[RegionRow], *, dataset: str | None, year: int | None
) -> _Evidence:
    """Complementarity, relatedness and similarity of every candidate for ``region``."""
    picked = pick_dataset(slug=dataset, year=year)
    if picked is None:
        note = (
            "No evidence dataset has computed results: the ranking uses declared priorities "
            "(and ties) only."
        )
        return _Evidence(notes=[note])
    matrices = evidence_matrices(dataset=picked[0], year=picked[1])
    focal_row = matrices.row_of(region.code) if matrices is not None else -1
    if matrices is None or focal_row < 0:
        note = (
            f"{picked[0].name} has no evidence for {region.code} or a region above it: "
            "complementarity, relatedness and similarity are left out."
        )
        return _Evidence(notes=[note])
    rows = matrices.rows_of([c.code for c in candidates])
    known = rows >= 0
    found = _Evidence(matrices, matrices.region_codes[focal_row], focal_row, rows)
    for name, matrix in (
        ("complementarity", matrices.complementarity),
        ("relatedness", matrices.relatedness),
        ("similarity", matrices.similarity),
    ):
        if matrix is not None:
            values = np.zeros(len(candidates))
            values[known] = np.clip(matrix[focal_row, rows[known]], 0.0, 1.0)
            found.components[name] = values
    return found


def _text_cosines(corpus: PriorityCorpus, query: ResolvedQuery) -> np.ndarray | None:
    """Cosine of the query with every corpus priority; ``None`` without query text.

    A query made of priorities is the normalised sum of their TF-IDF rows (as the batch
    kernel :func:`~smartregions.matching.compute.regions.selection_cosines` computes it); free
    text and an area's own description are vectorised.
    """
    if corpus.matrix is None or not query.has_text:
        return None
    if query.priorities:
        rows = [corpus.by_id[p.id] for p in query.priorities]
        vector = normalise_rows(sparse.csr_matrix(corpus.matrix[rows].sum(axis=0)))
    else:
        vector = corpus.vectorise([query.text])
    cosines = (vector @ corpus.matrix.T).toarray()[0].astype(np.float64)
    return np.clip(cosines, 0.0, 1.0)


def find_partners(
    *,
    region: Region,
    area: str = "",
    priority: int | None = None,
    text: str = "",
    mode: str = "partners",
    weights: dict[str, float] | None = None,
    filters: RegionFilters | None = None,
    dataset: str | None = None,
    year: int | None = None,
    limit: int = 20,
) -> PartnerSearch:
    """Rank partner regions for ``region``; see the module docstring for the score.

    ``weights`` override the mode's defaults (:func:`effective_weights`); ``filters`` restrict
    the candidates (default: NUTS-2, everyone); ``dataset``/``year`` pick the evidence.
    Read-only. A fixed number of queries: about six when the priority corpus and the
    evidence matrices are cached, a dozen when not. Raises ``ValidationError`` naming the
    field (``priority``, ``area``, ``q``, ``mode``, ``weights``, ``level``, ``country``,
    ``category``, ``dataset``, ``year``, ``limit``) for bad input.
    """
    filters = filters or RegionFilters()
    weights = effective_weights(mode=mode, weights=weights)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": f"Ask for 1 to {MAX_LIMIT} results."})
    filters.check()
    corpus = priority_corpus()
    query = resolve_query(corpus=corpus, region=region, area=area, priority=priority, text=text)
    candidates = candidate_regions(level=filters.level)
    allowed = allowed_mask(candidates, focal=region, filters=filters)
    n = len(candidates)
    components: dict[str, np.ndarray] = {}
    notes = list(query.notes)

    owner = owners([p.region_code for p in corpus.priorities], candidates)
    declared = candidate_codes(corpus, owner, n)
    if query.term_columns:
        wanted = np.zeros((1, len(corpus.terms)))
        wanted[0, list(query.term_columns)] = 1.0
        expanded_query = corpus.expand(wanted)
        components["codes"] = weighted_jaccard(expanded_query, declared, corpus.term_weight)[0]
    else:
        expanded_query = None
    cosines = _text_cosines(corpus, query)
    if cosines is not None:
        components["text"] = best_per_owner(cosines[None, :], owner, n)[0]

    evidence = _evidence(region, candidates, dataset=dataset, year=year)
    components.update(evidence.components)
    notes += evidence.notes

    ties = region_ties(focal_code=region.code, candidates=candidates)
    components["ties"] = tie_strength(tie_counts(ties))

    try:
        breakdown = combine(components, weights)
    except ValueError:
        available = ", ".join(sorted(components))
        raise ValidationError(
            {"weights": f"Give a positive weight to a component this search has: {available}."}
        ) from None
    masked = np.where(allowed, breakdown.total, -1.0)
    count = int(allowed.sum())
    order = rank(masked, min(limit, count)) if count else np.empty(0, dtype=np.int64)
    results = [
        explain.result(
            position=position + 1,
            index=int(index),
            candidates=candidates,
            breakdown=breakdown,
            components=components,
            corpus=corpus,
            owner=owner,
            cosines=cosines,
            query=query,
            expanded_query=expanded_query,
            declared=declared,
            matrices=evidence.matrices,
            focal_row=evidence.focal_row,
            rows=evidence.rows,
            ties=ties[int(index)],
        )
        for position, index in enumerate(order.tolist())
    ]
    return PartnerSearch(
        region=region,
        query=query,
        mode=mode,
        weights=weights,
        shares=breakdown.shares,
        present=tuple(name for name in weights if name in components),
        filters=filters,
        dataset=evidence.matrices.dataset if evidence.matrices else None,
        year=evidence.matrices.year if evidence.matrices else None,
        evidence_region=evidence.region_code,
        candidates=count,
        results=results,
        scores={candidates[i].code: float(breakdown.total[i]) for i in np.flatnonzero(allowed)},
        notes=notes,
    )
