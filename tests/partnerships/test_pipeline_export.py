"""The pipeline export: file contents (CSV and XLSX) and the ``export_pipeline`` command."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from smartregions.partnerships.domain.pipeline import set_project_funding, update_project
from smartregions.partnerships.domain.pipeline.export import COLUMNS, write_projects
from smartregions.partnerships.models import Project
from tests.factories.pipeline_extra import build_pipeline_world


@pytest.fixture
def w(db):
    world = build_pipeline_world()
    set_project_funding(
        actor=None, project=world.x, source="i3", status="secured", amount=300_000, notes="Secret"
    )
    set_project_funding(
        actor=None, project=world.x, source="private", status="planned", amount=50_000
    )
    return world


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark for spreadsheet programs
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_row_has_every_public_field_and_no_internal_one(w, django_assert_num_queries):
    stream = io.BytesIO()
    with django_assert_num_queries(4):  # projects, partner regions, organisations, funding
        count = write_projects(queryset=Project.objects.filter(pk=w.x.pk), stream=stream, fmt="csv")
    assert count == 1
    data = stream.getvalue()
    assert b"Secret" not in data
    [row] = _csv_rows(data)
    assert list(row) == list(COLUMNS)
    assert {k: row[k] for k in list(COLUMNS)[:7]} == {
        "id": str(w.x.pk),
        "title": "Hydrogen buses for mountain towns",
        "acronym": "H2BUS",
        "partnership": "hydrogen-valleys",
        "partnership_name": "Hydrogen Valleys",
        "thematic_platform": "energy",
        "stage": "demonstration",
    }
    assert (row["lead_region"], row["lead_country"], row["lead_organisation"]) == (
        "PL21",
        "PL",
        "Krakow Energy Lab",
    )
    assert (row["partner_regions"], row["partner_organisations"]) == ("SK01", "Bratislava Grid")
    assert (row["budget_eur"], row["funding_total_eur"], row["secured_eur"]) == (
        "1000000.00",
        "350000.00",
        "300000.00",
    )
    assert (row["i3_eur"], row["i3_status"], row["private_status"], row["erdf_interreg_eur"]) == (
        "300000.00",
        "secured",
        "planned",
        "",
    )


def test_text_that_looks_like_a_formula_stays_text(w):
    update_project(actor=None, project=w.x, title="=HYPERLINK(1)", acronym="+SUM")
    stream = io.BytesIO()
    write_projects(queryset=Project.objects.filter(pk=w.x.pk), stream=stream, fmt="csv")
    [row] = _csv_rows(stream.getvalue())
    assert (row["title"], row["acronym"]) == ("'=HYPERLINK(1)", "'+SUM")
    stream = io.BytesIO()
    write_projects(queryset=Project.objects.filter(pk=w.x.pk), stream=stream, fmt="xlsx")
    cell = load_workbook(io.BytesIO(stream.getvalue())).active["B2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_unknown_format_is_refused(w):
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        write_projects(queryset=Project.objects.all(), stream=io.BytesIO(), fmt="pdf")


def test_command_writes_filtered_xlsx(w, tmp_path):
    target = tmp_path / "pipeline.xlsx"
    call_command(
        "export_pipeline", "--format", "xlsx", "--output", str(target), "--partnership",
        "hydrogen-valleys", "--stage", "idea",
    )  # fmt: skip
    sheet = load_workbook(target).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Electrolyser test bed"
    ]


def test_command_includes_forming_partnerships_unless_public(w):
    out = io.StringIO()
    call_command("export_pipeline", "--output", "-", stdout=out, stderr=io.StringIO())
    titles = [row["title"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert sorted(titles) == [
        "Battery passport",
        "Electrolyser test bed",
        "Hydrogen buses for mountain towns",
        "Precision irrigation pilots",
    ]
    out = io.StringIO()
    call_command("export_pipeline", "--output", "-", "--public", stdout=out, stderr=io.StringIO())
    assert "Battery passport" not in out.getvalue()


def test_command_reports_unknown_filters(w, tmp_path):
    with pytest.raises(CommandError, match=r"Unknown region: XX99\."):
        call_command("export_pipeline", "--output", str(tmp_path / "x.csv"), "--region", "XX99")
    with pytest.raises(CommandError, match="write XLSX files to a file"):
        call_command("export_pipeline", "--output", "-", "--format", "xlsx")
