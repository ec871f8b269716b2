"""Application pages through Django's test client: start, the workspace with its live
checklist, the consortium, files, submit, withdraw, "My applications", query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from smartregions.calls.domain.applications import (
    start_application,
    submit_application,
    withdraw_application,
)
from smartregions.calls.domain.attachments import upload_attachment
from smartregions.calls.domain.calls import create_call
from smartregions.calls.domain.co_applicants import invite_co_applicant
from smartregions.calls.enums import CallType
from smartregions.calls.models import Application, CoApplicant, Decision
from smartregions.common.middleware import POLICY
from tests.calls.conftest import PDF, make_call, make_eligible, pdf_file
from tests.calls.test_web_calls import _html

pytestmark = pytest.mark.django_db


def test_start_offers_only_the_users_own_regions(client, cw, call):
    client.force_login(cw.rep_cz)
    html = _html(client.get(f"/calls/{call.slug}/apply/"))
    assert "CZ06 Jihovýchod" in html
    assert "SK01" not in html
    refused = client.post(
        f"/calls/{call.slug}/apply/", {"lead_region": cw.sk01.pk, "title": "Not mine"}
    )
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    response = client.post(
        f"/calls/{call.slug}/apply/",
        {"lead_region": cw.cz06.pk, "title": "Valleys", "thematic_area": cw.hydrogen.pk},
    )
    application = Application.objects.get()
    assert response["Location"] == f"/applications/{application.pk}/"
    assert (application.lead_region, application.created_by) == (cw.cz06, cw.rep_cz)


def test_start_needs_a_party_and_sign_in(client, cw, call):
    assert client.get(f"/calls/{call.slug}/apply/")["Location"].startswith("/account/login/")
    client.force_login(cw.plain)
    assert client.get(f"/calls/{call.slug}/apply/").status_code == 403


def test_applying_to_a_draft_call_is_not_found(client, cw):
    draft_call = create_call(
        actor=None, title="Secret draft", type=CallType.PARTNERSHIP_EOI, opens_at=timezone.now()
    )
    url = f"/calls/{draft_call.slug}/apply/"
    # Not a sign-in page nor a 403: either would tell that the draft exists.
    assert client.get(url).status_code == 404
    client.force_login(cw.rep_cz)
    assert client.get(url).status_code == 404
    assert client.post(url, {"lead_region": cw.cz06.pk, "title": "T"}).status_code == 404
    assert not Application.objects.exists()


def test_workspace_shows_the_live_checklist(client, cw, draft):
    client.force_login(cw.rep_cz)
    html = _html(client.get(f"/applications/{draft.pk}/"))
    assert f'hx-get="/applications/{draft.pk}/eligibility/"' in html
    assert 'hx-trigger="eligibility-changed from:body, every 60s"' in html
    assert "Not ready to submit yet:" in html
    assert "1 region in the consortium; the call needs at least 3." in html
    fragment = _html(client.get(f"/applications/{draft.pk}/eligibility/"))
    assert "<h1>" not in fragment
    assert '<li class="fail">' in fragment


def test_htmx_save_swaps_the_form_and_refreshes_the_checklist(client, cw, draft):
    client.force_login(cw.rep_cz)
    response = client.post(
        f"/applications/{draft.pk}/edit/",
        {
            "title": "Valleys",
            "thematic_area": cw.hydrogen.pk,
            "answers.objectives_1": "Three valleys",
            "answers.budget": "1500000",
        },
        headers={"HX-Request": "true"},
    )
    html = _html(response)
    assert response["HX-Trigger"] == "eligibility-changed"
    assert html.startswith('<form id="application-form"')
    assert "Your draft was saved." in html
    draft.refresh_from_db()
    assert draft.answers == {"objectives_1": "Three valleys", "budget": 1500000}
    checklist = _html(client.get(f"/applications/{draft.pk}/eligibility/"))
    assert "Every required question is answered." in checklist


def test_plain_save_redirects_and_errors_name_the_field(client, cw, draft):
    client.force_login(cw.rep_cz)
    url = f"/applications/{draft.pk}/edit/"
    response = client.post(url, {"title": "Valleys", "answers.objectives_1": "Plan"})
    assert response["Location"] == f"/applications/{draft.pk}/"
    bad = client.post(url, {"title": "", "answers.budget": "lots"}, headers={"HX-Request": "true"})
    html = bad.content.decode()
    assert "HX-Trigger" not in bad
    assert "Budget (EUR): Enter a number." in html


def test_consortium_flow_through_the_pages(client, cw, draft):
    client.force_login(cw.rep_cz)
    client.post(f"/applications/{draft.pk}/invite/", {"invite-region": "sk01"})
    client.post(
        f"/applications/{draft.pk}/invite/",
        {"invite-organisation": cw.institute.slug, "invite-message": "Join us"},
    )
    assert draft.co_applicants.count() == 2
    sk = draft.co_applicants.get(region=cw.sk01)
    client.force_login(cw.rep_sk)
    page = _html(client.get(f"/applications/{draft.pk}/"))
    assert "SK01 Bratislavský kraj is invited to join this application" in page
    assert 'id="application-form"' not in page  # co-applicants read, they do not edit
    response = client.post(
        f"/applications/{draft.pk}/co-applicants/{sk.pk}/confirm/",
        {f"confirm-{sk.pk}-commitment_letter": pdf_file("sk-letter.pdf")},
    )
    assert response["Location"] == f"/applications/{draft.pk}/"
    sk.refresh_from_db()
    assert (sk.status, sk.commitment_letter.original_name) == ("confirmed", "sk-letter.pdf")
    institute = draft.co_applicants.get(organisation=cw.institute)
    client.force_login(cw.institute_member)
    client.post(
        f"/applications/{draft.pk}/co-applicants/{institute.pk}/decline/",
        {f"decline-{institute.pk}-message": "No budget"},
    )
    institute.refresh_from_db()
    assert (institute.status, institute.message) == ("declined", "No budget")
    assert client.get(f"/applications/{draft.pk}/").status_code == 403  # declined: no access
    client.force_login(cw.rep_cz)
    client.post(f"/applications/{draft.pk}/co-applicants/{institute.pk}/remove/")
    assert not CoApplicant.objects.filter(pk=institute.pk).exists()


def test_only_the_invited_side_answers(client, cw, draft):
    co = invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01)
    client.force_login(cw.rep_cz)
    response = client.post(f"/applications/{draft.pk}/co-applicants/{co.pk}/decline/")
    assert response.status_code == 403
    client.force_login(cw.rep_sk)
    response = client.post(f"/applications/{draft.pk}/co-applicants/{co.pk}/remove/")
    assert response.status_code == 403


def test_upload_and_permission_checked_download(client, cw, eligible):
    client.force_login(cw.rep_cz)
    client.post(
        f"/applications/{eligible.pk}/attachments/upload/",
        {
            "attachment-kind": "budget",
            "attachment-file": SimpleUploadedFile("budget.pdf", PDF, "text/html"),
        },
    )
    attachment = eligible.attachments.get(kind="budget")
    url = f"/applications/{eligible.pk}/attachments/{attachment.pk}/download/"
    client.force_login(cw.institute_member)  # a confirmed co-applicant reads the files
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="budget.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF
    for user in (cw.rep_at, cw.facilitator):  # unrelated; staff before submission
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url)["Location"].startswith("/account/login/")


def test_staff_never_read_a_first_draft_withdrawn_before_submission(client, cw, eligible):
    attachment = upload_attachment(
        actor=cw.rep_cz, application=eligible, kind="budget", file=pdf_file("budget.pdf")
    )
    withdraw_application(actor=cw.rep_cz, application=eligible, reason="Not this year")
    page = f"/applications/{eligible.pk}/"
    download = f"/applications/{eligible.pk}/attachments/{attachment.pk}/download/"
    client.force_login(cw.facilitator)
    assert client.get(page).status_code == 403
    assert client.get(download).status_code == 403
    client.force_login(cw.rep_cz)
    assert client.get(page).status_code == 200
    assert b"".join(client.get(download).streaming_content) == PDF


def test_staff_read_an_application_withdrawn_after_submission(client, cw, eligible):
    submit_application(actor=cw.rep_cz, application=eligible)
    withdraw_application(actor=cw.rep_cz, application=eligible, reason="Merged")
    client.force_login(cw.facilitator)
    assert client.get(f"/applications/{eligible.pk}/").status_code == 200


def test_stage_two_page_marks_what_the_first_submission_holds(client, cw):
    now = timezone.now()
    call = make_call(
        cw,
        title="Investments",
        type=CallType.INVESTMENT_PROJECTS,
        deadline=now + dt.timedelta(days=10),
        full_application_deadline=now + dt.timedelta(days=40),
    )
    application = start_application(actor=cw.rep_cz, call=call, title="T", lead_region=cw.cz06)
    make_eligible(cw, application)
    submit_application(actor=cw.rep_cz, application=application)
    # What the panel's "advance" decision does: back to draft at stage 2.
    Application.objects.filter(pk=application.pk).update(status="draft", stage=2, submitted_at=None)
    client.force_login(cw.rep_cz)

    html = _html(client.get(f"/applications/{application.pk}/"))

    # Both confirmed co-applicants and their letters: kept, no remove button.
    assert html.count("In an earlier submission") == 4
    assert "Remove<span" not in html


def test_spoofed_upload_is_refused_with_a_message(client, cw, draft):
    client.force_login(cw.rep_cz)
    response = client.post(
        f"/applications/{draft.pk}/attachments/upload/",
        {
            "attachment-kind": "budget",
            "attachment-file": SimpleUploadedFile("budget.pdf", b"<script>", "application/pdf"),
        },
        follow=True,
    )
    assert "budget.pdf is not a real PDF file" in response.content.decode()
    assert not draft.attachments.exists()


def test_submit_through_the_page_then_nothing_is_editable(client, cw, eligible):
    client.force_login(cw.rep_cz)
    response = client.post(f"/applications/{eligible.pk}/submit/", follow=True)
    html = response.content.decode()
    assert "Your application was submitted." in html
    assert 'id="application-form"' not in html
    assert "Invite a co-applicant" not in html
    assert "Draft → Submitted" in html
    eligible.refresh_from_db()
    assert eligible.status == "submitted"
    client.force_login(cw.facilitator)
    assert client.get(f"/applications/{eligible.pk}/").status_code == 200


def test_late_submit_is_refused_with_a_clear_message(client, cw, eligible):
    with time_machine.travel(eligible.call.deadline + dt.timedelta(seconds=1)):
        client.force_login(cw.rep_cz)  # a session from a month ago would have expired
        response = client.post(f"/applications/{eligible.pk}/submit/", follow=True)
    assert "Not submitted: The deadline passed on" in response.content.decode()
    eligible.refresh_from_db()
    assert eligible.status == "draft"


def test_withdraw_through_the_page(client, cw, eligible):
    submit_application(actor=cw.rep_cz, application=eligible)
    client.force_login(cw.rep_sk)
    assert client.post(f"/applications/{eligible.pk}/withdraw/").status_code == 403
    client.force_login(cw.rep_cz)
    client.post(f"/applications/{eligible.pk}/withdraw/", {"withdraw-reason": "Merged"})
    eligible.refresh_from_db()
    assert eligible.status == "withdrawn"


def test_decision_is_shown_to_applicants_once_notified(client, cw, eligible):
    submit_application(actor=cw.rep_cz, application=eligible)
    decision = Decision.objects.create(
        application=eligible, stage=1, outcome="accept", reasons="Strong consortium."
    )
    client.force_login(cw.rep_cz)
    assert "Strong consortium." not in client.get(f"/applications/{eligible.pk}/").content.decode()
    client.force_login(cw.facilitator)
    assert "Strong consortium." in client.get(f"/applications/{eligible.pk}/").content.decode()
    decision.notified_at = timezone.now()
    decision.save()
    client.force_login(cw.rep_cz)
    assert "Strong consortium." in client.get(f"/applications/{eligible.pk}/").content.decode()


def test_my_applications_lists_lead_and_co_applications_and_invitations(client, cw, call, draft):
    invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.at13)
    client.force_login(cw.rep_at)
    html = _html(client.get("/applications/"))
    assert "Invitations waiting for your answer" in html
    assert "AT13 Wien is invited to “Hydrogen valley CZ-SK-DE”" in html
    assert "1 application" in html
    client.force_login(cw.rep_cz)
    assert "Hydrogen valley CZ-SK-DE" in _html(client.get("/applications/"))
    client.force_login(cw.rep_de)
    assert "0 applications" in _html(client.get("/applications/"))


def test_application_page_query_count_is_flat(client, cw, eligible, django_assert_num_queries):
    client.force_login(cw.rep_cz)
    url = f"/applications/{eligible.pk}/"
    assert client.get(url)["Content-Security-Policy"] == POLICY
    # session, user, memberships, represented subregions; the application with its call, lead
    # and cut-off; call areas, fields, cut-offs; co-applicants; attachments; history;
    # decisions; the thematic areas of the form
    with django_assert_num_queries(13):
        client.get(url)
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        upload_attachment(actor=None, application=eligible, kind="other", file=pdf_file(name))
    invite_co_applicant(actor=None, application=eligible, region=cw.at13)
    invite_co_applicant(actor=None, application=eligible, organisation=cw.sme)
    with django_assert_num_queries(13):
        client.get(url)
