"""Loading what the partner finder ranks: candidate regions and the declared-priority corpus.

The corpus (every regional priority of the current NUTS version with its codes, thematic areas
and TF-IDF text vector, plus the code hierarchy) is built once per process and per *data
version* (a cheap aggregate over priorities and terms), so a search costs a fixed, small number
of queries whatever the number of regions and priorities; editing a priority or a code list
changes the version and the next search rebuilds it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max
from scipy import sparse

from smartregions.matching.compute.regions import expand_with_ancestors, incidence
from smartregions.matching.compute.text import CharNgramVectorizer, words
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Priority, Region, Term

CODE_KINDS = (TaxonomyKind.ECONOMIC, TaxonomyKind.SCIENTIFIC, TaxonomyKind.POLICY)
_CACHE_SIZE = 4
_lock = threading.Lock()
_corpus_cache: dict[tuple, PriorityCorpus] = {}


@dataclass(frozen=True, slots=True)
class RegionRow:
    """A candidate region as the finder shows it."""

    id: int
    code: str
    name: str
    level: int
    country: str
    country_name: str
    category: str
    industrial_transition: bool


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A declared code: ``taxonomy`` slug, ``kind`` (economic, scientific, policy), label."""

    id: int
    code: str
    label: str
    taxonomy: str
    kind: str


@dataclass(frozen=True, slots=True)
class PriorityRow:
    """One declared priority of the corpus; ``region_code`` is its strategy's region."""

    id: int
    region_code: str
    title: str
    text: str
    term_ids: tuple[int, ...]
    area_ids: tuple[int, ...]


@dataclass
class PriorityCorpus:
    """Every regional priority of the current NUTS version, vectorised for the finder.

    ``codes`` is priorities x terms (declared codes, 0/1); ``term_parent``/``term_weight`` give
    each term column's parent column (-1: none) and its weight in the code overlap (its depth
    in the hierarchy, so a shared NACE class counts more than a shared section). ``matrix`` is
    the priorities' TF-IDF rows (unit norm) of ``vectorizer``; ``None`` without any words.
    """

    priorities: list[PriorityRow]
    terms: list[CodeRef]
    term_column: dict[int, int]
    term_parent: np.ndarray
    term_weight: np.ndarray
    codes: sparse.csr_matrix
    vectorizer: CharNgramVectorizer | None
    matrix: sparse.csr_matrix | None
    by_id: dict[int, int] = field(default_factory=dict)

    def columns(self, term_ids: Iterable[int]) -> list[int]:
        """Columns of the terms among ``term_ids`` that the corpus knows."""
        return [self.term_column[t] for t in term_ids if t in self.term_column]

    def expand(self, matrix: sparse.spmatrix) -> sparse.csr_matrix:
        """Rows of term columns with every ancestor added (the hierarchy closure)."""
        return expand_with_ancestors(matrix, self.term_parent)

    def vectorise(self, texts: Sequence[str]) -> sparse.csr_matrix | None:
        """TF-IDF rows of ``texts`` in the corpus vocabulary (``None`` without a vocabulary)."""
        if self.vectorizer is None:
            return None
        return self.vectorizer.transform(list(texts))


def priority_text(title: str, description: str, keywords: Iterable[str]) -> str:
    """The text a priority is matched on: title, description and keywords, one per line."""
    return "\n".join(part for part in [title, description, ", ".join(keywords)] if part.strip())


def _data_version() -> tuple:
    priorities = Priority.objects.aggregate(n=Count("id"), top=Max("id"), at=Max("updated_at"))
    terms = Term.objects.aggregate(n=Count("id"), top=Max("id"))
    return (
        current_nuts_version(),
        priorities["n"],
        priorities["top"],
        str(priorities["at"]),
        terms["n"],
        terms["top"],
    )


def _through_pairs(version: int) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    codes: dict[int, list[int]] = {}
    scope = {"priority__strategy__region__nuts_version": version}
    for relation in ("economic_domains", "scientific_domains", "policy_objectives"):
        through = getattr(Priority, relation).through
        for priority_id, term_id in through.objects.filter(**scope).values_list(
            "priority_id", "term_id"
        ):
            codes.setdefault(priority_id, []).append(term_id)
    areas: dict[int, list[int]] = {}
    for priority_id, area_id in Priority.thematic_areas.through.objects.filter(**scope).values_list(
        "priority_id", "thematicarea_id"
    ):
        areas.setdefault(priority_id, []).append(area_id)
    return codes, areas


