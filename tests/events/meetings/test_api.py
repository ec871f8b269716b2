"""The B2B meetings API: the permission matrix with exact status codes, and every endpoint's
shape and workflow (profile, directory, suggestions, requests, availability, meetings,
agenda files)."""

from __future__ import annotations

import pytest
import time_machine
from rest_framework.test import APIClient
from tests.events.meetings.conftest import participant
from tests.factories.accounts import UserFactory
from tests.factories.events import MeetingFactory, MeetingRequestFactory

from smartregions.events.domain.matchmaking.requests import send_meeting_request
from smartregions.events.enums import MeetingRequestStatus, SchedulingMode
from smartregions.events.models import MatchmakingProfile, Meeting, MeetingRequest, Unavailability

pytestmark = pytest.mark.django_db
USERS = ("anon", "outsider", "ana", "ben", "cara", "organiser", "other_org", "staff")
BASE = "/api/v1/events/h2"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def objs(mw):
    """R: Cara's pending request to Ben; M: Ana's meeting with Ben, unplaced."""
    request = send_meeting_request(
        actor=mw.cara, meeting_session=mw.session, requester=mw.cara_reg, recipient=mw.ben_reg
    )
    meeting = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=mw.session,
            requester=mw.ana_reg,
            recipient=mw.ben_reg,
            status=MeetingRequestStatus.ACCEPTED,
            message="Tanks?",
        )
    )
    return {"R": request.pk, "M": meeting.pk, "S": mw.session.pk, "B": mw.ben_reg.pk}


# fmt: off
MATRIX = [
    # method, path                                    an   ou   an   be   ca   or   ot   st
    ("get", "/matchmaking-profile/",                  (401, 403, 200, 200, 200, 403, 403, 403)),
    ("get", "/participants/",                         (401, 403, 200, 200, 200, 200, 403, 200)),
    ("get", "/participants/{B}/",                     (401, 403, 200, 200, 200, 200, 403, 200)),
    ("get", "/participants/suggestions/",             (401, 403, 200, 200, 200, 403, 403, 403)),
    ("get", "/meeting-requests/",                     (401, 403, 200, 200, 200, 200, 403, 200)),
    ("get", "/meeting-requests/{R}/",                 (401, 403, 403, 200, 200, 200, 403, 200)),
    ("post", "/meeting-requests/{R}/accept/",         (401, 403, 403, 200, 403, 403, 403, 403)),
    ("get", "/meeting-sessions/{S}/availability/",    (401, 403, 200, 200, 200, 403, 403, 403)),
    ("get", "/meetings/",                             (401, 403, 200, 200, 200, 200, 403, 200)),
    ("get", "/meetings/{M}/",                         (401, 403, 200, 200, 403, 200, 403, 200)),
    ("get", "/meetings/{M}/free-slots/",              (401, 403, 200, 200, 403, 403, 403, 403)),
    ("post", "/meetings/{M}/attendance/",             (401, 403, 403, 403, 403, 400, 403, 400)),
    ("get", "/meetings/agenda/",                      (401, 403, 200, 200, 200, 403, 403, 403)),
    ("get", "/meetings/agenda.pdf/",                  (401, 403, 200, 200, 200, 403, 403, 403)),
    ("get", "/meetings/agenda.ics/",                  (401, 403, 200, 200, 200, 403, 403, 403)),
]
# fmt: on


@pytest.mark.parametrize(("method", "path", "codes"), MATRIX)
def test_permission_matrix(mw, objs, method, path, codes):
    url = BASE + path.format(**objs)
    got = []
    for name in USERS:
        client = api(None if name == "anon" else getattr(mw, name))
        response = getattr(client, method)(url, {}, format="json")
        got.append(response.status_code)
        if method == "post" and response.status_code == 200:
            MeetingRequest.objects.filter(pk=objs["R"]).update(status="pending")
            Meeting.objects.filter(request_id=objs["R"]).delete()
    assert tuple(got) == codes


