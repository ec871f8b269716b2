"""Computing a dataset's evidence (per year) in the background, storing and exporting the results.

:func:`request_computation` records a queued :class:`ComputationRun` and enqueues the task
``analytics.tasks.compute_dataset`` once the transaction commits; :func:`run_computation`
does the work: for every year it loads the observations into a regions x activities
matrix, drops empty rows and columns, runs the pure kernels
(:func:`~smartregions.analytics.compute.compute_all`, complementarity, similarity,
opportunity quadrants) and replaces that year's stored results in one transaction, updating
the run's progress as it goes.

Stored per dataset and year:

* ``RegionYearResult``: total, diversity, ECI, ECI rank (1 = most complex), COI;
* ``ActivityYearResult``: total, ubiquity, PCI;
* ``RegionActivityResult``: every region x activity cell: value, RCA, presence, relatedness
  density (0-100), COG (``None`` where the region is specialised) and quadrant;
* ``RegionPairResult``: for each region its top complementary partners (Balland & Boschma
  2021) and its most similar regions (z-scored activity-share profile, or the indicators of
  an indicators dataset); ``details`` holds ``complementary_activities`` and
  ``similarity_indicators``, lists of ``{"code", "term_id", "contribution"}``, largest first;
* ``ActivityPairResult``: the strongest proximity links of each activity.

Indicators datasets get only the similarity results: RCA and complexity need counts.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from threadpoolctl import threadpool_limits

from smartregions.analytics.compute import (
    DegenerateInputError,
    complementarity,
    compute_all,
    drop_empty,
    most_similar,
    opportunity_quadrants,
)
from smartregions.analytics.enums import DatasetKind, RunStatus
from smartregions.analytics.models import (
    ActivityPairResult,
    ActivityYearResult,
    ComputationRun,
    Dataset,
    Observation,
    RegionActivityResult,
    RegionPairResult,
    RegionYearResult,
)
from smartregions.common.domain.activity import log_activity
from smartregions.regions.models import Region, Term

DEFAULT_PARAMETERS: dict[str, Any] = {
    "threshold": 1.0,
    "top_partners": 20,
    "top_similar": 20,
    "top_links": 10,
    "top_reasons": 5,
    "split": "mean",
}
RESULT_MODELS = (
    RegionYearResult,
    ActivityYearResult,
    RegionActivityResult,
    RegionPairResult,
    ActivityPairResult,
)
BATCH = 2000
MESSAGE_LENGTH = ComputationRun._meta.get_field("message").max_length


def clean_parameters(parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    """Defaults merged with ``parameters``, validated; ``ValidationError`` names a bad key.

    ``threshold`` (> 0) is the RCA presence threshold; ``top_partners``/``top_similar``/
    ``top_links``/``top_reasons`` (1-200) bound what is stored; ``split`` is ``mean`` or
    ``median`` for the opportunity quadrants. No side effects.
    """
    params = {**DEFAULT_PARAMETERS, **(parameters or {})}
    unknown = sorted(set(params) - set(DEFAULT_PARAMETERS))
    errors = dict.fromkeys(unknown, "Unknown parameter.")
    try:
        params["threshold"] = float(params["threshold"])
        if not params["threshold"] > 0:
            errors["threshold"] = "Must be positive."
    except (TypeError, ValueError):
        errors["threshold"] = "Must be a number."
    for key in ("top_partners", "top_similar", "top_links", "top_reasons"):
        value = params[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 200:
            errors[key] = "Must be a whole number from 1 to 200."
    if params["split"] not in ("mean", "median"):
        errors["split"] = "Must be 'mean' or 'median'."
    if errors:
        raise ValidationError(errors)
    return params


@transaction.atomic
def request_computation(
    *,
    dataset: Dataset,
    actor: Any,
    parameters: Mapping[str, Any] | None = None,
    enqueue: bool = True,
) -> ComputationRun:
    """Queue a (re)computation of ``dataset``: a ``queued`` run, enqueued on commit.

    Validates ``parameters`` (see :func:`clean_parameters`), logs ``dataset.request_computation``
    and enqueues ``analytics.tasks.compute_dataset(run_id)`` on commit, so the worker never
    sees a run that was rolled back. With the immediate task backend the work happens inline
    at commit. ``enqueue=False`` only records the run, for callers that run it themselves
    (the ``analytics_run`` command, with a progress bar).
    """
    params = clean_parameters(parameters)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    run = ComputationRun.objects.create(dataset=dataset, parameters=params, requested_by=user)
    log_activity(
        actor=actor,
        action="dataset.request_computation",
        obj=dataset,
        data={"run": run.pk, "parameters": params},
    )
    if enqueue:
        transaction.on_commit(partial(_enqueue, run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from smartregions.analytics.tasks import compute_dataset

    compute_dataset.enqueue(run_id)


def _set(run: ComputationRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ComputationRun.objects.filter(pk=run.pk).update(**fields)


def run_computation(
    *, run_id: int, on_progress: Callable[[int], None] | None = None
) -> ComputationRun:
    """Compute and store every year of the run's dataset; the run ends ``done`` or ``failed``.

    Marks the run ``running``, then for each year computes all results and replaces the
    stored ones in one transaction per year, updating ``progress`` (percent, also passed to
    ``on_progress``). A year on which the indicators are undefined (too few regions, no
    presence...) is skipped, its old results deleted and the reason put in the run's message;
    results of years without observations are deleted. The run fails, with the
    :class:`DegenerateInputError` text, when no year can be computed; any other error also
    marks it failed and is re-raised. Never leaves the run ``running``. Idempotent: a re-run
    replaces the results.
    """
    run = ComputationRun.objects.select_related("dataset", "requested_by").get(pk=run_id)
    _set(run, status=RunStatus.RUNNING, progress=0, started_at=timezone.now(), message="")
    try:
        # BLAS threads are capped (SMARTREGIONS_ANALYTICS_THREADS, default 1): on a small
        # machine shared with web workers a second BLAS thread waits for a core and made the
        # kernels several times slower (benchmarks/analytics.py).
        with threadpool_limits(limits=settings.SMARTREGIONS_ANALYTICS_THREADS, user_api="blas"):
            message = _compute(run, on_progress)
    except DegenerateInputError as exc:
        _set(
            run,
            status=RunStatus.FAILED,
            message=str(exc)[:MESSAGE_LENGTH],
            finished_at=timezone.now(),
        )
        return run
    except Exception as exc:
        text = f"{type(exc).__name__}: {exc}"[:MESSAGE_LENGTH]
        _set(run, status=RunStatus.FAILED, message=text, finished_at=timezone.now())
        raise
    _set(run, status=RunStatus.DONE, progress=100, message=message, finished_at=timezone.now())
    log_activity(
        actor=run.requested_by,
        action="dataset.compute",
        obj=run.dataset,
        data={"run": run.pk, "message": message},
    )
    return run


def _compute(run: ComputationRun, on_progress: Callable[[int], None] | None) -> str:
    dataset = run.dataset
    params = clean_parameters(run.parameters)
    years = sorted(set(Observation.objects.filter(dataset=dataset).values_list("year", flat=True)))
    if not years:
        msg = f"dataset {dataset.slug} has no observations to compute on"
        raise DegenerateInputError(msg)
    done: list[int] = []
    skipped: list[tuple[int, str]] = []
    for index, year in enumerate(years, start=1):
        try:
            tables = year_results(dataset=dataset, year=year, params=params)
        except DegenerateInputError as exc:
            skipped.append((year, str(exc)))
            tables = []
        with transaction.atomic():
            for model in RESULT_MODELS:
                model.objects.filter(dataset=dataset, year=year).delete()
            for objects in tables:
                if objects:
                    type(objects[0]).objects.bulk_create(objects, batch_size=BATCH)
        if tables:
            done.append(year)
        percent = min(99, int(100 * index / len(years)))
        _set(run, progress=percent)
        if on_progress is not None:
            on_progress(percent)
    with transaction.atomic():
        for model in RESULT_MODELS:
            model.objects.filter(dataset=dataset).exclude(year__in=years).delete()
    skipped_text = "; ".join(f"{year}: {reason}" for year, reason in skipped)
    if not done:
        raise DegenerateInputError(f"no year could be computed ({skipped_text})")
    message = f"computed {len(done)} year(s): {_span(done)}"
    if skipped:
        message += f"; skipped {len(skipped)} degenerate year(s): {skipped_text}"
    return message[:MESSAGE_LENGTH]


def _span(years: list[int]) -> str:
    return ", ".join(str(y) for y in years) if len(years) <= 4 else f"{years[0]}-{years[-1]}"


def load_matrix(*, dataset: Dataset, year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One year's observations as ``(values, region_ids, activity_ids)``, rows/columns by id.

    Cells without an observation are 0. Read-only.
    """
    data = np.array(
        list(
            Observation.objects.filter(dataset=dataset, year=year).values_list(
                "region_id", "activity_id", "value"
            )
        ),
        dtype=np.float64,
    ).reshape(-1, 3)
    region_ids, rows = np.unique(data[:, 0].astype(np.int64), return_inverse=True)
    activity_ids, cols = np.unique(data[:, 1].astype(np.int64), return_inverse=True)
    values = np.zeros((len(region_ids), len(activity_ids)))
    values[rows, cols] = data[:, 2]
    return values, region_ids, activity_ids


