"""The monitoring API: reports with their workflow verbs, downloads, the dashboard, and a
warning-free OpenAPI description of these endpoints."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings
from openpyxl import load_workbook
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

from smartregions.api.v1 import monitoring as monitoring_api
from smartregions.partnerships.enums import ReportStatus
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import PartnershipFactory, ProgressReportFactory

AFTER_H1 = "2026-07-10 12:00Z"
BASE = "/api/v1/monitoring/reports/"
#: What the lead adds to SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] for these endpoints.
MONITORING_ENUMS = {"ProgressReportStatusEnum": "smartregions.partnerships.enums.ReportStatus"}
NARRATIVE = {
    "achievements": "Visits.",
    "results": "A project.",
    "challenges": "State aid.",
    "next_steps": "I3.",
}


@pytest.fixture
def w(db):
    return monitoring_world()


@pytest.fixture
def draft(w):
    return ProgressReportFactory(partnership=w.p, **NARRATIVE)


def as_user(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_reports_need_a_signed_in_user(w, draft):
    response = as_user(None).get(BASE)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_list_shows_each_user_the_reports_they_may_read(w, draft):
    other = ProgressReportFactory(partnership=PartnershipFactory(slug="wind"))
    assert as_user(w.plain).get(BASE).json()["count"] == 0
    body = as_user(w.member_rep).get(BASE).json()
    assert [r["id"] for r in body["results"]] == [draft.pk]
    staff = as_user(w.facilitator).get(BASE).json()
    assert sorted(r["id"] for r in staff["results"]) == sorted([draft.pk, other.pk])


@time_machine.travel(AFTER_H1, tick=False)
def test_report_detail_has_live_indicators_while_drafted(w, draft):
    body = as_user(w.expert).get(f"{BASE}{draft.pk}/").json()
    assert body["period"] == "2026-H1"
    assert body["partnership"] == {
        "slug": "hydrogen-valleys",
        "name": "Hydrogen valleys",
        "thematic_platform": "energy",
    }
    assert (body["status"], body["overdue"], body["indicators_frozen"]) == ("draft", False, False)
    assert body["indicators"]["funding_secured"]["total"] == "600000.00"
    assert body["indicators"]["as_of"] == "2026-07-10T12:00:00+00:00"


@pytest.mark.parametrize(
    ("query", "field"), [("status=bogus", "status"), ("period=2026-H9", "period")]
)
def test_bad_filters_are_400_naming_the_parameter(w, query, field):
    response = as_user(w.facilitator).get(f"{BASE}?{query}")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == [field]


def test_filters_narrow_the_list(w, draft):
    ProgressReportFactory(
        partnership=PartnershipFactory(slug="wind", thematic_platform=w.mobility),
        status=ReportStatus.SUBMITTED,
        submitted_at=dt.datetime(2026, 7, 3, tzinfo=dt.UTC),
    )
    client = as_user(w.facilitator)
    assert client.get(f"{BASE}?status=submitted").json()["count"] == 1
    assert client.get(f"{BASE}?platform=energy").json()["count"] == 1
    assert client.get(f"{BASE}?partnership=wind").json()["count"] == 1
    assert client.get(f"{BASE}?period=2025-H2").json()["count"] == 0


def test_outsiders_get_403_on_a_report(w, draft):
    assert as_user(w.other_rep).get(f"{BASE}{draft.pk}/").status_code == 403


@time_machine.travel(AFTER_H1, tick=False)
def test_leader_opens_a_period(w):
    response = as_user(w.lead_rep).post(BASE, {"partnership": "hydrogen-valleys"})
    assert response.status_code == 201
    assert (response.json()["period"], response.json()["due_date"]) == ("2026-H2", "2027-01-31")
    again = as_user(w.lead_rep).post(BASE, {"partnership": "hydrogen-valleys"})
    assert again.status_code == 400
    assert again.json()["error"]["details"] == {
        "period_start": ["The report for July-December 2026 exists already."]
    }
    refused = as_user(w.member_rep).post(
        BASE, {"partnership": "hydrogen-valleys", "period_start": "2026-01-01"}
    )
    assert refused.status_code == 403
    assert as_user(w.lead_rep).post(BASE, {"partnership": "nope"}).status_code == 404


def test_patch_changes_only_the_given_fields(w, draft):
    response = as_user(w.colead_rep).patch(
        f"{BASE}{draft.pk}/", {"events_held": 4, "results": "Two projects."}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["events_held"], body["results"], body["achievements"]) == (
        4,
        "Two projects.",
        "Visits.",
    )
    assert as_user(w.member_rep).patch(f"{BASE}{draft.pk}/", {"results": "x"}).status_code == 403
    negative = as_user(w.lead_rep).patch(f"{BASE}{draft.pk}/", {"events_held": -1})
    assert list(negative.json()["error"]["details"]) == ["events_held"]


@time_machine.travel(AFTER_H1, tick=False)
def test_workflow_verbs(w, draft):
    submitted = as_user(w.lead_rep).post(f"{BASE}{draft.pk}/submit/")
    assert (submitted.json()["status"], submitted.json()["indicators_frozen"]) == (
        "submitted",
        True,
    )
    locked = as_user(w.lead_rep).patch(f"{BASE}{draft.pk}/", {"results": "x"})
    assert locked.json()["error"]["details"] == {
        "status": ["A report that is submitted cannot be changed."]
    }
    assert as_user(w.lead_rep).post(f"{BASE}{draft.pk}/accept/").status_code == 403
    no_comment = as_user(w.facilitator).post(f"{BASE}{draft.pk}/request-changes/", {})
    assert no_comment.json()["error"]["details"] == {
        "comment": ["Say what the partners should change."]
    }
    back = as_user(w.facilitator).post(
        f"{BASE}{draft.pk}/request-changes/", {"comment": "More detail."}
    )
    assert (back.json()["status"], back.json()["review_comment"]) == (
        "changes_requested",
        "More detail.",
    )
    as_user(w.lead_rep).post(f"{BASE}{draft.pk}/submit/")
    accepted = as_user(w.facilitator).post(f"{BASE}{draft.pk}/accept/", {"comment": ""})
    assert (accepted.json()["status"], accepted.json()["reviewed_by"]) == (
        "accepted",
        "Fiona Facilitator",
    )


def test_report_pdf_and_exports(w, draft):
    pdf = as_user(w.member_rep).get(f"{BASE}{draft.pk}/pdf/")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    xlsx = as_user(w.member_rep).get(f"{BASE}export/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[0][0], rows[1][0], len(rows)) == ("report_id", draft.pk, 2)
    bad = as_user(w.member_rep).get(f"{BASE}export/?format=pdf")
    assert bad.status_code == 400
    assert list(bad.json()["error"]["details"]) == ["format"]
    assert as_user(None).get(f"{BASE}export/").status_code == 401


@time_machine.travel(AFTER_H1, tick=False)
def test_dashboard_json_public_and_staff(w):
    public = as_user(None).get("/api/v1/monitoring/dashboard/").json()
    assert (public["staff"], public["partnerships_total"], public["reports"]) == (False, 1, None)
    assert public["partnerships_by_status"] == {"active": 1, "closed": 0}
    assert public["funding_secured"] == "600000.00"
    assert {"source": "erdf_interreg", "status": "secured", "amount": "600000.00"} in public[
        "funding"
    ]
    assert public["trends"][2] == {
        "period": "2026-H1",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "partnerships_launched": 0,
        "projects_created": 1,
        "projects_funded": 1,
        "secured": "600000.00",
    }
    assert [r["code"] for r in public["regions"]] == ["CZ06", "DE11", "SK01"]
    staff = as_user(w.facilitator).get("/api/v1/monitoring/dashboard/").json()
    assert (staff["staff"], staff["partnerships_total"]) == (True, 2)
    assert staff["reports"] == {
        "drafting": 0,
        "due_soon": 0,
        "overdue": 0,
        "submitted": 0,
        "changes_requested": 0,
        "accepted": 0,
    }


def test_dashboard_and_partnership_pdfs(w):
    platform = as_user(None).get("/api/v1/monitoring/dashboard/pdf/")
    assert (platform.status_code, platform.content[:5]) == (200, b"%PDF-")
    url = "/api/v1/monitoring/partnerships/hydrogen-valleys/pdf/"
    assert as_user(None).get(url).status_code == 401
    assert as_user(w.plain).get(url).status_code == 403
    assert as_user(w.member_rep).get(url).content[:5] == b"%PDF-"
    assert (
        as_user(w.facilitator).get("/api/v1/monitoring/partnerships/nope/pdf/").status_code == 404
    )


def test_schema_of_the_monitoring_endpoints_has_no_warnings(db):
    router = DefaultRouter()
    monitoring_api.register(router)
    patterns = [path("api/v1/", include([*monitoring_api.urlpatterns, *router.urls]))]
    overrides = settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] | MONITORING_ENUMS
    GENERATOR_STATS.reset()
    with patched_settings({"ENUM_NAME_OVERRIDES": overrides}):
        schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS, dict(GENERATOR_STATS._warn_cache)
    assert "/api/v1/monitoring/reports/{id}/request-changes/" in schema["paths"]
    assert schema["components"]["schemas"]["ProgressReportStatusEnum"]["enum"] == [
        "draft",
        "submitted",
        "changes_requested",
        "accepted",
    ]


def test_forming_partnership_is_not_found_for_outsiders(w):
    body = {"partnership": "forming-batteries"}
    assert as_user(w.member_rep).post(BASE, body).status_code == 404
    pdf = "/api/v1/monitoring/partnerships/forming-batteries/pdf/"
    assert as_user(w.member_rep).get(pdf).status_code == 404
    assert as_user(w.other_rep).get(pdf).status_code == 200  # represents F's lead region


@time_machine.travel("2026-07-10 12:00Z", tick=False)
def test_public_platform_pdf_is_served_from_the_cache(w, django_assert_num_queries):
    first = as_user(None).get("/api/v1/monitoring/dashboard/pdf/")
    with django_assert_num_queries(0):
        again = as_user(None).get("/api/v1/monitoring/dashboard/pdf/")
    assert (again.status_code, again.content) == (200, first.content)
    staff = as_user(w.facilitator).get("/api/v1/monitoring/dashboard/pdf/")
    assert staff.content != first.content
