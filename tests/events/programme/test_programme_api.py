"""The programme API: rooms, sessions, speakers, conflicts, the agenda and iCalendar files."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from smartregions.events.domain import programme as domain
from smartregions.events.domain.queries.programme import agenda_feed_token
from smartregions.events.enums import EventStatus, SessionKind
from smartregions.events.models import AgendaEntry, Room, Session
from tests.events.programme.world import ROLES, at, user_of
from tests.factories.accounts import UserFactory
from tests.factories.events import RegistrationFactory, RoomFactory, SessionFactory

BASE = "/api/v1/events/s3-forum"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def hall(w):
    return RoomFactory(event=w.forum, name="Hall A", position=1, capacity=300)


@pytest.fixture
def opening(w, hall):
    session = SessionFactory(
        event=w.forum, room=hall, title="Opening", starts_at=at(8), ends_at=at(9), seat_limit=2
    )
    domain.add_speaker(actor=None, session=session, name="Ada Guest", affiliation="JRC")
    return session


def test_sessions_list_is_public_with_local_times(w, opening, django_assert_num_queries):
    with django_assert_num_queries(4):  # the event, sessions, speakers, pitches
        response = api().get(f"{BASE}/sessions/")
    assert response.status_code == 200
    speaker = opening.speakers.get()
    assert response.json() == [
        {
            "id": opening.pk,
            "kind": "plenary",
            "title": "Opening",
            "description": "",
            "room": opening.room_id,
            "room_name": "Hall A",
            "starts_at": "2027-03-10T08:00:00Z",
            "ends_at": "2027-03-10T09:00:00Z",
            "starts_at_local": "2027-03-10T09:00:00+01:00",
            "ends_at_local": "2027-03-10T10:00:00+01:00",
            "seat_limit": 2,
            "seats_taken": 0,
            "speakers": [
                {
                    "id": speaker.pk,
                    "name": "Ada Guest",
                    "affiliation": "JRC",
                    "role": "",
                    "user": None,
                    "position": 1,
                }
            ],
            "pitches": [],
        }
    ]


def test_sessions_of_a_draft_are_hidden(w, opening):
    w.forum.status = EventStatus.DRAFT
    w.forum.save()
    assert api().get(f"{BASE}/sessions/").status_code == 404
    assert api(w.organiser).get(f"{BASE}/sessions/").status_code == 200


def test_organiser_creates_a_session_in_wall_clock_time(w, hall):
    response = api(w.organiser).post(
        f"{BASE}/sessions/",
        {
            "kind": "parallel",
            "title": "Hydrogen valleys",
            "room": hall.pk,
            "starts_at": "2027-03-10T11:00:00",
            "ends_at": "2027-03-10T12:30:00",
        },
        format="json",
    )
    assert response.status_code == 201
    session = Session.objects.get()
    assert (session.starts_at, session.ends_at, session.kind) == (at(10), at(11, 30), "parallel")
    assert response.json()["starts_at_local"] == "2027-03-10T11:00:00+01:00"


def test_a_session_outside_the_event_dates_is_a_400_naming_the_field(w):
    response = api(w.organiser).post(
        f"{BASE}/sessions/",
        {
            "kind": "plenary",
            "title": "Eve",
            "starts_at": "2027-03-09T18:00:00",
            "ends_at": "2027-03-09T19:00:00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "starts_at": [
            (
                "A session must lie within the event's dates: "
                "10 March 2027 to 10 March 2027 (Europe/Brussels)."
            )
        ]
    }


def test_organiser_changes_and_deletes_a_session(w, opening):
    client = api(w.organiser)
    response = client.patch(
        f"{BASE}/sessions/{opening.pk}/", {"title": "Welcome", "seat_limit": None}, format="json"
    )
    assert (response.status_code, response.json()["title"], response.json()["seat_limit"]) == (
        200,
        "Welcome",
        None,
    )
    assert client.delete(f"{BASE}/sessions/{opening.pk}/").status_code == 204
    assert not Session.objects.exists()


def test_rooms_crud(w, hall):
    client = api(w.organiser)
    created = client.post(f"{BASE}/rooms/", {"name": "Room B"}, format="json")
    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "name": "Room B",
        "capacity": None,
        "position": 2,
    }
    duplicate = client.post(f"{BASE}/rooms/", {"name": "room b"}, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json()["error"]["details"] == {
        "name": ["The event already has a room named “room b”."]
    }
    renamed = client.patch(f"{BASE}/rooms/{hall.pk}/", {"name": "Main hall"}, format="json")
    assert renamed.json()["name"] == "Main hall"
    assert client.delete(f"{BASE}/rooms/{hall.pk}/").status_code == 204
    assert list(Room.objects.values_list("name", flat=True)) == ["Room B"]
    assert [r["name"] for r in api().get(f"{BASE}/rooms/").json()] == ["Room B"]


def test_speakers_by_email_or_as_guests(w, opening):
    client = api(w.organiser)
    url = f"{BASE}/sessions/{opening.pk}/speakers/"
    created = client.post(url, {"user": w.participant.email, "role": "chair"}, format="json")
    assert created.status_code == 201
    assert (created.json()["name"], created.json()["user"]) == (
        "Petra Participant",
        w.participant.pk,
    )
    unknown = client.post(url, {"user": "nobody@example.eu"}, format="json")
    assert unknown.json()["error"]["details"] == {
        "user": ["No platform user has this e-mail address."]
    }
    nameless = client.post(url, {}, format="json")
    assert nameless.json()["error"]["details"] == {
        "name": ["Name the guest speaker or choose a platform user."]
    }
    assert [s["name"] for s in api().get(url).json()] == ["Ada Guest", "Petra Participant"]
    removed = client.delete(f"{url}{created.json()['id']}/")
    assert removed.status_code == 204


def test_conflicts_are_structured(w, opening, hall):
    clash = SessionFactory(
        event=w.forum, room=hall, title="Clash", starts_at=at(8, 30), ends_at=at(9, 30)
    )
    domain.add_speaker(actor=None, session=clash, name="ada guest")
    response = api(w.organiser).get(f"{BASE}/conflicts/")
    assert response.json() == [
        {
            "kind": "room_double_booked",
            "sessions": [opening.pk, clash.pk],
            "room": hall.pk,
            "speaker": "",
            "user": None,
            "message": "Hall A is double-booked: “Opening” and “Clash” overlap.",
        },
        {
            "kind": "speaker_double_booked",
            "sessions": [opening.pk, clash.pk],
            "room": None,
            "speaker": "Ada Guest",
            "user": None,
            "message": "Ada Guest is in two places at once: “Opening” and “Clash”.",
        },
    ]


def test_agenda_add_list_remove(w, opening):
    workshop = SessionFactory(
        event=w.forum, title="Workshop", starts_at=at(8, 30), ends_at=at(9, 30)
    )
    client = api(w.participant)
    assert client.post(f"{BASE}/agenda/", {"session": opening.pk}, format="json").status_code == 201
    response = client.post(f"{BASE}/agenda/", {"session": workshop.pk}, format="json")
    body = response.json()
    assert [s["title"] for s in body["sessions"]] == ["Opening", "Workshop"]
    assert body["overlaps"] == [[opening.pk, workshop.pk]]
    token = agenda_feed_token(w.registration)
    assert body["feed_url"] == f"http://testserver/events/s3-forum/agenda/feed/{token}.ics"
    assert client.delete(f"{BASE}/agenda/{workshop.pk}/").status_code == 204
    assert [s["id"] for s in client.get(f"{BASE}/agenda/").json()["sessions"]] == [opening.pk]
    foreign = SessionFactory(event=w.other_event)
    missing = client.post(f"{BASE}/agenda/", {"session": foreign.pk}, format="json")
    assert missing.json()["error"]["details"] == {"session": ["No such session in this event."]}


def test_agenda_refuses_a_full_session(w, opening):
    for _ in range(2):
        AgendaEntry.objects.create(session=opening, registration=RegistrationFactory(event=w.forum))
    response = api(w.participant).post(f"{BASE}/agenda/", {"session": opening.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"session": ["“Opening” is full (2 seats)."]}


def test_ics_downloads(w, opening):
    programme = api().get(f"{BASE}/sessions/programme.ics/")
    assert programme.status_code == 200
    assert programme["Content-Type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Opening\r\n" in programme.content.decode()
    domain.add_to_agenda(actor=w.participant, session=opening)
    agenda = api(w.participant).get(f"{BASE}/agenda/agenda.ics/")
    assert agenda.status_code == 200
    assert agenda.content.decode().count("BEGIN:VEVENT") == 1
    assert api(w.plain).get(f"{BASE}/agenda/agenda.ics/").status_code == 403


def test_a_nameless_user_speaker_shows_no_email_in_the_api(w, opening):
    nameless = UserFactory(full_name="", email="nameless@example.eu")
    domain.add_speaker(actor=w.organiser, session=opening, user=nameless)
    sessions = api().get(f"{BASE}/sessions/")
    speakers = api().get(f"{BASE}/sessions/{opening.pk}/speakers/")
    ics = api().get(f"{BASE}/sessions/programme.ics/")
    for response in (sessions, speakers, ics):
        assert response.status_code == 200
        assert "nameless@example.eu" not in response.content.decode()
    assert [s["name"] for s in sessions.json()[0]["speakers"]] == [
        "Ada Guest",
        f"Participant {nameless.pk}",
    ]
    assert f"Speakers: Ada Guest (JRC)\\, Participant {nameless.pk}" in ics.content.decode()


# fmt: off
# an = anonymous, pa = participant, pl = signed in, not registered, rr = region representative,
# om = organisation member, le = partnership lead, or = organiser, oo = organiser of another
# event, st = staff.
MATRIX = [
    # method, path, body
    #  an   pa   pl   rr   om   le   or   oo   st
    ("get", "/sessions/", None,
     (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/sessions/", "session",
     (401, 403, 403, 403, 403, 403, 201, 403, 201)),
    ("patch", "/sessions/{session}/", {"title": "New"},
     (401, 403, 403, 403, 403, 403, 200, 403, 200)),
    ("delete", "/sessions/{session}/", None,
     (401, 403, 403, 403, 403, 403, 204, 403, 204)),
    ("post", "/rooms/", "room",
     (401, 403, 403, 403, 403, 403, 201, 403, 201)),
    ("post", "/sessions/{session}/speakers/", {"name": "G"},
     (401, 403, 403, 403, 403, 403, 201, 403, 201)),
    ("get", "/conflicts/", None,
     (401, 403, 403, 403, 403, 403, 200, 403, 200)),
    ("get", "/agenda/", None,
     (401, 200, 403, 403, 403, 403, 403, 403, 403)),
    ("post", "/agenda/", "agenda",
     (401, 201, 403, 403, 403, 403, 403, 403, 403)),
    ("put", "/sessions/{session}/", {"title": "New"},
     (405, 405, 405, 405, 405, 405, 405, 405, 405)),
]
# fmt: on


def _body(kind, role, session):
    if kind == "session":
        return {
            "kind": SessionKind.PLENARY,
            "title": f"By {role}",
            "starts_at": "2027-03-10T09:00:00",
            "ends_at": "2027-03-10T10:00:00",
        }
    if kind == "room":
        return {"name": f"Room of {role}"}
    if kind == "agenda":
        return {"session": session.pk}
    return kind


@pytest.mark.parametrize("case", MATRIX, ids=[f"{m[0]} {m[1]}" for m in MATRIX])
def test_permission_matrix(w, case):
    method, path, body, codes = case
    got = {}
    for role in ROLES:
        session = SessionFactory(event=w.forum, starts_at=at(8), ends_at=at(9))
        url = BASE + path.format(session=session.pk)
        response = getattr(api(user_of(w, role)), method)(
            url, _body(body, role, session), format="json"
        )
        got[role] = response.status_code
    assert got == dict(zip(ROLES, codes, strict=True))
