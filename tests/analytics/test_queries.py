"""The evidence engine's reads, against the known rows of build_evidence_world()."""

import pytest

from smartregions.analytics.domain import queries
from smartregions.analytics.enums import Quadrant, RunStatus
from tests.factories.analytics import (
    ComputationRunFactory,
    DatasetFactory,
    RegionYearResultFactory,
    build_evidence_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_evidence_world()


def test_dataset_overviews_give_years_and_newest_runs(world, django_assert_num_queries):
    failed = ComputationRunFactory(dataset=world.dataset, status=RunStatus.FAILED, progress=40)
    queued = ComputationRunFactory(dataset=world.empty, status=RunStatus.QUEUED, progress=0)
    with django_assert_num_queries(3):
        overviews = queries.dataset_overviews()
    assert [o.dataset.slug for o in overviews] == ["patents", "preprints"]
    patents, preprints = overviews
    assert (patents.years, patents.latest_run, patents.latest_done_run) == ((), queued, None)
    assert (patents.has_results, patents.latest_year, patents.is_computing) == (False, None, True)
    assert preprints.years == (2019, 2020)
    assert (preprints.latest_run, preprints.latest_done_run) == (failed, world.run)
    assert (preprints.latest_year, preprints.is_computing) == (2020, False)


def test_dataset_overview_query_count_does_not_grow_with_datasets(world, django_assert_num_queries):
    for _ in range(5):
        dataset = DatasetFactory(activity_taxonomy=world.taxonomy)
        ComputationRunFactory(dataset=dataset)
        RegionYearResultFactory(dataset=dataset, region=world.regions["CZ01"])
    with django_assert_num_queries(3):
        assert len(queries.dataset_overviews()) == 7


def test_result_years_and_datasets_for_region(world):
    assert queries.result_years(dataset=world.dataset) == [2019, 2020]
    assert queries.result_years(dataset=world.empty) == []
    assert queries.datasets_for_region(code="CZ01") == [(world.dataset, [2019, 2020])]
    assert queries.datasets_for_region(code="SK01") == [(world.dataset, [2020])]
    assert queries.datasets_for_region(code="AT11") == []


def test_region_evidence_profile_is_ordered_by_rca_with_shares(world):
    evidence = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020
    )
    assert [(e.activity.code, e.value, e.share, e.rca, e.present) for e in evidence.profile] == [
        ("AI", 80.0, 0.4, 2.0, True),
        ("GEN", 50.0, 0.25, 1.25, True),
        ("ROB", 40.0, 0.2, 0.8, False),
        ("BAT", 20.0, 0.1, 0.5, False),
        ("VAC", 10.0, 0.05, 0.25, False),
        ("QUA", 0.0, 0.0, 0.0, False),
    ]
    short = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020, profile_size=2
    )
    assert [e.activity.code for e in short.profile] == ["AI", "GEN"]


def test_region_evidence_opportunities_have_quadrants_and_splits(world):
    evidence = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020
    )
    chart = evidence.opportunities
    assert [
        (o.activity.code, o.density, o.pci, o.cog, o.quadrant, o.quadrant_name)
        for o in chart.points
    ] == [
        ("ROB", 50.0, 0.25, 0.3, Quadrant.HIGH_HIGH, "Ideal"),
        ("VAC", 35.0, -1.5, 0.2, Quadrant.HIGH_LOW, "Low risk, low gain"),
        ("QUA", 10.0, 1.0, 0.4, Quadrant.LOW_HIGH, "High risk, high gain"),
        ("BAT", 20.0, -0.75, 0.1, Quadrant.LOW_LOW, "Least attractive"),
    ]
    assert chart.density_split == 28.75
    assert chart.complexity_split == pytest.approx(1 / 6, abs=1e-12)
    assert [o.activity.code for o in chart.in_quadrant(Quadrant.LOW_HIGH)] == ["QUA"]
    median = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020, split="median"
    ).opportunities
    assert (median.density_split, median.complexity_split) == (27.5, 0.375)


def test_region_evidence_complexity_rank_among_ranked_regions(world):
    evidence = queries.region_evidence(
        dataset=world.dataset, region=world.regions["SK01"], year=2020
    )
    assert evidence.complexity == queries.ComplexityFacts(
        eci=-0.5, rank=3, ranked=4, coi=1.0, diversity=2, total=50.0
    )
    assert evidence.activity_count == 6
    old = queries.region_complexity(dataset=world.dataset, region=world.regions["CZ01"], year=2019)
    assert (old.eci, old.rank, old.ranked) == (0.75, 2, 2)


def test_region_evidence_similar_regions_with_indicator_contributions(world):
    evidence = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020
    )
    assert [
        (s.region.code, s.distance, s.rank, [(c.code, c.value) for c in s.contributions])
        for s in evidence.similar
    ] == [
        ("CZ02", 0.5, 1, [("ROB", 0.2), ("AI", 0.05)]),
        ("SK01", 1.5, 2, [("AI", 1.5), ("ROB", 0.75)]),
    ]


