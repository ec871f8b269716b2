"""The calls REST API: public call reads, staff setup and verbs, private applications with
their verbs, eligibility, consortium and files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from smartregions.calls.domain.applications import (
    start_application,
    submit_application,
    withdraw_application,
)
from smartregions.calls.domain.calls import create_call
from smartregions.calls.domain.co_applicants import invite_co_applicant
from smartregions.calls.domain.questions import answer_question, ask_question
from smartregions.calls.domain.times import local_iso
from smartregions.calls.enums import CallType
from smartregions.calls.models import Application, Call
from tests.calls.conftest import PDF, make_eligible, pdf_file

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_public_call_list_and_detail(cw, call):
    create_call(actor=None, title="Hidden", type=CallType.PARTNERSHIP_EOI, opens_at=timezone.now())
    body = api().get("/api/v1/calls/").json()
    assert [c["slug"] for c in body["results"]] == [call.slug]
    detail = api().get(f"/api/v1/calls/{call.slug}/").json()
    assert detail["timezone"] == "Europe/Brussels"
    assert detail["deadline_local"] == local_iso(call.deadline, "Europe/Brussels")
    assert [f["key"] for f in detail["form_fields"]] == ["objectives_1", "budget"]
    assert [c["name"] for c in detail["criteria"]] == ["Relevance 1", "Impact"]
    assert api().get("/api/v1/calls/hidden/").status_code == 404
    assert api(cw.facilitator).get("/api/v1/calls/hidden/").status_code == 200


def test_list_filters_by_type(cw, call):
    assert api().get("/api/v1/calls/?type=industrial_transition").json()["results"] == []


def test_staff_create_with_wall_clock_times_and_presets(cw):
    response = api(cw.facilitator).post(
        "/api/v1/calls/",
        {
            "title": "Baltic hydrogen",
            "type": "investment_projects",
            "timezone": "Europe/Helsinki",
            "opens_at": "2030-01-10T09:00:00",
            "deadline": "2030-03-02T18:00:00",
            "full_application_deadline": "2030-06-01T12:00:00Z",
            "thematic_areas": ["hydrogen"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["deadline"] == "2030-03-02T16:00:00Z"
    assert body["deadline_local"] == "2030-03-02T18:00:00+02:00"
    assert body["full_application_deadline"] == "2030-06-01T12:00:00Z"
    assert (body["status"], body["is_two_stage"], body["min_countries"]) == ("draft", True, 3)
    assert body["thematic_areas"] == ["hydrogen"]


def test_create_reports_time_lost_to_the_clock_change(cw):
    response = api(cw.facilitator).post(
        "/api/v1/calls/",
        {"title": "Gap", "type": "partnership_eoi", "opens_at": "2030-03-31T02:30:00"},
        format="json",
    )
    assert response.status_code == 400
    assert "does not exist in Europe/Brussels" in response.json()["error"]["details"]["opens_at"][0]


def test_only_staff_write_calls(cw, call):
    payload = {"title": "X", "type": "partnership_eoi", "opens_at": "2030-01-01T00:00:00"}
    assert api().post("/api/v1/calls/", payload, format="json").status_code == 401
    assert api(cw.rep_cz).post("/api/v1/calls/", payload, format="json").status_code == 403
    assert api(cw.rep_cz).post(f"/api/v1/calls/{call.slug}/close/").status_code == 403
    assert api(cw.rep_cz).patch(f"/api/v1/calls/{call.slug}/", {"title": "Y"}).status_code == 403


def test_patch_publish_close_and_delete(cw, call):
    staff = api(cw.facilitator)
    ok = staff.patch(f"/api/v1/calls/{call.slug}/", {"title": "Renamed"}, format="json")
    assert ok.json()["title"] == "Renamed"
    frozen = staff.patch(f"/api/v1/calls/{call.slug}/", {"min_regions": 1}, format="json")
    assert frozen.status_code == 400
    assert "min_regions" in frozen.json()["error"]["details"]
    assert staff.delete(f"/api/v1/calls/{call.slug}/").status_code == 400
    assert staff.post(f"/api/v1/calls/{call.slug}/close/").json()["status"] == "closed"
    again = staff.post(f"/api/v1/calls/{call.slug}/close/")
    assert again.json()["error"]["details"] == {"status": ["Only a published call can be closed."]}
    draft = create_call(actor=None, title="Tmp", type="partnership_eoi", opens_at=timezone.now())
    refused = staff.post(f"/api/v1/calls/{draft.slug}/publish/")
    assert refused.status_code == 400
    assert staff.delete(f"/api/v1/calls/{draft.slug}/").status_code == 204
    assert not Call.objects.filter(slug="tmp").exists()


def test_call_setup_endpoints(cw):
    draft = create_call(
        actor=None,
        title="Setup",
        type="partnership_eoi",
        opens_at=timezone.now(),
        deadline=timezone.now() + dt.timedelta(days=30),
        is_rolling=True,
    )
    staff = api(cw.facilitator)
    base = f"/api/v1/calls/{draft.slug}"
    a = staff.post(f"{base}/fields/", {"label": "Goal", "type": "text"}, format="json").json()
    b = staff.post(
        f"{base}/fields/",
        {"label": "Sector", "type": "choice", "choices": ["Energy", "Heat"]},
        format="json",
    ).json()
    bad = staff.post(f"{base}/fields/", {"label": "Pick", "type": "choice"}, format="json")
    assert bad.json()["error"]["details"] == {"choices": ["Give at least two different choices."]}
    order = staff.post(
        f"{base}/fields/reorder/", {"stage": 1, "ids": [b["id"], a["id"]]}, format="json"
    )
    assert [f["key"] for f in order.json()] == ["sector", "goal"]
    patched = staff.patch(f"{base}/fields/{a['id']}/", {"label": "Main goal"}, format="json")
    assert patched.json()["label"] == "Main goal"
    assert staff.delete(f"{base}/fields/{b['id']}/").status_code == 204
    criterion = staff.post(f"{base}/criteria/", {"name": "Impact", "weight": "2.5"}, format="json")
    assert criterion.json()["weight"] == "2.50"
    cutoff = staff.post(f"{base}/cutoffs/", {"at": "2030-01-15T17:00:00"}, format="json")
    assert cutoff.status_code == 400  # after the final closing
    at = (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0)
    cutoff = staff.post(f"{base}/cutoffs/", {"at": at.isoformat()}, format="json")
    assert cutoff.status_code == 201
    assert api(cw.rep_cz).post(f"{base}/fields/", {"label": "X", "type": "text"}).status_code in (
        403,
        404,
    )
    assert api().get(f"{base}/fields/").status_code == 404  # a draft's setup is staff-only


def test_questions_endpoints(cw, call):
    answered = ask_question(actor=cw.plain, call=call, question="Public?")
    answer_question(actor=cw.facilitator, question=answered, answer="Yes.")
    ask_question(actor=cw.plain, call=call, question="Pending")
    base = f"/api/v1/calls/{call.slug}/questions/"
    assert [q["question"] for q in api().get(base).json()] == ["Public?"]
    assert len(api(cw.facilitator).get(base).json()) == 2
    assert api().post(base, {"question": "Anon?"}, format="json").status_code == 401
    asked = api(cw.rep_cz).post(base, {"question": "Budget cap?"}, format="json")
    assert asked.status_code == 201
    answer = api(cw.facilitator).post(
        f"{base}{asked.json()['id']}/answer/", {"answer": "None.", "publish": True}, format="json"
    )
    assert (answer.json()["answer"], answer.json()["is_published"]) == ("None.", True)
    assert (
        api(cw.rep_cz).post(f"{base}{asked.json()['id']}/answer/", {"answer": "x"}).status_code
        == 403
    )


def test_application_lifecycle_through_the_api(cw, call):
    lead = api(cw.rep_cz)
    created = lead.post(
        "/api/v1/applications/",
        {"call": call.slug, "title": "Valleys", "lead_region": "CZ06", "thematic_area": "hydrogen"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    base = f"/api/v1/applications/{pk}"
    bad = lead.patch(base + "/", {"answers": {"budget": "lots"}}, format="json")
    assert bad.json()["error"]["details"] == {"answers.budget": ["Budget (EUR): Enter a number."]}
    lead.patch(base + "/", {"answers": {"objectives_1": "Plan", "budget": 10}}, format="json")
    checks = lead.get(base + "/eligibility/").json()
    assert checks[1] == {
        "rule": "regions",
        "ok": False,
        "message": "1 region in the consortium; the call needs at least 3.",
    }
    sk = lead.post(base + "/co-applicants/", {"region": "SK01"}, format="json").json()
    de = lead.post(
        base + "/co-applicants/", {"organisation": cw.institute.slug}, format="json"
    ).json()
    confirm = api(cw.rep_sk).post(
        f"{base}/co-applicants/{sk['id']}/confirm/",
        {"commitment_letter": pdf_file("sk.pdf")},
        format="multipart",
    )
    assert confirm.json()["status"] == "confirmed"
    api(cw.institute_member).post(
        f"{base}/co-applicants/{de['id']}/confirm/",
        {"commitment_letter": pdf_file("de.pdf")},
        format="multipart",
    )
    assert all(c["ok"] for c in lead.get(base + "/eligibility/").json())
    upload = lead.post(
        base + "/attachments/",
        {"kind": "budget", "file": SimpleUploadedFile("budget.pdf", PDF)},
        format="multipart",
    )
    assert upload.status_code == 201
    spoofed = lead.post(
        base + "/attachments/",
        {"kind": "budget", "file": SimpleUploadedFile("x.pdf", b"PK\x03\x04")},
        format="multipart",
    )
    assert spoofed.json()["error"]["details"] == {
        "file": ["x.pdf is not a real PDF file (its content says otherwise)."]
    }
    download = api(cw.rep_sk).get(f"{base}/attachments/{upload.json()['id']}/download/")
    assert download["Content-Disposition"] == 'attachment; filename="budget.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    submitted = lead.post(base + "/submit/").json()
    assert submitted["status"] == "submitted"
    assert [h["to_status"] for h in submitted["history"]] == ["draft", "submitted"]
    assert lead.post(base + "/submit/").json()["error"]["details"] == {
        "status": ["The application is already submitted."]
    }
    assert lead.get(base + "/eligibility/").json() == []
    withdrawn = lead.post(base + "/withdraw/", {"reason": "Merged"}, format="json")
    assert withdrawn.json()["status"] == "withdrawn"


def test_leading_for_someone_elses_region_is_forbidden(cw, call):
    response = api(cw.rep_cz).post(
        "/api/v1/applications/",
        {"call": call.slug, "title": "Not mine", "lead_region": "SK01"},
        format="json",
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_starting_on_a_draft_call_answers_as_for_an_unknown_call(cw):
    draft_call = create_call(
        actor=None, title="Secret draft", type=CallType.PARTNERSHIP_EOI, opens_at=timezone.now()
    )
    client = api(cw.rep_cz)
    answers = [
        client.post(
            "/api/v1/applications/",
            {"call": slug, "title": "T", "lead_region": "CZ06"},
            format="json",
        )
        for slug in (draft_call.slug, "no-such-call")
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert [a.json()["error"]["details"] for a in answers] == [
        {"call": [f"Object with slug={slug} does not exist."]}
        for slug in (draft_call.slug, "no-such-call")
    ]
    assert not Application.objects.exists()


def test_staff_list_no_first_draft_withdrawn_before_submission(cw, eligible, call):
    withdraw_application(actor=cw.rep_cz, application=eligible, reason="Not this year")
    submitted = make_eligible(
        cw, start_application(actor=cw.rep_cz, call=call, title="Sent", lead_region=cw.cz06)
    )
    submit_application(actor=cw.rep_cz, application=submitted)
    staff = api(cw.facilitator)
    listed = staff.get("/api/v1/applications/").json()["results"]
    assert [a["id"] for a in listed] == [submitted.pk]
    assert staff.get(f"/api/v1/applications/{eligible.pk}/").status_code == 403
    assert staff.get(f"/api/v1/applications/{eligible.pk}/attachments/").status_code == 403


def test_applications_are_private(cw, draft):
    invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01)
    assert api().get("/api/v1/applications/").status_code == 401
    assert [a["id"] for a in api(cw.rep_sk).get("/api/v1/applications/").json()["results"]] == [
        draft.pk
    ]
    assert api(cw.rep_at).get("/api/v1/applications/").json()["results"] == []
    assert api(cw.rep_at).get(f"/api/v1/applications/{draft.pk}/").status_code == 403
    assert api(cw.facilitator).get(f"/api/v1/applications/{draft.pk}/").status_code == 403
    assert (
        api(cw.rep_sk)
        .patch(f"/api/v1/applications/{draft.pk}/", {"title": "Mine now"}, format="json")
        .status_code
        == 403
    )
    assert api(cw.rep_at).get(f"/api/v1/applications/{draft.pk}/attachments/").status_code == 403


def test_invited_side_declines_and_lead_removes(cw, draft):
    co = invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01)
    base = f"/api/v1/applications/{draft.pk}/co-applicants/{co.pk}"
    assert api(cw.rep_cz).post(base + "/decline/").status_code == 403
    declined = api(cw.rep_sk).post(base + "/decline/", {"message": "No"}, format="json")
    assert declined.json()["status"] == "declined"
    assert api(cw.rep_sk).delete(base + "/").status_code == 403
    assert api(cw.rep_cz).delete(base + "/").status_code == 204


def test_application_list_query_count_is_flat(cw, eligible, django_assert_num_queries):
    client = api(cw.rep_cz)
    client.get("/api/v1/applications/")  # the roles are then memoised on the user object
    # count; applications with call, leads and cut-off; call areas, fields, cut-offs;
    # co-applicants; attachments; history; decisions
    with django_assert_num_queries(9):
        client.get("/api/v1/applications/")
    for title in ("B", "C"):
        other = Application.objects.create(
            call=eligible.call, title=title, lead_region=cw.cz06, created_by=cw.rep_cz
        )
        invite_co_applicant(actor=None, application=other, region=cw.sk01)
    with django_assert_num_queries(9):
        client.get("/api/v1/applications/")
