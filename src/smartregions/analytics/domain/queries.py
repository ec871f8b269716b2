"""Named, N+1-safe reads of the evidence engine's stored results, for the web and the API.

Every read here runs a fixed number of queries whatever the number of regions or activities
(tests pin the counts). The results are what :func:`run_computation` stored per dataset and
year: region-year facts (ECI, rank, COI, diversity), activity-year facts (PCI, ubiquity),
region-activity facts (value, RCA, presence, relatedness density, COG, opportunity quadrant) and
the top partner regions of each region (complementarity and structural similarity, with the
reasons in ``details``).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import CharField, F, OuterRef, QuerySet, Subquery, Value

from smartregions.analytics.enums import Quadrant, RunStatus
from smartregions.analytics.models import (
    ActivityPairResult,
    ActivityYearResult,
    ComputationRun,
    Dataset,
    RegionActivityResult,
    RegionPairResult,
    RegionYearResult,
)
from smartregions.regions.models import Region, Term

#: Metrics stored once per region and year.
REGION_METRICS: tuple[str, ...] = ("eci", "eci_rank", "coi", "diversity", "total")
#: Metrics stored once per region, activity and year.
REGION_ACTIVITY_METRICS: tuple[str, ...] = ("rca", "density", "value", "cog")
#: Metrics stored once per activity and year.
ACTIVITY_METRICS: tuple[str, ...] = ("pci", "ubiquity")
METRICS: tuple[str, ...] = REGION_METRICS + REGION_ACTIVITY_METRICS + ACTIVITY_METRICS
#: What each metric is, for captions, legends and the API documentation.
METRIC_LABELS: dict[str, str] = {
    "eci": "Economic Complexity Index (ECI)",
    "eci_rank": "ECI rank (1 = most complex)",
    "coi": "Complexity Outlook Index (COI)",
    "diversity": "Diversity (activities with RCA ≥ 1)",
    "total": "Total value",
    "rca": "Revealed comparative advantage (RCA)",
    "density": "Relatedness density (0-100)",
    "value": "Value",
    "cog": "Complexity Outlook Gain (COG)",
    "pci": "Complexity of the activity (PCI)",
    "ubiquity": "Ubiquity (regions with RCA ≥ 1)",
}
#: Short names of the Balland et al. (2019) quadrants, by :class:`Quadrant` code.
QUADRANT_NAMES: dict[int, str] = {
    Quadrant.HIGH_HIGH: "Ideal",
    Quadrant.LOW_HIGH: "High risk, high gain",
    Quadrant.HIGH_LOW: "Low risk, low gain",
    Quadrant.LOW_LOW: "Least attractive",
    Quadrant.PRESENT: "Already specialised",
}
PROFILE_SIZE = 15
Split = Literal["mean", "median"]


# ---- Datasets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetOverview:
    """A dataset with the years that have stored results and its newest runs.

    ``latest_run`` is the newest run of any status (what a progress display follows);
    ``latest_done_run`` the newest finished one (what the stored results come from).
    """

    dataset: Dataset
    years: tuple[int, ...]
    latest_run: ComputationRun | None
    latest_done_run: ComputationRun | None

    @property
    def has_results(self) -> bool:
        return bool(self.years)

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    @property
    def is_computing(self) -> bool:
        run = self.latest_run
        return run is not None and run.status in (RunStatus.QUEUED, RunStatus.RUNNING)


def datasets() -> QuerySet[Dataset]:
    """All datasets with their activity taxonomy loaded, by name."""
    return Dataset.objects.select_related("activity_taxonomy").order_by("name", "pk")


def get_dataset(*, slug: str) -> Dataset | None:
    """The dataset ``slug`` (taxonomy loaded), or ``None``."""
    return datasets().filter(slug=slug).first()


def _newest_run_id(*, done_only: bool) -> Subquery:
    runs = ComputationRun.objects.filter(dataset=OuterRef("pk"))
    if done_only:
        runs = runs.filter(status=RunStatus.DONE)
    return Subquery(runs.order_by("-created_at", "-id").values("id")[:1])


def dataset_overviews(queryset: QuerySet[Dataset] | None = None) -> list[DatasetOverview]:
    """Each dataset of ``queryset`` (default: all) with its result years and newest runs.

    Three queries in total: the datasets with their newest run ids, the distinct result years
    of all of them, and the runs themselves.
    """
    qs = (
        datasets() if queryset is None else queryset.select_related("activity_taxonomy")
    ).annotate(
        newest_run_id=_newest_run_id(done_only=False),
        newest_done_run_id=_newest_run_id(done_only=True),
    )
    rows = list(qs)
    if not rows:
        return []
    years: dict[int, list[int]] = {row.pk: [] for row in rows}
    for dataset_id, year in (
        RegionYearResult.objects.filter(dataset_id__in=years)
        .values_list("dataset_id", "year")
        .distinct()
        .order_by("dataset_id", "year")
    ):
        years[dataset_id].append(year)
    run_ids = {row.newest_run_id for row in rows} | {row.newest_done_run_id for row in rows}
    runs = ComputationRun.objects.select_related("requested_by").in_bulk(run_ids - {None})
    return [
        DatasetOverview(
            dataset=row,
            years=tuple(years[row.pk]),
            latest_run=runs.get(row.newest_run_id),
            latest_done_run=runs.get(row.newest_done_run_id),
        )
        for row in rows
    ]


def dataset_overview(dataset: Dataset) -> DatasetOverview:
    """:func:`dataset_overviews` of one dataset (three queries)."""
    return dataset_overviews(Dataset.objects.filter(pk=dataset.pk))[0]


def result_years(*, dataset: Dataset) -> list[int]:
    """The years of ``dataset`` that have stored results, ascending."""
    return list(
        RegionYearResult.objects.filter(dataset=dataset)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )


def datasets_for_region(*, code: str) -> list[tuple[Dataset, list[int]]]:
    """Datasets with stored results for the region coded ``code`` (in the dataset's own NUTS
    version), each with its result years; two queries."""
    pairs = (
        RegionYearResult.objects.filter(region__code=code)
        .filter(region__nuts_version=F("dataset__nuts_version"))
        .values_list("dataset_id", "year")
        .distinct()
        .order_by("dataset_id", "year")
    )
    years: dict[int, list[int]] = {}
    for dataset_id, year in pairs:
        years.setdefault(dataset_id, []).append(year)
    return [(dataset, years[dataset.pk]) for dataset in datasets().filter(pk__in=years)]


def runs_of(*, dataset: Dataset) -> QuerySet[ComputationRun]:
    """The computation runs of ``dataset``, newest first, with who requested them."""
    return ComputationRun.objects.filter(dataset=dataset).select_related("requested_by", "dataset")


def get_run(*, pk: int) -> ComputationRun | None:
    """The run ``pk`` with its dataset, or ``None``."""
    return ComputationRun.objects.select_related("dataset", "requested_by").filter(pk=pk).first()


# ---- A region's evidence ------------------------------------------------------------------


@dataclass(frozen=True)
class ComplexityFacts:
    """A region's complexity in one year: ECI and its rank among ``ranked`` regions."""

    eci: float | None
    rank: int | None
    ranked: int
    coi: float | None
    diversity: int
    total: float