def _build_corpus(version: int) -> PriorityCorpus:
    rows = Priority.objects.filter(strategy__region__nuts_version=version).order_by("id")
    codes, areas = _through_pairs(version)
    priorities = [
        PriorityRow(
            id=pk,
            region_code=code,
            title=title,
            text=priority_text(title, description, keywords or []),
            term_ids=tuple(sorted(set(codes.get(pk, ())))),
            area_ids=tuple(sorted(set(areas.get(pk, ())))),
        )
        for pk, code, title, description, keywords in rows.values_list(
            "id", "strategy__region__code", "title", "description", "keywords"
        )
    ]
    term_rows = list(
        Term.objects.filter(taxonomy__kind__in=CODE_KINDS)
        .order_by("id")
        .values_list(
            "id", "code", "label", "level", "parent_id", "taxonomy__slug", "taxonomy__kind"
        )
    )
    term_column = {row[0]: column for column, row in enumerate(term_rows)}
    terms = [
        CodeRef(pk, code, label, slug, kind) for pk, code, label, _, _, slug, kind in term_rows
    ]
    parent = np.array([term_column.get(row[4], -1) for row in term_rows], dtype=np.int64)
    weight = _depths(parent)
    codes_matrix = incidence(
        [[term_column[t] for t in p.term_ids if t in term_column] for p in priorities],
        len(term_rows),
    )
    texts = [p.text for p in priorities]
    vectorizer = matrix = None
    if any(words(text) for text in texts):
        vectorizer = CharNgramVectorizer()
        matrix = vectorizer.fit_transform(texts)
    return PriorityCorpus(
        priorities=priorities,
        terms=terms,
        term_column=term_column,
        term_parent=parent,
        term_weight=weight,
        codes=codes_matrix,
        vectorizer=vectorizer,
        matrix=matrix,
        by_id={p.id: i for i, p in enumerate(priorities)},
    )


def _depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every node (1 for a top-level code), walking parents level by level."""
    depth = np.ones(parent.shape[0])
    current = parent.copy()
    for _ in range(parent.shape[0]):
        has = current >= 0
        if not has.any():
            break
        depth[has] += 1
        current[has] = parent[current[has]]
    return depth


def priority_corpus() -> PriorityCorpus:
    """The corpus of the current data version: two aggregate queries when it is cached, seven
    more when priorities or terms changed since it was built. No side effects beyond the
    in-process cache (a few versions kept, oldest dropped first)."""
    version = _data_version()
    with _lock:
        cached = _corpus_cache.get(version)
    if cached is not None:
        return cached
    corpus = _build_corpus(version[0])
    with _lock:
        _corpus_cache[version] = corpus
        while len(_corpus_cache) > _CACHE_SIZE:
            _corpus_cache.pop(next(iter(_corpus_cache)))
    return corpus


def clear_caches() -> None:
    """Forget the cached corpora and evidence matrices (tests; after bulk data changes)."""
    from smartregions.matching.domain.regions.evidence import clear_evidence_cache

    with _lock:
        _corpus_cache.clear()
    clear_evidence_cache()


def candidate_regions(*, level: int) -> list[RegionRow]:
    """The regions of the current NUTS version at ``level`` (no extra-regio), by code; one
    query."""
    rows = (
        Region.objects.filter(nuts_version=current_nuts_version(), level=level)
        .filter(is_extra_regio=False)
        .order_by("code")
        .values_list(
            "id",
            "code",
            "name_latin",
            "level",
            "country__code",
            "country__name",
            "category",
            "industrial_transition",
        )
    )
    return [RegionRow(*row) for row in rows]


def owners(codes: Sequence[str], candidates: Sequence[RegionRow]) -> np.ndarray:
    """For each region code in ``codes``: the index of the candidate it lies in (the candidate
    itself or an ancestor, by NUTS code prefix), or -1."""
    position = {row.code: i for i, row in enumerate(candidates)}
    lengths = sorted({len(row.code) for row in candidates})
    result = np.full(len(codes), -1, dtype=np.int64)
    for i, code in enumerate(codes):
        for length in lengths:
            found = position.get(code[:length]) if length <= len(code) else None
            if found is not None:
                result[i] = found
                break
    return result


def candidate_codes(corpus: PriorityCorpus, owner: np.ndarray, n: int) -> sparse.csr_matrix:
    """Candidates x terms: the codes declared by any priority of each candidate (or of a
    region below it), expanded with their ancestors."""
    kept = np.flatnonzero(owner >= 0)
    assign = sparse.csr_matrix(
        (np.ones(kept.size), (owner[kept], kept)), shape=(n, len(corpus.priorities))
    )
    declared = (assign @ corpus.codes).tocsr()
    declared.data[:] = 1.0
    return corpus.expand(declared)
