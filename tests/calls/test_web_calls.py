"""Call pages through Django's test client: list and filters, the call page with its times
and Q&A, the call editor and its workflow buttons, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from smartregions.calls.domain.calls import close_call, create_call
from smartregions.calls.domain.questions import answer_question, ask_question
from smartregions.calls.enums import CallStatus, CallType
from smartregions.calls.models import Call, CallField, Criterion
from smartregions.common.middleware import POLICY
from tests.calls.conftest import make_call

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


def _html(response) -> str:
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    html = response.content.decode()
    assert 'style="' not in html
    assert INLINE_SCRIPT.findall(html) == []
    return html


@pytest.fixture
def calls(cw, call):
    """The published call, a closed one and a staff-only draft."""
    closed = make_call(cw, title="Old batteries call", type=CallType.INDUSTRIAL_TRANSITION)
    close_call(actor=None, call=closed)
    draft = create_call(
        actor=None, title="Secret draft", type=CallType.PARTNERSHIP_EOI, opens_at=timezone.now()
    )
    return call, closed, draft


def test_call_list_hides_drafts_from_the_public(client, calls):
    html = _html(client.get("/calls/"))
    assert "Hydrogen valleys partnership" in html
    assert "Old batteries call" in html
    assert "Secret draft" not in html
    assert "2 calls" in html


def test_staff_see_drafts_and_the_new_call_button(client, cw, calls):
    client.force_login(cw.facilitator)
    html = _html(client.get("/calls/"))
    assert "Secret draft" in html
    assert 'href="/calls/new/"' in html


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?type=industrial_transition", ["Old batteries call"]),
        ("?status=published", ["Hydrogen valleys partnership"]),
        # newest opening first; the draft stays hidden even when asked for
        ("?platform=energy", ["Old batteries call", "Hydrogen valleys partnership"]),
        ("?status=draft", ["Old batteries call", "Hydrogen valleys partnership"]),
    ],
)
def test_call_list_filters(client, calls, query, titles):
    html = _html(client.get(f"/calls/{query}", headers={"HX-Request": "true"}))
    assert "<h1>" not in html  # the htmx partial
    assert re.findall(r'<a href="/calls/[^/]+/">([^<]+)</a>', html) == titles


def test_call_page_shows_times_in_the_call_zone_labelled(client, cw):
    deadline = dt.datetime(2030, 3, 2, 16, 0, tzinfo=dt.UTC)
    call = make_call(cw, title="Helsinki", timezone="Europe/Helsinki", deadline=deadline)
    html = _html(client.get(f"/calls/{call.slug}/"))
    assert (
        '<time datetime="2030-03-02T16:00:00+00:00">2 March 2030, 18:00 EET</time> '
        "(Europe/Helsinki)" in html
    )
    list_html = _html(client.get("/calls/"))
    assert "2 March 2030, 18:00 EET</time> (Europe/Helsinki)" in list_html


def test_draft_call_page_is_not_found_for_the_public(client, cw, calls):
    draft = calls[2]
    assert client.get(f"/calls/{draft.slug}/").status_code == 404
    client.force_login(cw.rep_cz)
    assert client.get(f"/calls/{draft.slug}/").status_code == 404
    client.force_login(cw.facilitator)
    html = _html(client.get(f"/calls/{draft.slug}/"))
    assert "Before the call can be published:" in html
    assert "Set the deadline." in html


def test_public_call_page_lists_published_answers_only(client, cw, call):
    public = ask_question(actor=cw.plain, call=call, question="May an SME lead?")
    answer_question(actor=cw.facilitator, question=public, answer="Only with its region.")
    private = ask_question(actor=cw.plain, call=call, question="Can you review my draft?")
    answer_question(actor=cw.facilitator, question=private, answer="No.", publish=False)
    ask_question(actor=cw.plain, call=call, question="Unanswered question")
    html = _html(client.get(f"/calls/{call.slug}/"))
    assert "May an SME lead?" in html
    assert "Only with its region." in html
    assert "Can you review my draft?" not in html
    assert "Unanswered question" not in html
    assert "Sign in to ask a question." in html
    client.force_login(cw.facilitator)
    staff_html = _html(client.get(f"/calls/{call.slug}/"))
    assert "Unanswered question" in staff_html
    assert "Not published" in staff_html


def test_asking_and_answering_through_the_page(client, cw, call):
    client.force_login(cw.rep_sk)
    response = client.post(f"/calls/{call.slug}/questions/ask/", {"question": "Deadline time?"})
    assert response["Location"] == f"/calls/{call.slug}/"
    question = call.questions.get()
    client.force_login(cw.facilitator)
    client.post(
        f"/calls/{call.slug}/questions/{question.pk}/answer/",
        {"answer": "17:00 Brussels time.", "publish": "on"},
    )
    question.refresh_from_db()
    assert (question.answer, question.is_published) == ("17:00 Brussels time.", True)
    client.force_login(cw.rep_sk)
    response = client.post(
        f"/calls/{call.slug}/questions/{question.pk}/answer/", {"answer": "Hijack"}
    )
    assert response.status_code == 403


def test_anonymous_asker_is_sent_to_login(client, call):
    response = client.post(f"/calls/{call.slug}/questions/ask/", {"question": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_asking_about_a_draft_call_is_not_found(client, cw, calls):
    url = f"/calls/{calls[2].slug}/questions/ask/"
    # Not a sign-in page nor a 403: either would tell that the draft exists.
    assert client.post(url, {"question": "Hi"}).status_code == 404
    client.force_login(cw.rep_cz)
    assert client.post(url, {"question": "Hi"}).status_code == 404
    assert not calls[2].questions.exists()


def test_facilitator_creates_a_call_in_its_own_zone(client, cw):
    client.force_login(cw.facilitator)
    assert _html(client.get("/calls/new/")).count('<option value="Europe/Helsinki">') == 1
    response = client.post(
        "/calls/new/",
        {
            "title": "Baltic hydrogen",
            "type": "investment_projects",
            "timezone": "Europe/Helsinki",
            "opens_at": "2030-01-10T09:00",
            "deadline": "2030-03-02T18:00",
        },
    )
    call = Call.objects.get()
    assert response["Location"] == f"/calls/{call.slug}/edit/"
    assert call.deadline == dt.datetime(2030, 3, 2, 16, 0, tzinfo=dt.UTC)
    assert (call.is_two_stage, call.min_regions) == (True, 3)
    edit = _html(client.get(f"/calls/{call.slug}/edit/"))
    assert 'value="2030-03-02T18:00"' in edit


def test_create_form_reports_a_time_lost_to_the_clock_change(client, cw):
    client.force_login(cw.facilitator)
    response = client.post(
        "/calls/new/",
        {
            "title": "Gap",
            "type": "partnership_eoi",
            "timezone": "Europe/Brussels",
            "opens_at": "2030-03-31T02:30",
        },
    )
    assert response.status_code == 200
    assert "does not exist in Europe/Brussels" in response.content.decode()
    assert not Call.objects.exists()


def test_only_staff_reach_the_editor(client, cw, call):
    client.force_login(cw.rep_cz)
    assert client.get("/calls/new/").status_code == 403
    assert client.get(f"/calls/{call.slug}/edit/").status_code == 403
    assert client.post(f"/calls/{call.slug}/status/close/").status_code == 403


def test_editor_of_a_draft_call_is_not_found_for_others(client, cw, calls):
    draft = calls[2]
    client.force_login(cw.rep_cz)
    assert client.get(f"/calls/{draft.slug}/edit/").status_code == 404
    assert client.post(f"/calls/{draft.slug}/status/publish/").status_code == 404
    assert client.post(f"/calls/{draft.slug}/fields/add/").status_code == 404
    client.force_login(cw.facilitator)
    assert client.get(f"/calls/{draft.slug}/edit/").status_code == 200


def test_editor_builds_and_publishes_a_draft(client, cw):
    client.force_login(cw.facilitator)
    client.post(
        "/calls/new/",
        {
            "title": "Grid pilots",
            "type": "partnership_eoi",
            "timezone": "Europe/Brussels",
            "opens_at": "2030-01-10T09:00",
            "deadline": "2030-03-02T17:00",
        },
    )
    call = Call.objects.get()
    base = f"/calls/{call.slug}"
    client.post(f"{base}/fields/add/", {"field-label": "Objectives", "field-type": "textarea"})
    client.post(
        f"{base}/fields/add/",
        {
            "field-label": "Sector",
            "field-type": "choice",
            "field-choices": "Energy\nTransport",
            "field-is_required": "on",
        },
    )
    sector = CallField.objects.get(key="sector")
    client.post(f"{base}/fields/{sector.pk}/move-up/")
    assert list(call.fields.values_list("key", flat=True)) == ["sector", "objectives"]
    response = client.post(
        f"{base}/fields/{sector.pk}/",
        {
            "label": "Main sector",
            "type": "choice",
            "choices": "Energy\nTransport\nHeat",
            "is_required": "on",
        },
    )
    assert response["Location"] == f"{base}/edit/"
    sector.refresh_from_db()
    assert (sector.label, sector.choices) == ("Main sector", ["Energy", "Transport", "Heat"])
    client.post(
        f"{base}/criteria/add/",
        {"criterion-name": "Impact", "criterion-weight": "2", "criterion-max_score": "5"},
    )
    assert Criterion.objects.get().weight == 2
    client.post(f"{base}/status/publish/")
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    page = _html(client.get(f"{base}/edit/"))
    assert "only its title, summary and description can change" in page
    assert 'name="min_regions"' not in page


def test_publish_problems_are_flashed(client, cw):
    call = create_call(
        actor=None, title="Empty", type=CallType.PARTNERSHIP_EOI, opens_at=timezone.now()
    )
    client.force_login(cw.facilitator)
    response = client.post(f"/calls/{call.slug}/status/publish/", follow=True)
    html = response.content.decode()
    assert "Set the deadline." in html
    assert "Add at least one form field for the expression of interest." in html


def test_transition_get_is_not_allowed(client, cw, call):
    client.force_login(cw.facilitator)
    assert client.get(f"/calls/{call.slug}/status/close/").status_code == 405


def _more_calls(cw, n):
    for i in range(n):
        make_call(cw, title=f"Extra {i}")


def test_call_list_query_count_is_flat(client, cw, call, django_assert_num_queries):
    client.get("/calls/")  # warm the content-type and permission caches
    # count, calls with platform, platform filter choices
    with django_assert_num_queries(3):
        client.get("/calls/")
    _more_calls(cw, 3)
    with django_assert_num_queries(3):
        client.get("/calls/")


def test_call_page_query_count_is_flat(client, cw, call, django_assert_num_queries):
    client.force_login(cw.rep_cz)
    url = f"/calls/{call.slug}/"
    client.get(url)
    # session, user, memberships, represented subregions; call with platform; areas, fields,
    # criteria, cut-offs, questions; the user's applications to the call
    with django_assert_num_queries(11):
        client.get(url)
    for i in range(3):
        question = ask_question(actor=cw.plain, call=call, question=f"Q{i}")
        answer_question(actor=cw.facilitator, question=question, answer="A")
    with django_assert_num_queries(11):
        client.get(url)


def test_staff_delete_a_draft_but_not_a_published_call(client, cw, calls):
    published, _, draft = calls
    client.force_login(cw.facilitator)
    response = client.post(f"/calls/{draft.slug}/status/delete/")
    assert response["Location"] == "/calls/"
    assert not Call.objects.filter(pk=draft.pk).exists()
    response = client.post(f"/calls/{published.slug}/status/delete/", follow=True)
    assert "Only a draft call can be deleted" in response.content.decode()
    assert Call.objects.filter(pk=published.pk).exists()


def test_apply_button_disappears_after_the_deadline(client, cw, call):
    client.force_login(cw.rep_cz)
    assert (
        f'href="/calls/{call.slug}/apply/"' in client.get(f"/calls/{call.slug}/").content.decode()
    )
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    assert f"/calls/{call.slug}/apply/" not in client.get(f"/calls/{call.slug}/").content.decode()