@dataclass(frozen=True)
class ProfileEntry:
    """One activity of a region's specialisation profile; ``share`` is of the region's total."""

    activity: Term
    value: float
    share: float
    rca: float
    present: bool


@dataclass(frozen=True)
class Opportunity:
    """An activity the region is not specialised in, placed by relatedness and complexity."""

    activity: Term
    density: float
    pci: float | None
    cog: float | None
    rca: float
    quadrant: int

    @property
    def quadrant_name(self) -> str:
        return QUADRANT_NAMES[self.quadrant]


@dataclass(frozen=True)
class Opportunities:
    """The opportunity chart: every non-specialised activity and the quadrant dividing lines.

    ``density_split`` is the region's mean (or median) density over these activities and
    ``complexity_split`` the mean (or median) PCI over all activities of the year, the rule of
    :func:`smartregions.analytics.compute.opportunity_quadrants`.
    """

    points: tuple[Opportunity, ...]
    density_split: float | None
    complexity_split: float | None

    def in_quadrant(self, quadrant: int) -> list[Opportunity]:
        return [point for point in self.points if point.quadrant == quadrant]


@dataclass(frozen=True)
class Contribution:
    """One reason behind a pair score: an activity (with its term) or an indicator."""

    code: str
    label: str
    value: float


@dataclass(frozen=True)
class SimilarRegion:
    """A structurally similar region: distance (smaller is closer), rank and why."""

    region: Region
    distance: float
    rank: int | None
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class ComplementaryPartner:
    """A partner whose specialisations cover activities related to the region's portfolio that
    the region lacks (Balland & Boschma 2021); ``activities`` are those activities."""

    region: Region
    score: float
    rank: int | None
    activities: tuple[Contribution, ...]


