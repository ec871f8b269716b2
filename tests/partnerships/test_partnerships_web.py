"""Partnership pages through Django's test client: visibility, the fast partnership page,
list filters, creation, the workflow buttons, members, join requests, stages and experts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.common.middleware import POLICY
from smartregions.partnerships.domain.join_requests import request_to_join
from smartregions.partnerships.domain.members import add_member, add_member_contact
from smartregions.partnerships.domain.plans import create_partnership_plan
from smartregions.partnerships.domain.stages import start_next_stage
from smartregions.partnerships.enums import (
    JoinRequestStatus,
    MemberRole,
    MethodologyStage,
    PartnershipStatus,
    ProjectStage,
)
from smartregions.partnerships.models import (
    ExpertAssignment,
    JoinRequest,
    MemberContact,
    Partnership,
    PartnershipMember,
    ProjectFunding,
    StageRecord,
)
from tests.factories.calls import ExpertFactory
from tests.factories.partnerships import ProjectFactory
from tests.factories.regions import RegionFactory

DETAIL = "/partnerships/rova/"


def assert_strict_page(response) -> str:
    """200, the strict CSP, and no inline script or style in the HTML."""
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == POLICY
    html = response.content.decode()
    assert " style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    return html


# --- visibility and the partnership page --------------------------------------------------


def test_forming_partnership_is_hidden(client, pw):
    response = client.get(DETAIL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    client.force_login(pw.other_rep)
    assert client.get(DETAIL).status_code == 404
    client.force_login(pw.member_rep)
    assert client.get(DETAIL).status_code == 200
    client.force_login(pw.expert.user)
    assert client.get(DETAIL).status_code == 200


def test_public_page_shows_members_stages_and_public_contacts(client, pw, active):
    member = PartnershipMember.objects.get(partnership=active, region=pw.at12)
    add_member_contact(
        actor=None, member=member, name="Anna Public", email="anna@example.eu", is_public=True
    )
    add_member_contact(actor=None, member=member, name="Bert Private", email="bert@example.eu")
    html = assert_strict_page(client.get(DETAIL))
    assert "Robotics Valleys (RoVa)" in html
    assert "Anna Public" in html
    assert "Bert Private" not in html
    assert "Jihovýchod" in html
    assert "Danube Research Institute" in html
    assert "codes=AT12%2CCZ06%2CSK01" in html  # the map of member regions
    assert "Scoping note" in html
    assert "Scale-up" in html
    assert "Eva Expert, Robotics adviser" in html
    assert "Launch the partnership" not in html
    client.force_login(pw.member_rep)
    assert "Bert Private" in client.get(DETAIL).content.decode()


def _grow(active, pw, n):
    """Add ``n`` member regions and ``n`` projects with secured funding."""
    start = PartnershipMember.objects.count()
    for i in range(start, start + n):
        region = RegionFactory(code=f"PL{i:02d}", country=pw.at12.country)
        add_member(actor=None, partnership=active, region=region)
        project = ProjectFactory(
            partnership=active, lead_region=region, stage=ProjectStage.FUNDED, budget=1000
        )
        ProjectFunding.objects.create(
            project=project,
            source=FundingSource.I3,
            status=FundingStatus.SECURED,
            amount=Decimal(400),
        )
        member = PartnershipMember.objects.get(partnership=active, region=region)
        MemberContact.objects.create(member=member, name=f"C{i}", email=f"c{i}@example.eu")


def test_partnership_page_query_count_is_fixed(client, pw, active, django_assert_num_queries):
    create_partnership_plan(actor=None, partnership=active)
    _grow(active, pw, 2)
    # partnership + members + contacts + stages + expert team, plan counts, projects per stage,
    # secured funding: 8, whatever the number of members and projects.
    with django_assert_num_queries(8):
        first = client.get(DETAIL)
    _grow(active, pw, 5)
    with django_assert_num_queries(8):
        second = client.get(DETAIL)
    assert first.status_code == second.status_code == 200
    html = second.content.decode()
    assert ">7</td>" in html  # projects funded
    assert "2,800" in html or "2800" in html  # secured funding 7 x 400


def test_partnership_page_query_count_for_a_leader(client, pw, active, django_assert_num_queries):
    client.force_login(pw.lead_rep)
    client.get(DETAIL)
    _grow(active, pw, 3)
    # + session, user and the role summary (2).
    with django_assert_num_queries(12):
        response = client.get(DETAIL)
    html = assert_strict_page(response)
    assert "Close the partnership" in html
    assert "Complete this stage and start the next" in html


def test_pipeline_summary_counts_projects_per_stage(client, pw, active):
    ProjectFactory(partnership=active, lead_region=pw.cz06, stage=ProjectStage.IDEA, budget=10)
    ProjectFactory(partnership=active, lead_region=pw.cz06, stage=ProjectStage.IDEA, budget=5)
    html = client.get(DETAIL).content.decode()
    table = html[html.index('id="pipeline"') :]
    assert re.search(r"Idea</th><td class=\"num\">2</td><td class=\"num\">15</td>", table)


# --- the list ------------------------------------------------------------------------------


def test_list_hides_forming_from_others_and_filters(client, pw, active):
    forming = Partnership.objects.create(
        slug="hidden", name="Hidden forming", thematic_platform=pw.platform
    )
    PartnershipMember.objects.create(partnership=forming, region=pw.de11, role=MemberRole.LEAD)
    html = assert_strict_page(client.get("/partnerships/"))
    assert "Robotics Valleys" in html
    assert "Hidden forming" not in html
    client.force_login(pw.other_rep)
    assert "Hidden forming" in client.get("/partnerships/").content.decode()
    for query, found in [
        ("?country=AT", True),
        ("?country=DE", False),
        ("?region=SK0", True),
        ("?region=PL", False),
        ("?status=closed", False),
        ("?platform=industrial-modernisation", True),
    ]:
        html = client.get(f"/partnerships/{query}").content.decode()
        assert ("Robotics Valleys" in html) is found, query


def test_list_htmx_returns_results_only(client, pw, active):
    response = client.get("/partnerships/?status=active", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Robotics Valleys" in html
    assert "HX-Request" in response["Vary"]


def test_list_query_count_is_fixed(client, pw, active, django_assert_num_queries):
    for n in range(3):
        p = Partnership.objects.create(
            slug=f"p{n}",
            name=f"P{n}",
            thematic_platform=pw.platform,
            status=PartnershipStatus.ACTIVE,
            launched_at=active.launched_at,
        )
        PartnershipMember.objects.create(partnership=p, region=pw.de11, role=MemberRole.LEAD)
    # platform, area and country choices, count, rows, members.
    with django_assert_num_queries(6):
        response = client.get("/partnerships/")
    assert response.content.decode().count('scope="row"') == 4


def test_my_partnerships_needs_login_and_lists_requests(client, pw, active):
    assert client.get("/partnerships/mine/").status_code == 302
    request_to_join(actor=pw.other_rep, partnership=active, region=pw.de11)
    client.force_login(pw.other_rep)
    html = client.get("/partnerships/mine/").content.decode()
    assert "No partnership matches these filters." in html
    assert "Waiting for the leads" in html
    client.force_login(pw.member_rep)
    assert "Robotics Valleys" in client.get("/partnerships/mine/").content.decode()


# --- creating, editing, launching, closing ------------------------------------------------


def test_representative_creates_partnership_led_by_their_region(client, pw):
    client.force_login(pw.other_rep)
    assert_strict_page(client.get("/partnerships/new/"))
    data = {"name": "Hydrogen Valleys", "thematic_platform": pw.platform.pk, "lead_region": "CZ06"}
    response = client.post("/partnerships/new/", data)
    assert "You do not act for CZ06 Jihovýchod." in response.content.decode()
    response = client.post("/partnerships/new/", {**data, "lead_region": "de11"})
    created = Partnership.objects.get(name="Hydrogen Valleys")
    assert response["Location"] == f"/partnerships/{created.slug}/"
    assert created.members.get().region == pw.de11


def test_staff_creates_partnership_led_by_an_organisation(client, pw):
    client.force_login(pw.staff)
    response = client.post(
        "/partnerships/new/",
        {
            "name": "Institute-led",
            "thematic_platform": pw.platform.pk,
            "lead_organisation": "danube-research-institute",
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get(name="Institute-led").members.get().organisation == pw.institute


def test_plain_user_cannot_create(client, pw):
    client.force_login(pw.plain)
    assert client.get("/partnerships/new/").status_code == 403


def test_leads_edit_launch_and_close(client, pw):
    client.force_login(pw.colead_rep)
    response = client.post(
        "/partnerships/rova/edit/",
        {"name": "Robotics Valleys 2", "thematic_platform": pw.platform.pk},
    )
    assert response["Location"] == DETAIL
    client.post("/partnerships/rova/status/launch/")
    client.post("/partnerships/rova/status/close/", {"reason": "Done"})
    pw.forming.refresh_from_db()
    assert (pw.forming.name, pw.forming.status) == ("Robotics Valleys 2", PartnershipStatus.CLOSED)


def test_member_cannot_launch_and_get_is_refused(client, pw):
    client.force_login(pw.member_rep)
    assert client.post("/partnerships/rova/status/launch/").status_code == 403
    client.force_login(pw.lead_rep)
    assert client.get("/partnerships/rova/status/launch/").status_code == 405
    assert client.post("/partnerships/rova/status/explode/").status_code == 404


def test_forbidden_transition_is_explained(client, pw):
    client.force_login(pw.lead_rep)
    response = client.post("/partnerships/rova/status/close/", follow=True)
    assert "A forming partnership cannot be closed." in response.content.decode()


# --- members, contacts and join requests ---------------------------------------------------


def test_members_page_for_members_only(client, pw, active):
    client.force_login(pw.other_rep)
    assert client.get("/partnerships/rova/members/").status_code == 403
    client.force_login(pw.member_rep)
    html = assert_strict_page(client.get("/partnerships/rova/members/"))
    assert "Add a member" not in html
    assert "Add a contact" in html  # for its own member row
    client.force_login(pw.lead_rep)
    assert "Add a member" in client.get("/partnerships/rova/members/").content.decode()


def test_leads_manage_members(client, pw, active):
    client.force_login(pw.lead_rep)
    url = "/partnerships/rova/members/"
    client.post(url + "add/", {"region": "DE11", "role": MemberRole.ASSOCIATED})
    de11 = PartnershipMember.objects.get(partnership=active, region=pw.de11)
    assert de11.role == MemberRole.ASSOCIATED
    client.post(url + "role/", {"member": de11.pk, "role": MemberRole.LEAD})
    de11.refresh_from_db()
    assert de11.role == MemberRole.LEAD
    at12 = PartnershipMember.objects.get(partnership=active, region=pw.at12)
    client.post(url + "remove/", {"member": at12.pk})
    at12.refresh_from_db()
    assert at12.left_at is not None
    response = client.post(url + "add/", {"region": "XX99", "role": "member"}, follow=True)
    assert "No region XX99 in NUTS 2021." in response.content.decode()


def test_colead_cannot_take_the_lead_nor_move_the_lead(client, pw, active):
    # A co-lead manages members but may not give itself the lead and then remove the old lead.
    url = "/partnerships/rova/members/"
    cz06 = PartnershipMember.objects.get(partnership=active, region=pw.cz06)
    sk01 = PartnershipMember.objects.get(partnership=active, region=pw.sk01)
    at12 = PartnershipMember.objects.get(partnership=active, region=pw.at12)
    client.force_login(pw.colead_rep)
    html = assert_strict_page(client.get(url))
    assert '<option value="lead">' not in html
    assert "Only the lead's own users and platform staff hand the lead over." in html
    assert client.post(url + "role/", {"member": sk01.pk, "role": "lead"}).status_code == 403
    assert client.post(url + "role/", {"member": cz06.pk, "role": "member"}).status_code == 403
    assert client.post(url + "remove/", {"member": cz06.pk}).status_code == 403
    assert list(
        PartnershipMember.objects.filter(partnership=active, left_at__isnull=True)
        .order_by("id")
        .values_list("region__code", "role")
    ) == [("CZ06", "lead"), ("SK01", "co_lead"), ("AT12", "member"), (None, "member")]
    client.post(url + "role/", {"member": at12.pk, "role": "associated"})
    at12.refresh_from_db()
    assert at12.role == MemberRole.ASSOCIATED  # other roles stay the co-leads' to change


@pytest.mark.parametrize("user", ["lead_rep", "staff"])
def test_lead_and_staff_hand_the_lead_over(client, pw, active, user):
    url = "/partnerships/rova/members/"
    sk01 = PartnershipMember.objects.get(partnership=active, region=pw.sk01)
    client.force_login(getattr(pw, user))
    assert '<option value="lead">' in assert_strict_page(client.get(url))
    response = client.post(url + "role/", {"member": sk01.pk, "role": "lead"})
    assert response.status_code == 302
    roles = dict(
        PartnershipMember.objects.filter(partnership=active, region__isnull=False).values_list(
            "region__code", "role"
        )
    )
    assert roles == {"CZ06": "co_lead", "SK01": "lead", "AT12": "member"}


def test_member_manages_own_contacts_only(client, pw, active):
    at12 = PartnershipMember.objects.get(partnership=active, region=pw.at12)
    sk01 = PartnershipMember.objects.get(partnership=active, region=pw.sk01)
    client.force_login(pw.member_rep)
    url = "/partnerships/rova/members/"
    client.post(url + "add-contact/", {"member": at12.pk, "name": "Anna", "email": "a@x.eu"})
    contact = MemberContact.objects.get()
    client.post(
        url + "edit-contact/",
        {
            "member": at12.pk,
            "contact": contact.pk,
            "name": "Anna B",
            "email": "a@x.eu",
            "is_public": "on",
        },
    )
    contact.refresh_from_db()
    assert (contact.name, contact.is_public) == ("Anna B", True)
    assert (
        client.post(
            url + "add-contact/", {"member": sk01.pk, "name": "Eve", "email": "e@x.eu"}
        ).status_code
        == 403
    )
    client.post(url + "remove-contact/", {"member": at12.pk, "contact": contact.pk})
    assert not MemberContact.objects.exists()


def test_join_request_round_trip(client, pw, active):
    client.force_login(pw.other_rep)
    page = assert_strict_page(client.get("/partnerships/rova/join/"))
    assert "DE11 Stuttgart" in page
    response = client.post(
        "/partnerships/rova/join/",
        {"party": f"region:{pw.de11.pk}", "requested_role": "member", "message": "Hello"},
    )
    assert response["Location"] == DETAIL
    join_request = JoinRequest.objects.get()
    client.force_login(pw.lead_rep)
    assert "Hello" in client.get("/partnerships/rova/members/").content.decode()
    response = client.post(f"/partnerships/join-requests/{join_request.pk}/reject/", {"reason": ""})
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING
    client.post(f"/partnerships/join-requests/{join_request.pk}/approve/", {"role": ""})
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert PartnershipMember.objects.get(region=pw.de11, partnership=active).role == "member"


def test_member_cannot_ask_to_join_and_requester_withdraws(client, pw, active):
    client.force_login(pw.member_rep)
    assert client.get("/partnerships/rova/join/").status_code == 403
    join_request = request_to_join(actor=pw.other_rep, partnership=active, region=pw.de11)
    assert (
        client.post(f"/partnerships/join-requests/{join_request.pk}/withdraw/").status_code == 403
    )
    client.force_login(pw.other_rep)
    assert client.post(f"/partnerships/join-requests/{join_request.pk}/approve/").status_code == 403
    response = client.post(f"/partnerships/join-requests/{join_request.pk}/withdraw/")
    assert response["Location"] == "/partnerships/mine/"
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN


# --- stages and experts --------------------------------------------------------------------


def test_mapping_stage_links_to_the_partner_finder(client, pw, active):
    start_next_stage(actor=None, partnership=active)
    html = assert_strict_page(client.get("/partnerships/rova/stages/mapping/"))
    assert reverse("web:region-partners", args=["CZ06"]) + "?area=robotics" in html


def test_stage_outputs_are_saved_and_shown_escaped(client, pw, active):
    client.force_login(pw.lead_rep)
    response = client.post(
        "/partnerships/rova/stages/scoping/",
        {
            "outputs": "Scoping note <script>alert(1)</script>\n\nSecond paragraph",
            "links": "Note | https://example.eu/note.pdf\nhttps://example.eu/annex",
        },
    )
    assert response["Location"] == "/partnerships/rova/stages/scoping/"
    html = client.get("/partnerships/rova/stages/scoping/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Second paragraph</p>" in html
    assert '<a href="https://example.eu/note.pdf" rel="noopener">Note</a>' in html
    record = StageRecord.objects.get(partnership=active, stage=MethodologyStage.SCOPING)
    assert record.links[1] == {
        "title": "https://example.eu/annex",
        "url": "https://example.eu/annex",
    }


def test_stage_outputs_reject_bad_links_and_unknown_stages(client, pw, active):
    client.force_login(pw.lead_rep)
    response = client.post(
        "/partnerships/rova/stages/scoping/", {"outputs": "", "links": "ftp://example.eu/x"}
    )
    assert "Link 1: ftp://example.eu/x is not a web address (http or https)." in (
        response.content.decode()
    )
    assert client.get("/partnerships/rova/stages/nonsense/").status_code == 404
    assert client.post("/partnerships/rova/stages/learn/", {"outputs": "x"}).status_code == 404
    client.force_login(pw.member_rep)
    assert client.post("/partnerships/rova/stages/scoping/", {"outputs": "x"}).status_code == 403


def test_next_stage_button(client, pw, active):
    client.force_login(pw.lead_rep)
    client.post("/partnerships/rova/stages/next/")
    active.refresh_from_db()
    assert active.current_stage == MethodologyStage.MAPPING


def test_staff_manage_the_expert_team(client, pw, active):
    client.force_login(pw.lead_rep)
    assert client.get("/partnerships/rova/experts/").status_code == 403
    client.force_login(pw.staff)
    assert_strict_page(client.get("/partnerships/rova/experts/"))
    newcomer = ExpertFactory(user__full_name="Nina New")
    client.post("/partnerships/rova/experts/", {"expert": newcomer.pk, "role": "Finance"})
    assignment = ExpertAssignment.objects.get(expert=newcomer)
    assert assignment.role == "Finance"
    client.post(f"/partnerships/rova/experts/{assignment.pk}/remove/")
    assert not ExpertAssignment.objects.filter(expert=newcomer).exists()


@pytest.fixture
def accepted_application(pw):
    from smartregions.calls.enums import ApplicationStatus
    from tests.factories.calls import ApplicationFactory, CallFactory

    return ApplicationFactory(
        call=CallFactory(thematic_platform=None),
        title="Blue Valleys",
        lead_region=pw.de11,
        status=ApplicationStatus.ACCEPTED,
        submitted_at="2026-01-01T00:00:00Z",
    )


def test_staff_create_partnership_from_application(client, pw, accepted_application):
    url = f"/partnerships/from-application/{accepted_application.pk}/"
    client.force_login(pw.lead_rep)
    assert client.get(url).status_code == 403
    client.force_login(pw.staff)
    assert_strict_page(client.get(url))
    response = client.post(url, {})
    assert "The call has no thematic platform: choose one." in response.content.decode()
    response = client.post(url, {"thematic_platform": pw.platform.pk})
    partnership = Partnership.objects.get(application=accepted_application)
    assert response["Location"] == f"/partnerships/{partnership.slug}/"


@pytest.mark.parametrize(
    "model", ["partnership", "membercontact", "joinrequest", "actionplan", "project"]
)
def test_admin_lists_are_read_only(client, pw, active, model):
    from tests.factories.accounts import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(f"/admin/partnerships/{model}/").status_code == 200
    assert client.get(f"/admin/partnerships/{model}/add/").status_code == 403
    if model == "partnership":
        assert client.get(f"/admin/partnerships/partnership/{active.pk}/change/").status_code == 200


def _more_members_and_requests(pw, active, start):
    for i in range(start, start + 3):
        region = RegionFactory(code=f"SK{i:02d}", country=pw.sk01.country)
        member = add_member(actor=None, partnership=active, region=region)
        add_member_contact(actor=None, member=member, name=f"C{i}", email=f"c{i}@example.eu")
        other = RegionFactory(code=f"DE{i:02d}", country=pw.de11.country)
        request_to_join(actor=None, partnership=active, region=other)


@pytest.mark.parametrize(
    "case",
    [
        # session, user, role summary (2), partnership + members + expert team, member history
        # + contacts, join requests.
        ("/partnerships/rova/members/", "lead_rep", 10),
        # + the filter choices (3), count, rows, members, the user's join requests.
        ("/partnerships/mine/", "lead_rep", 11),
        # + partnership (3), stage record, the lead region's code and the thematic area for the
        # partner-finder link.
        ("/partnerships/rova/stages/mapping/", "lead_rep", 10),
        # session, user, role summary (1: no region), partnership (3), expert choices, team.
        ("/partnerships/rova/experts/", "staff", 8),
    ],
)
def test_page_query_counts_are_fixed(client, pw, active, django_assert_num_queries, case):
    url, user, queries = case
    start_next_stage(actor=None, partnership=active)
    client.force_login(getattr(pw, user))
    _more_members_and_requests(pw, active, 10)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _more_members_and_requests(pw, active, 20)
    with django_assert_num_queries(queries):
        client.get(url)
