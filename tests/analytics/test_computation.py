"""Computation runs: stored results equal the kernels; progress, failure, idempotence, export."""

import csv
import os

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from smartregions.analytics.compute import (
    complementarity,
    complementary_activities,
    compute_all,
    most_similar,
    opportunity_quadrants,
)
from smartregions.analytics.domain.computation import (
    clean_parameters,
    export_results,
    request_computation,
    result_rows,
    run_computation,
)
from smartregions.analytics.models import (
    ActivityPairResult,
    ActivityYearResult,
    ComputationRun,
    Observation,
    RegionActivityResult,
    RegionPairResult,
    RegionYearResult,
)
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.models import Region, Term

pytestmark = pytest.mark.django_db


def run(dataset, parameters=None) -> ComputationRun:
    queued = request_computation(dataset=dataset, actor=None, parameters=parameters, enqueue=False)
    return run_computation(run_id=queued.pk)


def cells(dataset, year, field):
    """A stored region x activity field as a matrix in SMALL_REGIONS x SMALL_ACTIVITIES order."""
    from tests.analytics.conftest import SMALL_ACTIVITIES, SMALL_REGIONS

    matrix = np.full((len(SMALL_REGIONS), len(SMALL_ACTIVITIES)), np.nan)
    for region, activity, value in RegionActivityResult.objects.filter(
        dataset=dataset, year=year
    ).values_list("region__code", "activity__code", field):
        matrix[SMALL_REGIONS.index(region), SMALL_ACTIVITIES.index(activity)] = (
            np.nan if value is None else value
        )
    return matrix


def test_run_computation_stores_what_compute_all_gives(small_dataset):
    dataset, values, year = small_dataset.dataset, small_dataset.values, small_dataset.year
    expected = compute_all(values)

    finished = run(dataset)

    assert (finished.status, finished.progress) == ("done", 100)
    assert finished.message == "computed 1 year(s): 2020"
    assert finished.started_at <= finished.finished_at
    # RCA of AT11 in C by hand: (10 / 17) / (19 / 73)
    assert cells(dataset, year, "rca")[0, 0] == pytest.approx((10 / 17) / (19 / 73))
    np.testing.assert_allclose(cells(dataset, year, "rca"), expected.rca)
    np.testing.assert_array_equal(cells(dataset, year, "present"), expected.M)
    np.testing.assert_allclose(cells(dataset, year, "density"), expected.density * 100)
    np.testing.assert_allclose(cells(dataset, year, "value"), values)
    cog = np.where(expected.M == 1, np.nan, expected.cog)
    np.testing.assert_allclose(cells(dataset, year, "cog"), cog)
    quadrants = opportunity_quadrants(expected.density, expected.pci, presence=expected.M)
    np.testing.assert_array_equal(cells(dataset, year, "quadrant"), quadrants.quadrant)

    regions = RegionYearResult.objects.filter(dataset=dataset, year=year).order_by("region__code")
    assert [r.region.code for r in regions] == list(small_dataset.regions)
    np.testing.assert_allclose([r.eci for r in regions], expected.eci)
    np.testing.assert_allclose([r.coi for r in regions], expected.coi)
    assert [r.diversity for r in regions] == expected.diversity.astype(int).tolist()
    assert [r.total for r in regions] == values.sum(axis=1).tolist()
    assert [r.eci_rank for r in regions] == [4, 1, 3, 5, 2]
    activities = ActivityYearResult.objects.filter(dataset=dataset, year=year).order_by(
        "activity__code"
    )
    np.testing.assert_allclose([a.pci for a in activities], expected.pci)
    assert [a.ubiquity for a in activities] == expected.ubiquity.astype(int).tolist()