@dataclass(frozen=True)
class RegionEvidence:
    """Everything the region evidence page shows for one dataset and year."""

    dataset: Dataset
    region: Region
    year: int
    complexity: ComplexityFacts | None
    profile: tuple[ProfileEntry, ...]
    opportunities: Opportunities
    similar: tuple[SimilarRegion, ...]
    complementary: tuple[ComplementaryPartner, ...]
    activity_count: int = field(default=0)

    @property
    def has_results(self) -> bool:
        return self.complexity is not None


def result_split(*, dataset: Dataset) -> Split:
    """The quadrant split rule (``mean``/``median``) of the newest finished run; one query.

    Stored quadrants were computed with it, so the chart's dividing lines must use it too.
    """
    parameters = (
        ComputationRun.objects.filter(dataset=dataset, status=RunStatus.DONE)
        .order_by("-created_at", "-id")
        .values_list("parameters", flat=True)
        .first()
    )
    split = (parameters or {}).get("split", "mean")
    return "median" if split == "median" else "mean"


def _split_value(values: Sequence[float], split: Split) -> float | None:
    if not values:
        return None
    return float(statistics.fmean(values) if split == "mean" else statistics.median(values))


def region_complexity(*, dataset: Dataset, region: Region, year: int) -> ComplexityFacts | None:
    """ECI, rank among the ranked regions, COI, diversity and total of ``region``; two queries."""
    row = RegionYearResult.objects.filter(dataset=dataset, year=year, region=region).first()
    if row is None:
        return None
    ranked = RegionYearResult.objects.filter(
        dataset=dataset, year=year, eci_rank__isnull=False
    ).count()
    return ComplexityFacts(
        eci=row.eci,
        rank=row.eci_rank,
        ranked=ranked,
        coi=row.coi,
        diversity=row.diversity,
        total=row.total,
    )


def _profile(
    rows: Sequence[RegionActivityResult], total: float, size: int
) -> tuple[ProfileEntry, ...]:
    ranked = sorted(rows, key=lambda r: (-r.rca, -r.value, r.activity.code))[:size]
    return tuple(
        ProfileEntry(
            activity=r.activity,
            value=r.value,
            share=r.value / total if total else 0.0,
            rca=r.rca,
            present=r.present,
        )
        for r in ranked
    )


def _opportunities(
    rows: Sequence[RegionActivityResult], pci: Mapping[int, float | None], split: Split
) -> Opportunities:
    candidates = [r for r in rows if not r.present]
    points = tuple(
        sorted(
            (
                Opportunity(
                    activity=r.activity,
                    density=r.density,
                    pci=pci.get(r.activity_id),
                    cog=r.cog,
                    rca=r.rca,
                    quadrant=r.quadrant,
                )
                for r in candidates
            ),
            key=lambda o: (-o.quadrant, -o.density, o.activity.code),
        )
    )
    known_pci = [value for value in pci.values() if value is not None]
    return Opportunities(
        points=points,
        density_split=_split_value([r.density for r in candidates], split),
        complexity_split=_split_value(known_pci, split),
    )