def year_results(*, dataset: Dataset, year: int, params: Mapping[str, Any]) -> list[list[Any]]:
    """Compute one year and return the unsaved result objects, one list per result model.

    Raises :class:`DegenerateInputError` when the year cannot be computed. Read-only.
    """
    values, region_ids, activity_ids = load_matrix(dataset=dataset, year=year)
    if values.size == 0:
        msg = "no observations"
        raise DegenerateInputError(msg)
    values, rows, cols = drop_empty(values)
    region_ids, activity_ids = region_ids[rows], activity_ids[cols]
    codes = dict(Term.objects.filter(pk__in=activity_ids.tolist()).values_list("pk", "code"))
    context = _Context(
        dataset=dataset,
        year=year,
        regions=region_ids.tolist(),
        activities=activity_ids.tolist(),
        codes=codes,
        params=params,
    )
    if dataset.kind == DatasetKind.INDICATORS:
        return [_pairs(context, None, _similarity(context, values))]
    result = compute_all(values, threshold=params["threshold"])
    quadrants = opportunity_quadrants(
        result.density, result.pci, presence=result.M, split=params["split"]
    ).quadrant
    shares = values / values.sum(axis=1, keepdims=True)
    return [
        _region_years(context, values, result),
        _activity_years(context, values, result),
        _cells(context, values, result, quadrants),
        _pairs(context, _complementarity(context, result), _similarity(context, shares)),
        _links(context, result.proximity),
    ]


