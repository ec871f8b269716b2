"""The real EURITO preprint counts: import at NUTS-2 and a full analysis on them."""

import shutil

import pytest
from django.db.models import Count

from smartregions.analytics.domain.computation import request_computation, run_computation
from smartregions.analytics.domain.eurito import (
    import_eurito_preprints,
    topic_code,
    topic_label,
)
from smartregions.analytics.models import (
    ActivityYearResult,
    Observation,
    RegionActivityResult,
    RegionPairResult,
    RegionYearResult,
)
from smartregions.common.errors import ImportRejected
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.models import Term

pytestmark = pytest.mark.django_db

# Regions and topics per year at NUTS-2 after recoding to NUTS 2021 (2010-2012 are coded in
# NUTS 2010, for which the registry has no correspondence, so they are reported, not imported).
COVERAGE = [
    (2013, 236, 5),
    (2014, 236, 5),
    (2015, 240, 5),
    (2016, 284, 6),
    (2017, 291, 8),
    (2018, 294, 11),
    (2019, 293, 16),
    (2020, 307, 35),
    (2021, 309, 35),
]


def test_import_eurito_preprints_real_files_and_full_analysis(nuts_registry):
    dataset = import_eurito_preprints(level=2)

    assert (dataset.slug, dataset.is_synthetic, dataset.licence) == (
        "eurito-preprints",
        False,
        "MIT",
    )
    assert dataset.source.startswith("Nesta, eurito_indicators")
    assert (dataset.nuts_version, dataset.region_level) == (2021, 2)
    assert dataset.activity_taxonomy.slug == "eurito-topics"
    assert Term.objects.filter(taxonomy=dataset.activity_taxonomy).count() == 35
    coverage = list(
        Observation.objects.filter(dataset=dataset)
        .values("year")
        .annotate(regions=Count("region", distinct=True), topics=Count("activity", distinct=True))
        .order_by("year")
        .values_list("year", "regions", "topics")
    )
    assert coverage == COVERAGE
    assert Observation.objects.filter(dataset=dataset).count() == 12454
    assert "12454 of 14806 NUTS-2 rows imported from 35 topic files" in dataset.description
    assert (
        "1838 row(s) not imported (NUTS 2010: no correspondence to NUTS 2021 stored; "
        "by year 2010: 572, 2011: 599, 2012: 667;"
    ) in dataset.description
    assert "52 row(s) not imported (NUTS 2013: split;" in dataset.description
    notes = ActivityLogEntry.objects.get(action="dataset.import").data["notes"]
    assert len(notes) == 10

    queued = request_computation(
        dataset=dataset, actor=None, parameters={"top_partners": 3, "top_similar": 3}, enqueue=False
    )
    finished = run_computation(run_id=queued.pk)

    assert (finished.status, finished.progress) == ("done", 100)
    assert finished.message == "computed 9 year(s): 2013-2021"
    per_year = dict(
        RegionYearResult.objects.filter(dataset=dataset)
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    assert per_year == {year: regions for year, regions, _ in COVERAGE}
    assert ActivityYearResult.objects.filter(dataset=dataset, year=2021).count() == 35
    assert RegionActivityResult.objects.filter(dataset=dataset, year=2021).count() == 309 * 35
    assert RegionPairResult.objects.filter(dataset=dataset, year=2021).exists()
    assert not RegionYearResult.objects.filter(dataset=dataset, eci__isnull=True).exists()


def test_import_eurito_preprints_is_idempotent_on_a_subset(nuts_registry, shared_data, tmp_path):
    source = shared_data / "analytics" / "eurito_preprints_by_nuts"
    for name in ("vaccines_count.csv", "smoking_cancer_count.csv"):
        shutil.copy(source / name, tmp_path / name)

    first = import_eurito_preprints(directory=tmp_path, level=2)
    count = Observation.objects.filter(dataset=first).count()
    second = import_eurito_preprints(directory=tmp_path, level=2)

    assert second.pk == first.pk
    assert Observation.objects.filter(dataset=second).count() == count == 79
    assert ActivityLogEntry.objects.filter(action="dataset.import").count() == 1
    assert "years 2020, 2021 replaced" in second.description


def test_import_eurito_preprints_refuses_an_empty_directory(tmp_path):
    with pytest.raises(ImportRejected, match=r"no <topic>_count\.csv files found"):
        import_eurito_preprints(directory=tmp_path)


@pytest.mark.parametrize(
    ("topic", "code", "label"),
    [
        ("arxiv", "arxiv", "arXiv (all preprints)"),
        ("impact_studies_2", "impact_studies_2", "Impact studies 2"),
        ("lockdown_social_distancing_2", "lockdown_distancing2", "Lockdown social distancing 2"),
        ("artificial_intelligence", "ai", "Artificial intelligence"),
    ],
)
def test_topic_code_and_label(topic, code, label):
    assert (topic_code(topic), topic_label(topic)) == (code, label)
