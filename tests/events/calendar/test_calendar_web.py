"""Calendar pages through Django's test client: the list and its htmx filters, an event's
page with its times in the event's zone, the event editor, transitions, co-organisers, the
iCalendar feeds and query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from smartregions.common.middleware import POLICY
from smartregions.events.domain.events import cancel_event, update_event
from smartregions.events.enums import EventKind, EventStatus, RegistrationStatus
from smartregions.events.models import Event
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
EVENT_LINK = re.compile(r'<th scope="row"><a href="/events/([^/]+)/">')


def _html(response) -> str:
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    html = response.content.decode()
    assert 'style="' not in html
    assert INLINE_SCRIPT.findall(html) == []
    return html


@pytest.fixture
def calendar_events(ew):
    """A draft of the organiser, a cancelled event, a past webinar, a later brokerage event."""
    draft = EventFactory(
        slug="secret-draft",
        title="Secret draft",
        status=EventStatus.DRAFT,
        organisers=[ew.organiser],
    )
    cancelled = EventFactory(
        slug="called-off", title="Called off", starts_at=dt.datetime(2027, 5, 1, 7, tzinfo=dt.UTC)
    )
    cancel_event(actor=None, event=cancelled)
    past = EventFactory(
        slug="past-webinar",
        title="Past webinar",
        kind=EventKind.WEBINAR,
        is_online=True,
        online_url="https://meet.example.eu/x",
        starts_at=dt.datetime(2026, 11, 5, 14, tzinfo=dt.UTC),
    )
    later = EventFactory(
        slug="brno-brokerage",
        title="Brno brokerage",
        kind=EventKind.BROKERAGE,
        timezone="Europe/Prague",
        city="Brno",
        country=ew.cz,
        starts_at=dt.datetime(2027, 4, 20, 7, tzinfo=dt.UTC),
    )
    later.thematic_areas.set([ew.batteries])
    return draft, cancelled, past, later


def test_calendar_lists_upcoming_public_events(client, calendar_events):
    html = _html(client.get("/events/"))
    assert EVENT_LINK.findall(html) == [
        "smart-regions-2027",
        "other-event",
        "brno-brokerage",
        "called-off",
    ]
    assert "4 upcoming events" in html
    assert '<span class="badge event-status-cancelled">Cancelled</span>' in html
    assert (
        '<td><time datetime="2027-04-20T07:00:00+00:00">20 April 2027, 09:00</time> '
        "(Europe/Prague)</td>" in html
    )
    assert "<td>Brno, Czechia</td>" in html
    assert "<td>Energy: Hydrogen</td>" in html
    assert "<td>Batteries</td>" in html
    assert 'href="/events/calendar.ics"' in html
    assert 'href="/events/new/"' not in html


def test_organisers_see_their_drafts_and_the_new_event_button(client, ew, calendar_events):
    client.force_login(ew.organiser)
    html = _html(client.get("/events/"))
    assert "secret-draft" in EVENT_LINK.findall(html)
    assert '<span class="badge event-status-draft">Draft</span>' in html
    assert 'href="/events/new/"' in html
    client.force_login(ew.other_organiser)
    assert "secret-draft" not in EVENT_LINK.findall(_html(client.get("/events/")))


@pytest.mark.parametrize(
    ("query", "slugs", "count"),
    [
        ("?when=past", ["past-webinar"], "1 past event"),
        ("?kind=brokerage", ["brno-brokerage"], "1 upcoming event"),
        ("?country=CZ", ["brno-brokerage"], "1 upcoming event"),
        ("?platform=energy", ["smart-regions-2027"], "1 upcoming event"),
        ("?area=batteries", ["brno-brokerage"], "1 upcoming event"),
        ("?date_from=2027-04-01&date_to=2027-04-30", ["brno-brokerage"], "1 upcoming event"),
        ("?kind=bogus", ["smart-regions-2027", "other-event", "brno-brokerage", "called-off"],
         "4 upcoming events"),
        ("?country=CZ&kind=workshop", [], "0 upcoming events"),
    ],
)  # fmt: skip
def test_calendar_htmx_filters(client, calendar_events, query, slugs, count):
    html = _html(client.get(f"/events/{query}", headers={"HX-Request": "true"}))
    assert "<h1>" not in html  # the partial only
    assert EVENT_LINK.findall(html) == slugs
    assert count in html
    if not slugs:
        assert "No upcoming event matches these filters." in html


def test_the_feed_link_keeps_the_filters(client, calendar_events):
    html = _html(client.get("/events/?country=CZ&page=2"))
    assert 'href="/events/calendar.ics?country=CZ"' in html


def test_event_page_shows_times_in_the_event_zone_labelled(client, ew):
    html = _html(client.get("/events/smart-regions-2027/"))
    assert "<h1>Smart Regions Conference 2027</h1>" in html
    assert '<p class="lead">Where interregional partnerships start.</p>' in html
    assert '<p class="zone-note">Times in Europe/Brussels</p>' in html
    assert (
        '<dt>Starts</dt><dd><time datetime="2027-03-10T08:00:00+00:00">10 March 2027, 09:00'
        "</time></dd>" in html
    )
    assert (
        '<dt>Ends</dt><dd><time datetime="2027-03-10T16:00:00+00:00">10 March 2027, 17:00'
        "</time></dd>" in html
    )
    assert "<dt>Where</dt><dd>The Square, Brussels, Belgium</dd>" in html
    assert "<dt>Host region</dt><dd>Région de Bruxelles-Capitale (BE10)</dd>" in html
    assert "<dt>Thematic platform</dt><dd>Energy</dd>" in html
    assert "<dt>Thematic areas</dt><dd>Hydrogen</dd>" in html
    assert "<li>Olga Organiser</li>" in html
    assert "<dt>Capacity</dt><dd>No limit</dd>" in html
    assert "<dt>Confirmed participants</dt><dd>1</dd>" in html
    assert "Registration is open." in html
    assert 'href="/events/smart-regions-2027/event.ics"' in html
    assert (
        'href="/account/login/?next=/events/smart-regions-2027/register/">Sign in to register'
        in html
    )
    assert "Manage the event" not in html


def test_event_page_for_participant_other_user_and_organiser(client, ew):
    update_event(actor=None, event=ew.event, capacity=3)
    client.force_login(ew.participant)
    html = _html(client.get("/events/smart-regions-2027/"))
    assert '<strong class="badge reg-status-confirmed">Confirmed</strong>' in html
    assert "Cancel my registration" in html
    assert 'href="/events/smart-regions-2027/register/"' not in html
    assert "<dt>Places left</dt><dd>2</dd>" in html
    client.force_login(ew.other)
    html = _html(client.get("/events/smart-regions-2027/"))
    assert '<a class="button" href="/events/smart-regions-2027/register/">Register</a>' in html
    client.force_login(ew.organiser)
    html = _html(client.get("/events/smart-regions-2027/"))
    assert "Manage the event" in html
    assert 'href="/events/smart-regions-2027/edit/"' in html
    assert 'action="/events/smart-regions-2027/status/cancel/"' in html
    assert 'href="/events/smart-regions-2027/registrations/"' in html


def test_waitlisted_visitor_sees_their_place_in_the_queue(client, ew):
    update_event(actor=None, event=ew.event, capacity=1)
    RegistrationFactory(
        event=ew.event,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=dt.datetime(2027, 2, 1, 10, tzinfo=dt.UTC),
    )
    RegistrationFactory(
        event=ew.event,
        user=ew.other,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=dt.datetime(2027, 2, 1, 12, tzinfo=dt.UTC),
    )
    client.force_login(ew.other)
    html = _html(client.get("/events/smart-regions-2027/"))
    assert "number 2 on the waiting list" in html
    assert "<dt>Places left</dt><dd>0</dd>" in html


def test_registration_states_on_the_page(client, ew, clock):
    clock.move_to(ew.event.starts_at)
    html = _html(client.get("/events/smart-regions-2027/"))
    assert "Registration is closed." in html
    assert "Sign in to register" not in html
    cancel_event(actor=None, event=ew.event)
    assert "The event is cancelled." in _html(client.get("/events/smart-regions-2027/"))


def test_draft_page_is_not_found_except_for_its_organisers(client, ew, calendar_events):
    assert client.get("/events/secret-draft/").status_code == 404
    client.force_login(ew.other_organiser)
    assert client.get("/events/secret-draft/").status_code == 404
    Event.objects.filter(slug="secret-draft").update(consent_text="", city="")
    client.force_login(ew.organiser)
    html = _html(client.get("/events/secret-draft/"))
    assert "Before the event can be published:" in html
    assert "<li>Say where the event takes place (venue or city), or make it online.</li>" in html
    assert "<li>Write the consent text participants agree to.</li>" in html


def test_create_event_through_the_form(client, ew):
    client.force_login(ew.organiser)
    html = _html(client.get("/events/new/"))
    assert "<legend>Registration</legend>" in html
    assert '<option value="Europe/Prague">Europe/Prague</option>' in html
    response = client.post(
        "/events/new/",
        {
            "title": "Brno Hydrogen Day",
            "kind": "workshop",
            "timezone": "Europe/Prague",
            "starts_at": "2027-06-01T09:00",
            "ends_at": "2027-06-01T15:00",
            "city": "Brno",
            "country": ew.cz.pk,
            "region": "cz06",
            "capacity": "40",
            "participant_types": ["delegate", "speaker"],
            "consent_text": "I agree.",
            "thematic_areas": [ew.hydrogen.pk],
        },
    )
    event = Event.objects.get(title="Brno Hydrogen Day")
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/"
    assert event.starts_at == dt.datetime(2027, 6, 1, 7, 0, tzinfo=dt.UTC)
    assert event.ends_at == dt.datetime(2027, 6, 1, 13, 0, tzinfo=dt.UTC)
    assert event.retention_until == dt.date(2027, 11, 28)
    assert event.region == ew.cz06
    assert event.participant_types == ["delegate", "speaker"]
    assert event.status == EventStatus.DRAFT
    assert list(event.organisers.all()) == [ew.organiser]


def test_create_form_reports_errors(client, ew):
    client.force_login(ew.organiser)
    html = _html(
        client.post(
            "/events/new/",
            {
                "title": "",
                "kind": "workshop",
                "timezone": "Europe/Brussels",
                "starts_at": "2027-03-28T02:30",  # skipped when clocks go forward
                "ends_at": "2027-03-28T01:00",
                "region": "XX99",
            },
        )
    )
    assert "Please correct the errors below" in html
    assert "Title: This field is required." in html
    assert "2027-03-28 02:30 does not exist in Europe/Brussels" in html
    assert "No region XX99 in NUTS 2021." in html
    html = _html(
        client.post(
            "/events/new/",
            {
                "title": "Backwards",
                "kind": "workshop",
                "timezone": "Europe/Brussels",
                "starts_at": "2027-06-01T10:00",
                "ends_at": "2027-06-01T09:00",
            },
        )
    )
    assert "An event must end after it starts." in html
    assert not Event.objects.filter(title="Backwards").exists()


def test_edit_shows_wall_clock_times_and_saves(client, ew):
    client.force_login(ew.organiser)
    html = _html(client.get("/events/smart-regions-2027/edit/"))
    assert 'name="starts_at" value="2027-03-10T09:00"' in html
    assert 'name="slug"' not in html
    data = {
        "title": "Smart Regions Conference 2027",
        "kind": "conference",
        "timezone": "Europe/Brussels",
        "starts_at": "2027-03-10T09:30",
        "ends_at": "2027-03-10T17:00",
        "venue": "The Square",
        "city": "Brussels",
        "consent_text": "New wording.",
        "retention_until": "2027-12-31",
    }
    response = client.post("/events/smart-regions-2027/edit/", data)
    assert response.status_code == 302
    ew.event.refresh_from_db()
    assert ew.event.starts_at == dt.datetime(2027, 3, 10, 8, 30, tzinfo=dt.UTC)
    assert ew.event.consent_version == "2"
    assert ew.event.retention_until == dt.date(2027, 12, 31)


def test_a_cancelled_event_cannot_be_edited(client, ew):
    cancel_event(actor=None, event=ew.event)
    client.force_login(ew.organiser)
    response = client.get("/events/smart-regions-2027/edit/")
    assert response["Location"] == "/events/smart-regions-2027/"


def test_publish_and_cancel_buttons(client, ew, calendar_events):
    client.force_login(ew.organiser)
    assert client.get("/events/secret-draft/status/publish/").status_code == 405
    response = client.post("/events/secret-draft/status/publish/")
    assert response["Location"] == "/events/secret-draft/"
    assert Event.objects.get(slug="secret-draft").status == EventStatus.PUBLISHED
    response = client.post("/events/secret-draft/status/publish/", follow=True)
    assert "Only a draft event can be published." in _html(response)
    client.post("/events/smart-regions-2027/status/cancel/")
    ew.event.refresh_from_db()
    assert ew.event.status == EventStatus.CANCELLED
    assert client.post("/events/smart-regions-2027/status/delete/").status_code == 404


def test_co_organisers_through_the_page(client, ew):
    client.force_login(ew.organiser)
    response = client.post(
        "/events/smart-regions-2027/organisers/add/", {"email": "URSULA@example.eu"}, follow=True
    )
    assert "Ursula User now co-organises the event." in _html(response)
    assert set(ew.event.organisers.all()) == {ew.organiser, ew.other}
    response = client.post(
        "/events/smart-regions-2027/organisers/add/", {"email": "nobody@example.eu"}, follow=True
    )
    assert "No active account has this e-mail address." in _html(response)
    response = client.post(
        f"/events/smart-regions-2027/organisers/{ew.other.pk}/remove/", follow=True
    )
    assert "Ursula User no longer organises the event." in _html(response)
    response = client.post(
        f"/events/smart-regions-2027/organisers/{ew.organiser.pk}/remove/", follow=True
    )
    assert "An event keeps at least one named organiser." in _html(response)


def test_calendar_feed_honours_the_filters(client, calendar_events):
    response = client.get("/events/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="events.ics"'
    text = response.content.decode()
    assert re.findall(r"SUMMARY:(.+)\r\n", text) == [
        "Smart Regions Conference 2027",
        "Other Workshop",
        "Brno brokerage",
        "Called off",
    ]  # no draft, nothing past; the cancelled event marked so
    assert text.count("STATUS:CANCELLED\r\n") == 1
    assert "X-WR-CALNAME:smartregions events\r\n" in text
    text = client.get("/events/calendar.ics?country=CZ").content.decode()
    assert re.findall(r"SUMMARY:(.+)\r\n", text) == ["Brno brokerage"]
    text = client.get("/events/calendar.ics?when=past").content.decode()
    assert re.findall(r"SUMMARY:(.+)\r\n", text) == ["Past webinar"]


def test_one_event_ics(client, ew, calendar_events):
    response = client.get("/events/brno-brokerage/event.ics")
    assert response["Content-Disposition"] == 'inline; filename="brno-brokerage.ics"'
    lines = response.content.decode().split("\r\n")
    assert "X-WR-CALNAME:Brno brokerage" in lines
    assert "LOCATION:Brno\\, Czechia" in lines
    assert "DTSTART:20270420T070000Z" in lines
    assert client.get("/events/secret-draft/event.ics").status_code == 404


def test_calendar_query_count_is_flat(client, ew, django_assert_num_queries):
    client.get("/events/")  # warm caches
    # count; events with country and platform; their areas; platform, area, country choices
    with django_assert_num_queries(6):
        client.get("/events/")
    for n in range(4):
        event = EventFactory(slug=f"more-{n}", country=ew.cz)
        event.thematic_areas.set([ew.hydrogen, ew.batteries])
    with django_assert_num_queries(6):
        client.get("/events/")


def test_event_page_query_count_is_flat(client, ew, django_assert_num_queries):
    client.force_login(ew.participant)
    url = "/events/smart-regions-2027/"
    client.get(url)
    # session, user, roles; event with country, region, platform; its areas, organisers and
    # questions; my registration; the confirmed count
    with django_assert_num_queries(9):
        client.get(url)
    for _ in range(5):
        RegistrationFactory(event=ew.event)
    with django_assert_num_queries(9):
        client.get(url)


def test_online_address_is_for_confirmed_participants_and_organisers(client, ew):
    update_event(actor=None, event=ew.event, is_online=True, online_url="https://meet.example.eu/s")
    link = '<a href="https://meet.example.eu/s">https://meet.example.eu/s</a>'
    html = _html(client.get("/events/smart-regions-2027/"))
    assert "<dt>Where</dt><dd>Online</dd>" in html
    client.force_login(ew.other)
    assert link not in _html(client.get("/events/smart-regions-2027/"))
    for person in (ew.participant, ew.organiser):
        client.force_login(person)
        assert f"<dt>Where</dt><dd>Online — {link}</dd>" in _html(
            client.get("/events/smart-regions-2027/")
        )