@dataclass(frozen=True)
class _Context:
    """What every result builder needs: the dataset, year, index -> id maps and parameters."""

    dataset: Dataset
    year: int
    regions: list[int]
    activities: list[int]
    codes: Mapping[int, str]
    params: Mapping[str, Any]

    def reasons(self, columns: np.ndarray, weights: np.ndarray) -> list[dict[str, Any]]:
        return [
            {
                "code": self.codes.get(self.activities[c], ""),
                "term_id": self.activities[c],
                "contribution": float(w),
            }
            for c, w in zip(columns.tolist(), weights.tolist(), strict=True)
        ]


def _region_years(ctx: _Context, values: np.ndarray, result: Any) -> list[RegionYearResult]:
    order = np.argsort(-result.eci, kind="stable")
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    totals = values.sum(axis=1)
    return [
        RegionYearResult(
            dataset=ctx.dataset,
            year=ctx.year,
            region_id=region,
            total=float(totals[i]),
            diversity=int(result.diversity[i]),
            eci=float(result.eci[i]),
            eci_rank=int(ranks[i]),
            coi=float(result.coi[i]),
        )
        for i, region in enumerate(ctx.regions)
    ]


def _activity_years(ctx: _Context, values: np.ndarray, result: Any) -> list[ActivityYearResult]:
    totals = values.sum(axis=0)
    return [
        ActivityYearResult(
            dataset=ctx.dataset,
            year=ctx.year,
            activity_id=activity,
            total=float(totals[j]),
            ubiquity=int(result.ubiquity[j]),
            pci=float(result.pci[j]),
        )
        for j, activity in enumerate(ctx.activities)
    ]


