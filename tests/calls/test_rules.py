"""The calls permission matrix: every role x every permission x the objects it applies to.

Application A is a draft led by CZ06 and started by ``creator`` (who no longer acts for any
region: starting an application gives no right of its own); SK01 confirmed, the Stuttgart
institute is invited (I is that invitation) and DE11 declined. Application S is the same
consortium, submitted; W the same, withdrawn before it was ever submitted (a first draft: still
private from staff). P, D and X are a published, a draft and a closed call.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from smartregions.accounts.domain.memberships import revoke_membership
from smartregions.accounts.models import Membership, User
from smartregions.calls.domain.applications import start_application, withdraw_application
from smartregions.calls.domain.calls import close_call
from smartregions.calls.domain.co_applicants import (
    confirm_co_applicant,
    decline_co_applicant,
    invite_co_applicant,
)
from smartregions.calls.domain.queries.applications import my_applications, visible_applications
from smartregions.calls.models import Application, Call
from tests.calls.conftest import make_call, pdf_file
from tests.factories.accounts import UserFactory

Y, N = True, False
ROLES = ("anon", "plain", "admin", "fac", "rep_cz", "creator", "rep_sk", "inst", "rep_de",
         "rep_at", "sme")  # fmt: skip

# fmt: off
# an = anonymous, us = signed in without roles, ad = platform admin, fa = facilitator,
# cz = representative of the lead region, cr = the user who started the application and no
# longer acts for the lead,
# sk = representative of the confirmed co-applicant region, in = member of the invited
# organisation, de = representative of the region that declined, at = representative of an
# unrelated region, sm = member of an unrelated organisation.
MATRIX = [
    # permission                     target  an us ad fa cz cr sk in de at sm
    ("calls.add_call",               "-",   (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("calls.view_call",              "P",   (Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("calls.view_call",              "D",   (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("calls.view_call",              "X",   (Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("calls.change_call",            "P",   (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("calls.ask_question",           "P",   (N, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("calls.ask_question",           "X",   (N, N, N, N, N, N, N, N, N, N, N)),
    ("calls.answer_question",        "P",   (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("calls.start_application",      "P",   (N, N, N, N, Y, N, Y, Y, Y, Y, Y)),
    ("calls.start_application",      "D",   (N, N, N, N, N, N, N, N, N, N, N)),
    ("calls.start_application",      "X",   (N, N, N, N, N, N, N, N, N, N, N)),
    ("calls.lead_application",       "CZ06", (N, N, N, N, Y, N, N, N, N, N, N)),
    ("calls.lead_application",       "SME", (N, N, N, N, N, N, N, N, N, N, Y)),
    ("calls.view_application",       "A",   (N, N, N, N, Y, N, Y, Y, N, N, N)),
    ("calls.view_application",       "S",   (N, N, Y, Y, Y, N, Y, Y, N, N, N)),
    ("calls.view_application",       "W",   (N, N, N, N, Y, N, Y, Y, N, N, N)),
    ("calls.edit_application",       "A",   (N, N, N, N, Y, N, N, N, N, N, N)),
    ("calls.submit_application",     "A",   (N, N, N, N, Y, N, N, N, N, N, N)),
    ("calls.withdraw_application",   "S",   (N, N, N, N, Y, N, N, N, N, N, N)),
    ("calls.answer_invitation",      "I",   (N, N, N, N, N, N, N, Y, N, N, N)),
]
# fmt: on


def _consortium(cw, call, creator, title):
    application = start_application(actor=creator, call=call, title=title, lead_region=cw.cz06)
    sk = invite_co_applicant(actor=None, application=application, region=cw.sk01)
    confirm_co_applicant(actor=cw.rep_sk, co_applicant=sk, commitment_letter=pdf_file())
    invited = invite_co_applicant(actor=None, application=application, organisation=cw.institute)
    de = invite_co_applicant(actor=None, application=application, region=cw.de11)
    decline_co_applicant(actor=cw.rep_de, co_applicant=de)
    return application, invited


@pytest.fixture
def matrix_world(cw, call):
    creator = UserFactory()
    draft_app, invitation = _consortium(cw, call, creator, "A")
    submitted, _ = _consortium(cw, call, creator, "S")
    Application.objects.filter(pk=submitted.pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    submitted.refresh_from_db()
    withdrawn, _ = _consortium(cw, call, creator, "W")
    withdraw_application(actor=cw.rep_cz, application=withdrawn, reason="Not this year")
    draft_call = Call.objects.create(
        slug="draft", title="Draft", type="partnership_eoi", opens_at=timezone.now()
    )
    closed = make_call(cw, title="Closed")
    close_call(actor=None, call=closed)
    users = {
        "anon": AnonymousUser(),
        "plain": cw.plain,
        "admin": cw.admin,
        "fac": cw.facilitator,
        "rep_cz": cw.rep_cz,
        "creator": creator,
        "rep_sk": cw.rep_sk,
        "inst": cw.institute_member,
        "rep_de": cw.rep_de,
        "rep_at": cw.rep_at,
        "sme": cw.sme_member,
    }
    targets = {
        "-": None,
        "P": call,
        "D": draft_call,
        "X": closed,
        "CZ06": cw.cz06,
        "SME": cw.sme,
        "A": draft_app,
        "S": submitted,
        "W": withdrawn,
        "I": invitation,
    }
    return users, targets


def test_permission_matrix(matrix_world):
    # One world for every cell; each differing cell is listed, naming permission, target, role.
    users, targets = matrix_world
    differing = [
        (permission, target, role, allowed)
        for permission, target, cells in MATRIX
        for role, allowed in zip(ROLES, cells, strict=True)
        if users[role].has_perm(permission, targets[target]) is not allowed
    ]
    assert differing == []


def test_staff_read_a_stage_two_draft_but_not_a_first_draft(matrix_world):
    users, targets = matrix_world
    application = targets["A"]
    assert not users["fac"].has_perm("calls.view_application", application)
    Application.objects.filter(pk=application.pk).update(stage=2)
    application.refresh_from_db()
    assert users["fac"].has_perm("calls.view_application", application)


def test_revoked_representative_loses_the_application_they_started(cw, draft):
    assert draft.created_by == cw.rep_cz
    revoke_membership(actor=None, membership=Membership.objects.get(user=cw.rep_cz))
    former = User.objects.get(pk=cw.rep_cz.pk)  # a new request: no memoised roles
    for permission in (
        "calls.view_application",
        "calls.edit_application",
        "calls.submit_application",
        "calls.withdraw_application",
    ):
        assert not former.has_perm(permission, draft), permission
    assert list(my_applications(former)) == []
    assert list(visible_applications(former)) == []


def test_staff_list_submitted_applications_but_no_first_draft(matrix_world):
    users, targets = matrix_world
    assert list(visible_applications(users["fac"]).order_by("id")) == [targets["S"]]


def test_matrix_rows_are_complete():
    assert all(len(cells) == len(ROLES) for _, _, cells in MATRIX)
