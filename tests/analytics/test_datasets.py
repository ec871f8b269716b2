"""Creating datasets and importing observations: validation, recoding, all-or-nothing writes."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from smartregions.analytics.domain.datasets import create_dataset, import_observations
from smartregions.analytics.models import Dataset, Observation
from smartregions.common.errors import ImportRejected, Problem
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.models import Term
from tests.analytics.test_readers import EUROSTAT_TSV

pytestmark = pytest.mark.django_db


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stored(dataset: Dataset) -> list[tuple]:
    return list(
        Observation.objects.filter(dataset=dataset)
        .order_by("year", "region__code", "activity__code")
        .values_list("year", "region__code", "activity__code", "value")
    )


def test_create_dataset_saves_and_logs(nace_sections):
    dataset = create_dataset(
        actor=None,
        slug="gva",
        name="Gross value added",
        activity_taxonomy="nace-rev2",
        nuts_version=2021,
        region_level=2,
        source="Eurostat nama_10r_3gva",
        licence="CC BY 4.0",
    )

    assert Dataset.objects.get(slug="gva") == dataset
    assert dataset.activity_taxonomy == nace_sections
    assert (dataset.kind, dataset.is_synthetic, dataset.value_label) == ("activity", False, "value")
    entry = ActivityLogEntry.objects.get(action="dataset.create")
    assert entry.object_id == str(dataset.pk)
    assert entry.data == {"slug": "gva", "taxonomy": "nace-rev2", "nuts": 2021}


def test_create_dataset_refuses_bad_fields(nace_dataset):
    with pytest.raises(ValidationError) as caught:
        create_dataset(
            actor=None,
            slug=nace_dataset.slug,
            name="Again",
            activity_taxonomy="no-such-list",
            nuts_version=2020,
            region_level=4,
        )

    assert caught.value.message_dict == {
        "activity_taxonomy": ["No taxonomy 'no-such-list' is loaded."],
        "nuts_version": ["Not a NUTS version: 2020."],
        "region_level": ["NUTS levels are 0-3, not 4."],
        "slug": ["A dataset 'employment' exists already."],
    }
    assert Dataset.objects.count() == 1


def test_import_observations_csv_creates_then_reports_unchanged(nace_dataset, tmp_path):
    path = write(
        tmp_path / "emp.csv",
        "region,activity,year,value\nAT11,C,2020,10\nAT12,j,2020,2.5\nAT11,M,2021,0\n",
    )

    first = import_observations(dataset=nace_dataset, path=path)
    second = import_observations(dataset=nace_dataset, path=path)

    assert stored(nace_dataset) == [
        (2020, "AT11", "C", 10.0),
        (2020, "AT12", "J", 2.5),
        (2021, "AT11", "M", 0.0),
    ]
    assert (first.created, first.updated, first.unchanged, first.deleted) == (3, 0, 0, 0)
    assert first.notes == ["years 2020, 2021 replaced"]
    assert (second.created, second.updated, second.unchanged, second.deleted) == (0, 0, 3, 0)
    assert ActivityLogEntry.objects.filter(action="dataset.import").count() == 1


def test_import_observations_replaces_only_the_files_years(nace_dataset, tmp_path):
    import_observations(
        dataset=nace_dataset,
        path=write(
            tmp_path / "a.csv",
            "region,activity,year,value\nAT11,C,2019,1\nAT11,C,2020,10\nAT12,J,2020,2\n",
        ),
    )

    result = import_observations(
        dataset=nace_dataset,
        path=write(
            tmp_path / "b.csv", "region,activity,year,value\nAT11,C,2020,11\nAT13,M,2020,4\n"
        ),
    )

    assert (result.created, result.updated, result.unchanged, result.deleted) == (1, 1, 0, 1)
    assert stored(nace_dataset) == [
        (2019, "AT11", "C", 1.0),
        (2020, "AT11", "C", 11.0),
        (2020, "AT13", "M", 4.0),
    ]


def test_import_observations_refuses_all_problems_and_writes_nothing(nace_dataset, tmp_path):
    import_observations(
        dataset=nace_dataset,
        path=write(tmp_path / "ok.csv", "region,activity,year,value\nAT11,C,2020,10\n"),
    )
    path = write(
        tmp_path / "bad.csv",
        "region,activity,year,value\n"
        "AT11,C,2020,11\n"
        "XX99,C,2020,1\n"
        "AT12,ZZ,2020,1\n"
        "AT13,M,2020,-3\n"
        "AT11,c,2020,12\n"
        "AT12,J,year,1\n",
    )

    with pytest.raises(ImportRejected) as caught:
        import_observations(dataset=nace_dataset, path=path)

    assert caught.value.problems == [
        Problem(str(path), 7, "year", "not a year: 'year'"),
        Problem(str(path), 3, "region", "unknown region code 'XX99' for NUTS 2021"),
        Problem(str(path), 4, "activity", "'ZZ' is not a code of nace-rev2"),
        Problem(str(path), 5, "value", "negative value -3"),
        Problem(str(path), 6, None, "duplicate: AT11/c/2020 is also on line 2"),
    ]
    assert stored(nace_dataset) == [(2020, "AT11", "C", 10.0)]


def test_import_observations_unreadable_format_is_a_problem(nace_dataset, tmp_path):
    path = write(tmp_path / "obs.txt", "region,activity,year,value\n")

    with pytest.raises(ImportRejected) as caught:
        import_observations(dataset=nace_dataset, path=path)

    assert [p.message for p in caught.value.problems] == [
        "cannot tell the format of obs.txt: use .csv, .parquet, .tsv or give fmt"
    ]


def test_import_observations_eurostat_tsv(nace_dataset, tmp_path):
    path = write(tmp_path / "nama_10r_3empers.tsv", EUROSTAT_TSV)

    result = import_observations(
        dataset=nace_dataset, path=path, mapping={"activity": "nace_r2", "wstatus": "EMP"}
    )

    assert result.created == 7
    assert result.notes == [
        "2 missing value(s) (':' or empty) skipped",
        "3 value(s) left out by the mapping's filters",
        "values with Eurostat flags kept ('e': 1, 'p': 1)",
        "years 2019, 2020, 2021 replaced",
    ]
    assert stored(nace_dataset)[:2] == [(2019, "AT11", "C", 12.5), (2019, "AT11", "F", 8.0)]


def test_import_observations_recodes_older_nuts_codes_exactly(
    nuts_registry, nace_sections, tmp_path
):
    dataset = create_dataset(
        actor=None,
        slug="fr",
        name="FR",
        activity_taxonomy=nace_sections,
        nuts_version=2021,
        region_level=2,
    )
    path = write(
        tmp_path / "old.csv", "region,activity,year,value\nFRA1,C,2015,3\nFR10,C,2015,40\n"
    )

    result = import_observations(dataset=dataset, path=path)

    assert stored(dataset) == [(2015, "FR10", "C", 40.0), (2015, "FRY1", "C", 3.0)]
    assert result.notes == [
        "1 region code(s) recoded exactly: FRA1 (NUTS 2013) -> FRY1",
        "years 2015 replaced",
    ]


def test_import_observations_refuses_inexact_recoding(nuts_registry, nace_sections, tmp_path):
    dataset = create_dataset(
        actor=None, slug="lt", name="LT", activity_taxonomy=nace_sections, nuts_version=2021
    )
    path = write(
        tmp_path / "old.csv",
        "region,activity,year,value\nLT00,C,2015,3\nUKI1,C,2015,4\nIE01,C,2015,5\n",
    )

    with pytest.raises(ImportRejected) as caught:
        import_observations(dataset=dataset, path=path)

    assert [(p.row, p.message) for p in caught.value.problems] == [
        (
            2,
            (
                "LT00 is a NUTS 2013 code that was split (LT01, LT02) by NUTS 2021: its data "
                "cannot be recoded exactly"
            ),
        ),
        (3, "unknown region code 'UKI1' for NUTS 2021"),
        (
            4,
            (
                "IE01 is a NUTS 2013 code that was discontinued (no successor) by NUTS 2021: its "
                "data cannot be recoded exactly"
            ),
        ),
    ]
    assert Observation.objects.count() == 0


def test_import_observations_checks_the_region_level(nuts_registry, nace_sections, tmp_path):
    dataset = create_dataset(
        actor=None,
        slug="n3",
        name="N3",
        activity_taxonomy=nace_sections,
        nuts_version=2021,
        region_level=3,
    )
    path = write(tmp_path / "a.csv", "region,activity,year,value\nFR10,C,2020,1\n")

    with pytest.raises(ImportRejected) as caught:
        import_observations(dataset=dataset, path=path)

    assert [p.message for p in caught.value.problems] == [
        "FR10 is a NUTS-2 region; the dataset is NUTS-3"
    ]


def test_import_observations_creates_terms_in_a_custom_taxonomy(
    custom_taxonomy, small_regions, tmp_path
):
    dataset = create_dataset(
        actor=None,
        slug="topics",
        name="Topics",
        activity_taxonomy=custom_taxonomy,
        nuts_version=2021,
    )
    path = write(
        tmp_path / "t.csv",
        "region,activity,year,value\nAT11,robotics,2020,3\nAT12,robotics,2020,1\n",
    )

    result = import_observations(dataset=dataset, path=path, create_activities=True)

    assert list(Term.objects.filter(taxonomy=custom_taxonomy).values_list("code", "label")) == [
        ("robotics", "robotics")
    ]
    assert result.created == 2
    assert "1 activity term(s) created in custom-topics" in result.notes


def test_import_observations_never_creates_terms_in_nace(nace_dataset, tmp_path):
    path = write(tmp_path / "t.csv", "region,activity,year,value\nAT11,robotics,2020,3\n")

    with pytest.raises(ImportRejected) as caught:
        import_observations(dataset=nace_dataset, path=path, create_activities=True)

    assert [p.message for p in caught.value.problems] == [
        (
            "activities can only be created in a custom taxonomy (kind 'other'); nace-rev2 is "
            "'economic'"
        ),
        "'robotics' is not a code of nace-rev2",
    ]
    assert not Term.objects.filter(code="robotics").exists()
