"""The analytics CLI: analytics_import, analytics_import_eurito, analytics_run, analytics_export."""

import csv
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from smartregions.analytics.models import ComputationRun, Dataset, Observation, RegionYearResult

pytestmark = pytest.mark.django_db


def call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_analytics_import_creates_the_dataset_and_imports(nace_sections, small_regions, tmp_path):
    path = tmp_path / "emp.csv"
    path.write_text("nuts,activity,year,value\nAT11,C,2020,10\nAT12,J,2020,2\n", encoding="utf-8")

    output = call(
        "analytics_import",
        "emp",
        str(path),
        "--create",
        "--name",
        "Employment",
        "--taxonomy",
        "nace-rev2",
        "--level",
        "2",
        "--map",
        "region=nuts",
    )

    dataset = Dataset.objects.get(slug="emp")
    assert (dataset.name, dataset.nuts_version, dataset.region_level) == ("Employment", 2021, 2)
    assert Observation.objects.filter(dataset=dataset).count() == 2
    assert output.startswith(f"{path}: 2 created, 0 updated, 0 unchanged, 0 deleted")


def test_analytics_import_rejected_file_is_a_command_error(nace_dataset, tmp_path):
    path = tmp_path / "emp.csv"
    path.write_text("region,activity,year,value\nXX11,C,2020,10\n", encoding="utf-8")

    with pytest.raises(CommandError, match="unknown region code 'XX11' for NUTS 2021"):
        call("analytics_import", "employment", str(path))

    assert Observation.objects.count() == 0


def test_analytics_import_unknown_dataset(tmp_path):
    with pytest.raises(CommandError, match="no dataset 'nothing'"):
        call("analytics_import", "nothing", str(tmp_path / "x.csv"))


def test_analytics_run_and_export(small_dataset, tmp_path):
    output = call("analytics_run", "employment", "--threshold", "1.0")

    run = ComputationRun.objects.get()
    assert (run.status, run.progress, run.parameters["threshold"]) == ("done", 100, 1.0)
    assert output == f"run {run.pk} done: computed 1 year(s): 2020\n"
    assert RegionYearResult.objects.count() == 5

    export = call(
        "analytics_export",
        "employment",
        str(tmp_path / "eci.csv"),
        "--metric",
        "eci",
        "--year",
        "2020",
    )

    assert export == f"5 rows written to {tmp_path / 'eci.csv'}\n"
    with (tmp_path / "eci.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["region"] for row in rows] == ["AT11", "AT12", "AT13", "AT21", "AT22"]
    assert {row["metric"] for row in rows} == {"eci"}


def test_analytics_run_failure_exits_with_an_error(nace_dataset):
    with pytest.raises(CommandError, match="failed: dataset employment has no observations"):
        call("analytics_run", "employment", "--no-progress")

    assert ComputationRun.objects.get().status == "failed"


def test_analytics_run_bad_threshold(small_dataset):
    with pytest.raises(CommandError, match="Must be positive"):
        call("analytics_run", "employment", "--threshold", "0")


def test_analytics_export_without_results(nace_dataset, tmp_path):
    with pytest.raises(CommandError, match="no stored results for employment"):
        call("analytics_export", "employment", str(tmp_path / "x.xlsx"))


def test_analytics_import_eurito_subset(nuts_registry, shared_data, tmp_path):
    source = shared_data / "analytics" / "eurito_preprints_by_nuts"
    shutil.copy(source / "vaccines_count.csv", tmp_path / "vaccines_count.csv")

    output = call("analytics_import_eurito", str(tmp_path), "--level", "2")

    assert output.startswith("eurito-preprints: 36 observations\n")
    assert "Import notes:" in output