def test_everything_is_404_without_matchmaking(mw, objs):
    mw.event.matchmaking_enabled = False
    mw.event.save()
    for method, path, _codes in MATRIX:
        response = getattr(api(mw.organiser), method)(BASE + path.format(**objs), format="json")
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_profile_get_and_put(mw):
    MatchmakingProfile.objects.filter(registration=mw.ana_reg).delete()
    client = api(mw.ana)
    assert client.get(f"{BASE}/matchmaking-profile/").status_code == 404
    bad = client.put(f"{BASE}/matchmaking-profile/", {"headline": "Tanks"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["details"] == {
        "offering": ["Say what you offer or what you seek (or both)."]
    }
    response = client.put(
        f"{BASE}/matchmaking-profile/",
        {"headline": "Tanks", "offering": "Hydrogen tanks.", "is_visible": False},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    body.pop("updated_at")
    assert body == {
        "participant": {
            "id": mw.ana_reg.pk,
            "name": "Ana Nováková",
            "job_title": "",
            "participant_type": "delegate",
            "organisation": {"id": mw.ostrava.pk, "name": "Ostrava Hydrogen", "type": "sme"},
            "country": {"code": "CZ", "name": "Czechia"},
            "region": {"code": "CZ08", "name": "Moravskoslezsko"},
        },
        "headline": "Tanks",
        "offering": "Hydrogen tanks.",
        "seeking": "",
        "is_visible": False,
        "sectors": [{"code": "28.29", "label": "Manufacture of other machinery"}],
        "marketplace_items": [],
    }


def test_directory_filters_and_hidden_profiles(mw):
    client = api(mw.organiser)
    body = client.get(f"{BASE}/participants/").json()
    assert body["count"] == 3
    assert [p["participant"]["name"] for p in body["results"]] == [
        "Ana Nováková",
        "Ben Braun",
        "Cara Costa",
    ]
    assert [
        p["participant"]["name"]
        for p in client.get(f"{BASE}/participants/", {"country": "AT"}).json()["results"]
    ] == ["Cara Costa"]
    assert [
        p["participant"]["name"]
        for p in client.get(f"{BASE}/participants/", {"q": "tanks"}).json()["results"]
    ] == ["Ana Nováková", "Ben Braun"]
    MatchmakingProfile.objects.filter(registration=mw.cara_reg).update(is_visible=False)
    ana = api(mw.ana)
    assert [
        p["participant"]["name"] for p in ana.get(f"{BASE}/participants/").json()["results"]
    ] == ["Ben Braun"]
    assert ana.get(f"{BASE}/participants/{mw.cara_reg.pk}/").status_code == 404
    assert client.get(f"{BASE}/participants/{mw.cara_reg.pk}/").status_code == 200


def test_suggestions_with_reasons(mw):
    body = api(mw.ana).get(f"{BASE}/participants/suggestions/").json()
    assert [s["profile"]["participant"]["name"] for s in body] == ["Ben Braun", "Cara Costa"]
    assert body[0]["offer_terms"] == ["electrolyser testing", "research"]
    assert body[0]["reasons"] == [
        "What you seek and what they offer both mention “electrolyser testing” and “research”.",
        "What you offer and what they seek both mention “hydrogen storage” and “storage tanks”.",
    ]


def test_request_workflow(mw):
    ana, ben = api(mw.ana), api(mw.ben)
    created = ana.post(
        f"{BASE}/meeting-requests/",
        {
            "meeting_session": mw.session.pk,
            "recipient": mw.ben_reg.pk,
            "message": "Tanks?",
            "time_preference": "afternoon",
        },
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (
        body["status"],
        body["time_preference"],
        body["meeting"],
        body["recipient"]["name"],
    ) == (
        "pending",
        "afternoon",
        None,
        "Ben Braun",
    )
    duplicate = ana.post(
        f"{BASE}/meeting-requests/",
        {"meeting_session": mw.session.pk, "recipient": mw.ben_reg.pk},
        format="json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["error"]["details"] == {
        "non_field_errors": ["You already have an open request to Ben Braun in “Morning B2B”."]
    }
    pk = body["id"]
    accepted = ben.post(f"{BASE}/meeting-requests/{pk}/accept/", {"message": "Yes"}, format="json")
    assert accepted.status_code == 200
    meeting_id = accepted.json()["meeting"]
    assert accepted.json()["status"] == "accepted"
    assert meeting_id == Meeting.objects.get().pk
    assert [r["id"] for r in ana.get(f"{BASE}/meeting-requests/").json()["results"]] == [pk]
    assert api(mw.cara).get(f"{BASE}/meeting-requests/").json()["results"] == []
    cancelled = ana.post(f"{BASE}/meeting-requests/{pk}/cancel/", {}, format="json")
    assert (cancelled.status_code, cancelled.json()["status"], cancelled.json()["meeting"]) == (
        200,
        "cancelled",
        None,
    )
    again = ben.post(f"{BASE}/meeting-requests/{pk}/decline/", {}, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["details"] == {
        "non_field_errors": ["The request is already cancelled."]
    }


def test_create_request_for_a_session_or_participant_of_another_event(mw):
    other_registration = MeetingRequestFactory().requester
    response = api(mw.ana).post(
        f"{BASE}/meeting-requests/",
        {"meeting_session": mw.session.pk, "recipient": other_registration.pk},
        format="json",
    )
    assert response.status_code == 404


def test_availability_get_and_put(mw):
    client = api(mw.ana)
    url = f"{BASE}/meeting-sessions/{mw.session.pk}/availability/"
    assert client.get(url).json() == {"unavailable": []}
    wanted = [mw.slots[3].pk, mw.slots[0].pk]
    response = client.put(url, {"unavailable": wanted}, format="json")
    assert response.json() == {"unavailable": [mw.slots[0].pk, mw.slots[3].pk]}
    assert Unavailability.objects.filter(registration=mw.ana_reg).count() == 2
    unknown = client.put(url, {"unavailable": [99999]}, format="json")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["details"] == {"unavailable": ["Unknown slots: 99999."]}


def test_meeting_free_slots_pick_and_visibility(mw, objs):
    ana = api(mw.ana)
    free = ana.get(f"{BASE}/meetings/{objs['M']}/free-slots/").json()
    assert [(f["slot"]["id"], f["table"]) for f in free] == [(s.pk, 1) for s in mw.slots]
    assert free[0]["slot"]["starts_at_local"] == "2027-03-10T09:00:00+01:00"
    picked = ana.post(f"{BASE}/meetings/{objs['M']}/pick/", {"slot": mw.slots[4].pk}, format="json")
    assert picked.status_code == 200
    assert (picked.json()["slot"]["id"], picked.json()["table_number"]) == (mw.slots[4].pk, 1)
    assert ana.get(f"{BASE}/meetings/{objs['M']}/free-slots/").json() == []
    Meeting.objects.filter(pk=objs["M"]).update(slot=None, table_number=None)
    mw.session.mode = SchedulingMode.ORGANISER_SCHEDULES
    mw.session.save()
    refused = ana.post(
        f"{BASE}/meetings/{objs['M']}/pick/", {"slot": mw.slots[0].pk}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["details"] == {
        "non_field_errors": [
            "In “Morning B2B” the organisers schedule the meetings; participants do not pick slots."
        ]
    }
    Meeting.objects.filter(pk=objs["M"]).update(slot=mw.slots[1], table_number=2)
    hidden = ana.get(f"{BASE}/meetings/{objs['M']}/").json()
    assert (hidden["slot"], hidden["table_number"]) == (None, None)
    shown = api(mw.organiser).get(f"{BASE}/meetings/{objs['M']}/").json()
    assert (shown["slot"]["id"], shown["table_number"]) == (mw.slots[1].pk, 2)
    agenda = ana.get(f"{BASE}/meetings/agenda/").json()
    assert (agenda["placed"], [m["id"] for m in agenda["waiting"]]) == ([], [objs["M"]])


def test_check_in_attendance_and_outcome(mw, objs):
    Meeting.objects.filter(pk=objs["M"]).update(slot=mw.slots[1], table_number=1)
    url = f"{BASE}/meetings/{objs['M']}"
    with time_machine.travel(mw.slots[1].starts_at, tick=False):
        body = api(mw.ben).post(f"{url}/check-in/", {}, format="json").json()
        assert body["recipient_checked_in_at"] == "2027-03-10T08:30:00Z"
        assert body["requester_checked_in_at"] is None
        organiser = api(mw.organiser)
        assert organiser.post(f"{url}/check-in/", {}, format="json").json() == {
            "party": ["Say which party checks in."]
        }
        body = organiser.post(f"{url}/check-in/", {"party": "requester"}, format="json").json()
        assert body["requester_checked_in_at"] == "2027-03-10T08:30:00Z"
        held = organiser.post(f"{url}/attendance/", {"attendance": "held"}, format="json")
        assert held.json()["attendance"] == "held"
    with time_machine.travel(mw.slots[1].ends_at, tick=False):
        answer = api(mw.ana).post(
            f"{url}/outcome/", {"outcome": "yes", "comment": "Pilot agreed."}, format="json"
        )
        assert answer.status_code == 200
        outcomes = answer.json()["outcomes"]
        assert [(o["participant"], o["outcome"], o["comment"]) for o in outcomes] == [
            (mw.ana_reg.pk, "yes", "Pilot agreed.")
        ]
        assert api(mw.ben).get(f"{url}/").json()["outcomes"] == []
        assert len(api(mw.organiser).get(f"{url}/").json()["outcomes"]) == 1


def test_agenda_files(mw, objs):
    Meeting.objects.filter(pk=objs["M"]).update(slot=mw.slots[1], table_number=1)
    ana = api(mw.ana)
    ics = ana.get(f"{BASE}/meetings/agenda.ics/")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:meeting-{objs['M']}@smartregions" in ics.content.decode()
    pdf = ana.get(f"{BASE}/meetings/agenda.pdf/")
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")


def test_meeting_list_query_count(mw, objs, django_assert_num_queries):
    def organiser() -> APIClient:  # a fresh user object: roles are memoised on it
        return api(type(mw.organiser).objects.get(pk=mw.organiser.pk))

    client = organiser()
    with django_assert_num_queries(7):
        client.get(f"{BASE}/meetings/")
    for slot in mw.slots[2:]:
        MeetingFactory(
            request=MeetingRequestFactory(meeting_session=mw.session, status="accepted"),
            slot=slot,
            table_number=1,
        )
    client = organiser()
    with django_assert_num_queries(7):
        body = client.get(f"{BASE}/meetings/").json()
    assert body["count"] == 4


def test_directory_list_query_count(mw, django_assert_num_queries):
    def ana() -> APIClient:  # a fresh user object: roles are memoised on it
        return api(type(mw.ana).objects.get(pk=mw.ana.pk))

    client = ana()
    with django_assert_num_queries(8):
        client.get(f"{BASE}/participants/")
    for n in range(5):
        participant(mw.event, UserFactory(full_name=f"Extra {n}"))
    client = ana()
    with django_assert_num_queries(8):
        body = client.get(f"{BASE}/participants/").json()
    assert body["count"] == 7