def test_region_evidence_complementary_partners_with_their_activities(world):
    evidence = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020
    )
    assert [
        (p.region.code, p.score, p.rank, [(a.code, a.label, a.value) for a in p.activities])
        for p in evidence.complementary
    ] == [
        ("SK01", 0.4, 1, [("ROB", "Robotics", 0.3), ("QUA", "Quantum computing", 0.1)]),
        ("CZ02", 0.25, 2, [("ROB", "Robotics", 0.15), ("VAC", "Vaccines", 0.1)]),
        ("SK02", 0.1, 3, [("BAT", "Batteries", 0.1)]),
    ]
    top = queries.complementary_partners(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020, top=1
    )
    assert [p.region.code for p in top] == ["SK01"]
    assert [
        s.region.code
        for s in queries.similar_regions(
            dataset=world.dataset, region=world.regions["CZ01"], year=2020, top=1
        )
    ] == ["CZ02"]


@pytest.mark.parametrize(
    "details",
    [
        {"complementary_activities": [["ROB", 0.3]], "indicator_contributions": [["AI", 2.25]]},
        {
            "activities": [{"activity": "ROB", "value": 0.3}],
            "indicators": [{"name": "AI", "value": 2.25}],
        },
    ],
)
def test_region_pair_details_are_read_in_either_spelling(world, details):
    from smartregions.analytics.models import RegionPairResult

    RegionPairResult.objects.filter(partner=world.regions["SK01"]).update(details=details)
    evidence = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020
    )
    sk01 = evidence.complementary[0]
    assert [(a.code, a.label, a.value) for a in sk01.activities] == [("ROB", "Robotics", 0.3)]
    assert [(c.code, c.value) for c in evidence.similar[1].contributions] == [("AI", 2.25)]


def test_region_evidence_query_count_is_fixed(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        evidence = queries.region_evidence(
            dataset=world.dataset, region=world.regions["CZ01"], year=2020
        )
        assert len(evidence.profile) == 6
        assert [p.region.name_latin for p in evidence.complementary] == [
            "Bratislavský kraj",
            "Střední Čechy",
            "Západné Slovensko",
        ]


def test_region_evidence_without_results_is_empty(world):
    evidence = queries.region_evidence(
        dataset=world.dataset, region=world.regions["SK02"], year=2019
    )
    assert evidence.has_results is False
    assert (evidence.profile, evidence.similar, evidence.complementary) == ((), (), ())
    assert evidence.opportunities.points == ()


def test_metric_map_of_eci_and_of_rca_in_one_activity(world):
    assert queries.metric_map(dataset=world.dataset, year=2020) == {
        "CZ01": 1.25,
        "CZ02": 0.25,
        "SK01": -0.5,
        "SK02": -1.0,
    }
    assert queries.metric_map(dataset=world.dataset, year=2020, metric="coi") == {
        "CZ01": 0.5,
        "CZ02": 0.75,
        "SK01": 1.0,
    }
    assert queries.metric_map(
        dataset=world.dataset, year=2020, metric="rca", activity=world.terms["AI"]
    ) == {"CZ01": 2.0, "CZ02": 0.5, "SK01": 1.5, "SK02": 0.0}
    assert queries.metric_map(
        dataset=world.dataset, year=2020, metric="density", activity=world.terms["ROB"]
    ) == {"CZ01": 50.0, "CZ02": 25.0, "SK01": 25.0, "SK02": 25.0}


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        ("gdp", "unknown metric 'gdp'"),
        ("rca", "the metric 'rca' is per activity: name the activity"),
        ("pci", "'pci' is a property of activities and has no regional map"),
    ],
)
def test_metric_map_rejects_bad_metrics(world, metric, message):
    with pytest.raises(ValueError, match=message):
        queries.metric_map(dataset=world.dataset, year=2020, metric=metric)


