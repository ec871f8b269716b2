"""The table-discussion permission matrix: every role x every permission x its target.

E is the published event, D the same event as a draft, H table 1 "Hydrogen valleys" (host
Hana, rapporteur Rita), HD table 1 while the event is a draft.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.events.domain.queries.discussions import tables_for_rules
from smartregions.events.enums import EventStatus, RegistrationStatus
from smartregions.events.models import Event

Y, N = True, False
ROLES = (
    "anon",
    "outsider",
    "participant",
    "rapporteur",
    "other_rap",
    "host",
    "org",
    "other_org",
    "staff",
)

# fmt: off
# an = anonymous, ou = signed in, not registered, pa = confirmed participant, ra = the table's
# rapporteur, rr = another table's rapporteur, ho = the table's host, or = organiser,
# oo = organiser of another event, st = platform staff (facilitator).
MATRIX = [
    # permission                        target  an ou pa ra rr ho or oo st
    ("events.view_discussions",         "E",    (Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("events.view_discussions",         "D",    (N, N, N, N, N, N, Y, N, Y)),
    ("events.sign_up_for_table",        "E",    (N, N, Y, Y, Y, Y, N, N, N)),
    ("events.sign_up_for_table",        "D",    (N, N, N, N, N, N, N, N, N)),
    ("events.manage_discussions",       "E",    (N, N, N, N, N, N, Y, N, Y)),
    ("events.take_table_notes",         "H",    (N, N, N, Y, N, Y, Y, N, Y)),
    ("events.take_table_notes",         "HD",   (N, N, N, N, N, N, Y, N, Y)),
    ("events.reopen_table_notes",       "H",    (N, N, N, N, N, N, Y, N, Y)),
]
# fmt: on


@pytest.fixture
def matrix_world(dw):
    draft = Event.objects.get(pk=dw.event.pk)
    draft.status = EventStatus.DRAFT
    draft_table = tables_for_rules(draft).get(pk=dw.hydrogen.pk)
    draft_table.round.event = draft
    users = {
        "anon": AnonymousUser(),
        "outsider": dw.outsider,
        "participant": dw.participant,
        "rapporteur": dw.rapporteur,
        "other_rap": dw.other_rapporteur,
        "host": dw.host,
        "org": dw.organiser,
        "other_org": dw.other_organiser,
        "staff": dw.staff,
    }
    targets = {
        "E": Event.objects.get(pk=dw.event.pk),
        "D": draft,
        "H": tables_for_rules(dw.event).get(pk=dw.hydrogen.pk),
        "HD": draft_table,
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


def test_inactive_rapporteur_loses_the_notes(dw):
    dw.rapporteur.is_active = False
    dw.rapporteur.save()
    table = tables_for_rules(dw.event).get(pk=dw.hydrogen.pk)
    assert dw.rapporteur.has_perm("events.take_table_notes", table) is False


@pytest.mark.parametrize("role", ["rapporteur", "host"])
def test_note_taker_with_a_cancelled_registration_loses_the_notes(dw, role):
    user = getattr(dw, role)
    table = tables_for_rules(dw.event).get(pk=dw.hydrogen.pk)
    assert user.has_perm("events.take_table_notes", table) is True
    dw.registration(user).__class__.objects.filter(pk=dw.registration(user).pk).update(
        status=RegistrationStatus.CANCELLED
    )
    table = tables_for_rules(dw.event).get(pk=dw.hydrogen.pk)
    assert user.has_perm("events.take_table_notes", table) is False


def test_organiser_hosting_a_table_keeps_the_notes_without_a_registration(dw):
    table = tables_for_rules(dw.event).get(pk=dw.skills.pk)
    assert dw.skills.host == dw.organiser
    assert dw.organiser.has_perm("events.take_table_notes", table) is True
