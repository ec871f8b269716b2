"""The iCalendar writer: exact lines, CRLF endings, escaping and folding at 75 octets."""

from __future__ import annotations

import datetime as dt

import pytest

from smartregions.events.domain.ical import IcsEvent, calendar, escape_text, fold, format_utc

STAMP = dt.datetime(2027, 2, 1, 11, 0, tzinfo=dt.UTC)
START = dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC)


def test_calendar_writes_exact_lines_with_crlf():
    event = IcsEvent(
        uid="event-7@smartregions",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=8),
        summary="Smart Regions Conference",
        description="Day one",
        location="The Square, Brussels",
        url="https://example.eu/events/srs/",
    )
    text = calendar([event], name="Events", generated_at=STAMP)
    assert text.split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//smartregions//events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Events",
        "BEGIN:VEVENT",
        "UID:event-7@smartregions",
        "DTSTAMP:20270201T110000Z",
        "DTSTART:20270310T080000Z",
        "DTEND:20270310T160000Z",
        "SUMMARY:Smart Regions Conference",
        "DESCRIPTION:Day one",
        "LOCATION:The Square\\, Brussels",
        "URL:https://example.eu/events/srs/",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    assert "\n" not in text.replace("\r\n", "")


def test_empty_optional_properties_are_left_out_and_times_become_utc():
    brussels = dt.timezone(dt.timedelta(hours=1))
    event = IcsEvent(
        uid="u1",
        starts_at=dt.datetime(2027, 3, 10, 9, 0, tzinfo=brussels),
        ends_at=dt.datetime(2027, 3, 10, 10, 30, tzinfo=brussels),
        summary="Short",
    )
    lines = calendar([event], name="N", generated_at=STAMP).split("\r\n")
    assert lines[6:13] == [
        "BEGIN:VEVENT",
        "UID:u1",
        "DTSTAMP:20270201T110000Z",
        "DTSTART:20270310T080000Z",
        "DTEND:20270310T093000Z",
        "SUMMARY:Short",
        "END:VEVENT",
    ]


def test_calendar_without_events_is_valid():
    assert calendar([], name="Nothing", generated_at=STAMP).split("\r\n")[-3:] == [
        "X-WR-CALNAME:Nothing",
        "END:VCALENDAR",
        "",
    ]


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("crlf\r\nline", "crlf\\nline"),
        ("plain: colon", "plain: colon"),
    ],
)
def test_text_escaping(raw, escaped):
    assert escape_text(raw) == escaped


def test_long_lines_fold_at_75_octets_with_a_leading_space():
    line = "DESCRIPTION:" + "x" * 150
    folded = fold(line)
    parts = folded.split("\r\n")
    assert [len(p.encode()) for p in parts] == [75, 75, 14]
    assert parts[0] == "DESCRIPTION:" + "x" * 63
    assert parts[1] == " " + "x" * 74
    assert parts[2] == " " + "x" * 13
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "é" * 40  # 8 + 80 octets
    parts = fold(line).split("\r\n")
    assert parts == ["SUMMARY:" + "é" * 33, " " + "é" * 7]
    assert [len(p.encode()) for p in parts] == [74, 15]


def test_short_lines_are_not_folded():
    assert fold("SUMMARY:" + "y" * 67) == "SUMMARY:" + "y" * 67


def test_a_folded_event_in_a_calendar():
    event = IcsEvent(uid="u", starts_at=START, ends_at=START, summary="S" * 80)
    text = calendar([event], name="N", generated_at=STAMP)
    assert "SUMMARY:" + "S" * 67 + "\r\n " + "S" * 13 + "\r\n" in text


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        format_utc(dt.datetime(2027, 3, 10, 8, 0))
