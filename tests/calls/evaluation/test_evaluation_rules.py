"""The evaluation permission matrix: every role x every permission x the objects it applies to.

C is the call; on H2V, RP is Petra's submitted review and RE Eva's assigned one; RD is the
review of SLOW held by Hana, who was then taken out of the pool.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.calls.domain.evaluation.assignment import assign_reviewer
from smartregions.calls.domain.evaluation.experts import deactivate_expert
from smartregions.calls.domain.evaluation.reviews import Mark, declare_no_conflict, submit_review
from tests.factories.accounts import UserFactory

Y, N = True, False
ROLES = ("anon", "user", "admin", "fac", "petra", "eva", "tomas", "hana", "lead", "other")

# fmt: off
# an = anonymous, us = plain user, ad = platform admin, fa = facilitator, pe = expert who
# submitted RP, ev = expert working on RE, to = active expert without a review of H2V,
# ha = deactivated expert holding RD, le = representative of H2V's lead region,
# ot = representative of another region.
MATRIX = [
    # permission                  target an us ad fa pe ev to ha le ot
    ("calls.manage_experts",      "-",  (N, N, Y, Y, N, N, N, N, N, N)),
    ("calls.manage_evaluation",   "C",  (N, N, Y, Y, N, N, N, N, N, N)),
    ("calls.view_my_reviews",     "-",  (N, N, N, N, Y, Y, Y, N, N, N)),
    ("calls.view_review",         "RP", (N, N, Y, Y, Y, N, N, N, N, N)),
    ("calls.view_review",         "RE", (N, N, Y, Y, N, Y, N, N, N, N)),
    ("calls.view_review",         "RD", (N, N, Y, Y, N, N, N, N, N, N)),
    ("calls.work_review",         "RP", (N, N, N, N, N, N, N, N, N, N)),
    ("calls.work_review",         "RE", (N, N, N, N, N, Y, N, N, N, N)),
    ("calls.work_review",         "RD", (N, N, N, N, N, N, N, N, N, N)),
    ("calls.view_peer_reviews",   "RP", (N, N, Y, Y, Y, N, N, N, N, N)),
    ("calls.view_peer_reviews",   "RE", (N, N, Y, Y, N, N, N, N, N, N)),
]
# fmt: on


@pytest.fixture
def matrix_world(ew):
    petra = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.petra)
    declare_no_conflict(actor=ew.petra.user, review=petra)
    submit_review(
        actor=ew.petra.user,
        review=petra,
        marks={ew.relevance.pk: Mark(3), ew.impact.pk: Mark(5)},
    )
    eva = assign_reviewer(actor=ew.facilitator, application=ew.h2, expert=ew.eva)
    hana = assign_reviewer(actor=ew.facilitator, application=ew.tour, expert=ew.hana)
    deactivate_expert(actor=ew.facilitator, expert=ew.hana)
    users = {
        "anon": AnonymousUser(),
        "user": UserFactory(),
        "admin": ew.admin,
        "fac": ew.facilitator,
        "petra": ew.petra.user,
        "eva": ew.eva.user,
        "tomas": ew.tomas.user,
        "hana": ew.hana.user,
        "lead": ew.lead_rep,
        "other": ew.other_rep,
    }
    targets = {"-": None, "C": ew.call, "RP": petra, "RE": eva, "RD": hana}
    return users, targets


def test_permission_matrix(matrix_world):
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
