"""Progress-report pages through Django's test client: access, drafting with htmx, the workflow
buttons, the report list with its filters and downloads, and bounded query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine

from smartregions.common.middleware import POLICY
from smartregions.partnerships.enums import PartnershipStatus, ReportStatus
from smartregions.partnerships.models import ProgressReport
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import PartnershipFactory, ProgressReportFactory

AFTER_H1 = "2026-07-10 12:00Z"
NARRATIVE = {
    "events_held": "2",
    "achievements": "A study visit to Stuttgart.",
    "results": "One joint project funded.",
    "challenges": "State-aid checks.",
    "next_steps": "The I3 application.",
}
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def w(db):
    return monitoring_world()


@pytest.fixture
def draft(w):
    return ProgressReportFactory(partnership=w.p)


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _no_inline_code(html: str) -> None:
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html


# --- the partnership's reports ----------------------------------------------------------


def test_reports_page_sends_anonymous_visitors_to_the_login(client, w):
    response = client.get("/partnerships/hydrogen-valleys/reports/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/partnerships/hydrogen-valleys/reports/"


@pytest.mark.parametrize(
    ("user", "code"),
    [
        ("plain", 403),
        ("other_rep", 403),
        ("pool_expert", 403),
        ("member_rep", 200),
        ("expert", 200),
        ("facilitator", 200),
    ],
)
def test_reports_page_is_for_members_experts_and_staff(client, w, user, code):
    client.force_login(getattr(w, user))
    assert client.get("/partnerships/hydrogen-valleys/reports/").status_code == code


@time_machine.travel(AFTER_H1, tick=False)
def test_leader_starts_a_missing_period_from_the_reports_page(client, w):
    client.force_login(w.lead_rep)
    page = _page(client.get("/partnerships/hydrogen-valleys/reports/"))
    assert "Start the report for January-June 2026" in page
    assert "Start the report for July-December 2026" in page
    assert page.count('name="period_start"') == 2
    response = client.post(
        "/partnerships/hydrogen-valleys/reports/start/", {"period_start": "2026-01-01"}
    )
    report = ProgressReport.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/"
    assert report.period_start == dt.date(2026, 1, 1)
    page = _page(client.get("/partnerships/hydrogen-valleys/reports/"))
    assert "Start the report for January-June 2026" not in page
    assert "Overdue" not in page


@time_machine.travel(AFTER_H1, tick=False)
def test_members_cannot_start_reports(client, w):
    client.force_login(w.member_rep)
    page = _page(client.get("/partnerships/hydrogen-valleys/reports/"))
    assert "Start the report" not in page
    response = client.post(
        "/partnerships/hydrogen-valleys/reports/start/", {"period_start": "2026-01-01"}
    )
    assert response.status_code == 403
    assert client.get("/partnerships/hydrogen-valleys/reports/start/").status_code == 405


@time_machine.travel("2026-08-05 12:00Z", tick=False)
def test_reports_page_marks_overdue_reports_and_offers_downloads(client, w, draft):
    client.force_login(w.member_rep)
    page = _page(client.get("/partnerships/hydrogen-valleys/reports/"))
    assert "January-June 2026" in page
    assert "Overdue" in page
    for fmt in ("csv", "xlsx", "pdf"):
        assert f"/partnerships/hydrogen-valleys/reports/export.{fmt}" in page
    response = client.get("/partnerships/hydrogen-valleys/reports/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-reports-hydrogen-valleys.csv"'
    )
    assert [row[4] for row in rows] == ["period", "2026-H1"]
    pdf = client.get("/partnerships/hydrogen-valleys/reports/export.pdf")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    assert client.get("/partnerships/hydrogen-valleys/reports/export.doc").status_code == 404


def test_reports_page_query_count_does_not_grow_with_reports(client, w, django_assert_num_queries):
    client.force_login(w.member_rep)
    ProgressReportFactory(partnership=w.p)
    client.get("/partnerships/hydrogen-valleys/reports/")  # warm the content-type cache
    with django_assert_num_queries(8):
        client.get("/partnerships/hydrogen-valleys/reports/")
    for start, end, due in (
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 31)),
        (dt.date(2025, 7, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 31)),
    ):
        ProgressReportFactory(partnership=w.p, period_start=start, period_end=end, due_date=due)
    with django_assert_num_queries(8):
        page = _page(client.get("/partnerships/hydrogen-valleys/reports/"))
    assert page.count("/reports/") >= 3


# --- one report -------------------------------------------------------------------------


def test_leader_sees_the_live_indicators_and_the_form(client, w, draft):
    client.force_login(w.lead_rep)
    response = client.get(f"/reports/{draft.pk}/")
    page = _page(response)
    assert response.headers["Content-Security-Policy"] == POLICY
    _no_inline_code(page)
    assert "Computed now" in page
    assert f'hx-post="/reports/{draft.pk}/edit/"' in page
    assert "Submit the report" in page
    assert "Accept the report" not in page
    assert "Jihovýchod" in page  # a member region in the indicators


def test_member_reads_the_report_without_forms(client, w, draft):
    client.force_login(w.member_rep)
    page = _page(client.get(f"/reports/{draft.pk}/"))
    assert "/edit/" not in page
    assert "Submit the report" not in page
    assert client.post(f"/reports/{draft.pk}/edit/", NARRATIVE).status_code == 403
    assert client.post(f"/reports/{draft.pk}/submit/").status_code == 403


@pytest.mark.parametrize("user", ["plain", "other_rep", "pool_expert"])
def test_outsiders_cannot_read_a_report(client, w, draft, user):
    client.force_login(getattr(w, user))
    assert client.get(f"/reports/{draft.pk}/").status_code == 403
    assert client.get(f"/reports/{draft.pk}/report.pdf").status_code == 403


def test_report_pages_send_anonymous_visitors_to_the_login(client, draft):
    for url in (f"/reports/{draft.pk}/", "/reports/", f"/reports/{draft.pk}/report.pdf"):
        assert client.get(url)["Location"].startswith("/account/login/?next=")


def test_htmx_save_swaps_only_the_form(client, w, draft):
    client.force_login(w.lead_rep)
    response = client.post(f"/reports/{draft.pk}/edit/", NARRATIVE, **HTMX)
    page = _page(response)
    assert page.startswith('<div id="report-form">')
    assert "Saved." in page
    draft.refresh_from_db()
    assert (draft.events_held, draft.next_steps) == (2, "The I3 application.")
    response = client.post(f"/reports/{draft.pk}/edit/", NARRATIVE | {"events_held": "-1"}, **HTMX)
    page = _page(response)
    assert "Saved." not in page
    assert "Ensure this value is greater than or equal to 0." in page


def test_plain_save_redirects_or_shows_the_errors(client, w, draft):
    client.force_login(w.lead_rep)
    response = client.post(f"/reports/{draft.pk}/edit/", NARRATIVE)
    assert response["Location"] == f"/reports/{draft.pk}/"
    page = _page(client.post(f"/reports/{draft.pk}/edit/", NARRATIVE | {"events_held": ""}))
    assert "Please correct the errors below" in page
    assert client.get(f"/reports/{draft.pk}/edit/").status_code == 405


@time_machine.travel(AFTER_H1, tick=False)
def test_submit_then_review_through_the_pages(client, w, draft):
    client.force_login(w.colead_rep)
    client.post(f"/reports/{draft.pk}/edit/", NARRATIVE)
    client.post(f"/reports/{draft.pk}/submit/")
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    client.force_login(w.facilitator)
    page = _page(client.get(f"/reports/{draft.pk}/"))
    assert "Accept the report" in page
    assert "As submitted" in page
    response = client.post(f"/reports/{draft.pk}/request-changes/", {"comment": ""}, follow=True)
    assert "Say what the partners should change." in response.content.decode()
    client.post(f"/reports/{draft.pk}/request-changes/", {"comment": "Count the events."})
    draft.refresh_from_db()
    assert (draft.status, draft.review_comment) == (
        ReportStatus.CHANGES_REQUESTED,
        "Count the events.",
    )
    client.force_login(w.lead_rep)
    page = _page(client.get(f"/reports/{draft.pk}/"))
    assert "Changes requested by the facilitators" in page
    assert "Count the events." in page
    client.post(f"/reports/{draft.pk}/submit/")
    client.force_login(w.facilitator)
    client.post(f"/reports/{draft.pk}/accept/", {"comment": "Thanks"})
    draft.refresh_from_db()
    assert draft.status == ReportStatus.ACCEPTED
    page = _page(client.get(f"/reports/{draft.pk}/"))
    assert "Accepted by Fiona Facilitator" in page
    assert "Changes requested: Count the events." in page  # the history


@time_machine.travel("2026-06-01 12:00Z", tick=False)
def test_early_submission_is_refused_with_a_message(client, w, draft):
    client.force_login(w.lead_rep)
    response = client.post(f"/reports/{draft.pk}/submit/", follow=True)
    assert "The report can be submitted from 2026-06-30" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_unknown_verbs_and_staff_only_verbs(client, w, draft):
    client.force_login(w.lead_rep)
    assert client.post(f"/reports/{draft.pk}/publish/").status_code == 404
    assert client.post(f"/reports/{draft.pk}/accept/").status_code == 403


def test_report_pdf_downloads(client, w, draft):
    client.force_login(w.expert)
    response = client.get(f"/reports/{draft.pk}/report.pdf")
    assert response["Content-Disposition"] == (
        'attachment; filename="progress-report-hydrogen-valleys-2026-H1.pdf"'
    )
    assert response.content[:5] == b"%PDF-"


def test_report_page_query_count_is_fixed(client, w, draft, django_assert_num_queries):
    client.force_login(w.lead_rep)
    client.get(f"/reports/{draft.pk}/")
    # session, user, report (+ members, expert team), role summary (2), live indicators (5),
    # history (its content type is cached)
    with django_assert_num_queries(13):
        client.get(f"/reports/{draft.pk}/")


# --- the report list --------------------------------------------------------------------


@pytest.fixture
def two_partnerships(w, draft):
    other = PartnershipFactory(slug="wind", name="Offshore wind", thematic_platform=w.mobility)
    ProgressReportFactory(
        partnership=other,
        status=ReportStatus.SUBMITTED,
        submitted_at=dt.datetime(2026, 7, 5, tzinfo=dt.UTC),
    )
    return other


def test_report_list_shows_staff_everything_and_members_theirs(client, w, two_partnerships):
    client.force_login(w.facilitator)
    page = _page(client.get("/reports/"))
    assert "2 reports" in page
    assert "Offshore wind" in page
    client.force_login(w.member_rep)
    page = _page(client.get("/reports/"))
    assert "1 report" in page
    assert "Offshore wind" not in page


def test_report_list_filters_with_htmx(client, w, two_partnerships):
    client.force_login(w.facilitator)
    page = _page(client.get("/reports/?status=submitted", **HTMX))
    assert not page.lstrip().startswith("<!DOCTYPE")
    assert "1 report" in page
    assert "Offshore wind" in page
    assert "/reports/export.csv?status=submitted" in page
    assert "1 report" in _page(client.get("/reports/?platform=energy"))
    assert "0 reports" in _page(client.get("/reports/?period=2025-H2"))
    page = _page(client.get("/reports/?period=2026-H3"))
    assert "Write a period as 2026-H1 or 2026-H2." in page


@time_machine.travel("2026-08-05 12:00Z", tick=False)
def test_report_list_overdue_filter_and_export(client, w, two_partnerships):
    client.force_login(w.facilitator)
    page = _page(client.get("/reports/?overdue=on"))
    assert "1 report" in page
    assert "Hydrogen valleys" in page
    response = client.get("/reports/export.csv?overdue=on")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[2] for row in rows] == ["partnership_slug", "hydrogen-valleys"]
    xlsx = client.get("/reports/export.xlsx")
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert client.get("/reports/export.pdf").status_code == 404


def test_report_list_query_count_does_not_grow(
    client, w, two_partnerships, django_assert_num_queries
):
    client.force_login(w.facilitator)
    client.get("/reports/")
    # session, user, role summary (2), count, page (+ members, expert team)
    with django_assert_num_queries(8):
        client.get("/reports/")
    for n in range(3):
        ProgressReportFactory(
            partnership=PartnershipFactory(slug=f"extra-{n}", thematic_platform=w.energy)
        )
    with django_assert_num_queries(8):
        page = _page(client.get("/reports/"))
    assert "5 reports" in page


# --- a forming partnership's reports are not revealed -----------------------------------


@pytest.mark.parametrize("path", ["reports/", "reports/export.csv", "reports/export.pdf"])
def test_forming_partnership_reports_are_not_found_for_outsiders(client, w, path):
    # Anonymous and unrelated users get the answer of a slug that does not exist.
    url = f"/partnerships/forming-batteries/{path}"
    assert client.get(url).status_code == 404
    client.force_login(w.plain)
    assert client.get(url).status_code == 404
    assert client.get(f"/partnerships/no-such-partnership/{path}").status_code == 404
    client.force_login(w.other_rep)  # represents F's lead region
    assert client.get(url).status_code == 200


def test_starting_a_report_of_a_forming_partnership_is_not_found_for_outsiders(client, w):
    url = "/partnerships/forming-batteries/reports/start/"
    data = {"period_start": "2026-01-01"}
    assert client.post(url, data).status_code == 404
    client.force_login(w.member_rep)
    assert client.post(url, data).status_code == 404
    assert client.post("/partnerships/no-such-partnership/reports/start/", data).status_code == 404
    assert not ProgressReport.objects.exists()


@time_machine.travel(AFTER_H1, tick=False)
def test_closed_partnership_offers_forms_for_its_final_report_only(client, w, draft):
    earlier = ProgressReportFactory(
        partnership=w.p,
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
        due_date=dt.date(2026, 1, 31),
    )
    w.p.status = PartnershipStatus.CLOSED
    w.p.closed_at = dt.datetime(2026, 5, 15, 10, tzinfo=dt.UTC)
    w.p.save()
    client.force_login(w.lead_rep)
    final_page = _page(client.get(f"/reports/{draft.pk}/"))
    assert f'hx-post="/reports/{draft.pk}/edit/"' in final_page
    assert "Submit the report" in final_page
    earlier_page = _page(client.get(f"/reports/{earlier.pk}/"))
    assert "/edit/" not in earlier_page
    assert "Submit the report" not in earlier_page
    response = client.post(f"/reports/{earlier.pk}/submit/", follow=True)
    assert (
        "Hydrogen valleys has closed: only its final report, for January-June 2026, can still be "
        "submitted." in response.content.decode()
    )
