"""The events API: the calendar with its filters, one event, create and change with times in
the event's zone, publish and cancel, co-organisers, the iCalendar endpoints, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rest_framework.test import APIClient

from smartregions.events.domain.events import update_event
from smartregions.events.enums import EventKind, EventStatus, RegistrationStatus
from smartregions.events.models import Event
from tests.api.conftest import error_of
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_event_detail_shape(ew):
    update_event(actor=None, event=ew.event, capacity=10, approval_required=True)
    body = api().get("/api/v1/events/smart-regions-2027/").json()
    assert body == {
        "slug": "smart-regions-2027",
        "title": "Smart Regions Conference 2027",
        "kind": "conference",
        "status": "published",
        "summary": "Where interregional partnerships start.",
        "description": "",
        "timezone": "Europe/Brussels",
        "starts_at": "2027-03-10T08:00:00Z",
        "starts_at_local": "2027-03-10T09:00:00+01:00",
        "ends_at": "2027-03-10T16:00:00Z",
        "ends_at_local": "2027-03-10T17:00:00+01:00",
        "is_online": False,
        "online_url": "",
        "venue": "The Square",
        "city": "Brussels",
        "country": "BE",
        "region": "BE10",
        "thematic_platform": "energy",
        "thematic_areas": ["hydrogen"],
        "organisers": [{"id": ew.organiser.pk, "name": "Olga Organiser"}],
        "registration_opens_at": None,
        "registration_closes_at": None,
        "registration_state": "open",
        "capacity": 10,
        "places_left": 9,
        "approval_required": True,
        "offered_participant_types": ["delegate", "speaker", "exhibitor", "press"],
        "consent_text": "I agree that the organisers process my registration data for this event.",
        "consent_version": "1",
        "retention_until": "2027-09-06",
        "matchmaking_enabled": False,
    }


def test_online_address_only_for_organisers_and_confirmed_participants(ew):
    update_event(actor=None, event=ew.event, is_online=True, online_url="https://meet.example.eu/s")
    url = "/api/v1/events/smart-regions-2027/"
    assert api().get(url).json()["online_url"] == ""
    assert api(ew.other).get(url).json()["online_url"] == ""
    assert api(ew.participant).get(url).json()["online_url"] == "https://meet.example.eu/s"
    assert api(ew.organiser).get(url).json()["online_url"] == "https://meet.example.eu/s"
    assert api().get("/api/v1/events/").json()["results"][0]["online_url"] == ""


def test_calendar_list_filters(ew):
    later = EventFactory(
        slug="later",
        kind=EventKind.BROKERAGE,
        country=ew.cz,
        starts_at=dt.datetime(2027, 4, 2, 7, tzinfo=dt.UTC),
    )
    later.thematic_areas.set([ew.batteries])
    EventFactory(slug="past", starts_at=dt.datetime(2026, 4, 2, 7, tzinfo=dt.UTC))
    EventFactory(slug="draft", status=EventStatus.DRAFT)

    def slugs(query=""):
        response = api().get(f"/api/v1/events/{query}")
        assert response.status_code == 200
        return [e["slug"] for e in response.json()["results"]]

    assert slugs() == ["smart-regions-2027", "other-event", "later"]
    assert slugs("?past=true") == ["past"]
    assert slugs("?kind=brokerage") == ["later"]
    assert slugs("?country=cz") == ["later"]
    assert slugs("?platform=energy&area=hydrogen") == ["smart-regions-2027"]
    assert slugs("?date_from=2027-04-01&date_to=2027-04-30") == ["later"]
    error = error_of(api().get("/api/v1/events/?date_from=soon"))
    assert error["details"] == {
        "date_from": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
    }


def test_create_reads_times_in_the_event_zone(ew):
    response = api(ew.organiser).post(
        "/api/v1/events/",
        {
            "title": "Brno Hydrogen Day",
            "kind": "workshop",
            "timezone": "Europe/Prague",
            "starts_at": "2027-06-01T09:00:00",
            "ends_at": "2027-06-01T15:00:00+02:00",
            "city": "Brno",
            "country": "CZ",
            "region": "CZ06",
            "thematic_platform": "energy",
            "thematic_areas": ["batteries"],
            "capacity": 40,
            "participant_types": ["delegate", "press"],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "brno-hydrogen-day"
    assert body["status"] == "draft"
    assert body["starts_at"] == "2027-06-01T07:00:00Z"
    assert body["starts_at_local"] == "2027-06-01T09:00:00+02:00"
    assert body["ends_at"] == "2027-06-01T13:00:00Z"
    assert body["retention_until"] == "2027-11-28"
    assert body["organisers"] == [{"id": ew.organiser.pk, "name": "Olga Organiser"}]
    assert body["offered_participant_types"] == ["delegate", "press"]
    assert body["places_left"] == 40


def test_create_reports_every_problem(ew):
    response = api(ew.staff).post(
        "/api/v1/events/",
        {"title": "X", "kind": "gala", "starts_at": "2027-06-01T09:00:00", "region": "ZZ9"},
        format="json",
    )
    error = error_of(response)
    assert response.status_code == 400
    assert error["details"] == {
        "kind": ['"gala" is not a valid choice.'],
        "ends_at": ["This field is required."],
        "region": ["Unknown NUTS 2021 region code: ZZ9."],
    }
    response = api(ew.staff).post(
        "/api/v1/events/",
        {
            "title": "X",
            "kind": "workshop",
            "starts_at": "2027-06-01T09:00:00",
            "ends_at": "2027-06-01T08:00:00",
        },
        format="json",
    )
    assert error_of(response)["details"] == {"ends_at": ["An event must end after it starts."]}


def test_patch_changes_only_what_is_sent_and_promotes_on_more_capacity(ew):
    update_event(actor=None, event=ew.event, capacity=1)
    waiting = RegistrationFactory(event=ew.event, status=RegistrationStatus.WAITLISTED)
    waiting.waitlisted_at = dt.datetime(2027, 2, 1, tzinfo=dt.UTC)
    waiting.save()
    response = api(ew.organiser).patch(
        "/api/v1/events/smart-regions-2027/",
        {"capacity": 2, "registration_closes_at": "2027-03-01T18:00:00"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["capacity"] == 2
    assert body["places_left"] == 0
    assert body["registration_closes_at"] == "2027-03-01T17:00:00Z"
    assert body["title"] == "Smart Regions Conference 2027"
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_publish_cancel_and_refusals(ew):
    draft = EventFactory(slug="draft", status=EventStatus.DRAFT, organisers=[ew.organiser])
    client = api(ew.organiser)
    assert client.post("/api/v1/events/draft/publish/").json()["status"] == "published"
    response = client.post("/api/v1/events/draft/publish/")
    assert response.status_code == 400
    assert error_of(response)["details"] == {"status": ["Only a draft event can be published."]}
    assert client.post("/api/v1/events/draft/cancel/").json()["status"] == "cancelled"
    draft.refresh_from_db()
    assert draft.status == EventStatus.CANCELLED
    response = client.patch("/api/v1/events/draft/", {"title": "Back"}, format="json")
    assert error_of(response)["details"] == {"status": ["A cancelled event cannot be changed."]}


def test_co_organisers(ew):
    client = api(ew.organiser)
    response = client.post(
        "/api/v1/events/smart-regions-2027/organisers/", {"email": "ursula@example.eu"}
    )
    assert [o["name"] for o in response.json()["organisers"]] == ["Olga Organiser", "Ursula User"]
    response = client.post("/api/v1/events/smart-regions-2027/organisers/", {"email": "x@y.eu"})
    assert error_of(response)["details"] == {
        "email": ["No active account has this e-mail address."]
    }
    response = client.delete(f"/api/v1/events/smart-regions-2027/organisers/{ew.other.pk}/")
    assert [o["name"] for o in response.json()["organisers"]] == ["Olga Organiser"]
    response = client.delete(f"/api/v1/events/smart-regions-2027/organisers/{ew.organiser.pk}/")
    assert error_of(response)["details"] == {
        "user": ["An event keeps at least one named organiser."]
    }
    assert client.delete("/api/v1/events/smart-regions-2027/organisers/999999/").status_code == 404


def test_ics_endpoints(ew):
    EventFactory(slug="cz", title="Czech day", country=ew.cz)
    response = api().get("/api/v1/events/calendar.ics/?country=CZ")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.findall(r"SUMMARY:(.+)\r\n", response.content.decode()) == ["Czech day"]
    response = api().get("/api/v1/events/smart-regions-2027/event.ics/")
    assert response["Content-Disposition"] == 'inline; filename="smart-regions-2027.ics"'
    assert "SUMMARY:Smart Regions Conference 2027\r\n" in response.content.decode()


def test_my_registrations(ew):
    other = RegistrationFactory(
        user=ew.participant,
        event=EventFactory(slug="earlier", starts_at=dt.datetime(2027, 2, 20, 8, tzinfo=dt.UTC)),
        status=RegistrationStatus.WAITLISTED,
    )
    body = api(ew.participant).get("/api/v1/events/my-registrations/").json()
    assert [(r["event"], r["status"]) for r in body] == [
        ("earlier", "waitlisted"),
        ("smart-regions-2027", "confirmed"),
    ]
    assert body[0]["id"] == other.pk
    assert api(ew.other).get("/api/v1/events/my-registrations/").json() == []


def test_calendar_list_query_count_is_flat(ew, django_assert_num_queries):
    client = api()
    client.get("/api/v1/events/")
    # count; events with country, region, platform and registration counts; areas; organisers
    with django_assert_num_queries(4):
        client.get("/api/v1/events/")
    for n in range(4):
        event = EventFactory(slug=f"more-{n}", organisers=[ew.organiser], country=ew.cz)
        event.thematic_areas.set([ew.hydrogen])
        RegistrationFactory(event=event)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/events/")
    assert response.json()["count"] == 6


def test_anonymous_writes_are_refused_with_401(ew):
    response = api().post("/api/v1/events/", {}, format="json")
    assert response.status_code == 401
    assert Event.objects.count() == 2
