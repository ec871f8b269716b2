"""Region partner finder benchmark part: ranking speed at real scale and planted-partner recall.

Called by ``benchmarks/matching.py`` (:func:`measure_region_ranking`,
:func:`measure_planted_regions`); runnable alone with
``uv run python benchmarks/_matching_regions.py``. Pure numpy/scipy on a seeded synthetic world
built in memory (no database):

- 334 NUTS-2 regions in 27 countries, each with 6 declared priorities drawn from 6 of 20
  thematic areas; a priority has 1-3 codes of a NACE-like hierarchy (21 sections, 88
  divisions, 264 groups) near its area and a text of area-specific cognate words written in
  one of five languages (so matching has to work through shared character n-grams);
- an evidence matrix of 300 activities from a latent-specialisation model, turned into RCA
  presence and relatedness density by the evidence engine's kernels.

(a) **Speed.** Every region x every thematic area (6,680 queries) is ranked over all 334
candidates in partners mode with the vectorised kernels of
:mod:`smartregions.matching.compute.regions` (code overlap, text cosine, complementarity,
relatedness, similarity, ties, weighted combination, top 10). One-off index building (TF-IDF
of the priorities, their Gram matrix, the code closure, the evidence matrices) is timed
separately. The baseline is the per-candidate Python loop (reference ``code_overlap``,
per-priority dot products, ``combine`` and ``rank`` per query), timed on a sample of queries
and scaled to all of them; both give the same top 10 on the sample (checked).

(b) **Quality.** For each focal region a *planted* partner is generated: specialised exactly
in the focal region's missing but most related activities (top fifth by relatedness density,
plus a little noise), with priorities in two of the focal region's areas and four others. It
competes with the 333 other regions; recall@10 is the share of focal regions whose planted
partner ranks in the top 10 (mode partners, the focal region's whole strategy as query).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from smartregions.analytics.compute import compute_all
from smartregions.analytics.compute.complementarity import complementarity
from smartregions.matching.compute.regions import (
    best_per_owner,
    combine_rows,
    expand_with_ancestors,
    incidence,
    relatedness,
    selection_cosines,
    structural_similarity,
    tie_strength,
    top_k_rows,
    unique_rows,
    weighted_jaccard,
)
from smartregions.matching.compute.scoring import code_overlap, combine, rank
from smartregions.matching.compute.text import CharNgramVectorizer

N_REGIONS = 334
N_COUNTRIES = 27
N_AREAS = 20
PRIORITIES_PER_REGION = 6
N_ACTIVITIES = 300
LATENT = 30
TOP = 10
PARTNER_WEIGHTS = {
    "codes": 3.0,
    "text": 2.0,
    "complementarity": 3.0,
    "relatedness": 1.0,
    "similarity": 0.0,
    "ties": 1.0,
}
ENDINGS = (
    ("", "ics", "ion"),
    ("", "ik", "ung"),
    ("", "ika", "ace"),
    ("", "ique", "ion"),
    ("", "ica", "ione"),
)
SYLLABLES = (
    "ma",
    "tro",
    "ni",
    "ka",
    "bi",
    "o",
    "en",
    "er",
    "gi",
    "te",
    "ro",
    "bo",
    "ti",
    "ca",
    "me",
    "dat",
    "hy",
    "dro",
    "gen",
    "ve",
)


@dataclass
class World:
    """The synthetic world; ``codes`` are per-priority code lists (term columns)."""

    parent: np.ndarray
    depth: np.ndarray
    area_codes: list[np.ndarray]
    region_areas: np.ndarray
    owner: np.ndarray
    priority_area: np.ndarray
    codes: list[list[int]]
    texts: list[str]
    country: np.ndarray
    values: np.ndarray


def _hierarchy() -> tuple[np.ndarray, np.ndarray]:
    """21 sections > 88 divisions > 264 groups (3 per division), as parent columns."""
    parent = [-1] * 21
    parent += [i % 21 for i in range(88)]
    parent += [21 + i // 3 for i in range(264)]
    parent = np.array(parent, dtype=np.int64)
    depth = np.ones(parent.size)
    depth[21:109] = 2.0
    depth[109:] = 3.0
    return parent, depth


def _word(rng: np.random.Generator) -> str:
    return "".join(rng.choice(SYLLABLES, size=rng.integers(2, 4)))


def build_world(seed: int = 7) -> World:
    """The seeded world described in the module docstring."""
    rng = np.random.default_rng(seed)
    parent, depth = _hierarchy()
    groups = np.arange(109, parent.size)
    area_codes = [rng.choice(groups, size=8, replace=False) for _ in range(N_AREAS)]
    area_words = [[_word(rng) for _ in range(30)] for _ in range(N_AREAS)]
    generic = [_word(rng) for _ in range(40)]
    region_areas = np.array([rng.choice(N_AREAS, 6, replace=False) for _ in range(N_REGIONS)])
    owner, priority_area, codes, texts = [], [], [], []
    for region in range(N_REGIONS):
        language = rng.integers(len(ENDINGS))
        for area in region_areas[region]:
            owner.append(region)
            priority_area.append(area)
            picks = rng.choice(area_codes[area], size=rng.integers(1, 4), replace=False)
            codes.append(sorted(int(c) for c in picks))
            texts.append(_text(rng, area_words[area], generic, ENDINGS[language]))
    country = np.sort(rng.integers(0, N_COUNTRIES, N_REGIONS))
    # 30 industry clusters; a region leans on a few, an activity belongs to one (plus a
    # background share), so a region is specialised in a minority of activities.
    latent = rng.dirichlet(np.full(LATENT, 0.08), N_REGIONS)
    loadings = np.full((LATENT, N_ACTIVITIES), 0.05)
    loadings[rng.integers(0, LATENT, N_ACTIVITIES), np.arange(N_ACTIVITIES)] += rng.gamma(
        2.0, 1.0, N_ACTIVITIES
    )
    values = rng.poisson(400 * latent @ loadings + 1.0).astype(np.float64) + 1.0
    return World(
        parent,
        depth,
        area_codes,
        region_areas,
        np.array(owner),
        np.array(priority_area),
        codes,
        texts,
        country,
        values,
    )


def _text(rng: np.random.Generator, words: list[str], generic: list[str], endings: tuple) -> str:
    chosen = [*rng.choice(words, size=9), *rng.choice(generic, size=3)]
    rendered = [w + endings[rng.integers(len(endings))] for w in chosen]
    half = len(rendered) // 2
    return " ".join(rendered[:half]).capitalize() + ". " + " ".join(rendered[half:]) + "."


@dataclass
class Index:
    """What the ranking kernel reads, built once."""

    tfidf: sparse.csr_matrix
    gram: np.ndarray
    candidate_codes: sparse.csr_matrix
    presence: np.ndarray
    density: np.ndarray
    complementarity: np.ndarray
    relatedness: np.ndarray
    similarity: np.ndarray
    ties: np.ndarray


def build_index(
    world: World, *, owner: np.ndarray | None = None, n_owners: int = N_REGIONS
) -> Index:
    owner = world.owner if owner is None else owner
    tfidf = CharNgramVectorizer().fit_transform(world.texts)
    gram = (tfidf @ tfidf.T).toarray().astype(np.float64)
    declared = incidence(world.codes, world.parent.size)
    assign = sparse.csr_matrix(
        (np.ones(owner.size), (owner, np.arange(owner.size))), shape=(n_owners, owner.size)
    )
    per_owner = (assign @ declared).tocsr()
    per_owner.data[:] = 1.0
    result = compute_all(world.values)
    presence, density = result.M.astype(np.float64), np.asarray(result.density)
    rng = np.random.default_rng(11)
    counts = rng.poisson(0.05, (N_REGIONS, N_REGIONS))
    return Index(
        tfidf=tfidf,
        gram=gram,
        candidate_codes=expand_with_ancestors(per_owner, world.parent),
        presence=presence,
        density=density,
        complementarity=complementarity(presence, density),
        relatedness=relatedness(presence, density),
        similarity=structural_similarity(world.values),
        ties=tie_strength(np.minimum(counts, counts.T)),
    )


def queries(world: World) -> tuple[np.ndarray, sparse.csr_matrix, sparse.csr_matrix]:
    """Every (region, area): the focal region, the selected priorities and the code set.

    A region's priorities in the area, or (when it has none) all priorities in the area.
    """
    focal, selections = [], []
    own = {(int(r), int(a)): [] for r in range(N_REGIONS) for a in range(N_AREAS)}
    for i, (r, a) in enumerate(zip(world.owner, world.priority_area, strict=True)):
        own[int(r), int(a)].append(i)
    in_area = [np.flatnonzero(world.priority_area == a).tolist() for a in range(N_AREAS)]
    for r in range(N_REGIONS):
        for a in range(N_AREAS):
            focal.append(r)
            selections.append(own[r, a] or in_area[a])
    select = incidence(selections, len(world.texts))
    codes = (select @ incidence(world.codes, world.parent.size)).tocsr()
    codes.data[:] = 1.0
    return np.array(focal), select, codes


def rank_batch(world: World, index: Index, focal: np.ndarray, select, codes) -> tuple:
    """The vectorised kernel: top 10 of every query. Returns (indices, scores)."""
    distinct_codes, code_of = unique_rows(codes)
    code_scores = weighted_jaccard(
        expand_with_ancestors(distinct_codes, world.parent), index.candidate_codes, world.depth
    )[code_of]
    distinct, selection_of = unique_rows(select)
    cosines = selection_cosines(distinct, index.gram)
    text = best_per_owner(cosines, world.owner, N_REGIONS)[selection_of]
    components = {
        "codes": code_scores,
        "text": text,
        "complementarity": index.complementarity[focal],
        "relatedness": index.relatedness[focal],
        "similarity": index.similarity[focal],
        "ties": index.ties[focal],
    }
    total, _ = combine_rows(components, PARTNER_WEIGHTS)
    allowed = np.ones(total.shape, dtype=bool)
    allowed[np.arange(focal.size), focal] = False
    return top_k_rows(total, TOP, allowed=allowed)


def rank_naive(world: World, index: Index, focal: int, selection: list[int]) -> np.ndarray:
    """The per-candidate Python loop for one query (reference functions throughout)."""

    def ancestors(code: int) -> list[int]:
        found = []
        while world.parent[code] >= 0:
            code = int(world.parent[code])
            found.append(code)
        return found

    query_codes = {c for i in selection for c in world.codes[i]}
    candidate_sets = [set() for _ in range(N_REGIONS)]
    for i, region in enumerate(world.owner):
        candidate_sets[region].update(world.codes[i])
    codes = code_overlap(
        query_codes, candidate_sets, depth_weight=lambda c: world.depth[c], ancestors=ancestors
    )
    vector = index.tfidf[selection].sum(axis=0).A1
    vector /= np.linalg.norm(vector) or 1.0
    text = np.zeros(N_REGIONS)
    for i, region in enumerate(world.owner):
        row = index.tfidf[i]
        text[region] = max(text[region], min(1.0, max(0.0, float(row.data @ vector[row.indices]))))
    components = {
        "codes": codes,
        "text": text,
        "complementarity": np.array([index.complementarity[focal, s] for s in range(N_REGIONS)]),
        "relatedness": np.array([index.relatedness[focal, s] for s in range(N_REGIONS)]),
        "similarity": np.array([index.similarity[focal, s] for s in range(N_REGIONS)]),
        "ties": np.array([index.ties[focal, s] for s in range(N_REGIONS)]),
    }
    total = combine(components, PARTNER_WEIGHTS).total
    total[focal] = -1.0
    return rank(total, TOP)


def measure_region_ranking(*, seed: int = 7, baseline_sample: int = 30) -> dict:
    """Time the vectorised ranking of all NUTS-2 regions x 20 areas; see the module docstring.

    Returns the figures: queries, candidates, build and rank seconds (best of 3), the naive
    per-query time and its extrapolation, the speed-up ratio, and whether the sample agreed.
    """
    world = build_world(seed)
    start = time.perf_counter()
    index = build_index(world)
    build_s = time.perf_counter() - start
    focal, select, codes = queries(world)
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        order, _scores = rank_batch(world, index, focal, select, codes)
        samples.append(time.perf_counter() - start)
    rank_s = min(samples)
    rng = np.random.default_rng(seed)
    sample = rng.choice(focal.size, size=baseline_sample, replace=False)
    start = time.perf_counter()
    naive = [rank_naive(world, index, int(focal[q]), select[q].indices.tolist()) for q in sample]
    naive_s = (time.perf_counter() - start) / baseline_sample
    agree = all(
        np.array_equal(order[q], expected) for q, expected in zip(sample, naive, strict=True)
    )
    return {
        "queries": int(focal.size),
        "candidates": N_REGIONS,
        "priorities": len(world.texts),
        "activities": N_ACTIVITIES,
        "index_build_s": build_s,
        "rank_all_s": rank_s,
        "per_query_ms": 1000 * rank_s / focal.size,
        "naive_per_query_ms": 1000 * naive_s,
        "naive_all_s_estimated": naive_s * focal.size,
        "speedup": naive_s * focal.size / rank_s,
        "baseline_sample": baseline_sample,
        "sample_top10_identical": agree,
        "target_s": 1.0,
        "ok": rank_s < 1.0 and agree,
    }


def _planted(world: World, index: Index, seed: int) -> tuple[World, np.ndarray]:
    """Append one planted partner per focal region (owner ``N_REGIONS + r``) to the corpus and
    return the enlarged world and the planted presence rows."""
    rng = np.random.default_rng(seed + 1)
    presence = np.zeros((N_REGIONS, N_ACTIVITIES))
    owner, areas, codes, texts = (
        list(world.owner),
        list(world.priority_area),
        list(world.codes),
        list(world.texts),
    )
    words = {}
    for i, a in enumerate(world.priority_area):
        words.setdefault(int(a), []).extend(world.texts[i].replace(".", "").lower().split())
    for r in range(N_REGIONS):
        missing = np.flatnonzero(index.presence[r] == 0)
        best = missing[np.argsort(-index.density[r, missing], kind="stable")]
        strong = best[: max(1, (2 * best.size) // 5)]
        noise = rng.choice(N_ACTIVITIES, size=5, replace=False)
        presence[r, strong] = 1.0
        presence[r, noise] = 1.0
        shared = rng.choice(world.region_areas[r], 2, replace=False)
        others = rng.choice(np.setdiff1d(np.arange(N_AREAS), shared), 4, replace=False)
        for area in [*shared, *others]:
            owner.append(N_REGIONS + r)
            areas.append(area)
            picks = rng.choice(world.area_codes[area], size=rng.integers(1, 4), replace=False)
            codes.append(sorted(int(c) for c in picks))
            texts.append(" ".join(rng.choice(words[int(area)], size=12)) + ".")
    bigger = World(
        world.parent,
        world.depth,
        world.area_codes,
        world.region_areas,
        np.array(owner),
        np.array(areas),
        codes,
        texts,
        world.country,
        world.values,
    )
    return bigger, presence


def measure_planted_regions(*, seed: int = 7) -> dict:
    """Recall@10 of planted complementary partners in mode partners; see the module docstring."""
    world = build_world(seed)
    base = build_index(world)
    bigger, planted_presence = _planted(world, base, seed)
    index = build_index(bigger, n_owners=2 * N_REGIONS)
    focal = np.arange(N_REGIONS)
    select = incidence(
        [np.flatnonzero(world.owner == r).tolist() for r in range(N_REGIONS)], len(bigger.texts)
    )
    codes = (select @ incidence(bigger.codes, bigger.parent.size)).tocsr()
    codes.data[:] = 1.0
    code_scores = weighted_jaccard(
        expand_with_ancestors(codes, bigger.parent), index.candidate_codes, bigger.depth
    )
    text = best_per_owner(selection_cosines(select, index.gram), bigger.owner, 2 * N_REGIONS)
    weights = (1.0 - index.presence) * index.density
    mass = weights.sum(axis=1)
    planted_comp = (weights * planted_presence).sum(axis=1) / np.where(mass > 0, mass, 1.0)
    counts = planted_presence.sum(axis=1)
    planted_rel = (index.density * planted_presence).sum(axis=1) / counts
    own = N_REGIONS + focal

    def with_planted(matrix: np.ndarray, planted: np.ndarray) -> np.ndarray:
        return np.column_stack([matrix, planted])

    components = {
        "codes": with_planted(code_scores[:, :N_REGIONS], code_scores[focal, own]),
        "text": with_planted(text[:, :N_REGIONS], text[focal, own]),
        "complementarity": with_planted(index.complementarity, planted_comp),
        "relatedness": with_planted(index.relatedness, planted_rel),
        "similarity": with_planted(index.similarity, np.zeros(N_REGIONS)),
        "ties": with_planted(index.ties, np.zeros(N_REGIONS)),
    }
    total, _ = combine_rows(components, PARTNER_WEIGHTS)
    allowed = np.ones(total.shape, dtype=bool)
    allowed[focal, focal] = False
    order, _ = top_k_rows(total, TOP, allowed=allowed)
    hits = (order == N_REGIONS).any(axis=1)
    ranks = 1 + (np.where(allowed, total, -1.0) > total[:, [N_REGIONS]]).sum(axis=1)
    return {
        "focal_regions": N_REGIONS,
        "distractors": N_REGIONS - 1,
        "recall_at_10": float(hits.mean()),
        "median_rank": float(np.median(ranks)),
        "mean_planted_complementarity": float(planted_comp.mean()),
        "mean_best_distractor_complementarity": float(
            np.where(allowed[:, :N_REGIONS], index.complementarity, 0).max(axis=1).mean()
        ),
        "target": 0.9,
        "ok": bool(hits.mean() >= 0.9),
    }


def main() -> int:
    start = time.perf_counter()
    speed = measure_region_ranking()
    print(
        f"region ranking: {speed['queries']} queries x {speed['candidates']} candidates in "
        f"{speed['rank_all_s'] * 1000:.0f} ms (target < 1000 ms; index build "
        f"{speed['index_build_s'] * 1000:.0f} ms); naive per-candidate loop "
        f"{speed['naive_per_query_ms']:.2f} ms/query = {speed['naive_all_s_estimated']:.1f} s "
        f"estimated; ratio {speed['speedup']:.0f}x; sample top-10 identical: "
        f"{speed['sample_top10_identical']}"
    )
    quality = measure_planted_regions()
    print(
        f"planted partners: recall@10 {quality['recall_at_10']:.3f} over "
        f"{quality['focal_regions']} focal regions (target >= 0.9), median rank "
        f"{quality['median_rank']:.0f}"
    )
    print(f"total {time.perf_counter() - start:.1f} s")
    return 0 if speed["ok"] and quality["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
