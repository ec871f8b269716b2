"""Evaluation pages through Django's test client: access, forms, htmx partials, blind review,
the strict CSP and query counts that do not grow with the rows."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartregions.calls.domain.evaluation.assignment import assign_reviewer
from smartregions.calls.domain.evaluation.decisions import record_consensus
from smartregions.calls.domain.evaluation.reviews import Mark, declare_no_conflict, submit_review
from smartregions.calls.enums import ApplicationStatus, ReviewStatus
from smartregions.calls.models import Attachment, Decision, Expert, Review
from smartregions.common.middleware import POLICY
from tests.calls.evaluation.conftest import submitted
from tests.factories.accounts import UserFactory
from tests.factories.calls import ApplicationFactory


def page(client, url, user=None, status=200, **kwargs):
    """GET ``url`` as ``user``; check the status and that nothing inline breaks the CSP."""
    if user is not None:
        client.force_login(user)
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.content[:500]
    if status == 200 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert response["Content-Security-Policy"] == POLICY
        assert ' style="' not in html
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        return html
    return response


def submit(ew, review, relevance=4, impact=7, comment=""):
    declare_no_conflict(actor=review.expert.user, review=review)
    marks = {ew.relevance.pk: Mark(relevance, "R"), ew.impact.pk: Mark(impact, "I")}
    return submit_review(actor=review.expert.user, review=review, marks=marks, comment=comment)


# --- access ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/evaluation/", "/evaluation/experts/", "/evaluation/reviews/", "/evaluation/calls/CALL/"],
)
def test_pages_need_login(client, ew, url):
    response = client.get(url.replace("CALL", ew.call.slug))

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


@pytest.mark.parametrize(
    "url",
    ["/evaluation/experts/", "/evaluation/experts/new/", "/evaluation/calls/CALL/"],
)
def test_staff_pages_refuse_experts_and_applicants(client, ew, url):
    for user in (ew.petra.user, ew.lead_rep):
        page(client, url.replace("CALL", ew.call.slug), user, status=403)


def test_index_sends_experts_to_their_reviews_and_refuses_others(client, ew):
    client.force_login(ew.petra.user)
    assert client.get("/evaluation/")["Location"] == "/evaluation/reviews/"
    page(client, "/evaluation/", UserFactory(), status=403)
    page(client, "/evaluation/reviews/", ew.lead_rep, status=403)


def test_index_lists_calls_with_counts_for_staff(client, ew):
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    html = page(client, "/evaluation/", ew.facilitator)

    assert ew.call.title in html
    assert re.search(
        r'<td class="num">1</td>\s*<td class="num">1</td>\s*<td class="num">0</td>', html
    )


# --- expert pool -----------------------------------------------------------------------


def test_staff_registers_an_expert(client, ew):
    user = UserFactory(email="new.expert@example.eu", full_name="Nina New")
    client.force_login(ew.facilitator)
    assert "Add to the pool" in page(client, "/evaluation/experts/new/")

    response = client.post(
        "/evaluation/experts/new/",
        {
            "email": "New.Expert@example.eu",
            "region": "cz08",
            "thematic_areas": [ew.tourism.pk],
            "expertise": "Heritage",
            "max_load": "5",
        },
    )

    assert response.status_code == 302
    expert = Expert.objects.get(user=user)
    assert (expert.region, expert.max_load, expert.expertise) == (ew.cz08, 5, "Heritage")
    assert "Nina New" in page(client, "/evaluation/experts/")


def test_expert_form_reports_unknown_user_region_and_existing_expert(client, ew):
    client.force_login(ew.facilitator)

    html = client.post(
        "/evaluation/experts/new/",
        {"email": "nobody@example.eu", "region": "XX99", "max_load": "5"},
    ).content.decode()
    assert "No user has this e-mail address." in html
    assert "No region XX99 in NUTS 2021." in html

    html = client.post(
        "/evaluation/experts/new/", {"email": "petra@example.eu", "max_load": "5"}
    ).content.decode()
    assert "petra@example.eu is already in the expert pool." in html


def test_staff_edits_and_deactivates_an_expert(client, ew):
    client.force_login(ew.facilitator)
    html = page(client, f"/evaluation/experts/{ew.petra.pk}/")
    assert 'value="PL41"' in html

    client.post(
        f"/evaluation/experts/{ew.petra.pk}/",
        {"region": "", "country": ew.pl.pk, "expertise": "Electrolysers", "max_load": "2"},
    )
    ew.petra.refresh_from_db()
    assert (ew.petra.region, ew.petra.country, ew.petra.max_load) == (None, ew.pl, 2)

    assert client.get(f"/evaluation/experts/{ew.petra.pk}/deactivate/").status_code == 405
    client.post(f"/evaluation/experts/{ew.petra.pk}/deactivate/")
    ew.petra.refresh_from_db()
    assert not ew.petra.is_active
    assert client.post(f"/evaluation/experts/{ew.petra.pk}/promote/").status_code == 404


def test_expert_pool_query_count_does_not_grow(client, ew, django_assert_num_queries):
    client.force_login(ew.facilitator)
    page(client, "/evaluation/experts/")
    with CaptureQueriesContext(connection) as few:
        page(client, "/evaluation/experts/")
    for _ in range(3):
        Expert.objects.create(user=UserFactory(), region=ew.cz08).thematic_areas.set([ew.tourism])
    with django_assert_num_queries(len(few.captured_queries)):
        page(client, "/evaluation/experts/")


# --- the expert's pages ----------------------------------------------------------------


def test_expert_declares_scores_saves_a_draft_with_htmx_and_submits(client, ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    url = f"/evaluation/reviews/{review.pk}/"
    html = page(client, url, ew.petra.user)
    assert "Declare no conflict of interest" in html
    assert "Submit review" not in html

    client.post(f"{url}declare/")
    html = page(client, url)
    assert "Submit review" in html
    assert 'hx-post="/evaluation/reviews/' in html

    data = {f"score_{ew.relevance.pk}": "4", f"comment_{ew.relevance.pk}": "Fits", "comment": ""}
    partial = client.post(f"{url}save/", data, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    body = partial.content.decode()
    assert body.startswith('<form method="post" id="review-form"')
    assert "Draft saved at" in body
    assert "(Europe/Brussels)" in body

    response = client.post(f"{url}submit/", data)
    assert response.status_code == 200
    assert "Score every criterion: Impact" in response.content.decode()

    data[f"score_{ew.impact.pk}"] = "7"
    assert client.post(f"{url}submit/", data)["Location"] == url
    review.refresh_from_db()
    assert (review.status, str(review.total)) == (ReviewStatus.SUBMITTED, "76.667")
    html = page(client, url)
    assert "Your scores (total 76.667 of 100)" in html
    assert "No other review has been submitted yet." in html


def test_save_without_htmx_redirects_back(client, ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    declare_no_conflict(actor=ew.petra.user, review=review)
    client.force_login(ew.petra.user)

    response = client.post(
        f"/evaluation/reviews/{review.pk}/save/", {f"score_{ew.relevance.pk}": "9"}
    )
    assert response.status_code == 200  # 9 is not a choice for a 0-5 criterion
    response = client.post(
        f"/evaluation/reviews/{review.pk}/save/", {f"score_{ew.relevance.pk}": "3"}
    )

    assert response["Location"] == f"/evaluation/reviews/{review.pk}/"
    assert review.scores.get().score == 3


def test_expert_recuses_from_the_page(client, ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    client.force_login(ew.petra.user)

    blank = client.post(f"/evaluation/reviews/{review.pk}/recuse/", {"reason": ""})
    assert "This field is required." in blank.content.decode()
    response = client.post(f"/evaluation/reviews/{review.pk}/recuse/", {"reason": "My client"})

    assert response["Location"] == "/evaluation/reviews/"
    review.refresh_from_db()
    assert review.status == ReviewStatus.RECUSED
    assert "You recused from this application" in page(client, f"/evaluation/reviews/{review.pk}/")


def test_other_experts_and_applicants_cannot_see_a_review(client, ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    for user in (ew.eva.user, ew.lead_rep, ew.org_member):
        page(client, f"/evaluation/reviews/{review.pk}/", user, status=403)
        assert client.post(f"/evaluation/reviews/{review.pk}/declare/").status_code == 403


def test_staff_read_a_review_but_cannot_work_it(client, ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    html = page(client, f"/evaluation/reviews/{review.pk}/", ew.facilitator)

    assert "Declare no conflict of interest" not in html
    assert client.post(f"/evaluation/reviews/{review.pk}/declare/").status_code == 403


def test_peer_reviews_are_shown_only_after_submitting(client, ew):
    petra = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    eva = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    submit(ew, petra, relevance=5, impact=9, comment="A convincing hydrogen plan")
    client.force_login(ew.eva.user)

    html = page(client, f"/evaluation/reviews/{eva.pk}/")
    assert "The other reviews" not in html
    assert "A convincing hydrogen plan" not in html

    submit(ew, eva, relevance=2, impact=3)
    html = page(client, f"/evaluation/reviews/{eva.pk}/")
    assert "The other reviews" in html
    assert "Reviewer 1" in html
    assert "A convincing hydrogen plan" in html
    assert "Petra" not in html


def test_my_reviews_lists_the_experts_reviews_with_a_fixed_query_count(
    client, ew, django_assert_num_queries
):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    client.force_login(ew.petra.user)
    html = page(client, "/evaluation/reviews/")
    assert f'href="/evaluation/reviews/{review.pk}/"' in html
    assert "declaration needed" in html
    with CaptureQueriesContext(connection) as few:
        page(client, "/evaluation/reviews/")
    for n in range(3):
        other = submitted(ew.call, title=f"Extra {n}", lead_region=ew.cz08)
        submit(ew, assign_reviewer(actor=ew.facilitator, application=other, expert=ew.petra))

    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client, "/evaluation/reviews/")
    assert html.count('href="/evaluation/reviews/') == 4


def test_review_page_query_count_does_not_grow_with_criteria_and_files(
    client, ew, settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    declare_no_conflict(actor=ew.petra.user, review=review)
    client.force_login(ew.petra.user)
    page(client, f"/evaluation/reviews/{review.pk}/")
    with CaptureQueriesContext(connection) as few:
        page(client, f"/evaluation/reviews/{review.pk}/")
    for n in range(3):
        _attachment(ew.h2, f"annex-{n}.pdf", "other")

    with django_assert_num_queries(len(few.captured_queries)):
        page(client, f"/evaluation/reviews/{review.pk}/")


# --- blind review ----------------------------------------------------------------------


def _attachment(application, name, kind):
    return Attachment.objects.create(
        application=application,
        kind=kind,
        file=SimpleUploadedFile(name, b"%PDF-1.4 test"),
        original_name=name,
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
        uploaded_by=application.created_by,
    )


@pytest.fixture
def blind_review(ew, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    creator = UserFactory(email="jan.novak@example.eu", full_name="Jan Novák")
    ew.h2.created_by = creator
    ew.h2.save()
    ew.call.is_blind_review = True
    ew.call.save()
    budget = _attachment(ew.h2, "Brno-Hydrogen-budget.pdf", "budget")
    letter = _attachment(ew.h2, "Letter-Bratislava.pdf", "commitment_letter")
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    declare_no_conflict(actor=ew.eva.user, review=review)
    return review, budget, letter


#: What identifies H2V's applicants: regions (names and codes), organisations, people, files.
IDENTIFYING = [
    "Jihomoravský kraj",
    "CZ064",
    "Bratislava",
    "SK010",
    "Brno Hydrogen",
    "Stuttgart Fuel Cell Institute",
    "Jan Novák",
    "jan.novak@example.eu",
    "Brno-Hydrogen-budget.pdf",
    "Letter-Bratislava.pdf",
]


def test_blind_review_page_hides_the_applicants(client, ew, blind_review):
    review, _, _ = blind_review

    html = page(client, f"/evaluation/reviews/{review.pk}/", ew.eva.user)

    assert "Blind review:" in html
    assert "Hydrogen valleys for steel regions" in html
    assert "annex-1.pdf" in html
    assert [word for word in IDENTIFYING if word in html] == []


def test_review_page_without_blind_review_shows_the_applicants(client, ew, blind_review):
    review, _, _ = blind_review
    ew.call.is_blind_review = False
    ew.call.save()

    html = page(client, f"/evaluation/reviews/{review.pk}/", ew.eva.user)

    for word in (
        "Jihomoravský kraj",
        "CZ064",
        "Bratislava",
        "Brno Hydrogen",
        "Brno-Hydrogen-budget.pdf",
    ):
        assert word in html


def test_blind_attachment_downloads_under_a_neutral_name(client, ew, blind_review):
    review, budget, letter = blind_review
    client.force_login(ew.eva.user)

    response = client.get(f"/evaluation/reviews/{review.pk}/files/{budget.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="annex-1.pdf"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert client.get(f"/evaluation/reviews/{review.pk}/files/{letter.pk}/").status_code == 404
    client.force_login(ew.petra.user)
    assert client.get(f"/evaluation/reviews/{review.pk}/files/{budget.pk}/").status_code == 403


# --- staff: call board and application page --------------------------------------------


def test_call_board_auto_assigns_with_htmx(client, ew):
    client.force_login(ew.facilitator)
    html = page(client, f"/evaluation/calls/{ew.call.slug}/")
    assert "Assign reviewers automatically" in html
    assert "No panel: every active expert of the pool is a candidate." in html

    response = client.post(
        f"/evaluation/calls/{ew.call.slug}/auto-assign/", {}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.startswith('<section aria-labelledby="assignment-heading" id="assignment">')
    assert "4 reviewers were assigned." in body
    assert Review.objects.count() == 4
    assert "Petra Nowak <span" in body


def test_call_board_auto_assign_without_htmx_reports_shortfalls(client, ew):
    ew.call.reviewers_per_application = 3
    ew.call.save()
    client.force_login(ew.facilitator)

    response = client.post(f"/evaluation/calls/{ew.call.slug}/auto-assign/", follow=True)

    html = response.content.decode()
    assert "5 reviewers were assigned." in html
    assert "H2V: Only 2 candidate experts are free of conflicts" in html


def test_call_board_panel_add_and_remove(client, ew):
    client.force_login(ew.facilitator)
    url = f"/evaluation/calls/{ew.call.slug}/"

    client.post(f"{url}panel-add/", {"experts": [ew.petra.pk, ew.tomas.pk]})
    assert set(ew.call.panel.all()) == {ew.petra, ew.tomas}
    client.post(f"{url}panel-remove/", {"expert": ew.petra.pk})
    assert list(ew.call.panel.all()) == [ew.tomas]
    html = client.post(f"{url}panel-remove/", {"expert": ew.petra.pk}, follow=True)
    assert "Select a valid choice." in html.content.decode()
    assert client.post(f"{url}panel-shuffle/").status_code == 404


def test_call_board_query_count_does_not_grow(client, ew, django_assert_num_queries):
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    client.force_login(ew.facilitator)
    url = f"/evaluation/calls/{ew.call.slug}/"
    page(client, url)
    with CaptureQueriesContext(connection) as few:
        page(client, url)
    for n in range(3):
        other = submitted(ew.call, title=f"Extra {n}", lead_region=ew.cz08)
        submit(ew, assign_reviewer(actor=ew.facilitator, application=other, expert=ew.eva))
        Expert.objects.create(user=UserFactory(), region=ew.cz08)

    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client, url)
    assert html.count('href="/evaluation/applications/') == 10  # 5 applications, two tables


def test_application_page_shows_reviews_conflicts_and_trail(client, ew):
    submit(ew, assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra))
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)

    html = page(client, f"/evaluation/applications/{ew.h2.pk}/", ew.facilitator)

    assert "Lead region: Jihomoravský kraj (CZ064)" in html
    assert "76.667" in html
    assert "declaration pending" in html
    assert "3 experts excluded by a conflict of interest" in html
    assert "Hana Horáková: Same region: the expert&#x27;s region CZ06 overlaps" in html
    assert "review.submit" in html  # the audit trail
    assert "When (Europe/Brussels)" in html
    assert "Record the consensus" not in html
    assert "once every review is in: 1 review is still open." in html


def test_evaluation_page_of_a_never_submitted_draft_is_not_found(client, ew):
    draft = ApplicationFactory(call=ew.call, title="Live draft", lead_region=ew.cz08)
    withdrawn = ApplicationFactory(
        call=ew.call,
        title="Withdrawn first draft",
        lead_region=ew.cz08,
        status=ApplicationStatus.WITHDRAWN,
        withdrawn_at=timezone.now(),
    )
    client.force_login(ew.facilitator)

    for application in (draft, withdrawn):
        url = f"/evaluation/applications/{application.pk}/"
        page(client, url, status=404)
        page(client, f"{url}?stage=1", status=404)
        assert client.post(f"{url}assign/", {"expert": ew.petra.pk}).status_code == 404
    page(client, f"/evaluation/applications/{ew.h2.pk}/")


def test_staff_assign_by_hand_refused_with_the_conflict(client, ew):
    client.force_login(ew.facilitator)
    url = f"/evaluation/applications/{ew.h2.pk}/"

    response = client.post(f"{url}assign/", {"expert": ew.dieter.pk}, follow=True)

    assert "Conflict of interest: Same organisation: Stuttgart Fuel Cell Institute applies." in (
        response.content.decode()
    )
    assert not Review.objects.exists()
    client.post(f"{url}assign/", {"expert": ew.petra.pk})
    assert Review.objects.get().expert == ew.petra


def test_staff_record_consensus_and_decision_from_the_page(client, ew):
    submit(ew, assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra))
    client.force_login(ew.facilitator)
    url = f"/evaluation/applications/{ew.h2.pk}/"

    client.post(f"{url}consensus/", {"score": "81.5", "comment": "Strong"})
    html = page(client, url)
    assert "Revise the consensus" in html
    assert "Record the decision and notify the applicants" in html
    client.post(f"{url}decide/", {"outcome": "accept", "reasons": "Excellent", "rank": ""})

    decision = Decision.objects.get()
    assert (decision.outcome, decision.rank) == ("accept", 1)
    ew.h2.refresh_from_db()
    assert ew.h2.status == ApplicationStatus.ACCEPTED
    html = page(client, url)
    assert "Decision: <strong>Accept</strong>" in html
    assert "Record the consensus" not in html


def test_staff_take_a_review_back_from_the_page(client, ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    client.force_login(ew.facilitator)

    client.post(f"/evaluation/applications/{ew.h2.pk}/remove-reviewer/", {"review": review.pk})

    assert not Review.objects.exists()


def test_application_page_query_count_does_not_grow(client, ew, django_assert_num_queries):
    submit(ew, assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra))
    client.force_login(ew.facilitator)
    url = f"/evaluation/applications/{ew.h2.pk}/"
    page(client, url)
    with CaptureQueriesContext(connection) as few:
        page(client, url)
    submit(ew, assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva))
    for _ in range(3):
        Expert.objects.create(user=UserFactory(), region=ew.cz08)
    record_consensus(actor=ew.facilitator, application=ew.h2, score=50, comment="C")

    with django_assert_num_queries(len(few.captured_queries)):
        page(client, url)
