"""The partnerships REST API: visibility, CRUD, the workflow verbs, members and contacts, join
requests, stages and the expert team; writes go through the domain (same refusals)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from smartregions.calls.enums import ApplicationStatus
from smartregions.partnerships.domain.join_requests import request_to_join
from smartregions.partnerships.domain.members import add_member_contact
from smartregions.partnerships.enums import (
    JoinRequestStatus,
    MemberRole,
    MethodologyStage,
    PartnershipStatus,
)
from smartregions.partnerships.models import (
    ExpertAssignment,
    JoinRequest,
    MemberContact,
    Partnership,
    PartnershipMember,
)
from tests.factories.calls import ApplicationFactory, CallFactory, ExpertFactory

BASE = "/api/v1/partnerships/"
ROVA = f"{BASE}rova/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_forming_partnership_is_not_found_for_outsiders(pw):
    assert api().get(ROVA).status_code == 404
    assert api(pw.other_rep).get(ROVA).status_code == 404
    assert api(pw.member_rep).get(ROVA).status_code == 200
    assert api().get(BASE).json()["results"] == []
    assert [p["slug"] for p in api(pw.org_member).get(BASE).json()["results"]] == ["rova"]


def test_detail_shows_members_contacts_stages_and_summaries(pw, active):
    member = PartnershipMember.objects.get(partnership=active, region=pw.at12)
    add_member_contact(actor=None, member=member, name="Pub", email="p@x.eu", is_public=True)
    add_member_contact(actor=None, member=member, name="Priv", email="q@x.eu")
    body = api().get(ROVA).json()
    assert (body["status"], body["current_stage"], body["lead"]) == (
        PartnershipStatus.ACTIVE,
        MethodologyStage.SCOPING,
        "CZ06 Jihovýchod",
    )
    assert [m["role"] for m in body["members"]] == ["lead", "co_lead", "member", "member"]
    at12 = next(m for m in body["members"] if m["region"] == "AT12")
    assert [c["name"] for c in at12["contacts"]] == ["Pub"]
    assert [s["stage"] for s in body["stages"]] == ["scoping"]
    assert body["experts"][0]["name"] == "Eva Expert"
    assert body["action_plan"] is None
    assert body["pipeline"]["projects"] == 0
    assert len(body["pipeline"]["stages"]) == 5
    member_view = api(pw.member_rep).get(ROVA).json()
    at12 = next(m for m in member_view["members"] if m["region"] == "AT12")
    assert [c["name"] for c in at12["contacts"]] == ["Priv", "Pub"]


def test_list_filters(pw, active):
    def slugs(query):
        return [p["slug"] for p in api().get(BASE + query).json()["results"]]

    assert slugs("?platform=industrial-modernisation&country=at&region=SK") == ["rova"]
    assert slugs("?status=closed") == []
    assert slugs("?country=DE") == []
    response = api().get(BASE + "?platform=nope")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"platform": ["Unknown platform: nope."]}


def test_representative_creates_for_own_region_only(pw):
    payload = {
        "name": "Hydrogen Valleys",
        "thematic_platform": "industrial-modernisation",
        "lead_region": "CZ06",
    }
    assert api().post(BASE, payload, format="json").status_code in (401, 403)
    assert api(pw.other_rep).post(BASE, payload, format="json").status_code == 403
    response = api(pw.other_rep).post(BASE, {**payload, "lead_region": "DE11"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["slug"], body["status"], body["lead"]) == (
        "hydrogen-valleys",
        "forming",
        "DE11 Stuttgart",
    )
    assert api(pw.plain).post(BASE, payload, format="json").status_code == 403


def test_create_without_lead_is_a_400(pw):
    response = api(pw.staff).post(
        BASE, {"name": "X", "thematic_platform": "industrial-modernisation"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "lead_region": ["Name the lead: one region or one organisation."]
    }


def test_patch_launch_close(pw):
    lead = api(pw.lead_rep)
    response = lead.patch(ROVA, {"acronym": "RV"}, format="json")
    assert response.json()["acronym"] == "RV"
    assert api(pw.member_rep).post(f"{ROVA}launch/").status_code == 403
    assert lead.post(f"{ROVA}launch/").json()["status"] == "active"
    response = lead.post(f"{ROVA}launch/")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "status": ["A active partnership cannot be launched."]
    }
    assert lead.post(f"{ROVA}close/", {"reason": "Done"}, format="json").json()["status"] == (
        "closed"
    )


def test_from_application(pw):
    application = ApplicationFactory(
        call=CallFactory(thematic_platform=pw.platform),
        title="Blue Valleys",
        lead_region=pw.de11,
        status=ApplicationStatus.ACCEPTED,
        submitted_at="2026-01-01T00:00:00Z",
    )
    url = f"{BASE}from-application/"
    assert api(pw.lead_rep).post(url, {"application": application.pk}).status_code == 403
    response = api(pw.staff).post(url, {"application": application.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["application"] == application.pk
    again = api(pw.staff).post(url, {"application": application.pk}, format="json")
    assert again.status_code == 400
    assert Partnership.objects.filter(application=application).count() == 1


def test_members_and_contacts(pw, active):
    lead = api(pw.lead_rep)
    response = lead.post(f"{ROVA}members/", {"region": "DE11", "role": "associated"}, format="json")
    assert response.status_code == 201
    member_id = response.json()["id"]
    assert (
        lead.patch(f"{ROVA}members/{member_id}/", {"role": "co_lead"}, format="json").json()["role"]
        == "co_lead"
    )
    response = lead.post(f"{ROVA}members/", {"region": "DE11"}, format="json")
    assert response.json()["error"]["details"] == {
        "region": ["DE11 Stuttgart is already a member."]
    }
    assert (
        api(pw.member_rep).post(f"{ROVA}members/", {"region": "CZ064"}, format="json").status_code
        == 403
    )
    at12 = PartnershipMember.objects.get(partnership=active, region=pw.at12)
    own = api(pw.member_rep)
    response = own.post(
        f"{ROVA}members/{at12.pk}/contacts/", {"name": "Anna", "email": "a@x.eu"}, format="json"
    )
    assert response.status_code == 201
    contact_id = response.json()["id"]
    response = own.put(
        f"{ROVA}contacts/{contact_id}/",
        {"name": "Anna B", "email": "a@x.eu", "is_public": True},
        format="json",
    )
    assert response.json()["is_public"] is True
    assert api(pw.org_member).delete(f"{ROVA}contacts/{contact_id}/").status_code == 403
    assert own.delete(f"{ROVA}contacts/{contact_id}/").status_code == 204
    assert not MemberContact.objects.exists()
    assert lead.delete(f"{ROVA}members/{at12.pk}/").status_code == 204
    at12.refresh_from_db()
    assert at12.left_at is not None


def test_colead_cannot_take_the_lead_through_the_api(pw, active):
    cz06 = PartnershipMember.objects.get(partnership=active, region=pw.cz06)
    sk01 = PartnershipMember.objects.get(partnership=active, region=pw.sk01)
    colead = api(pw.colead_rep)
    response = colead.patch(f"{ROVA}members/{sk01.pk}/", {"role": "lead"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "Only the lead's own users and platform staff hand the lead over."
    )
    assert (
        colead.patch(f"{ROVA}members/{cz06.pk}/", {"role": "member"}, format="json").status_code
        == 403
    )
    assert colead.delete(f"{ROVA}members/{cz06.pk}/").status_code == 403
    cz06.refresh_from_db()
    sk01.refresh_from_db()
    assert (cz06.role, cz06.left_at, sk01.role) == ("lead", None, "co_lead")
    response = api(pw.lead_rep).patch(f"{ROVA}members/{sk01.pk}/", {"role": "lead"}, format="json")
    assert response.json()["role"] == "lead"
    cz06.refresh_from_db()
    assert cz06.role == "co_lead"


def test_join_requests_round_trip(pw, active):
    other = api(pw.other_rep)
    assert other.post(f"{ROVA}join/", {"region": "AT12"}, format="json").status_code == 403
    response = other.post(f"{ROVA}join/", {"region": "DE11", "message": "Hi"}, format="json")
    assert response.status_code == 201
    join_id = response.json()["id"]
    assert [r["id"] for r in other.get(f"{BASE}join-requests/").json()["results"]] == [join_id]
    lead = api(pw.lead_rep)
    listed = lead.get(f"{ROVA}join-requests/").json()
    assert [r["status"] for r in listed] == ["pending"]
    assert api(pw.member_rep).get(f"{ROVA}join-requests/").status_code == 403
    assert api(pw.member_rep).get(f"{BASE}join-requests/{join_id}/").status_code == 404
    response = lead.post(f"{BASE}join-requests/{join_id}/reject/", {}, format="json")
    assert response.status_code == 400
    response = lead.post(f"{BASE}join-requests/{join_id}/approve/", {"role": "associated"})
    assert response.json()["status"] == JoinRequestStatus.APPROVED
    assert PartnershipMember.objects.get(partnership=active, region=pw.de11).role == (
        MemberRole.ASSOCIATED
    )


def test_withdraw_join_request(pw, active):
    join_request = request_to_join(actor=pw.other_rep, partnership=active, region=pw.de11)
    url = f"{BASE}join-requests/{join_request.pk}/withdraw/"
    assert api(pw.lead_rep).post(url).status_code == 403
    assert api(pw.other_rep).post(url).json()["status"] == "withdrawn"
    assert JoinRequest.objects.get().status == JoinRequestStatus.WITHDRAWN


def test_stages(pw, active):
    lead = api(pw.lead_rep)
    response = lead.put(
        f"{ROVA}stages/scoping/",
        {"outputs": "Note", "links": [{"title": "Doc", "url": "https://x.eu/doc"}]},
        format="json",
    )
    assert response.json()["links"] == [{"title": "Doc", "url": "https://x.eu/doc"}]
    response = lead.put(
        f"{ROVA}stages/scoping/", {"links": [{"url": "file:///etc/passwd"}]}, format="json"
    )
    assert response.status_code == 400
    assert lead.post(f"{ROVA}stages/next/").json()["stage"] == "mapping"
    assert [s["stage"] for s in api().get(f"{ROVA}stages/").json()] == ["scoping", "mapping"]
    assert lead.put(f"{ROVA}stages/learn/", {"outputs": "x"}, format="json").status_code == 404
    assert api(pw.member_rep).post(f"{ROVA}stages/next/").status_code == 403


def test_expert_team(pw, active):
    newcomer = ExpertFactory()
    assert (
        api(pw.lead_rep).post(f"{ROVA}experts/", {"expert": newcomer.pk}, format="json").status_code
        == 403
    )
    response = api(pw.staff).post(
        f"{ROVA}experts/", {"expert": newcomer.pk, "role": "Finance"}, format="json"
    )
    assert response.status_code == 201
    assignment = ExpertAssignment.objects.get(expert=newcomer)
    assert api(pw.staff).delete(f"{ROVA}experts/{assignment.pk}/").status_code == 204


@pytest.mark.parametrize("path", ["members/", "join/", "stages/next/", "launch/"])
def test_anonymous_writes_are_refused(pw, active, path):
    assert api().post(ROVA + path, {}, format="json").status_code in (401, 403)
    assert api().patch(ROVA, {"name": "X"}, format="json").status_code in (401, 403)


def test_detail_query_count_is_fixed(pw, active, django_assert_num_queries):
    # The partnership (visibility subquery inline), members, contacts, stages, expert team,
    # plan counts, projects per stage, secured funding.
    with django_assert_num_queries(8):
        api().get(ROVA)


def test_list_query_count_is_fixed(pw, active, django_assert_num_queries):
    from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership

    def grow(n):
        for i in range(n):
            partnership = create_partnership(
                actor=None,
                name=f"Extra {Partnership.objects.count()}-{i}",
                thematic_platform=pw.platform,
                lead_region=pw.de11,
            )
            launch_partnership(actor=None, partnership=partnership)

    grow(2)
    # count, rows (with platform and area), current members.
    with django_assert_num_queries(3):
        api().get(BASE)
    grow(4)
    with django_assert_num_queries(3):
        response = api().get(BASE)
    assert response.json()["count"] == 7
