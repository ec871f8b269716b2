"""The evaluation REST API: private access, the expert pool, panels, assignments (by hand and
automatic), the expert's reviews (blinded JSON), ranking, consensus, decisions, query counts."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from smartregions.calls.domain.evaluation.assignment import assign_reviewer
from smartregions.calls.domain.evaluation.decisions import record_consensus
from smartregions.calls.domain.evaluation.reviews import Mark, declare_no_conflict, submit_review
from smartregions.calls.models import Attachment, Expert, Review
from smartregions.common.models import Notification
from tests.calls.evaluation.conftest import submitted
from tests.calls.evaluation.test_evaluation_web import IDENTIFYING
from tests.factories.accounts import UserFactory
from tests.factories.calls import ApplicationFactory


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def submit(ew, review, relevance=4, impact=7):
    declare_no_conflict(actor=review.expert.user, review=review)
    marks = {ew.relevance.pk: Mark(relevance), ew.impact.pk: Mark(impact)}
    return submit_review(actor=review.expert.user, review=review, marks=marks, comment="Done")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/evaluation/experts/"),
        ("get", "/api/v1/evaluation/reviews/"),
        ("get", "/api/v1/evaluation/assignments/"),
        ("post", "/api/v1/evaluation/assignments/auto/"),
        ("get", "/api/v1/evaluation/calls/CALL/ranking/"),
        ("get", "/api/v1/evaluation/calls/CALL/panel/"),
        ("get", "/api/v1/evaluation/applications/APP/"),
    ],
)
def test_everything_is_private(ew, method, url):
    url = url.replace("CALL", ew.call.slug).replace("APP", str(ew.h2.pk))

    assert getattr(api(), method)(url).status_code == 401
    assert getattr(api(UserFactory()), method)(url).status_code == 403
    assert getattr(api(ew.lead_rep), method)(url).status_code == 403


def test_only_staff_assign_or_take_back(ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    for user in (ew.petra.user, ew.lead_rep):
        client = api(user)
        created = client.post(
            "/api/v1/evaluation/assignments/",
            {"application": ew.tour.pk, "expert": ew.eva.pk},
            format="json",
        )
        assert created.status_code == 403
        assert client.delete(f"/api/v1/evaluation/assignments/{review.pk}/").status_code == 403
        assert (
            client.post(
                f"/api/v1/evaluation/applications/{ew.h2.pk}/consensus/",
                {"score": 50, "comment": "C"},
                format="json",
            ).status_code
            == 403
        )
    assert Review.objects.count() == 1


# --- experts and panel -----------------------------------------------------------------


def test_staff_register_change_and_deactivate_an_expert(ew):
    UserFactory(email="nina@example.eu", full_name="Nina New")
    client = api(ew.facilitator)

    created = client.post(
        "/api/v1/evaluation/experts/",
        {
            "email": "Nina@example.eu",
            "region": "CZ08",
            "country": "CZ",
            "thematic_areas": ["tourism"],
            "expertise": "Heritage",
            "max_load": 4,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert {k: body[k] for k in ("name", "region", "country", "thematic_areas", "max_load")} == {
        "name": "Nina New",
        "region": "CZ08",
        "country": "CZ",
        "thematic_areas": ["tourism"],
        "max_load": 4,
    }
    url = f"/api/v1/evaluation/experts/{body['id']}/"
    changed = client.patch(url, {"region": None, "max_load": 6}, format="json").json()
    assert (changed["region"], changed["country"], changed["max_load"]) == (None, "CZ", 6)
    assert client.post(f"{url}deactivate/").json()["is_active"] is False
    assert client.post(f"{url}deactivate/").status_code == 400
    assert client.post(f"{url}reactivate/").json()["is_active"] is True


def test_expert_registration_errors_name_the_field(ew):
    client = api(ew.facilitator)

    unknown = client.post("/api/v1/evaluation/experts/", {"email": "x@example.eu"}, format="json")
    again = client.post("/api/v1/evaluation/experts/", {"email": "petra@example.eu"}, format="json")

    assert unknown.json()["error"]["details"] == {"email": ["No user has this e-mail address."]}
    assert again.json()["error"]["details"] == {
        "user": ["petra@example.eu is already in the expert pool."]
    }


def test_panel_add_list_and_remove(ew):
    client = api(ew.facilitator)
    url = f"/api/v1/evaluation/calls/{ew.call.slug}/panel/"

    added = client.post(url, {"experts": [ew.petra.pk, ew.eva.pk]}, format="json")
    assert [(m["name"], m["call_load"]) for m in added.json()] == [
        ("Eva Gruber", 0),
        ("Petra Nowak", 0),
    ]
    left = client.post(f"{url}remove/", {"expert": ew.eva.pk}, format="json").json()
    assert [m["name"] for m in left] == ["Petra Nowak"]
    assert client.post(url, {"experts": []}, format="json").status_code == 400


def test_expert_list_query_count_does_not_grow(ew, django_assert_num_queries):
    client = api(ew.facilitator)
    client.get("/api/v1/evaluation/experts/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/evaluation/experts/")
    for _ in range(3):
        Expert.objects.create(user=UserFactory(), region=ew.cz08).thematic_areas.set([ew.tourism])

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/evaluation/experts/").json()["count"] == 8


# --- assignments -----------------------------------------------------------------------


def test_assign_by_hand_and_take_back(ew):
    client = api(ew.facilitator)

    refused = client.post(
        "/api/v1/evaluation/assignments/",
        {"application": ew.h2.pk, "expert": ew.hana.pk},
        format="json",
    )
    created = client.post(
        "/api/v1/evaluation/assignments/",
        {"application": ew.h2.pk, "expert": ew.petra.pk},
        format="json",
    )

    assert refused.status_code == 400
    assert refused.json()["error"]["details"] == {
        "expert": [
            (
                "Conflict of interest: Same region: the expert's region CZ06 overlaps the "
                "applicant region CZ064."
            )
        ]
    }
    assert created.status_code == 201
    assert {k: created.json()[k] for k in ("application", "expert_name", "status")} == {
        "application": ew.h2.pk,
        "expert_name": "Petra Nowak",
        "status": "assigned",
    }
    listed = client.get(f"/api/v1/evaluation/assignments/?call={ew.call.slug}").json()
    assert [a["id"] for a in listed["results"]] == [created.json()["id"]]
    assert (
        client.delete(f"/api/v1/evaluation/assignments/{created.json()['id']}/").status_code == 204
    )
    assert not Review.objects.exists()


def test_auto_assign_dry_run_then_for_real(ew):
    client = api(ew.facilitator)

    plan = client.post(
        "/api/v1/evaluation/assignments/auto/",
        {"call": ew.call.slug, "dry_run": True},
        format="json",
    ).json()
    assert plan["saved"] is False
    assert len(plan["assigned"]) == 4
    assert not Review.objects.exists()

    done = client.post(
        "/api/v1/evaluation/assignments/auto/", {"call": ew.call.slug}, format="json"
    ).json()
    assert done["saved"] is True
    assert done["shortfalls"] == []
    assert sorted(row["load"] for row in done["load"]) == [0, 1, 1, 1, 1]
    assert Review.objects.count() == 4


def test_auto_assign_refuses_an_unknown_call_or_cutoff(ew):
    client = api(ew.facilitator)

    missing = client.post("/api/v1/evaluation/assignments/auto/", {"call": "nope"}, format="json")
    bad_cutoff = client.post(
        "/api/v1/evaluation/assignments/auto/",
        {"call": ew.call.slug, "cutoff": 99999},
        format="json",
    )

    assert missing.status_code == 404
    assert bad_cutoff.json()["error"]["details"] == {"cutoff": ["Not a cut-off of this call."]}


# --- the expert's reviews --------------------------------------------------------------


def test_expert_lists_reads_declares_scores_and_submits(ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    client = api(ew.petra.user)

    mine = client.get("/api/v1/evaluation/reviews/").json()["results"]
    assert [(r["id"], r["application"], r["status"]) for r in mine] == [
        (review.pk, "H2V", "assigned")
    ]
    url = f"/api/v1/evaluation/reviews/{review.pk}/"
    detail = client.get(url).json()
    assert (detail["declared"], detail["peers"], detail["timezone"]) == (
        False,
        None,
        "Europe/Brussels",
    )
    assert [c["name"] for c in detail["criteria"]] == ["Relevance", "Impact"]
    assert detail["application"]["lead"] == [
        "Lead region: Jihomoravský kraj (CZ064)",
        "Lead organisation: Brno Hydrogen s.r.o.",
    ]

    assert client.post(f"{url}declare/").json()["declared"] is True
    saved = client.post(
        f"{url}scores/",
        {"scores": [{"criterion": ew.relevance.pk, "score": 4, "comment": "Fits"}]},
        format="json",
    ).json()
    assert saved["scores"] == [{"criterion": ew.relevance.pk, "score": 4, "comment": "Fits"}]
    missing = client.post(f"{url}submit/", {}, format="json")
    assert missing.json()["error"]["details"] == {"scores": ["Score every criterion: Impact"]}
    done = client.post(
        f"{url}submit/",
        {"scores": [{"criterion": ew.impact.pk, "score": 7}], "comment": "Good"},
        format="json",
    ).json()
    assert (done["status"], done["total"], done["comment"]) == ("submitted", "76.667", "Good")
    assert done["peers"] == []


def test_expert_recuses_through_the_api(ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)

    response = api(ew.petra.user).post(
        f"/api/v1/evaluation/reviews/{review.pk}/recuse/", {"reason": "Client"}, format="json"
    )

    assert (response.json()["status"], response.json()["recusal_reason"]) == ("recused", "Client")


def test_reviews_are_private_to_their_expert(ew):
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    url = f"/api/v1/evaluation/reviews/{review.pk}/"

    assert api(ew.eva.user).get("/api/v1/evaluation/reviews/").json()["results"] == []
    assert api(ew.eva.user).get(url).status_code == 403
    assert api(ew.eva.user).post(f"{url}declare/").status_code == 403
    assert api(ew.facilitator).get(url).status_code == 200
    assert api(ew.facilitator).post(f"{url}declare/").status_code == 403


def test_peers_appear_once_the_expert_has_submitted(ew):
    petra = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    eva = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    submit(ew, petra, relevance=5, impact=10)
    client = api(ew.eva.user)
    assert client.get(f"/api/v1/evaluation/reviews/{eva.pk}/").json()["peers"] is None

    submit(ew, eva)

    peers = client.get(f"/api/v1/evaluation/reviews/{eva.pk}/").json()["peers"]
    assert peers == [
        {"label": "Reviewer 1", "total": "100.000", "comment": "Done", "scores": [5, 10]}
    ]


def test_blind_review_json_hides_the_applicants(ew, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ew.h2.created_by = UserFactory(email="jan.novak@example.eu", full_name="Jan Novák")
    ew.h2.save()
    ew.call.is_blind_review = True
    ew.call.save()
    for name, kind in (
        ("Brno-Hydrogen-budget.pdf", "budget"),
        ("Letter-Bratislava.pdf", "commitment_letter"),
    ):
        Attachment.objects.create(
            application=ew.h2,
            kind=kind,
            file=SimpleUploadedFile(name, b"%PDF-1.4"),
            original_name=name,
            content_type="application/pdf",
            size=8,
            sha256="0" * 64,
            uploaded_by=ew.h2.created_by,
        )
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)

    response = api(ew.eva.user).get(f"/api/v1/evaluation/reviews/{review.pk}/")

    text = json.dumps(response.json(), ensure_ascii=False)
    assert [word for word in IDENTIFYING if word in text] == []
    application = response.json()["application"]
    assert (application["is_blind"], application["lead"], application["co_applicants"]) == (
        True,
        [],
        [],
    )
    assert [a["name"] for a in application["attachments"]] == ["annex-1.pdf"]
    assert application["attachments"][0]["url"].startswith(
        f"/api/v1/evaluation/reviews/{review.pk}/attachments/"
    )


def test_reviewer_downloads_files_through_the_api_blinded(ew, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ew.call.is_blind_review = True
    ew.call.save()
    budget, letter = (
        Attachment.objects.create(
            application=ew.h2,
            kind=kind,
            file=SimpleUploadedFile(name, b"%PDF-1.4 test"),
            original_name=name,
            content_type="application/pdf",
            size=13,
            sha256="0" * 64,
        )
        for name, kind in (
            ("Brno-Hydrogen-budget.pdf", "budget"),
            ("Letter-Bratislava.pdf", "commitment_letter"),
        )
    )
    review = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    client = api(ew.eva.user)
    url = client.get(f"/api/v1/evaluation/reviews/{review.pk}/").json()["application"][
        "attachments"
    ][0]["url"]
    assert url == f"/api/v1/evaluation/reviews/{review.pk}/attachments/{budget.pk}/"

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="annex-1.pdf"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    # The letter names the applicants: not served under blind review (staff get it all).
    letter_url = f"/api/v1/evaluation/reviews/{review.pk}/attachments/{letter.pk}/"
    assert client.get(letter_url).status_code == 404
    staff = api(ew.facilitator).get(letter_url)
    assert staff["Content-Disposition"] == 'attachment; filename="Letter-Bratislava.pdf"'
    assert b"".join(staff.streaming_content) == b"%PDF-1.4 test"
    # Another application's file through this review; another expert; anonymous.
    other = Attachment.objects.create(
        application=ew.tour,
        kind="budget",
        file=SimpleUploadedFile("slow.pdf", b"%PDF-1.4"),
        original_name="slow.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    assert (
        client.get(f"/api/v1/evaluation/reviews/{review.pk}/attachments/{other.pk}/").status_code
        == 404
    )
    assert api(ew.petra.user).get(url).status_code == 403
    assert api().get(url).status_code == 401


def test_my_reviews_query_count_does_not_grow(ew, django_assert_num_queries):
    assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    client = api(ew.petra.user)
    client.get("/api/v1/evaluation/reviews/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/evaluation/reviews/")
    for n in range(3):
        other = submitted(ew.call, title=f"Extra {n}", lead_region=ew.cz08)
        assign_reviewer(actor=ew.facilitator, application=other, expert=ew.petra)

    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/evaluation/reviews/").json()["count"] == 4


# --- ranking, application, consensus, decision -----------------------------------------


def test_ranking_consensus_and_decision(ew, mailoutbox, django_capture_on_commit_callbacks):
    submit(ew, assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra))
    client = api(ew.facilitator)

    ranking = client.get(f"/api/v1/evaluation/calls/{ew.call.slug}/ranking/").json()
    assert [(r["application"]["acronym"], r["rank"], r["mean_total"]) for r in ranking] == [
        ("H2V", 1, "76.667"),
        ("SLOW", None, None),
    ]
    assert ranking[0]["submitted_reviews"] == 1
    assert ranking[0]["below_threshold"] == []

    url = f"/api/v1/evaluation/applications/{ew.h2.pk}/"
    after = client.post(f"{url}consensus/", {"score": "72.5", "comment": "Solid"}, format="json")
    assert after.json()["consensus"]["score"] == "72.500"
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            f"{url}decision/", {"outcome": "accept", "reasons": "Strong"}, format="json"
        ).json()

    assert (decided["status"], decided["decision"]["outcome"], decided["decision"]["rank"]) == (
        "accepted",
        "accept",
        1,
    )
    assert decided["decision"]["notified_at"] is not None
    assert [e["action"] for e in decided["trail"]][-2:] == ["status", "evaluation.decision"]
    assert Notification.objects.filter(kind="evaluation.decision").count() == 3
    assert len(mailoutbox) == 3
    again = client.post(f"{url}decision/", {"outcome": "reject", "reasons": "R"}, format="json")
    assert again.json()["error"]["details"] == {
        "status": ["The application is accepted, not under review."]
    }


def test_application_evaluation_shows_scores_only_once_submitted(ew):
    submit(ew, assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra))
    draft = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    declare_no_conflict(actor=ew.eva.user, review=draft)

    body = api(ew.facilitator).get(f"/api/v1/evaluation/applications/{ew.h2.pk}/").json()

    assert [
        (r["expert_name"], r["status"], r["declared"], r["scores"]) for r in body["reviews"]
    ] == [
        ("Petra Nowak", "submitted", True, [4, 7]),
        ("Eva Gruber", "assigned", True, [None, None]),
    ]
    assert body["application"]["co_applicants"] == [
        "Bratislava (SK010)",
        "Stuttgart Fuel Cell Institute",
    ]
    assert body["trail"][0]["detail"] == "Draft -> Submitted"
    assert (
        api(ew.facilitator).get(f"/api/v1/evaluation/applications/{ew.h2.pk}/?stage=3").status_code
        == 400
    )


def test_application_evaluation_of_a_never_submitted_draft_is_not_found(ew):
    draft = ApplicationFactory(call=ew.call, title="Live draft", lead_region=ew.cz08)
    staff = api(ew.facilitator)

    assert staff.get(f"/api/v1/evaluation/applications/{draft.pk}/").status_code == 404
    consensus = {"score": 50, "comment": "No"}
    url = f"/api/v1/evaluation/applications/{draft.pk}/consensus/"
    assert staff.post(url, consensus, format="json").status_code == 404
    assert staff.get(f"/api/v1/evaluation/applications/{ew.h2.pk}/").status_code == 200


def test_ranking_query_count_does_not_grow(ew, django_assert_num_queries):
    submit(ew, assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra))
    record_consensus(actor=ew.facilitator, application=ew.h2, score=50, comment="C")
    client = api(ew.facilitator)
    url = f"/api/v1/evaluation/calls/{ew.call.slug}/ranking/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        other = submitted(ew.call, title=f"Extra {n}", lead_region=ew.cz08)
        submit(ew, assign_reviewer(actor=ew.facilitator, application=other, expert=ew.eva))

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(url).json()) == 5