def _cells(
    ctx: _Context, values: np.ndarray, result: Any, quadrants: np.ndarray
) -> list[RegionActivityResult]:
    present = result.M.astype(bool)
    density = result.density * 100.0
    return [
        RegionActivityResult(
            dataset=ctx.dataset,
            year=ctx.year,
            region_id=region,
            activity_id=activity,
            value=float(values[i, j]),
            rca=float(result.rca[i, j]),
            present=bool(present[i, j]),
            density=float(density[i, j]),
            cog=None if present[i, j] else float(result.cog[i, j]),
            quadrant=int(quadrants[i, j]),
        )
        for i, region in enumerate(ctx.regions)
        for j, activity in enumerate(ctx.activities)
    ]


def _complementarity(ctx: _Context, result: Any) -> dict[tuple[int, int], dict[str, Any]]:
    """Top partners of every region with the activities behind each score (vectorised
    :func:`~smartregions.analytics.compute.complementary_activities`)."""
    presence, density = result.M, result.density
    scores = complementarity(presence, density)
    weights = (1.0 - presence) * density
    mass = weights.sum(axis=1)
    mass[mass == 0] = 1.0
    weights /= mass[:, None]
    top, reasons = ctx.params["top_partners"], ctx.params["top_reasons"]
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for r in range(len(ctx.regions)):
        row = scores[r].copy()
        row[r] = 0.0
        candidates = np.flatnonzero(row > 0)
        partners = candidates[np.lexsort((candidates, -row[candidates]))][:top]
        contributions = weights[r][None, :] * presence[partners]
        for rank, (s, contrib) in enumerate(zip(partners.tolist(), contributions, strict=True), 1):
            positive = np.flatnonzero(contrib > 0)
            best = positive[np.lexsort((positive, -contrib[positive]))][:reasons]
            found[r, s] = {
                "complementarity": float(row[s]),
                "complementarity_rank": rank,
                "complementary_activities": ctx.reasons(best, contrib[best]),
            }
    return found


def _similarity(ctx: _Context, profile: np.ndarray) -> dict[tuple[int, int], dict[str, Any]]:
    """Most similar regions on z-scored columns (constant columns dropped: they tell no one apart).

    Returns ``{(r, s): fields}`` for the top similar regions ``s`` of each ``r``.
    """
    keep = np.flatnonzero(profile.std(axis=0, ddof=1) > 0) if len(profile) > 1 else []
    if len(profile) < 2 or len(keep) == 0:
        return {}
    similar = most_similar(profile[:, keep], n=min(ctx.params["top_similar"], len(profile) - 1))
    top = ctx.params["top_reasons"] * 2
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for r in range(len(ctx.regions)):
        for rank, (s, distance, contrib) in enumerate(
            zip(similar.indices[r], similar.distances[r], similar.contributions[r], strict=True), 1
        ):
            best = np.argsort(-contrib, kind="stable")[:top]
            found[r, int(s)] = {
                "similarity_distance": float(distance),
                "similarity_rank": rank,
                "similarity_indicators": ctx.reasons(keep[best], contrib[best]),
            }
    return found


def _pairs(
    ctx: _Context,
    complementary: dict[tuple[int, int], dict[str, Any]] | None,
    similar: dict[tuple[int, int], dict[str, Any]],
) -> list[RegionPairResult]:
    complementary = complementary or {}
    objects = []
    for r, s in sorted(set(complementary) | set(similar)):
        fields = {**complementary.get((r, s), {}), **similar.get((r, s), {})}
        details = {
            key: fields.pop(key)
            for key in ("complementary_activities", "similarity_indicators")
            if key in fields
        }
        objects.append(
            RegionPairResult(
                dataset=ctx.dataset,
                year=ctx.year,
                region_id=ctx.regions[r],
                partner_id=ctx.regions[s],
                details=details,
                **fields,
            )
        )
    return objects