def _detail_list(details: Mapping[str, Any], *keys: str) -> list[Any]:
    for key in keys:
        value = details.get(key)
        if isinstance(value, list):
            return value
    return []


def _detail_pairs(items: Iterable[Any]) -> list[tuple[str, float]]:
    """(name, value) pairs from a details list of ``{"code"|"activity"|"indicator"|"name":
    ..., "contribution"|"value": ...}`` objects or ``[name, value]`` pairs."""
    pairs = []
    for item in items:
        if isinstance(item, Mapping):
            name = next(
                (item[k] for k in ("code", "activity", "indicator", "name") if k in item), None
            )
            value = next((item[k] for k in ("contribution", "value", "score") if k in item), None)
        elif isinstance(item, list | tuple) and len(item) == 2:
            name, value = item
        else:
            continue
        if name is not None and value is not None:
            pairs.append((str(name), float(value)))
    return pairs


def _pair_rows(*, dataset: Dataset, region: Region, year: int) -> list[RegionPairResult]:
    return list(
        RegionPairResult.objects.filter(dataset=dataset, year=year, region=region)
        .select_related("partner", "partner__country")
        .order_by("partner__code")
    )


def _terms_by_code(dataset: Dataset, codes: Iterable[str]) -> dict[str, Term]:
    wanted = set(codes)
    if not wanted:
        return {}
    return {
        term.code: term
        for term in Term.objects.filter(taxonomy_id=dataset.activity_taxonomy_id, code__in=wanted)
    }


SIMILAR_KEYS = ("similarity_indicators", "indicators", "indicator_contributions")
COMPLEMENTARY_KEYS = ("complementary_activities", "activities")


def _reasons(row: RegionPairResult, keys: tuple[str, ...]) -> list[tuple[str, float]]:
    return _detail_pairs(_detail_list(row.details or {}, *keys))


def _contributions(
    pairs: list[tuple[str, float]], terms: Mapping[str, Term]
) -> tuple[Contribution, ...]:
    """Largest first; an activity code gets its term's label (indicators keep their name)."""
    ordered = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    return tuple(
        Contribution(code=code, label=terms[code].label if code in terms else code, value=value)
        for code, value in ordered
    )


def _similar_rows(rows: Sequence[RegionPairResult], top: int | None) -> list[RegionPairResult]:
    found = sorted(
        (r for r in rows if r.similarity_distance is not None),
        key=lambda r: (r.similarity_rank or 0, r.similarity_distance, r.partner.code),
    )
    return found[:top]


def _complementary_rows(
    rows: Sequence[RegionPairResult], top: int | None
) -> list[RegionPairResult]:
    found = sorted(
        (r for r in rows if r.complementarity is not None),
        key=lambda r: (r.complementarity_rank or 0, -r.complementarity, r.partner.code),
    )
    return found[:top]


def _reason_codes(
    similar: Iterable[RegionPairResult], partners: Iterable[RegionPairResult]
) -> Iterator[str]:
    for row in similar:
        yield from (code for code, _ in _reasons(row, SIMILAR_KEYS))
    for row in partners:
        yield from (code for code, _ in _reasons(row, COMPLEMENTARY_KEYS))


def _build_similar(
    rows: Sequence[RegionPairResult], terms: Mapping[str, Term]
) -> tuple[SimilarRegion, ...]:
    return tuple(
        SimilarRegion(
            region=row.partner,
            distance=row.similarity_distance,
            rank=row.similarity_rank,
            contributions=_contributions(_reasons(row, SIMILAR_KEYS), terms),
        )
        for row in rows
    )


def _build_complementary(
    rows: Sequence[RegionPairResult], terms: Mapping[str, Term]
) -> tuple[ComplementaryPartner, ...]:
    return tuple(
        ComplementaryPartner(
            region=row.partner,
            score=row.complementarity,
            rank=row.complementarity_rank,
            activities=_contributions(_reasons(row, COMPLEMENTARY_KEYS), terms),
        )
        for row in rows
    )


