"""The brokerage REST API: private reads, workflow verbs, groups, strategy and exports."""

import pytest
from rest_framework.test import APIClient

from smartregions.brokerage.enums import CaseStatus
from smartregions.brokerage.models import Case


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_gets_401_or_403_for_cases(bw, new_case):
    response = client_for(None).get("/api/v1/brokerage/cases/")
    assert response.status_code in (401, 403)


def test_case_list_shows_only_visible_cases(bw, new_case):
    assert [
        c["id"] for c in client_for(bw.member1).get("/api/v1/brokerage/cases/").json()["results"]
    ] == [new_case.pk]
    assert client_for(bw.member2).get("/api/v1/brokerage/cases/").json()["results"] == []
    assert client_for(bw.member2).get(f"/api/v1/brokerage/cases/{new_case.pk}/").status_code == 403


def test_sme_submits_case_through_api(bw):
    response = client_for(bw.member2).post(
        "/api/v1/brokerage/cases/",
        {
            "organisation": bw.sme2.slug,
            "title": "Robot cell",
            "challenge": "Assembly robot cell",
            "value_chain_position": "production",
            "nace_codes": ["28"],
            "target_markets": ["DE"],
            "partner_types": ["research"],
            "trl": 6,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["broker"]["name"] == "Petra Dvořák"
    assert body["history"][0]["to_status"] == "new"
    assert body["target_markets"] == ["DE"]


def test_submit_for_someone_elses_sme_is_forbidden(bw):
    response = client_for(bw.member1).post(
        "/api/v1/brokerage/cases/",
        {
            "organisation": bw.sme2.slug,
            "title": "T",
            "challenge": "C",
            "value_chain_position": "production",
        },
        format="json",
    )
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_broker_works_case_through_verbs(bw, new_case):
    api = client_for(bw.broker_cz.user)
    base = f"/api/v1/brokerage/cases/{new_case.pk}"
    assert api.post(f"{base}/assess/", {"note": "ok"}, format="json").json()["status"] == "assessed"
    assert api.post(f"{base}/match/", {}, format="json").json()["status"] == "matched"
    assert (
        api.post(f"{base}/start-cooperation/", {}, format="json").json()["status"]
        == "in_cooperation"
    )
    missing = api.post(f"{base}/close/", {}, format="json")
    assert missing.status_code == 400
    assert "outcome" in missing.json()["error"]["details"]
    closed = api.post(f"{base}/close/", {"outcome": "joint_project"}, format="json").json()
    assert (closed["status"], closed["outcome"]) == ("closed", "joint_project")


def test_wrong_transition_is_400_naming_status(bw, new_case):
    response = client_for(bw.broker_cz.user).post(
        f"/api/v1/brokerage/cases/{new_case.pk}/match/", {}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"status": ["A new case cannot become matched."]}


def test_other_broker_cannot_work_case(bw, new_case):
    response = client_for(bw.broker_de.user).post(
        f"/api/v1/brokerage/cases/{new_case.pk}/assess/", {}, format="json"
    )
    assert response.status_code == 403


def test_referral_accept_hands_case_over(bw, new_case):
    referred = client_for(bw.broker_cz.user).post(
        f"/api/v1/brokerage/cases/{new_case.pk}/refer/",
        {"to_broker": bw.broker_de.pk, "message": "German market"},
        format="json",
    )
    assert referred.status_code == 201
    referral_id = referred.json()["id"]
    assert (
        client_for(bw.broker_sk.user)
        .post(f"/api/v1/brokerage/referrals/{referral_id}/accept/", {}, format="json")
        .status_code
        == 404  # another broker's referral is not even listed
    )
    accepted = client_for(bw.broker_de.user).post(
        f"/api/v1/brokerage/referrals/{referral_id}/accept/", {"answer": "Gladly"}, format="json"
    )
    assert accepted.json()["status"] == "accepted"
    new_case.refresh_from_db()
    assert new_case.broker == bw.broker_de


def test_referral_within_country_is_refused(bw, new_case):
    response = client_for(bw.broker_cz.user).post(
        f"/api/v1/brokerage/cases/{new_case.pk}/refer/",
        {"to_broker": bw.broker_cz_it.pk, "message": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "to_broker" in response.json()["error"]["details"]


def test_group_strategy_and_export_through_api(bw, new_case):
    api = client_for(bw.broker_cz.user)
    created = api.post(
        "/api/v1/brokerage/groups/",
        {
            "name": "Welding robots",
            "challenge": "Robotic welding automation for thin metal sheets.",
            "thematic_area": "advanced-manufacturing",
            "nace_codes": ["28"],
            "cases": [new_case.pk],
            "organisations": [bw.sme2.slug],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    gid = created.json()["id"]
    suggestions = api.get(f"/api/v1/brokerage/groups/{gid}/suggestions/").json()
    assert suggestions[0]["organisation"]["slug"] == bw.fraunhofer.slug
    assert set(suggestions[0]["parts"]) == {"text", "codes", "thematic"}
    partner = api.post(
        f"/api/v1/brokerage/groups/{gid}/partners/",
        {"organisation": bw.fraunhofer.slug, "score": suggestions[0]["score"]},
        format="json",
    )
    assert partner.status_code == 201
    assert api.get(f"/api/v1/brokerage/groups/{gid}/strategy/").status_code == 204
    member_api = client_for(bw.member1)  # members co-write the strategy
    assert (
        member_api.put(
            f"/api/v1/brokerage/groups/{gid}/strategy/", {"title": "Robots together"}, format="json"
        ).status_code
        == 200
    )
    assert (
        member_api.post(
            f"/api/v1/brokerage/groups/{gid}/strategy/objectives/",
            {"text": "Pilot line"},
            format="json",
        ).status_code
        == 201
    )
    action = member_api.post(
        f"/api/v1/brokerage/groups/{gid}/strategy/actions/",
        {"title": "Book the lab", "owner": bw.fraunhofer.slug, "due_date": "2027-03-31"},
        format="json",
    )
    assert action.status_code == 201, action.json()
    funding = api.post(
        f"/api/v1/brokerage/groups/{gid}/strategy/funding/",
        {"source": "horizon_europe", "amount_eur": "500000", "status": "idea"},
        format="json",
    )
    assert funding.status_code == 201
    markdown = api.get(f"/api/v1/brokerage/groups/{gid}/strategy/export/?format=md")
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert markdown.content.decode().startswith("# Robots together\n")
    pdf = api.get(f"/api/v1/brokerage/groups/{gid}/strategy/export/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert client_for(bw.member2).get(f"/api/v1/brokerage/groups/{gid}/").status_code == 200
    assert client_for(bw.broker_de.user).get(f"/api/v1/brokerage/groups/{gid}/").status_code == 403


def test_broker_registration_and_approval(bw):
    from tests.factories.accounts import UserFactory

    user = UserFactory()
    registered = client_for(user).post(
        "/api/v1/brokerage/brokers/",
        {"region": "SK01", "nace_codes": ["28"], "languages": ["sk", "en"]},
        format="json",
    )
    assert registered.status_code == 201, registered.json()
    assert registered.json()["status"] == "pending"
    bid = registered.json()["id"]
    assert client_for(user).post(f"/api/v1/brokerage/brokers/{bid}/approve/").status_code == 403
    approved = client_for(bw.facilitator).post(f"/api/v1/brokerage/brokers/{bid}/approve/")
    assert approved.json()["status"] == "active"


@pytest.mark.parametrize(("who", "code"), [("broker", 200), ("member", 403)])
def test_dashboard_is_for_brokers_and_staff(bw, new_case, who, code):
    user = bw.broker_cz.user if who == "broker" else bw.member1
    response = client_for(user).get("/api/v1/brokerage/dashboard/")
    assert response.status_code == code
    if code == 200:
        body = response.json()
        assert [c["id"] for c in body["open_cases"][CaseStatus.NEW]] == [new_case.pk]
        assert body["platform_outcomes"] is None