def _links(ctx: _Context, proximity: np.ndarray) -> list[ActivityPairResult]:
    objects: list[ActivityPairResult] = []
    top = ctx.params["top_links"]
    for p in range(proximity.shape[0]):
        row = proximity[p].copy()
        row[p] = 0.0
        candidates = np.flatnonzero(row > 0)
        strongest = candidates[np.lexsort((candidates, -row[candidates]))][:top].tolist()
        objects.extend(
            ActivityPairResult(
                dataset=ctx.dataset,
                year=ctx.year,
                activity_id=ctx.activities[p],
                other_id=ctx.activities[q],
                proximity=float(row[q]),
            )
            for q in strongest
        )
    return objects


# --- export -------------------------------------------------------------------------------

CELL_METRICS = ("value", "rca", "present", "density", "cog", "quadrant")
REGION_METRICS = ("total", "diversity", "eci", "eci_rank", "coi")
ACTIVITY_METRICS = ("ubiquity", "pci")
PAIR_METRICS = ("complementarity", "similarity_distance")
METRICS = (*CELL_METRICS, *REGION_METRICS, *ACTIVITY_METRICS, *PAIR_METRICS, "proximity")
EXPORT_HEADER = ("dataset", "year", "region", "activity", "partner", "metric", "value")


def result_rows(
    *, dataset: Dataset, metric: str | None = None, year: int | None = None
) -> list[tuple[Any, ...]]:
    """Stored results as long-form rows (dataset, year, region, activity, partner, metric, value).

    ``region``/``partner`` are NUTS codes and ``activity`` a term code ('' where not
    applicable; for ``proximity`` the two activities are ``activity`` and ``partner``). One
    metric or all (``None``), one year or all. Read-only; raises ``ValueError`` for an unknown
    metric.
    """
    if metric is not None and metric not in METRICS:
        msg = f"unknown metric {metric!r}; use one of {', '.join(METRICS)}"
        raise ValueError(msg)
    wanted = [metric] if metric else list(METRICS)
    regions = dict(
        Region.objects.filter(nuts_version=dataset.nuts_version).values_list("pk", "code")
    )
    terms = dict(
        Term.objects.filter(taxonomy=dataset.activity_taxonomy_id).values_list("pk", "code")
    )
    scope = {"dataset": dataset} | ({"year": year} if year is not None else {})
    sources = (
        (
            RegionActivityResult,
            CELL_METRICS,
            lambda o: (regions[o.region_id], terms[o.activity_id], ""),
        ),
        (RegionYearResult, REGION_METRICS, lambda o: (regions[o.region_id], "", "")),
        (ActivityYearResult, ACTIVITY_METRICS, lambda o: ("", terms[o.activity_id], "")),
        (
            RegionPairResult,
            PAIR_METRICS,
            lambda o: (regions[o.region_id], "", regions[o.partner_id]),
        ),
        (
            ActivityPairResult,
            ("proximity",),
            lambda o: ("", terms[o.activity_id], terms[o.other_id]),
        ),
    )
    rows: list[tuple[Any, ...]] = []
    for model, available, where in sources:
        names = [name for name in available if name in wanted]
        if not names:
            continue
        for obj in model.objects.filter(**scope).order_by("year", "pk").iterator(chunk_size=BATCH):
            place = where(obj)
            for name in names:
                value = getattr(obj, name)
                if value is None:
                    continue
                value = int(value) if isinstance(value, bool) else value
                rows.append((dataset.slug, obj.year, *place, name, value))
    return rows


def export_results(
    *,
    dataset: Dataset,
    path: Path,
    metric: str | None = None,
    year: int | None = None,
    fmt: str | None = None,
) -> int:
    """Write :func:`result_rows` to ``path`` as CSV or XLSX (``fmt`` or the extension).

    Returns the number of data rows written. Side effect: creates/overwrites ``path``.
    Raises ``ValueError`` for an unknown metric or format.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if fmt not in ("csv", "xlsx"):
        msg = f"unknown export format {fmt!r}; use csv or xlsx"
        raise ValueError(msg)
    rows = result_rows(dataset=dataset, metric=metric, year=year)
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_HEADER)
            writer.writerows(rows)
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=(metric or "results")[:31])
        sheet.append(list(EXPORT_HEADER))
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
    return len(rows)
