"""The personal agenda: which meetings it shows and where, and its iCalendar and PDF files
line by line."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.common._pdf_text import pdf_strings
from tests.factories.events import MeetingFactory, MeetingRequestFactory

from smartregions.events.domain.matchmaking.agenda import agenda_ics, agenda_pdf
from smartregions.events.domain.queries.matchmaking import agenda
from smartregions.events.enums import MeetingRequestStatus, SchedulingMode
from smartregions.events.models import Meeting

pytestmark = pytest.mark.django_db
STAMP = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def meetings(mw):
    """Ana meets Cara at 10:30 (table 1) and Ben at 09:30 (table 2); Ben's request said
    "Tanks, valves; and more?" (to be escaped)."""
    with_ben = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=mw.session,
            requester=mw.ana_reg,
            recipient=mw.ben_reg,
            status=MeetingRequestStatus.ACCEPTED,
            message="Tanks, valves; and more?",
        ),
        slot=mw.slots[1],
        table_number=2,
    )
    with_cara = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=mw.session,
            requester=mw.cara_reg,
            recipient=mw.ana_reg,
            status=MeetingRequestStatus.ACCEPTED,
            message="",
        ),
        slot=mw.slots[3],
        table_number=1,
    )
    return with_ben, with_cara


def test_agenda_orders_placed_meetings_by_time(mw, meetings):
    with_ben, with_cara = meetings
    mine = agenda(mw.ana_reg)
    assert [(i.meeting.pk, i.partner.badge_name, i.message) for i in mine.placed] == [
        (with_ben.pk, "Ben Braun", "Tanks, valves; and more?"),
        (with_cara.pk, "Cara Costa", ""),
    ]
    assert mine.waiting == []
    assert [i.partner.badge_name for i in agenda(mw.ben_reg).placed] == ["Ana Nováková"]


def test_agenda_waits_for_the_published_schedule(mw, meetings):
    mw.session.mode = SchedulingMode.ORGANISER_SCHEDULES
    mw.session.save()
    mine = agenda(mw.ana_reg)
    assert (mine.placed, [i.partner.badge_name for i in mine.waiting]) == (
        [],
        ["Ben Braun", "Cara Costa"],
    )
    mw.session.schedule_published = True
    mw.session.save()
    assert len(agenda(mw.ana_reg).placed) == 2


def test_unplaced_meetings_wait(mw, meetings):
    Meeting.objects.filter(pk=meetings[1].pk).update(slot=None, table_number=None)
    mine = agenda(mw.ana_reg)
    assert [i.partner.badge_name for i in mine.placed] == ["Ben Braun"]
    assert [i.partner.badge_name for i in mine.waiting] == ["Cara Costa"]


def test_ics_exact_lines(mw, meetings, settings):
    settings.SITE_URL = "https://smartregions.example"
    with_ben, with_cara = meetings
    text = agenda_ics(mw.ana_reg, mw.event, agenda(mw.ana_reg), generated_at=STAMP)
    assert text.split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//smartregions//events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Hydrogen brokerage: meetings of Ana Nováková",
        "BEGIN:VEVENT",
        f"UID:meeting-{with_ben.pk}@smartregions",
        "DTSTAMP:20270301T120000Z",
        "DTSTART:20270310T083000Z",
        "DTEND:20270310T085500Z",
        "SUMMARY:B2B meeting: Ben Braun (Stuttgart Institute)",
        "DESCRIPTION:Table 2 with Ben Braun (Stuttgart Institute).\\n\\nTanks\\, valves",
        " \\; and more?",
        "LOCATION:Congress Centre\\, Brussels \N{EN DASH} table 2",
        f"URL:https://smartregions.example/events/h2/meetings/{with_ben.pk}/",
        "END:VEVENT",
        "BEGIN:VEVENT",
        f"UID:meeting-{with_cara.pk}@smartregions",
        "DTSTAMP:20270301T120000Z",
        "DTSTART:20270310T093000Z",
        "DTEND:20270310T095500Z",
        "SUMMARY:B2B meeting: Cara Costa",
        "DESCRIPTION:Table 1 with Cara Costa.",
        "LOCATION:Congress Centre\\, Brussels \N{EN DASH} table 1",
        f"URL:https://smartregions.example/events/h2/meetings/{with_cara.pk}/",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]


def test_ics_of_an_online_event_without_meetings(mw):
    mw.event.is_online = True
    text = agenda_ics(mw.ana_reg, mw.event, agenda(mw.ana_reg), generated_at=STAMP)
    assert "BEGIN:VEVENT" not in text
    assert text.endswith("END:VCALENDAR\r\n")


def test_pdf_lists_the_meetings_in_the_event_zone(mw, meetings):
    Meeting.objects.filter(pk=meetings[1].pk).update(slot=None, table_number=None)
    data = agenda_pdf(mw.ana_reg, mw.event, agenda(mw.ana_reg), compress=False, generated_at=STAMP)
    assert pdf_strings(data) == [
        "My B2B meetings: Hydrogen brokerage",
        "Ana Nováková · times in Europe/Brussels",
        *["Time", "Table", "Partner", "Organisation", "Country", "Message"],
        *[
            "10 Mar 2027,",
            "09:30\N{EN DASH}09:55",
            "2",
            "Ben Braun",
            "Stuttgart Institute",
            "Germany",
        ],
        *["Tanks, valves; and", "more?"],
        "Waiting for a time",
        "• Cara Costa",
        "My B2B meetings: Hydrogen brokerage · generated 2027-03-01 12:00 UTC",
        "Page 1 of ",
        "1",
    ]
