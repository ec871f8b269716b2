"""The monitoring permission matrix: every role x every permission x the objects it applies to.

P is the active hydrogen partnership, F the forming one (led by AT13, which ``other``
represents), R a draft report of P; "-" is no object.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.partnerships.domain.queries.monitoring import (
    partnerships_for_monitoring,
    reports_with_details,
)
from tests.factories.accounts import UserFactory
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import ProgressReportFactory

Y, N = True, False
ROLES = (
    "anon",
    "plain",
    "fac",
    "admin",
    "lead",
    "colead",
    "member",
    "org",
    "expert",
    "pool",
    "other",
)

# fmt: off
# an = anonymous, pl = signed in without a role, fa = facilitator, ad = platform administrator,
# le / co = representatives of the lead (through the region above it) and co-lead regions, me = of
# a member region, or = member of the associated organisation, ex = expert of P's team, po = pool
# expert not on the team, ot = representative of another region (lead of F).
MATRIX = [
    # permission                       target  an pl fa ad le co me or ex po ot
    ("partnerships.view_reports",      "P",   (N, N, Y, Y, Y, Y, Y, Y, Y, N, N)),
    ("partnerships.view_reports",      "F",   (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.start_report",      "P",   (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.start_report",      "F",   (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.view_report",       "R",   (N, N, Y, Y, Y, Y, Y, Y, Y, N, N)),
    ("partnerships.edit_report",       "R",   (N, N, N, N, Y, Y, N, N, N, N, N)),
    ("partnerships.submit_report",     "R",   (N, N, N, N, Y, Y, N, N, N, N, N)),
    ("partnerships.review_report",     "R",   (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("partnerships.view_monitoring",   "-",   (N, N, Y, Y, N, N, N, N, N, N, N)),
]
# fmt: on


@pytest.fixture
def matrix_world(db):
    w = monitoring_world()
    admin = UserFactory(email="admin@example.eu")
    grant_membership(actor=None, user=admin, role=Role.PLATFORM_ADMIN)
    report = ProgressReportFactory(partnership=w.p)
    users = {
        "anon": AnonymousUser(),
        "plain": w.plain,
        "fac": w.facilitator,
        "admin": admin,
        "lead": w.lead_rep,
        "colead": w.colead_rep,
        "member": w.member_rep,
        "org": w.org_member,
        "expert": w.expert,
        "pool": w.pool_expert,
        "other": w.other_rep,
    }
    loaded = partnerships_for_monitoring()
    targets = {
        "-": None,
        "P": loaded.get(pk=w.p.pk),
        "F": loaded.get(pk=w.f.pk),
        "R": reports_with_details().get(pk=report.pk),
    }
    return users, targets


def test_permission_matrix(matrix_world):
    # One world for all cells; every differing cell is listed, so a failure names each
    # (permission, target, role).
    users, targets = matrix_world
    differing = [
        (permission, target, role, allowed)
        for permission, target, cells in MATRIX
        for role, allowed in zip(ROLES, cells, strict=True)
        if users[role].has_perm(permission, targets[target]) is not allowed
    ]
    assert differing == []


def test_matrix_rows_are_complete():
    assert all(len(cells) == len(ROLES) for _, _, cells in MATRIX)


def test_checking_every_report_of_a_page_costs_no_query_per_report(
    matrix_world, django_assert_num_queries
):
    users, _targets = matrix_world
    reports = list(reports_with_details())
    member = users["member"]
    member.has_perm("partnerships.view_report", reports[0])  # the role summary, once
    with django_assert_num_queries(0):
        assert all(member.has_perm("partnerships.view_report", r) for r in reports)
        assert not any(member.has_perm("partnerships.edit_report", r) for r in reports)