def test_run_computation_stores_partners_with_their_reasons(small_dataset):
    dataset, values = small_dataset.dataset, small_dataset.values
    expected = compute_all(values)
    scores = complementarity(expected.M, expected.density)
    codes = list(small_dataset.regions)

    run(dataset)

    pairs = RegionPairResult.objects.filter(dataset=dataset).select_related("region", "partner")
    found = {(p.region.code, p.partner.code): p for p in pairs}
    for r, region in enumerate(codes):
        partners = [s for s in np.argsort(-scores[r], kind="stable") if scores[r, s] > 0 and s != r]
        stored = sorted(
            (p for (a, _), p in found.items() if a == region and p.complementarity is not None),
            key=lambda p: p.complementarity_rank,
        )
        assert [p.partner.code for p in stored] == [codes[s] for s in partners]
        for pair, s in zip(stored, partners, strict=True):
            assert pair.complementarity == pytest.approx(scores[r, s])
            columns, contributions = complementary_activities(
                expected.M, expected.density, region=r, partner=s, top=5
            )
            assert [a["code"] for a in pair.details["complementary_activities"]] == [
                small_dataset.activities[c] for c in columns
            ]
            assert [a["contribution"] for a in pair.details["complementary_activities"]] == (
                pytest.approx(contributions.tolist())
            )
    similar = most_similar(values / values.sum(axis=1, keepdims=True), n=4)
    at11 = sorted(
        (p for (a, _), p in found.items() if a == "AT11" and p.similarity_rank is not None),
        key=lambda p: p.similarity_rank,
    )
    assert [p.partner.code for p in at11] == [codes[s] for s in similar.indices[0]]
    assert [p.similarity_distance for p in at11] == pytest.approx(similar.distances[0].tolist())
    first = at11[0].details["similarity_indicators"]
    assert sum(i["contribution"] for i in first) == pytest.approx(similar.distances[0, 0] ** 2)


def test_run_computation_stores_top_proximity_links(small_dataset):
    expected = compute_all(small_dataset.values)

    run(small_dataset.dataset, {"top_links": 1})

    links = ActivityPairResult.objects.filter(dataset=small_dataset.dataset).values_list(
        "activity__code", "other__code", "proximity"
    )
    names = small_dataset.activities
    wanted = []
    for p in range(len(names)):
        row = expected.proximity[p].copy()
        row[p] = 0
        q = int(np.argmax(row))
        wanted.append((names[p], names[q], pytest.approx(row[q])))
    assert sorted(links) == sorted(wanted)


