"""The brokerage permission matrix: every role x every permission x the objects it applies to.

Case C is SME 1's case assigned to broker CZ and referred (pending) to broker SK; group G is led
by broker CZ with SME 1 as member; R is the pending referral to broker SK.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.brokerage.domain.brokers import register_broker
from smartregions.brokerage.domain.groups import form_group
from smartregions.brokerage.domain.referrals import refer_case
from tests.factories.accounts import UserFactory

Y, N = True, False
ROLES = ("anon", "user", "admin", "fac", "sme1", "sme2", "br_cz", "br_it", "br_sk", "br_de", "pend")

# fmt: off
# an = anonymous, us = plain user, ad = platform admin, fa = facilitator, s1 / s2 = members of
# SME 1 / SME 2, cz = assigned broker, it = other broker of the same region, sk = broker the case is
# referred to, de = unrelated broker abroad, pe = broker awaiting approval.
MATRIX = [
    # permission                    target  an us ad fa s1 s2 cz it sk de pe
    ("brokerage.register_broker",   "-",   (N, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("brokerage.manage_brokers",    "-",   (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("brokerage.view_dashboard",    "-",   (N, N, Y, Y, N, N, Y, Y, Y, Y, N)),
    ("brokerage.submit_case",       "SME1", (N, N, N, N, Y, N, N, N, N, N, N)),
    ("brokerage.submit_case",       "BIG", (N, N, N, N, N, N, N, N, N, N, N)),
    ("brokerage.view_case",         "C",   (N, N, Y, Y, Y, N, Y, N, Y, N, N)),
    ("brokerage.work_case",         "C",   (N, N, N, N, N, N, Y, N, N, N, N)),
    ("brokerage.withdraw_case",     "C",   (N, N, N, N, Y, N, N, N, N, N, N)),
    ("brokerage.assign_case",       "C",   (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("brokerage.take_case",         "C",   (N, N, N, N, N, N, N, N, N, N, N)),
    ("brokerage.take_case",         "U",   (N, N, N, N, N, N, Y, Y, N, N, N)),
    ("brokerage.answer_referral",   "R",   (N, N, N, N, N, N, N, N, Y, N, N)),
    ("brokerage.add_group",         "-",   (N, N, N, N, N, N, Y, Y, Y, Y, N)),
    ("brokerage.view_group",        "G",   (N, N, Y, Y, Y, N, Y, N, N, N, N)),
    ("brokerage.change_group",      "G",   (N, N, N, N, N, N, Y, N, N, N, N)),
    ("brokerage.edit_strategy",     "G",   (N, N, Y, Y, Y, N, Y, N, N, N, N)),
]
# fmt: on


@pytest.fixture
def matrix_world(bw, new_case):
    from smartregions.brokerage.domain.cases import submit_case

    unassigned = submit_case(
        actor=None,
        organisation=bw.sme2,
        title="Heat pumps",
        challenge="Heat pumps",
        value_chain_position="end_use",
    )
    referral = refer_case(actor=None, case=new_case, to_broker=bw.broker_sk, message="Please help")
    group = form_group(
        actor=None, broker=bw.broker_cz, name="G", challenge="C", organisations=[bw.sme1]
    )
    admin = UserFactory()
    grant_membership(actor=None, user=admin, role=Role.PLATFORM_ADMIN)
    pending = UserFactory()
    register_broker(actor=None, user=pending, region=bw.cz06)
    users = {
        "anon": AnonymousUser(),
        "user": UserFactory(),
        "admin": admin,
        "fac": bw.facilitator,
        "sme1": bw.member1,
        "sme2": UserFactory(),
        "br_cz": bw.broker_cz.user,
        "br_it": bw.broker_cz_it.user,
        "br_sk": bw.broker_sk.user,
        "br_de": bw.broker_de.user,
        "pend": pending,
    }
    grant_membership(
        actor=None, user=users["sme2"], role=Role.ORGANISATION_MEMBER, organisation=bw.sme_far
    )
    targets = {
        "-": None,
        "SME1": bw.sme1,
        "BIG": bw.large,
        "C": new_case,
        "U": unassigned,
        "R": referral,
        "G": group,
    }
    return users, targets


def test_permission_matrix(matrix_world):
    # One world for all 177 cells (building it per cell took 80 s); every differing cell is
    # listed, so a failure still names each (permission, target, role).
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
