"""The pipeline permission matrix: every role x every permission x the objects it applies to.

See ``tests/factories/pipeline_extra.py`` for the world: P is active (X at demonstration, I an
idea, both proposed by ``orgm`` with lead region PL21), F is forming (FX, proposed by ``frep``),
C is closed, N is a platform project without partnership (lead region PL21).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories.partnerships import ProjectFactory
from tests.factories.pipeline_extra import build_pipeline_world

Y, N = True, False
ROLES = (
    "anon", "user", "admin", "fac", "lead", "colead", "member", "orgm", "plrep", "other", "frep"
)  # fmt: skip

# fmt: off
# an = anonymous, us = signed in without role, ad = platform admin, fa = facilitator, le / co =
# represent P's lead / co-lead region, me = represents a member region of P, om = member of P's
# member organisation (proposer of X and I), pl = represents PL21, a member region of P and the
# lead region of X, I and N, ot = represents HU11, not a member of anything, fr = represents F's
# lead region (proposer of FX). L (in P) and FL (in F) were stored with HU11 as lead region, which
# the domain no longer accepts: naming a region as lead gives its representatives nothing.
MATRIX = [
    # permission                            target an us ad fa le co me om pl ot fr
    ("partnerships.view_project",           "X",  (Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("partnerships.view_project",           "N",  (Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("partnerships.view_project",           "FX", (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.view_project",           "FL", (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.view_project_internals", "X",  (N, N, Y, Y, Y, Y, Y, Y, Y, N, N)),
    ("partnerships.view_project_internals", "N",  (N, N, Y, Y, N, N, N, N, Y, N, N)),
    ("partnerships.view_project_internals", "FX", (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.view_project_internals", "L",  (N, N, Y, Y, Y, Y, Y, Y, Y, N, N)),
    ("partnerships.view_project_internals", "FL", (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.add_project",            "-",  (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("partnerships.add_project",            "P",  (N, N, Y, Y, Y, Y, Y, Y, Y, N, N)),
    ("partnerships.add_project",            "F",  (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.add_project",            "C",  (N, N, N, N, N, N, N, N, N, N, N)),
    ("partnerships.change_project",         "X",  (N, N, Y, Y, Y, Y, N, N, Y, N, N)),
    ("partnerships.change_project",         "I",  (N, N, Y, Y, Y, Y, N, Y, Y, N, N)),
    ("partnerships.change_project",         "N",  (N, N, Y, Y, N, N, N, N, Y, N, N)),
    ("partnerships.change_project",         "FX", (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.change_project",         "L",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.change_project",         "FL", (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.move_project",           "X",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.move_project",           "N",  (N, N, Y, Y, N, N, N, N, N, N, N)),
    ("partnerships.move_project",           "FX", (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.delete_project",         "X",  (N, N, N, N, N, N, N, N, N, N, N)),
    ("partnerships.delete_project",         "I",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("partnerships.view_pipeline",          "P",  (Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("partnerships.view_pipeline",          "F",  (N, N, Y, Y, N, N, N, N, N, N, Y)),
    ("partnerships.view_pipeline",          "C",  (Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
]
# fmt: on


@pytest.fixture
def w(db):
    return build_pipeline_world()


def test_pipeline_permission_matrix(w):
    # One world for every cell; each differing cell is listed, so a failure names all of them.
    users = {"anon": AnonymousUser(), **w.users}
    outside_lead = {"lead_region": w.hu11, "created_by": w.users["fac"]}
    targets = {
        "-": None,
        "P": w.p,
        "F": w.f,
        "C": w.c,
        "X": w.x,
        "I": w.i,
        "N": w.n,
        "FX": w.fx,
        "L": ProjectFactory(partnership=w.p, **outside_lead),
        "FL": ProjectFactory(partnership=w.f, **outside_lead),
    }
    differing = [
        (permission, target, role, allowed)
        for permission, target, cells in MATRIX
        for role, allowed in zip(ROLES, cells, strict=True)
        if users[role].has_perm(permission, targets[target]) is not allowed
    ]
    assert differing == [], differing


def test_pipeline_matrix_rows_are_complete():
    assert all(len(cells) == len(ROLES) for _, _, cells in MATRIX)


def test_deactivated_leader_loses_every_permission(w):
    lead = w.users["lead"]
    lead.is_active = False
    lead.save()
    lead.refresh_from_db()
    assert not lead.has_perm("partnerships.move_project", w.x)
    assert not lead.has_perm("partnerships.change_project", w.x)


def test_lead_region_that_left_no_longer_edits_its_projects(w):
    from django.utils import timezone

    plrep = w.users["plrep"]
    assert plrep.has_perm("partnerships.change_project", w.x)
    w.p.members.filter(region=w.pl21).update(left_at=timezone.now())
    plrep = type(plrep).objects.get(pk=plrep.pk)
    x = type(w.x).objects.get(pk=w.x.pk)
    assert not plrep.has_perm("partnerships.change_project", x)
    assert not plrep.has_perm("partnerships.view_project_internals", x)


def test_left_member_no_longer_leads(w):
    from django.utils import timezone

    w.p.members.filter(region=w.cz06).update(left_at=timezone.now())
    lead = type(w.users["lead"]).objects.get(pk=w.users["lead"].pk)
    x = type(w.x).objects.get(pk=w.x.pk)
    assert not lead.has_perm("partnerships.move_project", x)
