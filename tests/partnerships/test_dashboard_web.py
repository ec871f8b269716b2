"""The platform dashboard page: public summary and staff view, charts and map with their table
alternatives, the per-partnership table with htmx paging, the PDF, and a fixed query count."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest
import time_machine

from smartregions.common.middleware import POLICY
from smartregions.partnerships.domain.synthetic import generate_monitoring_data
from smartregions.partnerships.enums import ReportStatus
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import ProgressReportFactory

TODAY = "2026-07-10 12:00Z"


@pytest.fixture
def w(db):
    return monitoring_world()


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _attribute_json(html: str, name: str) -> list:
    return [json.loads(unescape(raw)) for raw in re.findall(rf'{name}="([^"]+)"', html)]


@time_machine.travel(TODAY, tick=False)
def test_public_dashboard_shows_public_partnerships_with_strict_csp(client, w):
    response = client.get("/monitoring/")
    page = _page(response)
    assert response.headers["Content-Security-Policy"] == POLICY
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert " style=" not in page
    assert "Hydrogen valleys" in page
    assert "Forming batteries" not in page
    assert "Waiting for your review" not in page
    assert "/reports/export.csv" not in page
    charts = _attribute_json(page, "data-trend-config")
    assert [c["periods"] for c in charts] == [["2025-H1", "2025-H2", "2026-H1", "2026-H2"]] * 3
    assert charts[1]["series"] == [
        {"name": "Created", "values": [0, 1, 1, 0]},
        {"name": "Reached “funded”", "values": [0, 0, 1, 0]},
    ]
    assert charts[2]["series"][0]["values"] == [0.0, 0.0, 600000.0, 0.0]
    assert _attribute_json(page, "data-counts") == [{"CZ06": 1, "DE11": 1, "SK01": 1}]
    assert "codes=CZ06%2CDE11%2CSK01" in page
    assert "The charts&#x27; data as a table" in page or "The charts' data as a table" in page


@time_machine.travel(TODAY, tick=False)
def test_staff_dashboard_adds_forming_partnerships_and_report_monitoring(client, w):
    submitted = ProgressReportFactory(
        partnership=w.p,
        status=ReportStatus.SUBMITTED,
        submitted_at=dt.datetime(2026, 7, 2, tzinfo=dt.UTC),
    )
    client.force_login(w.facilitator)
    page = _page(client.get("/monitoring/"))
    assert "Forming batteries" in page
    assert "Waiting for your review" in page
    assert f'href="/reports/{submitted.pk}/"' in page
    assert "/reports/export.csv" in page
    assert _attribute_json(page, "data-counts") == [{"AT13": 1, "CZ06": 1, "DE11": 1, "SK01": 1}]
    assert "2026-H1</a>: Submitted" in page  # the latest report in the partnership table


@time_machine.travel(TODAY, tick=False)
def test_members_see_the_public_dashboard(client, w):
    client.force_login(w.lead_rep)
    page = _page(client.get("/monitoring/"))
    assert "Forming batteries" not in page
    assert "Waiting for your review" not in page


def test_empty_platform_dashboard(client, db):
    page = _page(client.get("/monitoring/"))
    assert "Nothing to show yet." in page
    assert "No region takes part in a partnership yet." in page
    assert "data-map" not in page


def test_partnership_table_pages_with_htmx(client, db):
    generate_monitoring_data(partnerships=60, regions=12, projects=40, seed=3)
    page = _page(client.get("/monitoring/"))
    assert 'hx-get="/monitoring/partnerships/?page=2"' in page
    partial = _page(client.get("/monitoring/partnerships/?page=2", HTTP_HX_REQUEST="true"))
    assert partial.startswith('<div id="partnership-table">')
    assert "Page 2 of " in partial
    full = _page(client.get("/monitoring/partnerships/?page=2"))
    assert full.lstrip().startswith("<!DOCTYPE html>")
    assert "Partnerships at a glance" in full


@time_machine.travel(TODAY, tick=False)
def test_platform_pdf_downloads(client, w):
    response = client.get("/monitoring/platform.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="platform-monitoring.pdf"'
    assert response.content[:5] == b"%PDF-"


# Public: the dashboard (7), the table's count and page, the page's figures (3). Staff: the
# dashboard (10), session and user, the role summary, count and page, figures (3), reports.
@pytest.mark.parametrize(("staff", "queries"), [(False, 12), (True, 19)])
def test_dashboard_query_count_does_not_grow_with_data(
    client, db, django_assert_num_queries, staff, queries
):
    world = monitoring_world()
    if staff:
        client.force_login(world.facilitator)
    generate_monitoring_data(partnerships=5, regions=8, projects=20, seed=4)
    client.get("/monitoring/")
    with django_assert_num_queries(queries):
        client.get("/monitoring/")
    generate_monitoring_data(partnerships=40, regions=30, projects=300, seed=5)
    with django_assert_num_queries(queries):
        page = _page(client.get("/monitoring/"))
    assert "Page 1 of 2" in page


@time_machine.travel(TODAY, tick=False)
def test_public_platform_pdf_is_rendered_once_for_all_visitors(
    client, w, django_assert_num_queries
):
    # Rendering reads every public partnership (seconds for a large platform) and anyone may
    # ask: the public version is cached, the staff version always rendered.
    first = client.get("/monitoring/platform.pdf")
    client.force_login(w.plain)
    # Session, user, role summary and the model-permission fallback (2): nothing rendered.
    with django_assert_num_queries(5):
        again = client.get("/monitoring/platform.pdf")
    assert (again.content, again["Content-Type"]) == (first.content, "application/pdf")
    client.force_login(w.facilitator)
    staff = client.get("/monitoring/platform.pdf")
    assert staff.content[:5] == b"%PDF-"
    assert staff.content != first.content