def test_metric_rows_are_long_form_and_filterable(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(queries.metric_rows(dataset=world.dataset, metric="eci", regions=["CZ01"]))
    assert rows == [
        {"year": 2019, "region_code": "CZ01", "activity_code": None, "metric_value": 0.75},
        {"year": 2020, "region_code": "CZ01", "activity_code": None, "metric_value": 1.25},
    ]
    rca = queries.metric_rows(dataset=world.dataset, metric="rca", year=2020, activities=["AI"])
    assert [(r["region_code"], r["activity_code"], r["metric_value"]) for r in rca] == [
        ("CZ01", "AI", 2.0),
        ("CZ02", "AI", 0.5),
        ("SK01", "AI", 1.5),
        ("SK02", "AI", 0.0),
    ]
    pci = queries.metric_rows(dataset=world.dataset, metric="pci", regions=["CZ01"])
    assert [(r["region_code"], r["activity_code"], r["metric_value"]) for r in pci] == [
        (None, "AI", 1.5),
        (None, "BAT", -0.75),
        (None, "GEN", 0.5),
        (None, "QUA", 1.0),
        (None, "ROB", 0.25),
        (None, "VAC", -1.5),
    ]
    with pytest.raises(ValueError, match="unknown metric 'x'"):
        queries.metric_rows(dataset=world.dataset, metric="x")


def test_activity_space_strongest_links_first(world):
    links = queries.activity_space(dataset=world.dataset, year=2020)
    assert [(lk.activity.code, lk.other.code, lk.proximity) for lk in links] == [
        ("AI", "GEN", 0.8),
        ("ROB", "AI", 0.4),
    ]
    assert len(queries.activity_space(dataset=world.dataset, year=2020, min_proximity=0.5)) == 1
    assert len(queries.activity_space(dataset=world.dataset, year=2020, limit=1)) == 1


def test_metric_regions_and_activities_with_results(world):
    assert [r.code for r in queries.metric_regions(dataset=world.dataset, year=2019)] == [
        "CZ01",
        "CZ02",
    ]
    assert [t.code for t in queries.activities_with_results(dataset=world.dataset, year=2020)] == [
        "AI",
        "BAT",
        "GEN",
        "QUA",
        "ROB",
        "VAC",
    ]
    assert sorted(queries.regions_by_code(dataset=world.dataset, codes=["SK01", "XX"])) == ["SK01"]


def test_result_split_follows_the_newest_finished_run(world):
    assert queries.result_split(dataset=world.dataset) == "mean"
    ComputationRunFactory(dataset=world.dataset, parameters={"split": "median"})
    ComputationRunFactory(
        dataset=world.dataset, status=RunStatus.FAILED, parameters={"split": "mean"}
    )
    assert queries.result_split(dataset=world.dataset) == "median"
    chart = queries.region_evidence(
        dataset=world.dataset, region=world.regions["CZ01"], year=2020
    ).opportunities
    assert (chart.density_split, chart.complexity_split) == (27.5, 0.375)


def test_region_evidence_of_a_dataset_computed_by_run_computation(world):
    """The reads agree with what run_computation stores and with the pure kernels."""
    import numpy as np

    from smartregions.analytics import compute
    from smartregions.analytics.domain import computation
    from smartregions.analytics.models import Observation

    codes = list(world.regions)
    topics = list(world.terms)
    values = np.array(
        [[4, 5, 7, 9, 0, 1], [8, 9, 2, 3, 8, 4], [2, 8, 2, 4, 6, 5], [0, 0, 8, 7, 8, 5]],
        dtype=float,
    )
    dataset = DatasetFactory(slug="computed", activity_taxonomy=world.taxonomy)
    Observation.objects.bulk_create(
        Observation(
            dataset=dataset,
            region=world.regions[code],
            activity=world.terms[topic],
            year=2021,
            value=values[r, p],
        )
        for r, code in enumerate(codes)
        for p, topic in enumerate(topics)
        if values[r, p]
    )
    run = computation.request_computation(dataset=dataset, actor=None, enqueue=False)
    done = computation.run_computation(run_id=run.pk)
    assert done.status == RunStatus.DONE, done.message

    # Observations are loaded by region and term id, which follow the insertion order here.
    expected = compute.compute_all(values)
    evidence = queries.region_evidence(dataset=dataset, region=world.regions["CZ01"], year=2021)
    assert evidence.complexity.eci == pytest.approx(expected.eci[0])
    assert evidence.complexity.diversity == int(expected.diversity[0])
    assert evidence.complexity.ranked == 4
    profile = {entry.activity.code: entry for entry in evidence.profile}
    for p, topic in enumerate(topics):
        assert profile[topic].rca == pytest.approx(expected.rca[0, p])
        assert profile[topic].present == bool(expected.M[0, p])
    assert [e.rca for e in evidence.profile] == sorted(
        (e.rca for e in evidence.profile), reverse=True
    )
    assert {o.activity.code for o in evidence.opportunities.points} == {
        topic for p, topic in enumerate(topics) if not expected.M[0, p]
    }
    assert evidence.opportunities.complexity_split == pytest.approx(expected.pci.mean())
    scores = compute.complementarity(expected.M, expected.density)[0]
    assert [p.region.code for p in evidence.complementary] == [
        codes[s] for s in np.argsort(-scores, kind="stable") if s != 0 and scores[s] > 0
    ][: len(evidence.complementary)]
    for partner in evidence.complementary:
        s = codes.index(partner.region.code)
        assert partner.score == pytest.approx(scores[s])
        assert sum(a.value for a in partner.activities) == pytest.approx(scores[s])
        assert all(a.label == world.terms[a.code].label for a in partner.activities)
    assert len(evidence.similar) == 3
    assert [s.rank for s in evidence.similar] == [1, 2, 3]
    assert all(
        c.label == world.terms[c.code].label for s in evidence.similar for c in s.contributions
    )
