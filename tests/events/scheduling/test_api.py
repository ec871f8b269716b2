"""The scheduling API: permission matrix, sessions, slots, meetings, runs and statistics."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from smartregions.events.enums import EventStatus, ScheduleRunStatus
from smartregions.events.models import MeetingSession, MeetingSlot, ScheduleRun
from tests.events.scheduling.conftest import accept, at

BASE = "/api/v1/events/b2b-forum/scheduling"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _user(w, who):
    return None if who == "anonymous" else getattr(w, who)


def _requests(w):
    """(method, url, body, success code) of one call per endpoint kind."""
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    return [
        ("get", f"{BASE}/sessions/", None, 200),
        ("get", f"{BASE}/sessions/{w.session.pk}/", None, 200),
        ("patch", f"{BASE}/sessions/{w.session.pk}/", {"title": "Renamed"}, 200),
        ("post", f"{BASE}/sessions/", {"title": "More", "tables": 3}, 201),
        ("get", f"{BASE}/sessions/{w.session.pk}/slots/", None, 200),
        ("post", f"{BASE}/sessions/{w.session.pk}/slots/{w.slots[3].pk}/", None, 405),
        ("delete", f"{BASE}/sessions/{w.session.pk}/slots/{w.slots[3].pk}/", None, 204),
        ("get", f"{BASE}/meetings/", None, 200),
        ("post", f"{BASE}/meetings/{meeting.pk}/lock/", None, 200),
        ("get", f"{BASE}/statistics/", None, 200),
        ("post", f"{BASE}/sessions/{w.session.pk}/publish/", None, 200),
        ("post", f"{BASE}/sessions/{w.session.pk}/unpublish/", None, 200),
        ("post", f"{BASE}/runs/", {"meeting_session": w.session.pk, "time_limit": 5}, 202),
        ("get", f"{BASE}/runs/", None, 200),
    ]


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", 401),
        ("participant", 403),
        ("outsider", 403),
        ("other_organiser", 403),
        ("organiser", None),
        ("staff", None),
    ],
)
def test_permission_matrix(w, who, code):
    client = api(_user(w, who))
    for method, url, body, success in _requests(w):
        response = getattr(client, method)(url, body, format="json")
        expected = success if code is None or success == 405 else code
        assert (method, url, response.status_code) == (method, url, expected)


@pytest.mark.parametrize(
    ("who", "code"),
    [("participant", 404), ("other_organiser", 404), ("organiser", 200), ("staff", 200)],
)
def test_draft_event_answers_404_to_non_organisers(w, who, code):
    w.event.status = EventStatus.DRAFT
    w.event.save()
    assert api(_user(w, who)).get(f"{BASE}/sessions/").status_code == code


def test_session_crud(w):
    client = api(w.organiser)
    response = client.post(
        f"{BASE}/sessions/",
        {
            "title": "Afternoon",
            "tables": 4,
            "mode": "participants_pick",
            "requests_close_at": "2027-03-09T17:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 201
    created = MeetingSession.objects.get(title="Afternoon")
    assert response.json() == {
        "id": created.pk,
        "title": "Afternoon",
        "mode": "participants_pick",
        "tables": 4,
        "session": None,
        "requests_close_at": "2027-03-09T17:00:00Z",
        "schedule_published": False,
        "timezone": "Europe/Brussels",
        "slot_count": 0,
        "accepted_count": 0,
    }
    response = client.patch(f"{BASE}/sessions/{created.pk}/", {"tables": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "tables": ["Ensure this value is greater than or equal to 1."]
    }
    assert client.delete(f"{BASE}/sessions/{created.pk}/").status_code == 204
    accept(w.session, w.ana, w.ben)
    response = client.delete(f"{BASE}/sessions/{w.session.pk}/")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "non_field_errors": [
            "The meeting session has meeting requests; it can no longer be deleted."
        ]
    }


def test_slots_generate_add_change_and_list(w):
    client = api(w.organiser)
    session = MeetingSession.objects.create(event=w.event, title="Afternoon", tables=3)
    url = f"{BASE}/sessions/{session.pk}/slots/"
    response = client.post(
        f"{url}generate/",
        {
            "starts_at": "2027-03-10T13:00:00Z",
            "ends_at": "2027-03-10T14:00:00Z",
            "length_minutes": 25,
            "gap_minutes": 5,
        },
        format="json",
    )
    assert response.status_code == 201
    assert [(s["starts_at"], s["ends_at"], s["morning"]) for s in response.json()] == [
        ("2027-03-10T13:00:00Z", "2027-03-10T13:25:00Z", False),
        ("2027-03-10T13:30:00Z", "2027-03-10T13:55:00Z", False),
    ]
    response = client.post(
        url,
        {"starts_at": "2027-03-10T10:00:00Z", "ends_at": "2027-03-10T10:25:00Z", "tables": 5},
        format="json",
    )
    assert response.status_code == 201
    added = MeetingSlot.objects.get(meeting_session=session, starts_at=at(11))
    assert response.json() == {
        "id": added.pk,
        "starts_at": "2027-03-10T10:00:00Z",
        "ends_at": "2027-03-10T10:25:00Z",
        "tables": 5,
        "effective_tables": 5,
        "morning": True,
    }
    response = client.patch(f"{url}{added.pk}/", {"tables": None}, format="json")
    assert (response.status_code, response.json()["effective_tables"]) == (200, 3)
    listed = client.get(url).json()
    assert [s["starts_at"] for s in listed] == [
        "2027-03-10T10:00:00Z",
        "2027-03-10T13:00:00Z",
        "2027-03-10T13:30:00Z",
    ]
    response = client.post(
        url,
        {"starts_at": "2027-03-10T10:10:00Z", "ends_at": "2027-03-10T10:20:00Z"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "starts_at": ["It overlaps the slot 2027-03-10 11:00-11:25 (Europe/Brussels)."]
    }


def test_slots_of_another_events_session_are_404(w):
    other = MeetingSession.objects.create(event=w.other_event, title="Theirs", tables=1)
    assert api(w.organiser).get(f"{BASE}/sessions/{other.pk}/slots/").status_code == 404


def test_meetings_list_filters_and_payload(w):
    placed = accept(w.session, w.ana, w.ben, slot=w.slots[1], table_number=2, locked=True)
    unplaced = accept(w.session, w.cem, w.dana, unplaced_reason="No common slot.")
    client = api(w.organiser)
    response = client.get(f"{BASE}/meetings/")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert response.json()["results"][0] == {
        "id": placed.pk,
        "meeting_session": w.session.pk,
        "requester": {"id": w.ana.pk, "badge_name": "Ana Silva", "organisation": "Org X"},
        "recipient": {"id": w.ben.pk, "badge_name": "Ben Roth", "organisation": "Org Y"},
        "time_preference": "any",
        "slot": w.slots[1].pk,
        "slot_starts_at": "2027-03-10T08:30:00Z",
        "table_number": 2,
        "locked": True,
        "attendance": "planned",
        "unplaced_reason": "",
    }
    assert response.json()["results"][1]["recipient"] == {
        "id": w.dana.pk,
        "badge_name": "Dana Novak",
        "organisation": "Org Z",
    }
    ids = {
        query: [m["id"] for m in client.get(f"{BASE}/meetings/{query}").json()["results"]]
        for query in ("?state=unplaced", "?state=locked", f"?participant={w.dana.pk}")
    }
    assert ids == {
        "?state=unplaced": [unplaced.pk],
        "?state=locked": [placed.pk],
        f"?participant={w.dana.pk}": [unplaced.pk],
    }
    response = client.get(f"{BASE}/meetings/?state=lost")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "state": ["Choose one of: placed, unplaced, locked."]
    }


def test_meetings_list_query_count_is_flat(w, django_assert_num_queries):
    client = api(w.organiser)
    accept(w.session, w.ana, w.ben)
    client.get(f"{BASE}/meetings/")
    with django_assert_num_queries(4) as captured:
        client.get(f"{BASE}/meetings/")
    for requester, recipient in ((w.cem, w.dana), (w.ana, w.cem), (w.ben, w.dana)):
        accept(w.session, requester, recipient)
    with django_assert_num_queries(len(captured.captured_queries)):
        assert len(client.get(f"{BASE}/meetings/").json()["results"]) == 4


def test_meeting_verbs(w):
    meeting = accept(w.session, w.ana, w.ben)
    client = api(w.organiser)
    url = f"{BASE}/meetings/{meeting.pk}"
    response = client.post(f"{url}/lock/")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "non_field_errors": ["Only a placed meeting can be locked; place it first."]
    }
    response = client.post(
        f"{url}/move/", {"slot": w.slots[2].pk, "table_number": 1}, format="json"
    )
    assert (response.status_code, response.json()["slot"], response.json()["table_number"]) == (
        200,
        w.slots[2].pk,
        1,
    )
    assert client.post(f"{url}/lock/").json()["locked"] is True
    assert client.post(f"{url}/unlock/").json()["locked"] is False
    response = client.post(f"{url}/unplace/")
    assert (response.json()["slot"], response.json()["table_number"]) == (None, None)
    response = client.post(
        f"{url}/move/", {"slot": w.slots[2].pk, "table_number": 3}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"table_number": ["The slot has tables 1 to 2."]}


def test_start_a_run_and_read_its_report(w, django_capture_on_commit_callbacks):
    blocked = accept(w.session, w.ana, w.ben, preference="afternoon")
    accept(w.session, w.cem, w.dana)
    client = api(w.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/runs/", {"meeting_session": w.session.pk, "time_limit": 5}, format="json"
        )
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    run = ScheduleRun.objects.get()
    report = client.get(f"{BASE}/runs/{run.pk}/").json()
    assert report["elapsed_seconds"] >= 0
    del report["elapsed_seconds"], report["created_at"], report["started_at"]
    del report["finished_at"]
    assert report == {
        "id": run.pk,
        "meeting_session": w.session.pk,
        "status": "done",
        "time_limit_seconds": 5,
        "meetings_total": 2,
        "placed": 1,
        "upper_bound": 1,
        "breaks": 0,
        "fair": True,
        "proven_optimal": True,
        "unplaced": [
            {
                "meeting": blocked.pk,
                "reason": "Ana Silva (Org X) and Ben Roth (Org Y) have no common available "
                "slot in the afternoon, when the meeting was asked for.",
            }
        ],
        "error": "",
    }
    assert [r["id"] for r in client.get(f"{BASE}/runs/?session={w.session.pk}").json()] == [run.pk]


def test_run_refusals_are_400(w):
    client = api(w.organiser)
    first = client.post(f"{BASE}/runs/", {"meeting_session": w.session.pk}, format="json")
    assert first.status_code == 202
    ScheduleRun.objects.filter(pk=first.json()["id"]).update(status=ScheduleRunStatus.RUNNING)
    response = client.post(f"{BASE}/runs/", {"meeting_session": w.session.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "run": [f"Scheduler run {first.json()['id']} is still running; wait for it to finish."]
    }
    other = MeetingSession.objects.create(event=w.other_event, title="Theirs", tables=1)
    response = client.post(f"{BASE}/runs/", {"meeting_session": other.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "meeting_session": ["No meeting session of this event has this id."]
    }


def test_publish_and_unpublish(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    client = api(w.staff)
    assert (
        client.post(f"{BASE}/sessions/{w.session.pk}/publish/").json()["schedule_published"] is True
    )
    response = client.post(f"{BASE}/sessions/{w.session.pk}/publish/")
    assert response.status_code == 400
    assert (
        client.post(f"{BASE}/sessions/{w.session.pk}/unpublish/").json()["schedule_published"]
        is False
    )


def test_statistics_json_and_csv(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    accept(w.session, w.cem, w.ana)
    client = api(w.organiser)
    data = client.get(f"{BASE}/statistics/").json()
    zeros = {"held": 0, "no_show": 0, "cooperation_yes": 0, "cooperation_in_discussion": 0}
    zeros["cooperation_no"] = 0
    assert (
        data["total"]
        == {
            "key": "",
            "label": "",
            "requests": 2,
            "accepted": 2,
            "declined": 0,
            "scheduled": 1,
        }
        | zeros
    )
    assert [(r["key"], r["requests"], r["scheduled"]) for r in data["by_country"]] == [
        ("FR", 1, 1),
        ("DE", 2, 1),
        ("", 1, 0),
    ]
    assert [(r["key"], r["label"], r["requests"]) for r in data["by_sector"]] == [
        ("C", "Manufacturing", 2),
        ("J", "Information and communication", 1),
        ("", "—", 1),
    ]
    response = client.get(f"{BASE}/statistics/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[1] == "total,,all,2,2,0,1,0,0,0,0,0"
    response = client.get(f"{BASE}/statistics/?format=xml")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"format": ["Choose one of: json, csv."]}


def test_schema_documents_the_scheduling_endpoints(db):
    schema = APIClient().get("/api/schema/?format=json").json()
    runs = schema["paths"]["/api/v1/events/{event_slug}/scheduling/runs/"]
    assert runs["post"]["responses"]["202"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ScheduleRun"
    }
    assert set(runs["post"]["responses"]) == {"202", "400", "401", "403", "404", "429"}


def test_meeting_of_another_event_is_404(w):
    other = MeetingSession.objects.create(event=w.other_event, title="Theirs", tables=1)
    theirs = accept(other, w.ana, w.ben)
    assert api(w.organiser).post(f"{BASE}/meetings/{theirs.pk}/lock/").status_code == 404
