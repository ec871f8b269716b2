"""The exhibition and pitch API: stands, bookings with their verbs, pitches with theirs."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from smartregions.events.domain import exhibition as exhibition_domain
from smartregions.events.domain import pitches as pitch_domain
from smartregions.events.enums import BookingStatus, SessionKind
from smartregions.events.models import PitchApplication, StandBooking
from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership
from tests.events.programme.world import ROLES, at, user_of
from tests.factories.events import SessionFactory, StandFactory

BASE = "/api/v1/events/s3-forum"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _request(w, **values):
    options = {
        "actor": w.region_rep,
        "event": w.forum,
        "region": w.de11,
        "showcase_title": "Stuttgart mobility",
        **values,
    }
    return exhibition_domain.request_stand(**options)


@pytest.fixture
def a1(w):
    return StandFactory(event=w.forum, code="A1", location="Hall 1")


@pytest.fixture
def pitch_session(w):
    return SessionFactory(
        event=w.forum, kind=SessionKind.PITCH, title="Pitches", starts_at=at(13), ends_at=at(14)
    )


def test_stands_list_is_public_with_the_exhibitor(w, a1, django_assert_num_queries):
    booking = _request(w, stand=a1)
    exhibition_domain.approve_booking(actor=w.organiser, booking=booking)
    with django_assert_num_queries(3):  # the event, stands, their approved bookings
        response = api().get(f"{BASE}/stands/")
    assert response.json() == [
        {
            "id": a1.pk,
            "code": "A1",
            "size_m2": "9.0",
            "location": "Hall 1",
            "description": "",
            "exhibitor": booking.pk,
        }
    ]


def test_organisers_manage_stands(w, a1):
    client = api(w.organiser)
    created = client.post(
        f"{BASE}/stands/", {"code": "B2", "size_m2": "12.5", "location": "Hall 2"}, format="json"
    )
    assert (created.status_code, created.json()["size_m2"]) == (201, "12.5")
    duplicate = client.post(
        f"{BASE}/stands/", {"code": "b2", "size_m2": "1", "location": "Hall 2"}, format="json"
    )
    assert duplicate.json()["error"]["details"] == {"code": ["The event already has a stand b2."]}
    changed = client.patch(f"{BASE}/stands/{a1.pk}/", {"location": "Hall 3"}, format="json")
    assert changed.json()["location"] == "Hall 3"
    assert client.delete(f"{BASE}/stands/{a1.pk}/").status_code == 204


def test_request_approve_and_see_a_booking(w, a1):
    response = api(w.region_rep).post(
        f"{BASE}/bookings/",
        {
            "region": "DE11",
            "stand": a1.pk,
            "showcase_title": "Stuttgart mobility",
            "priorities": [w.automotive.pk],
            "projects": [w.valve_pilot.pk],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    booking = StandBooking.objects.get()
    assert body == {
        "id": booking.pk,
        "status": "pending",
        "stand": "A1",
        "region": "DE11",
        "organisation": None,
        "message": "",
        "showcase_title": "Stuttgart mobility",
        "showcase_text": "",
        "priorities": [w.automotive.pk],
        "projects": [w.valve_pilot.pk],
        "contact_name": "",
        "contact_email": "",
        "website": "",
        "decision_note": "",
        "decided_at": None,
        "created_at": body["created_at"],
    }
    assert api().get(f"{BASE}/bookings/").json() == []
    assert api().get(f"{BASE}/bookings/{booking.pk}/").status_code == 404
    approved = api(w.organiser).post(
        f"{BASE}/bookings/{booking.pk}/approve/", {"note": "Welcome"}, format="json"
    )
    assert (approved.json()["status"], approved.json()["decision_note"]) == ("approved", "Welcome")
    assert [b["id"] for b in api().get(f"{BASE}/bookings/").json()] == [booking.pk]


def test_booking_for_a_party_one_does_not_act_for_is_refused(w):
    response = api(w.region_rep).post(
        f"{BASE}/bookings/",
        {"organisation": w.brno.slug, "showcase_title": "Not mine"},
        format="json",
    )
    assert response.status_code == 403
    both = api(w.region_rep).post(
        f"{BASE}/bookings/",
        {"region": "DE11", "organisation": w.brno.slug, "showcase_title": "Both"},
        format="json",
    )
    assert both.json()["error"]["details"] == {
        "region": ["Book for one region (NUTS code) or one organisation (slug)."]
    }


def test_decline_and_withdraw_verbs(w):
    booking = _request(w)
    refused = api(w.organiser).post(f"{BASE}/bookings/{booking.pk}/decline/", {}, format="json")
    assert refused.json()["error"]["details"] == {"note": ["This field is required."]}
    declined = api(w.organiser).post(
        f"{BASE}/bookings/{booking.pk}/decline/", {"note": "Full."}, format="json"
    )
    assert declined.json()["status"] == "declined"
    again = _request(w)
    withdrawn = api(w.region_rep).post(f"{BASE}/bookings/{again.pk}/withdraw/")
    assert withdrawn.json()["status"] == "withdrawn"
    twice = api(w.region_rep).post(f"{BASE}/bookings/{again.pk}/withdraw/")
    assert twice.json()["error"]["details"] == {"status": ["The booking is already withdrawn."]}


def test_showcase_patch(w):
    booking = _request(w)
    response = api(w.region_rep).patch(
        f"{BASE}/bookings/{booking.pk}/",
        {"showcase_text": "Come by", "priorities": [w.hydrogen.pk]},
        format="json",
    )
    assert response.json()["error"]["details"] == {
        "priorities": ["Not S3 priorities of DE11 Stuttgart: Hydrogen."]
    }
    ok = api(w.region_rep).patch(
        f"{BASE}/bookings/{booking.pk}/", {"showcase_text": "Come by"}, format="json"
    )
    assert ok.json()["showcase_text"] == "Come by"


def _other_partnership(w, name):
    partnership = create_partnership(
        actor=None, name=name, thematic_platform=w.platform, lead_region=w.cz06
    )
    return launch_partnership(actor=None, partnership=partnership)


def test_pitch_apply_accept_reorder(w, pitch_session):
    created = api(w.lead).post(
        f"{BASE}/pitches/",
        {"partnership": w.valleys.slug, "title": "Valleys", "summary": "One corridor."},
        format="json",
    )
    assert created.status_code == 201
    first = created.json()["id"]
    assert created.json()["status"] == "pending"
    assert api().get(f"{BASE}/pitches/").json() == []
    assert [p["id"] for p in api(w.lead).get(f"{BASE}/pitches/").json()] == [first]
    accepted = api(w.organiser).post(
        f"{BASE}/pitches/{first}/accept/", {"session": pitch_session.pk}, format="json"
    )
    assert (accepted.json()["status"], accepted.json()["order"]) == ("approved", 1)
    second = pitch_domain.apply_for_pitch(
        actor=w.lead,
        event=w.forum,
        partnership=_other_partnership(w, "Robots"),
        title="Robots",
        summary="s",
    )
    pitch_domain.accept_pitch(actor=w.organiser, pitch=second, session=pitch_session)
    reordered = api(w.organiser).post(
        f"{BASE}/pitches/reorder/",
        {"session": pitch_session.pk, "pitches": [second.pk, first]},
        format="json",
    )
    assert [(p["id"], p["order"]) for p in reordered.json()] == [(second.pk, 1), (first, 2)]
    public = api().get(f"{BASE}/sessions/").json()
    assert [(p["title"], p["order"]) for p in public[0]["pitches"]] == [
        ("Robots", 1),
        ("Valleys", 2),
    ]


def test_pitch_for_a_partnership_one_does_not_lead_is_refused(w):
    response = api(w.region_rep).post(
        f"{BASE}/pitches/",
        {"partnership": w.valleys.slug, "title": "Valleys", "summary": "s"},
        format="json",
    )
    assert response.status_code == 403
    forming = api(w.lead).post(
        f"{BASE}/pitches/",
        {"partnership": w.forming.slug, "title": "Robots", "summary": "s"},
        format="json",
    )
    assert forming.status_code == 403


def test_pitch_decline_and_withdraw(w):
    pitch = pitch_domain.apply_for_pitch(
        actor=w.lead, event=w.forum, partnership=w.valleys, title="V", summary="s"
    )
    declined = api(w.organiser).post(
        f"{BASE}/pitches/{pitch.pk}/decline/", {"note": "Sorry"}, format="json"
    )
    assert (declined.json()["status"], declined.json()["decision_note"]) == ("declined", "Sorry")
    again = pitch_domain.apply_for_pitch(
        actor=w.lead, event=w.forum, partnership=w.valleys, title="V2", summary="s"
    )
    assert api(w.lead).post(f"{BASE}/pitches/{again.pk}/withdraw/").json()["status"] == (
        "withdrawn"
    )


# fmt: off
MATRIX = [
    # method, path, body
    #  an   pa   pl   rr   om   le   or   oo   st
    ("get", "/stands/", None,
     (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("post", "/stands/", "stand",
     (401, 403, 403, 403, 403, 403, 201, 403, 201)),
    ("post", "/bookings/", "booking",
     (401, 403, 403, 201, 403, 403, 403, 403, 403)),
    ("post", "/bookings/{booking}/approve/", {},
     (401, 403, 403, 403, 403, 403, 200, 403, 200)),
    ("post", "/bookings/{booking}/withdraw/", None,
     (401, 403, 403, 200, 403, 403, 403, 403, 403)),
    ("post", "/pitches/", "pitch",
     (401, 403, 403, 403, 403, 201, 403, 403, 403)),
    ("post", "/pitches/{pitch}/accept/", "accept",
     (401, 403, 403, 403, 403, 403, 200, 403, 200)),
    ("post", "/pitches/{pitch}/withdraw/", None,
     (401, 403, 403, 403, 403, 200, 403, 403, 403)),
    ("post", "/pitches/reorder/", "reorder",
     (401, 403, 403, 403, 403, 403, 200, 403, 200)),
]
# fmt: on


def _fresh(w, a1, pitch_session, role):
    StandBooking.objects.update(status=BookingStatus.WITHDRAWN)
    PitchApplication.objects.update(status=BookingStatus.WITHDRAWN)
    booking = _request(w, stand=a1)
    pitch = pitch_domain.apply_for_pitch(
        actor=w.lead, event=w.forum, partnership=w.valleys, title="V", summary="s"
    )
    bodies = {
        "stand": {"code": f"S-{role}", "size_m2": "4", "location": "Hall"},
        "booking": {"region": "DE11", "showcase_title": "Stuttgart"},
        "pitch": {"partnership": w.valleys.slug, "title": "V", "summary": "s"},
        "accept": {"session": pitch_session.pk},
        "reorder": {"session": pitch_session.pk, "pitches": []},
    }
    return booking, pitch, bodies


@pytest.mark.parametrize("case", MATRIX, ids=[f"{m[0]} {m[1]}" for m in MATRIX])
def test_permission_matrix(w, a1, pitch_session, case):
    method, path, body, codes = case
    got = {}
    for role in ROLES:
        booking, pitch, bodies = _fresh(w, a1, pitch_session, role)
        if path == "/bookings/":
            StandBooking.objects.update(status=BookingStatus.WITHDRAWN)
        if path == "/pitches/":
            PitchApplication.objects.update(status=BookingStatus.WITHDRAWN)
        url = BASE + path.format(booking=booking.pk, pitch=pitch.pk)
        data = bodies.get(body, body) if isinstance(body, str) else body
        response = getattr(api(user_of(w, role)), method)(url, data, format="json")
        got[role] = response.status_code
    assert got == dict(zip(ROLES, codes, strict=True))
