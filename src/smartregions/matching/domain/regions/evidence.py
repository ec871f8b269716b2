"""The evidence matrices the partner finder and the consortium builder read.

From the stored ``RegionActivityResult`` rows of one dataset and year (written by the evidence
engine) the region x activity matrices of presence :math:`M`, relatedness density :math:`D`
(0-1) and values are rebuilt, and from them, exactly as the engine defines them, the
complementarity :math:`C_{rs}` of every region pair, the relatedness of every pair
(:func:`~smartregions.matching.compute.regions.relatedness`) and the structural similarity
(:func:`~smartregions.matching.compute.regions.structural_similarity`). They are cached per
dataset, year and finished computation run, so only the first search after a (re)computation
reads the rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import Max

from smartregions.analytics.compute.complementarity import complementarity
from smartregions.analytics.enums import DatasetKind, RunStatus
from smartregions.analytics.models import ComputationRun, Dataset, RegionActivityResult
from smartregions.matching.compute.regions import relatedness, structural_similarity
from smartregions.regions.models import Term

_CACHE_SIZE = 4
_lock = threading.Lock()
_cache: dict[tuple, EvidenceMatrices] = {}


@dataclass(frozen=True)
class EvidenceMatrices:
    """One dataset-year's matrices; rows follow ``region_codes``, columns ``activity_ids``."""

    dataset: Dataset
    year: int
    region_codes: tuple[str, ...]
    activity_ids: tuple[int, ...]
    activity_codes: tuple[str, ...]
    activity_labels: tuple[str, ...]
    presence: np.ndarray
    density: np.ndarray
    complementarity: np.ndarray
    relatedness: np.ndarray
    similarity: np.ndarray | None

    def row_of(self, code: str) -> int:
        """Row of the region ``code`` or of its nearest ancestor in the dataset (NUTS code
        prefix), -1 if neither is there: a NUTS-3 region borrows its NUTS-2 region's evidence."""
        position = self._positions()
        for length in range(len(code), 1, -1):
            found = position.get(code[:length])
            if found is not None:
                return found
        return -1

    def rows_of(self, codes: list[str]) -> np.ndarray:
        """:meth:`row_of` for many codes."""
        return np.array([self.row_of(code) for code in codes], dtype=np.int64)

    def _positions(self) -> dict[str, int]:
        cached = self.__dict__.get("_position")
        if cached is None:
            cached = {code: i for i, code in enumerate(self.region_codes)}
            object.__setattr__(self, "_position", cached)
        return cached


def evidence_datasets() -> list[tuple[Dataset, int]]:
    """Activity datasets with a finished computation run and their newest result year, newest
    finished run first; two queries."""
    runs = (
        ComputationRun.objects.filter(status=RunStatus.DONE, dataset__kind=DatasetKind.ACTIVITY)
        .select_related("dataset", "dataset__activity_taxonomy")
        .order_by("-finished_at", "-id")
    )
    seen: dict[int, Dataset] = {}
    for run in runs:
        seen.setdefault(run.dataset_id, run.dataset)
    years = dict(
        RegionActivityResult.objects.filter(dataset_id__in=seen)
        .values("dataset_id")
        .annotate(newest=Max("year"))
        .values_list("dataset_id", "newest")
    )
    return [(dataset, years[pk]) for pk, dataset in seen.items() if pk in years]


def pick_dataset(*, slug: str | None = None, year: int | None = None) -> tuple[Dataset, int] | None:
    """The dataset (``slug``, else the one with the newest finished run) and year (``year``,
    else its newest) to take evidence from; ``None`` when no dataset has results.

    Raises ``ValidationError`` naming ``dataset`` or ``year`` for an unknown slug, a dataset
    without results or a year without results.
    """
    available = evidence_datasets()
    if not slug:
        if not available:
            return None
        dataset, newest = available[0]
        return dataset, year or newest
    chosen = next(((d, y) for d, y in available if d.slug == slug), None)
    if chosen is None:
        raise ValidationError(
            {"dataset": f"No computed evidence for dataset {slug!r}: choose one with results."}
        )
    dataset, newest = chosen
    if year is not None and year != newest:
        exists = RegionActivityResult.objects.filter(dataset=dataset, year=year).exists()
        if not exists:
            raise ValidationError({"year": f"The dataset {slug} has no results for {year}."})
    return dataset, year or newest


def evidence_matrices(*, dataset: Dataset, year: int) -> EvidenceMatrices | None:
    """The matrices of ``dataset`` in ``year`` (``None`` without rows); cached per finished run.

    One query for the cache key; when not cached, two more (the cells and the activities).
    """
    run = (
        ComputationRun.objects.filter(dataset=dataset, status=RunStatus.DONE)
        .order_by("-finished_at", "-id")
        .values_list("id", "finished_at")
        .first()
    )
    key = (dataset.pk, year, run)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    matrices = _load(dataset, year)
    if matrices is None:
        return None
    with _lock:
        _cache[key] = matrices
        while len(_cache) > _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
    return matrices


def _load(dataset: Dataset, year: int) -> EvidenceMatrices | None:
    cells = list(
        RegionActivityResult.objects.filter(dataset=dataset, year=year).values_list(
            "region__code", "activity_id", "value", "present", "density"
        )
    )
    if not cells:
        return None
    codes = sorted({cell[0] for cell in cells})
    activity_ids = sorted({cell[1] for cell in cells})
    row = {code: i for i, code in enumerate(codes)}
    column = {pk: j for j, pk in enumerate(activity_ids)}
    rows = np.fromiter((row[c[0]] for c in cells), dtype=np.int64, count=len(cells))
    cols = np.fromiter((column[c[1]] for c in cells), dtype=np.int64, count=len(cells))
    shape = (len(codes), len(activity_ids))
    values, presence, density = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    values[rows, cols] = [c[2] for c in cells]
    presence[rows, cols] = [1.0 if c[3] else 0.0 for c in cells]
    density[rows, cols] = [c[4] / 100.0 for c in cells]
    terms = {
        pk: (code, label)
        for pk, code, label in Term.objects.filter(pk__in=activity_ids).values_list(
            "id", "code", "label"
        )
    }
    return EvidenceMatrices(
        dataset=dataset,
        year=year,
        region_codes=tuple(codes),
        activity_ids=tuple(activity_ids),
        activity_codes=tuple(terms[pk][0] for pk in activity_ids),
        activity_labels=tuple(terms[pk][1] for pk in activity_ids),
        presence=presence,
        density=np.clip(density, 0.0, 1.0),
        complementarity=complementarity(presence, density),
        relatedness=relatedness(presence, density),
        similarity=structural_similarity(values),
    )


def clear_evidence_cache() -> None:
    """Forget the cached evidence matrices."""
    with _lock:
        _cache.clear()
