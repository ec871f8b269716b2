"""The partnership permission matrix: every role x every permission x the objects it applies to.

F is the forming "Robotics Valleys"; A an active and C a closed partnership with the same members
(lead CZ06, co-lead SK01, member AT12, the institute as member organisation, the expert on the
team). M_AT and M_IN are A's members AT12 and the institute; JR is a waiting join request of
DE11 to A sent by the DE11 representative; APP an accepted application.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.calls.enums import ApplicationStatus
from smartregions.partnerships.domain.experts import assign_expert
from smartregions.partnerships.domain.join_requests import request_to_join
from smartregions.partnerships.domain.members import add_member
from smartregions.partnerships.domain.partnerships import (
    close_partnership,
    create_partnership,
    launch_partnership,
)
from smartregions.partnerships.domain.queries.partnerships import partnership_for_rules
from smartregions.partnerships.enums import MemberRole
from smartregions.partnerships.models import PartnershipMember
from tests.factories.calls import ApplicationFactory

Y, N = True, False
ROLES = ("anon", "staff", "lead", "colead", "member", "other", "org", "expert", "plain")

# fmt: off
# an = anonymous, st = facilitator, le / co / me = representatives of the lead, co-lead and member
# regions, ot = representative of a non-member region (DE11), or = member of the member
# organisation, ex = expert on the team, pl = signed in without any role.
MATRIX = [
    # permission                               target   an st le co me ot or ex pl
    ("partnerships.view_partnership",           "F",    (N, Y, Y, Y, Y, N, Y, Y, N)),
    ("partnerships.view_partnership",           "A",    (Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("partnerships.view_partnership",           "C",    (Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("partnerships.add_partnership",            "-",    (N, Y, Y, Y, Y, Y, N, N, N)),
    ("partnerships.lead_as",                    "CZ06", (N, Y, Y, N, N, N, N, N, N)),
    ("partnerships.lead_as",                    "INST", (N, Y, N, N, N, N, Y, N, N)),
    ("partnerships.create_from_application",    "APP",  (N, Y, N, N, N, N, N, N, N)),
    ("partnerships.change_partnership",         "A",    (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.launch_partnership",         "F",    (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.close_partnership",          "A",    (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.manage_members",             "A",    (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.hand_over_lead",             "A",    (N, Y, Y, N, N, N, N, N, N)),
    ("partnerships.hand_over_lead",             "F",    (N, Y, Y, N, N, N, N, N, N)),
    ("partnerships.view_members",               "A",    (N, Y, Y, Y, Y, N, Y, N, N)),
    ("partnerships.manage_contacts",            "M_AT", (N, Y, Y, Y, Y, N, N, N, N)),
    ("partnerships.manage_contacts",            "M_IN", (N, Y, Y, Y, N, N, Y, N, N)),
    ("partnerships.request_to_join",            "A",    (N, N, N, N, N, Y, N, N, N)),
    ("partnerships.request_to_join",            "C",    (N, N, N, N, N, N, N, N, N)),
    ("partnerships.join_for",                   "DE11", (N, N, N, N, N, Y, N, N, N)),
    ("partnerships.join_for",                   "INST", (N, N, N, N, N, N, Y, N, N)),
    ("partnerships.decide_join_request",        "JR",   (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.withdraw_join_request",      "JR",   (N, N, N, N, N, Y, N, N, N)),
    ("partnerships.view_join_request",          "JR",   (N, Y, Y, Y, N, Y, N, N, N)),
    ("partnerships.manage_stages",              "A",    (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.manage_experts",             "A",    (N, Y, N, N, N, N, N, N, N)),
]
# fmt: on


def _twin(pw, name):
    """A partnership with the same members and expert as ``pw.forming``, launched."""
    partnership = create_partnership(
        actor=None, name=name, thematic_platform=pw.platform, lead_region=pw.cz06
    )
    add_member(actor=None, partnership=partnership, region=pw.sk01, role=MemberRole.CO_LEAD)
    add_member(actor=None, partnership=partnership, region=pw.at12)
    add_member(actor=None, partnership=partnership, organisation=pw.institute)
    assign_expert(actor=None, partnership=partnership, expert=pw.expert)
    return launch_partnership(actor=None, partnership=partnership)


@pytest.fixture
def matrix_world(pw):
    active = _twin(pw, "Active twin")
    closed = close_partnership(actor=None, partnership=_twin(pw, "Closed twin"))
    join_request = request_to_join(actor=pw.other_rep, partnership=active, region=pw.de11)
    application = ApplicationFactory(
        status=ApplicationStatus.ACCEPTED, submitted_at="2026-01-01T00:00:00Z"
    )
    rules_view = partnership_for_rules()
    users = {
        "anon": AnonymousUser(),
        "staff": pw.staff,
        "lead": pw.lead_rep,
        "colead": pw.colead_rep,
        "member": pw.member_rep,
        "other": pw.other_rep,
        "org": pw.org_member,
        "expert": pw.expert.user,
        "plain": pw.plain,
    }
    targets = {
        "-": None,
        "F": rules_view.get(pk=pw.forming.pk),
        "A": rules_view.get(pk=active.pk),
        "C": rules_view.get(pk=closed.pk),
        "CZ06": pw.cz06,
        "DE11": pw.de11,
        "INST": pw.institute,
        "APP": application,
        "M_AT": PartnershipMember.objects.get(partnership=active, region=pw.at12),
        "M_IN": PartnershipMember.objects.get(partnership=active, organisation=pw.institute),
        "JR": join_request,
    }
    return users, targets


def test_permission_matrix(matrix_world):
    # One world for every cell; every differing cell is listed, so a failure names each
    # (permission, target, role).
    users, targets = matrix_world
    differing = [
        (permission, target, role, allowed)
        for permission, target, cells in MATRIX
        for role, allowed in zip(ROLES, cells, strict=True)
        if users[role].has_perm(permission, targets[target]) is not allowed
    ]
    assert differing == [], differing


def test_matrix_rows_are_complete():
    assert all(len(cells) == len(ROLES) for _, _, cells in MATRIX)


def test_decided_join_request_cannot_be_decided_or_withdrawn(pw, matrix_world):
    from smartregions.partnerships.domain.join_requests import reject_join_request

    users, targets = matrix_world
    join_request = reject_join_request(actor=pw.staff, join_request=targets["JR"], reason="No")
    assert not users["staff"].has_perm("partnerships.decide_join_request", join_request)
    assert not users["other"].has_perm("partnerships.withdraw_join_request", join_request)
