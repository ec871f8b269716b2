"""The action-plan permission matrix: every role x every permission x the objects it applies to.

P is the plan of the active "Robotics Valleys" (lead CZ06, co-lead SK01, member AT12, member
organisation the institute, the expert on its team); RP is the transition plan of CZ06 (an
industrial-transition region); CZ06 and DE11 are regions to start a transition plan for.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.partnerships.domain.plans import create_partnership_plan, create_region_plan
from smartregions.partnerships.domain.queries.partnerships import partnership_for_rules
from smartregions.partnerships.domain.queries.plans import plans_for_rules

Y, N = True, False
ROLES = ("anon", "staff", "lead", "colead", "member", "other", "org", "expert", "plain")

# fmt: off
# an = anonymous, st = facilitator, le / co / me = representatives of the lead, co-lead and member
# regions, ot = representative of a non-member region (DE11), or = member of the member
# organisation, ex = expert on the partnership's team, pl = signed in without any role.
MATRIX = [
    # permission                              target  an st le co me ot or ex pl
    ("partnerships.view_plan",                "P",    (N, Y, Y, Y, Y, N, Y, Y, N)),
    ("partnerships.change_plan",              "P",    (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.add_partnership_plan",     "A",    (N, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.view_plan",                "RP",   (N, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("partnerships.change_plan",              "RP",   (N, Y, Y, N, N, N, N, N, N)),
    ("partnerships.add_region_plan",          "CZ06", (N, Y, Y, N, N, N, N, N, N)),
    ("partnerships.add_region_plan",          "DE11", (N, Y, N, N, N, Y, N, N, N)),
]
# fmt: on


@pytest.fixture
def matrix_world(pw, active):
    plan = create_partnership_plan(actor=None, partnership=active)
    region_plan = create_region_plan(actor=None, region=pw.cz06)
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
        "P": plans_for_rules().get(pk=plan.pk),
        "RP": plans_for_rules().get(pk=region_plan.pk),
        "A": partnership_for_rules().get(pk=active.pk),
        "CZ06": pw.cz06,
        "DE11": pw.de11,
    }
    return users, targets


def test_permission_matrix(matrix_world):
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


def test_nuts3_region_is_represented_through_its_nuts2_representative(pw):
    pw.cz064.industrial_transition = True
    pw.cz064.save()
    assert pw.lead_rep.has_perm("partnerships.add_region_plan", pw.cz064)