def test_request_computation_runs_the_task_on_commit(
    small_dataset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = request_computation(
            dataset=small_dataset.dataset, actor=None, parameters={"threshold": 1.0}
        )
        assert queued.status == "queued"
        assert RegionYearResult.objects.count() == 0

    assert len(callbacks) == 1
    queued.refresh_from_db()
    assert (queued.status, queued.progress) == ("done", 100)
    assert RegionYearResult.objects.filter(dataset=small_dataset.dataset).count() == 5
    assert RegionActivityResult.objects.filter(dataset=small_dataset.dataset).count() == 20
    assert list(ActivityLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "dataset.create",
        "dataset.request_computation",
        "dataset.compute",
    ]


def test_run_computation_rerun_replaces_results(small_dataset):
    run(small_dataset.dataset)
    counts = [m.objects.count() for m in (RegionActivityResult, RegionPairResult)]

    second = run(small_dataset.dataset)

    assert second.status == "done"
    assert [m.objects.count() for m in (RegionActivityResult, RegionPairResult)] == counts


def test_run_computation_skips_a_degenerate_year(small_dataset):
    region = Region.objects.get(code="AT11")
    term = Term.objects.get(code="C")
    Observation.objects.create(
        dataset=small_dataset.dataset, year=2019, region=region, activity=term, value=3
    )

    finished = run(small_dataset.dataset)

    assert finished.status == "done"
    assert finished.message.startswith(
        "computed 1 year(s): 2020; skipped 1 degenerate year(s): 2019: values has 1 region(s)"
    )
    assert set(RegionYearResult.objects.values_list("year", flat=True)) == {2020}


def test_run_computation_fails_with_the_degenerate_input_message(nace_dataset):
    term = Term.objects.get(code="C")
    for code in ("AT11", "AT12"):
        Observation.objects.create(
            dataset=nace_dataset,
            year=2020,
            region=Region.objects.get(code=code),
            activity=term,
            value=1,
        )

    finished = run(nace_dataset)

    assert finished.status == "failed"
    assert finished.message.startswith("no year could be computed (2020: values has 1 activity")
    assert finished.finished_at is not None
    assert ComputationRun.objects.get(pk=finished.pk).status == "failed"


def test_run_computation_without_observations_fails(nace_dataset):
    finished = run(nace_dataset)

    assert (finished.status, finished.message) == (
        "failed",
        "dataset employment has no observations to compute on",
    )


def test_run_computation_unexpected_error_marks_failed_and_raises(small_dataset):
    queued = request_computation(dataset=small_dataset.dataset, actor=None, enqueue=False)
    ComputationRun.objects.filter(pk=queued.pk).update(parameters={"threshold": "high"})

    with pytest.raises(ValidationError):
        run_computation(run_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == "failed"
    assert queued.message.startswith("ValidationError:")


def test_clean_parameters_refuses_bad_values():
    with pytest.raises(ValidationError) as caught:
        clean_parameters({"threshold": 0, "top_links": 0, "split": "mode", "colour": "red"})

    assert caught.value.message_dict == {
        "colour": ["Unknown parameter."],
        "threshold": ["Must be positive."],
        "top_links": ["Must be a whole number from 1 to 200."],
        "split": ["Must be 'mean' or 'median'."],
    }


def test_export_results_csv_and_xlsx(small_dataset, tmp_path):
    run(small_dataset.dataset)
    expected = compute_all(small_dataset.values)

    written = export_results(dataset=small_dataset.dataset, path=tmp_path / "eci.csv", metric="eci")
    count = export_results(
        dataset=small_dataset.dataset, path=tmp_path / "rca.xlsx", metric="rca", year=2020
    )

    with (tmp_path / "eci.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["dataset", "year", "region", "activity", "partner", "metric", "value"]
    assert written == 5
    assert rows[1][:6] == ["employment", "2020", "AT11", "", "", "eci"]
    assert float(rows[1][6]) == pytest.approx(expected.eci[0])
    sheet = load_workbook(tmp_path / "rca.xlsx").active
    assert count == 20
    assert sheet.max_row == 21
    assert [c.value for c in sheet[2]][:6] == ["employment", 2020, "AT11", "C", None, "rca"]


def test_result_rows_all_metrics_and_unknown_metric(small_dataset):
    run(small_dataset.dataset)

    metrics = {row[5] for row in result_rows(dataset=small_dataset.dataset)}

    assert metrics == {
        "value",
        "rca",
        "present",
        "density",
        "cog",
        "quadrant",
        "total",
        "diversity",
        "eci",
        "eci_rank",
        "coi",
        "ubiquity",
        "pci",
        "complementarity",
        "similarity_distance",
        "proximity",
    }
    with pytest.raises(ValueError, match="unknown metric 'gdp'"):
        result_rows(dataset=small_dataset.dataset, metric="gdp")


def test_indicators_dataset_gets_similarity_only(nace_sections, small_regions):
    from smartregions.analytics.domain.datasets import create_dataset

    dataset = create_dataset(
        actor=None,
        slug="ind",
        name="Indicators",
        activity_taxonomy=nace_sections,
        nuts_version=2021,
        kind="indicators",
    )
    values = np.array([[1.0, 5.0], [2.0, 3.0], [3.0, 4.0], [9.0, 1.0]])
    codes = ["AT11", "AT12", "AT13", "AT21"]
    terms = [Term.objects.get(code="A"), Term.objects.get(code="B")]
    for i, code in enumerate(codes):
        for j, term in enumerate(terms):
            Observation.objects.create(
                dataset=dataset,
                year=2020,
                region=small_regions[code],
                activity=term,
                value=values[i, j],
            )

    finished = run(dataset, {"top_similar": 2})

    assert finished.status == "done"
    assert RegionYearResult.objects.filter(dataset=dataset).count() == 0
    similar = most_similar(values, n=2)
    at11 = RegionPairResult.objects.filter(dataset=dataset, region__code="AT11").order_by(
        "similarity_rank"
    )
    assert [p.partner.code for p in at11] == [codes[s] for s in similar.indices[0]]
    assert [p.complementarity for p in at11] == [None, None]


@pytest.mark.parametrize("threads", [1, 2])
def test_run_computation_caps_blas_threads_at_the_setting(small_dataset, settings, threads):
    from threadpoolctl import threadpool_info

    from smartregions.analytics.domain.computation import request_computation, run_computation

    settings.SMARTREGIONS_ANALYTICS_THREADS = threads
    seen: list[set[int]] = []

    def on_progress(_percent: int) -> None:
        seen.append(
            {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}
        )

    queued = request_computation(dataset=small_dataset.dataset, actor=None, enqueue=False)
    finished = run_computation(run_id=queued.pk, on_progress=on_progress)

    assert finished.status == "done"
    assert seen == [{min(threads, os.cpu_count() or 1)}]