def similar_regions(
    *, dataset: Dataset, region: Region, year: int, top: int | None = None
) -> tuple[SimilarRegion, ...]:
    """The stored most similar regions of ``region``, closest first, with each indicator's
    contribution to the squared distance (largest first); two queries."""
    rows = _similar_rows(_pair_rows(dataset=dataset, region=region, year=year), top)
    return _build_similar(rows, _terms_by_code(dataset, _reason_codes(rows, ())))


def complementary_partners(
    *, dataset: Dataset, region: Region, year: int, top: int | None = None
) -> tuple[ComplementaryPartner, ...]:
    """The stored most complementary partners of ``region``, best first, with the activities
    that make each complementary (largest contribution first); two queries."""
    rows = _complementary_rows(_pair_rows(dataset=dataset, region=region, year=year), top)
    return _build_complementary(rows, _terms_by_code(dataset, _reason_codes((), rows)))


def region_evidence(
    *,
    dataset: Dataset,
    region: Region,
    year: int,
    profile_size: int = PROFILE_SIZE,
    partners: int | None = 10,
    split: Split | None = None,
) -> RegionEvidence:
    """The evidence of ``region`` in ``dataset`` for ``year``, in eight queries at most.

    * profile: its ``profile_size`` activities of highest RCA, with value, share of the
      region's total, RCA and presence;
    * opportunities: every activity it is not specialised in, with relatedness density, PCI,
      COG and the stored Balland et al. (2019) quadrant, plus the dividing lines (``split``
      of the densities of those activities and of all PCIs; by default the rule of the
      newest finished run, see :func:`result_split`);
    * complexity: ECI, rank among the ranked regions, COI, diversity;
    * the ``partners`` most similar and most complementary regions with their reasons.

    A region without results in that year gets empty parts and ``complexity=None``.
    """
    complexity = region_complexity(dataset=dataset, region=region, year=year)
    if complexity is None:
        return RegionEvidence(
            dataset=dataset,
            region=region,
            year=year,
            complexity=None,
            profile=(),
            opportunities=Opportunities(points=(), density_split=None, complexity_split=None),
            similar=(),
            complementary=(),
        )
    if split is None:
        split = result_split(dataset=dataset)
    pci = dict(
        ActivityYearResult.objects.filter(dataset=dataset, year=year).values_list(
            "activity_id", "pci"
        )
    )
    rows = list(
        RegionActivityResult.objects.filter(dataset=dataset, year=year, region=region)
        .select_related("activity")
        .order_by("activity__code")
    )
    pairs = _pair_rows(dataset=dataset, region=region, year=year)
    similar = _similar_rows(pairs, partners)
    complementary = _complementary_rows(pairs, partners)
    terms = _terms_by_code(dataset, _reason_codes(similar, complementary))
    return RegionEvidence(
        dataset=dataset,
        region=region,
        year=year,
        complexity=complexity,
        profile=_profile(rows, complexity.total, profile_size),
        opportunities=_opportunities(rows, pci, split),
        similar=_build_similar(similar, terms),
        complementary=_build_complementary(complementary, terms),
        activity_count=len(pci),
    )


# ---- Maps and long-form tables ------------------------------------------------------------


def _check_metric(metric: str, activity: Term | None) -> None:
    if metric not in METRICS:
        msg = f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}"
        raise ValueError(msg)
    if metric in REGION_ACTIVITY_METRICS and activity is None:
        msg = f"the metric {metric!r} is per activity: name the activity"
        raise ValueError(msg)


def metric_map(
    *, dataset: Dataset, year: int, metric: str = "eci", activity: Term | None = None
) -> dict[str, float]:
    """Region code -> value of a region metric (``eci``, ``coi``...) or, with ``activity``, of a
    region-activity metric (``rca``, ``density``...), for a choropleth; one query.

    Regions without a value (e.g. no ECI) are left out; codes are in ascending order. Raises
    ``ValueError`` for an unknown metric, an activity metric without an activity, or an
    activity-level metric (``pci``), which has no regional map.
    """
    _check_metric(metric, activity)
    if metric in ACTIVITY_METRICS:
        msg = f"{metric!r} is a property of activities and has no regional map"
        raise ValueError(msg)
    if metric in REGION_METRICS:
        qs = RegionYearResult.objects.filter(dataset=dataset, year=year)
    else:
        qs = RegionActivityResult.objects.filter(dataset=dataset, year=year, activity=activity)
    pairs = qs.filter(**{f"{metric}__isnull": False}).values_list("region__code", metric)
    return {code: float(value) for code, value in sorted(pairs)}


