"""Review fixes: the online address stays out of public iCalendar files, cancelled events
stay in the feeds (marked cancelled, with their revision), and a new retention date reaches
existing registrations."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from smartregions.events.domain.events import cancel_event, ics_event, update_event
from smartregions.events.domain.ical import format_utc
from smartregions.events.domain.registration_notices import confirmation_message
from smartregions.events.models import Event, Registration
from tests.factories.events import RegistrationFactory

pytestmark = pytest.mark.django_db
SECRET = "https://meet.example.eu/private-room"


@pytest.fixture
def online(ew):
    return update_event(actor=None, event=ew.event, is_online=True, online_url=SECRET)


def _vevent(text: str) -> list[str]:
    lines = text.split("\r\n")
    return lines[lines.index("BEGIN:VEVENT") : lines.index("END:VEVENT") + 1]


@pytest.mark.parametrize(
    "url",
    [
        "/events/calendar.ics",
        "/events/smart-regions-2027/event.ics",
        "/api/v1/events/calendar.ics/",
        "/api/v1/events/smart-regions-2027/event.ics/",
    ],
)
@pytest.mark.parametrize("who", ["anonymous", "participant", "organiser"])
def test_public_ics_files_never_hold_the_online_address(ew, online, url, who):
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(getattr(ew, who))
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "meet.example.eu" not in text
    assert "DESCRIPTION:Where interregional partnerships start.\r\n" in text


def test_the_confirmation_email_calendar_file_holds_the_online_address(ew, online):
    message = confirmation_message(ew.registration)
    [(_name, content, _mimetype)] = message.attachments
    assert (
        "DESCRIPTION:Where interregional partnerships start.\\nhttps://meet.example.eu/private-room"
        in content.replace("\r\n ", "")
    )


def test_ics_event_leaves_out_the_online_address_by_default(ew, online):
    assert ics_event(online).description == "Where interregional partnerships start."
    assert ics_event(online, include_online_url=True).description == (
        f"Where interregional partnerships start.\n{SECRET}"
    )


def test_a_cancelled_event_stays_in_the_feeds_marked_cancelled(client, ew):
    cancel_event(actor=None, event=ew.event)
    ew.event.refresh_from_db()
    stamp = ew.event.updated_at
    for url in ("/events/calendar.ics", "/api/v1/events/calendar.ics/"):
        text = client.get(url).content.decode()
        vevent = _vevent(text)
        assert vevent[0] == "BEGIN:VEVENT"
        assert "SUMMARY:Smart Regions Conference 2027" in vevent
        assert vevent[-4:] == [
            "STATUS:CANCELLED",
            f"SEQUENCE:{int(stamp.timestamp())}",
            f"LAST-MODIFIED:{format_utc(stamp)}",
            "END:VEVENT",
        ]


def test_a_published_event_is_confirmed_with_its_revision(client, ew):
    stamp = Event.objects.get(pk=ew.event.pk).updated_at
    vevent = _vevent(client.get("/events/smart-regions-2027/event.ics").content.decode())
    assert vevent[-4:] == [
        "STATUS:CONFIRMED",
        f"SEQUENCE:{int(stamp.timestamp())}",
        f"LAST-MODIFIED:{format_utc(stamp)}",
        "END:VEVENT",
    ]


def test_a_new_retention_date_reaches_existing_registrations(ew):
    elsewhere = RegistrationFactory(event=ew.other_event)
    before = elsewhere.retention_until
    update_event(actor=None, event=ew.event, retention_until=dt.date(2028, 1, 31))
    assert set(
        Registration.objects.filter(event=ew.event).values_list("retention_until", flat=True)
    ) == {dt.date(2028, 1, 31)}
    elsewhere.refresh_from_db()
    assert elsewhere.retention_until == before
