"""CSV/XLSX exports of reports, the report, partnership and platform PDFs, the export command,
the demo hook and the synthetic generator."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from smartregions.partnerships.domain.monitoring import reports as report_domain
from smartregions.partnerships.domain.monitoring.dashboard import (
    dashboard_partnerships,
    partnership_rows,
    platform_dashboard,
)
from smartregions.partnerships.domain.monitoring.demo import load_demo_monitoring
from smartregions.partnerships.domain.monitoring.exports import (
    COLUMNS,
    export_reports,
    report_rows,
)
from smartregions.partnerships.domain.monitoring.pdf import (
    partnership_pdf,
    platform_pdf,
    report_pdf,
)
from smartregions.partnerships.domain.queries.monitoring import reports_with_details
from smartregions.partnerships.domain.synthetic import generate_monitoring_data
from smartregions.partnerships.enums import ReportStatus
from smartregions.partnerships.models import (
    Partnership,
    PartnershipMember,
    ProgressReport,
    Project,
    ProjectFunding,
    ProjectStageChange,
)
from tests.common._pdf_text import pdf_strings
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import ProgressReportFactory

AFTER_H1 = "2026-07-10 12:00Z"
NARRATIVE = {
    "events_held": 2,
    "achievements": "=SUM(A1:A9) visits",
    "results": "Łódź and Brno signed.",
    "challenges": "State aid.",
    "next_steps": "I3.",
}


@pytest.fixture
def w(db):
    return monitoring_world()


@pytest.fixture
def submitted(w):
    report = ProgressReportFactory(partnership=w.p, **NARRATIVE)
    with time_machine.travel(AFTER_H1, tick=False):
        report_domain.submit_report(actor=w.lead_rep, report=report)
    return report


def _row(report_id: int, rows: list[list]) -> dict:
    return dict(zip(COLUMNS, next(r for r in rows if r[0] == report_id), strict=True))


def test_rows_of_frozen_and_live_reports(w, submitted, django_assert_num_queries):
    draft = ProgressReportFactory(
        partnership=w.p,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 12, 31),
        due_date=dt.date(2027, 1, 31),
    )
    with django_assert_num_queries(6):  # reports, then live indicators of the draft (5)
        rows = report_rows(ProgressReport.objects.order_by("period_start"))
    frozen = _row(submitted.pk, rows)
    assert {
        k: frozen[k] for k in ("period", "status", "indicators_frozen", "submitted_at_utc")
    } == {
        "period": "2026-H1",
        "status": "submitted",
        "indicators_frozen": "yes",
        "submitted_at_utc": "2026-07-10 12:00",
    }
    assert (frozen["members_total"], frozen["members_associated"], frozen["countries"]) == (
        4,
        1,
        "CZ DE SK",
    )
    assert frozen["member_region_codes"] == "CZ06 DE11 SK01"
    assert (frozen["projects_funded"], frozen["projects_funded_in_period"]) == (1, 1)
    assert frozen["secured_erdf_interreg_eur"] == Decimal("600000.00")
    assert frozen["budget_eur"] == Decimal("1250000.00")
    live = _row(draft.pk, rows)
    assert (live["indicators_frozen"], live["projects_created_in_period"], live["events_held"]) == (
        "no",
        0,
        0,
    )


def test_csv_guards_against_formulas_and_keeps_accents(w, submitted):
    export = export_reports(ProgressReport.objects.all(), format="csv")
    assert (export.filename, export.content_type) == (
        "progress-reports.csv",
        "text/csv; charset=utf-8",
    )
    assert export.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0]["achievements"] == "'=SUM(A1:A9) visits"
    assert rows[0]["results"] == "Łódź and Brno signed."
    assert list(rows[0]) == list(COLUMNS)


def test_xlsx_has_numbers_and_text_not_formulas(w, submitted):
    export = export_reports(ProgressReport.objects.all(), format="xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    header, row = list(sheet.iter_rows(values_only=True))
    values = dict(zip(header, row, strict=True))
    assert values["achievements"] == "=SUM(A1:A9) visits"
    assert sheet.cell(row=2, column=COLUMNS.index("achievements") + 1).data_type == "s"
    assert values["secured_total_eur"] == 600000.0


def test_unknown_export_format_is_refused(w):
    with pytest.raises(ValidationError) as error:
        export_reports(ProgressReport.objects.all(), format="ods")
    assert error.value.message_dict == {"format": ["Choose csv or xlsx, not ods."]}


def test_report_pdf_has_indicators_narrative_review_and_projects(w, submitted):
    report_domain.request_report_changes(actor=w.facilitator, report=submitted, comment="More.")
    report = reports_with_details().get(pk=submitted.pk)
    text = " ".join(pdf_strings(report_pdf(report, compress=False)))
    for expected in (
        "Progress report: Hydrogen valleys",
        "January-June 2026",
        "Computed on",  # sent back: the indicators are live again
        "Funding secured by source",
        "600,000 EUR",
        "Łódź and Brno signed.",
        "Changes requested on",
        "More.",
        "H2 buses",
        "Electrolyser pilot",
    ):
        assert expected in text, expected


def test_partnership_and_platform_pdfs(w, submitted):
    partnership = Partnership.objects.get(pk=w.p.pk)
    with time_machine.travel(AFTER_H1, tick=False):
        text = " ".join(pdf_strings(partnership_pdf(partnership, [submitted], compress=False)))
        board = platform_dashboard(staff=True)
        rows = partnership_rows(dashboard_partnerships(staff=True), with_reports=True)
        platform = " ".join(pdf_strings(platform_pdf(board, rows, compress=False)))
    assert "Monitoring: Hydrogen valleys" in text
    assert "Indicators today (July-December 2026)" in text
    assert "Submitted" in text
    assert "Platform monitoring report" in platform
    assert "Forming batteries" in platform
    assert "2026-H1: Submitted" in platform
    assert "Waiting for review" in platform


def test_export_command_writes_each_kind(w, submitted, tmp_path):
    out = io.StringIO()
    call_command("export_monitoring", "reports", "--output", "-", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("report_id,partnership,")
    target = tmp_path / "reports.xlsx"
    err = io.StringIO()
    call_command(
        "export_monitoring",
        "reports",
        "--format",
        "xlsx",
        "--status",
        "submitted",
        "--output",
        str(target),
        stderr=err,
    )
    assert load_workbook(target).active.max_row == 2
    assert err.getvalue().startswith(f"wrote {target} (")
    for args in (
        ["report", str(submitted.pk)],
        ["partnership", "hydrogen-valleys"],
        ["platform", "--public"],
    ):
        pdf = tmp_path / "out.pdf"
        call_command("export_monitoring", *args, "--output", str(pdf), stderr=io.StringIO())
        assert pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "999999", "--output", "x.pdf"], "no progress report with id 999999"),
        (["partnership", "nope", "--output", "x.pdf"], "no partnership with slug 'nope'"),
        (["platform", "--output", "-"], "write XLSX and PDF files to a file"),
        (["reports", "--period", "2026-H5", "--output", "-"], "Write a period as 2026-H1"),
    ],
)
def test_export_command_errors(w, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_monitoring", *args)


def test_demo_hook_moves_the_last_period_through_the_workflow(w):
    Partnership.objects.update(is_synthetic=True)
    today = dt.date(2026, 8, 15)
    with time_machine.travel("2026-08-15 09:00Z", tick=False):
        summary = load_demo_monitoring(today=today)
        assert summary == "2 progress reports opened; 1 accepted, 0 sent back, 0 waiting for review"
        assert load_demo_monitoring(today=today) == (
            "0 progress reports opened; 0 accepted, 0 sent back, 0 waiting for review"
        )
    statuses = dict(ProgressReport.objects.values_list("period_start", "status"))
    assert statuses == {dt.date(2026, 1, 1): ReportStatus.ACCEPTED, dt.date(2026, 7, 1): "draft"}


def test_synthetic_generator_is_consistent(db):
    summary = generate_monitoring_data(
        partnerships=12,
        regions=10,
        projects=80,
        seed=7,
        now=dt.datetime(2026, 7, 10, tzinfo=dt.UTC),
    )
    assert (summary.partnerships, summary.regions, summary.real_regions, summary.projects) == (
        12,
        10,
        False,
        80,
    )
    assert PartnershipMember.objects.count() == summary.members
    assert ProjectFunding.objects.count() == summary.funding_lines
    assert ProgressReport.objects.count() == summary.reports > 0
    assert Project.objects.filter(created_at__year__lt=2022).count() == 0
    funded = Project.objects.filter(stage__in=["funded", "implemented"])
    assert all(p.funding.filter(status="secured").exists() for p in funded)
    assert all(sum(f.amount for f in p.funding.all()) <= p.budget for p in Project.objects.all())
    # Every project's history starts at its creation and follows the stage order.
    first = ProjectStageChange.objects.filter(from_stage="").count()
    assert first == 80
    assert not ProgressReport.objects.filter(
        status__in=["submitted", "accepted"], indicators={}
    ).exists()
    assert "12 partnerships over 10 synthetic regions" in str(summary)