def metric_regions(*, dataset: Dataset, year: int) -> QuerySet[Region]:
    """The regions with results in ``dataset`` and ``year`` (names for map tables), by code."""
    return (
        Region.objects.filter(
            pk__in=RegionYearResult.objects.filter(dataset=dataset, year=year).values("region_id")
        )
        .select_related("country")
        .order_by("code")
    )


def metric_rows(
    *,
    dataset: Dataset,
    metric: str,
    year: int | None = None,
    activities: Sequence[str] = (),
    regions: Sequence[str] = (),
) -> QuerySet:
    """A long-form table of one metric: dicts ``year, region_code, activity_code,
    metric_value`` (``region_code`` or ``activity_code`` is ``None`` where the metric is not
    per region or not per activity).

    Filters: ``year``, ``activities`` (term codes) and ``regions`` (NUTS codes); a filter that
    does not apply to the metric (regions of ``pci``) is ignored. Ordered by year, region code
    and activity code; one query (per page when paginated). Raises ``ValueError`` for an
    unknown metric.
    """
    if metric not in METRICS:
        msg = f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}"
        raise ValueError(msg)
    null = Value(None, output_field=CharField())
    if metric in REGION_METRICS:
        qs = RegionYearResult.objects.annotate(region_code=F("region__code"), activity_code=null)
        order: tuple[str, ...] = ("year", "region__code")
    elif metric in ACTIVITY_METRICS:
        qs = ActivityYearResult.objects.annotate(
            region_code=null, activity_code=F("activity__code")
        )
        order = ("year", "activity__code")
    else:
        qs = RegionActivityResult.objects.annotate(
            region_code=F("region__code"), activity_code=F("activity__code")
        )
        order = ("year", "region__code", "activity__code")
    qs = qs.filter(dataset=dataset)
    if year is not None:
        qs = qs.filter(year=year)
    if regions and metric not in ACTIVITY_METRICS:
        qs = qs.filter(region__code__in=list(regions))
    if activities and metric not in REGION_METRICS:
        qs = qs.filter(activity__code__in=list(activities))
    return (
        qs.annotate(metric_value=F(metric))
        .values("year", "region_code", "activity_code", "metric_value")
        .order_by(*order)
    )


def activity_space(
    *, dataset: Dataset, year: int, min_proximity: float = 0.0, limit: int | None = None
) -> list[ActivityPairResult]:
    """The stored activity-space links of ``year`` (strongest first), with both terms; one
    query. ``min_proximity`` drops weaker links; ``limit`` keeps only the strongest."""
    qs = (
        ActivityPairResult.objects.filter(dataset=dataset, year=year, proximity__gte=min_proximity)
        .select_related("activity", "other")
        .order_by("-proximity", "activity__code", "other__code")
    )
    return list(qs[:limit] if limit is not None else qs)


def activities_with_results(*, dataset: Dataset, year: int) -> QuerySet[Term]:
    """The activities of ``dataset`` with results in ``year`` (for pickers), by code."""
    return Term.objects.filter(
        pk__in=ActivityYearResult.objects.filter(dataset=dataset, year=year).values("activity_id")
    ).order_by("code")


def regions_by_code(*, dataset: Dataset, codes: Iterable[str]) -> dict[str, Region]:
    """The regions of ``dataset``'s NUTS version with the given codes, by code; one query."""
    return {
        region.code: region
        for region in Region.objects.filter(
            nuts_version=dataset.nuts_version, code__in=set(codes)
        ).select_related("country")
    }
