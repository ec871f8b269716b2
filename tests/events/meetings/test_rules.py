"""The B2B meetings permission matrix: every permission x every kind of user x its object.

E is the event, R a pending request from Ana to Ben, M an accepted meeting of Ana (requester)
and Ben, P Ben's visible profile and H Cara's profile, hidden.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from tests.factories.events import MeetingFactory, MeetingRequestFactory

from smartregions.events.enums import RegistrationStatus
from smartregions.events.models import MatchmakingProfile, MeetingSession

pytestmark = pytest.mark.django_db

Y, N = True, False
USERS = ("anon", "outsider", "ana", "ben", "cara", "organiser", "other_org", "staff")

# fmt: off
# an = anonymous, ou = signed in, not registered, an/be = the two parties (Ana requested),
# ca = a third participant, or = the event's organiser, ot = organiser of another event,
# st = platform staff (facilitator).
MATRIX = [
    # permission                        target  an ou an be ca or ot st
    ("events.view_matchmaking",          "E", (N, N, Y, Y, Y, Y, N, Y)),
    ("events.take_part_in_matchmaking",  "E", (N, N, Y, Y, Y, N, N, N)),
    ("events.view_matchmaking_profile",  "P", (N, N, Y, Y, Y, Y, N, Y)),
    ("events.view_matchmaking_profile",  "H", (N, N, N, N, Y, Y, N, Y)),
    ("events.set_availability",          "E", (N, N, Y, Y, Y, N, N, N)),
    ("events.view_meeting_request",      "R", (N, N, Y, Y, N, Y, N, Y)),
    ("events.answer_meeting_request",    "R", (N, N, N, Y, N, N, N, N)),
    ("events.cancel_meeting_request",    "R", (N, N, Y, Y, N, N, N, N)),
    ("events.view_meeting",              "M", (N, N, Y, Y, N, Y, N, Y)),
    ("events.pick_meeting_slot",         "M", (N, N, Y, Y, N, N, N, N)),
    ("events.check_in_meeting",          "M", (N, N, Y, Y, N, Y, N, Y)),
    ("events.mark_meeting_attendance",   "M", (N, N, N, N, N, Y, N, Y)),
    ("events.answer_meeting_outcome",    "M", (N, N, Y, Y, N, N, N, N)),
    ("events.view_meeting_attendance",   "E", (N, N, N, N, N, Y, N, Y)),
    ("events.view_own_meetings",         "E", (N, N, Y, Y, Y, N, N, N)),
]
# fmt: on


@pytest.fixture
def targets(mw):
    MatchmakingProfile.objects.filter(registration=mw.cara_reg).update(is_visible=False)
    second = MeetingSession.objects.create(event=mw.event, title="Second", tables=1)
    request = MeetingRequestFactory(
        meeting_session=second, requester=mw.ana_reg, recipient=mw.ben_reg
    )
    meeting = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=mw.session,
            requester=mw.ana_reg,
            recipient=mw.ben_reg,
            status="accepted",
        ),
        slot=mw.slots[0],
        table_number=1,
    )
    return {
        "E": mw.event,
        "R": request,
        "M": meeting,
        "P": MatchmakingProfile.objects.get(registration=mw.ben_reg),
        "H": MatchmakingProfile.objects.get(registration=mw.cara_reg),
    }


def _user(mw, name):
    return AnonymousUser() if name == "anon" else getattr(mw, name)


@pytest.mark.parametrize(("perm", "target", "expected"), MATRIX)
def test_matrix(mw, targets, perm, target, expected):
    got = tuple(_user(mw, name).has_perm(perm, targets[target]) for name in USERS)
    assert got == expected


def test_no_permission_at_all_without_matchmaking(mw, targets):
    mw.event.matchmaking_enabled = False
    mw.event.save()
    for perm, target, _expected in MATRIX:
        obj = targets[target]
        for name in USERS:
            assert not _user(mw, name).has_perm(perm, obj), (perm, target, name)


def test_a_party_whose_registration_is_cancelled_loses_every_right(mw, targets):
    mw.ben_reg.status = RegistrationStatus.CANCELLED
    mw.ben_reg.save()
    ben = type(mw.ben).objects.get(pk=mw.ben.pk)
    for perm, target, _expected in MATRIX:
        obj = type(targets[target]).objects.get(pk=targets[target].pk)
        assert not ben.has_perm(perm, obj), (perm, target)


def test_an_inactive_participant_holds_nothing(mw, targets):
    mw.ana.is_active = False
    mw.ana.save()
    for perm, target, _expected in MATRIX:
        assert not mw.ana.has_perm(perm, targets[target]), (perm, target)
