"""The timetable grid, conflicts, agenda overlaps, feed tokens and iCalendar files."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import signing

from smartregions.events.domain import programme as domain
from smartregions.events.domain.queries.programme import (
    AGENDA_FEED_SALT,
    ROOM_CONFLICT,
    SPEAKER_CONFLICT,
    agenda_feed_token,
    agenda_ics,
    agenda_sessions,
    overlapping_pairs,
    programme_conflicts,
    programme_sessions,
    registration_for_feed_token,
    timetable,
)
from smartregions.events.domain.registration import cancel_registration, register_for_event
from smartregions.events.enums import RegistrationStatus, SessionKind
from smartregions.events.models import AgendaEntry
from tests.events.programme.world import at
from tests.factories.events import RegistrationFactory, RoomFactory, SessionFactory


def _add(w, title, start, end, room=None, **values):
    return SessionFactory(
        event=w.forum, title=title, starts_at=start, ends_at=end, room=room, **values
    )


def test_timetable_groups_by_local_day_and_builds_the_grid(w):
    hall = RoomFactory(event=w.forum, name="Hall A", position=1)
    side = RoomFactory(event=w.forum, name="Room B", position=2)
    opening = _add(w, "Opening", at(8), at(9), hall)
    track_a = _add(w, "Track A", at(9), at(10, 30), hall)
    track_b = _add(w, "Track B", at(9), at(10), side)
    clash = _add(w, "Clash", at(9, 30), at(10), hall)  # overlaps Track A in Hall A
    walk = _add(w, "Walk", at(10), at(11))  # no room
    # 23:30 UTC on 10 March is 00:30 on 11 March in Brussels: the next day.
    w.forum.ends_at = at(23, 59)
    w.forum.save()
    late = _add(w, "Late", at(23, 30), at(23, 45), hall)

    days = timetable(w.forum, list(programme_sessions(w.forum)))

    assert [d.date for d in days] == [dt.date(2027, 3, 10), dt.date(2027, 3, 11)]
    first = days[0]
    assert [s.title for s in first.sessions] == ["Opening", "Track A", "Track B", "Clash", "Walk"]
    assert [(c.room, c.lanes) for c in first.columns] == [(hall, 2), (side, 1), (None, 1)]
    assert [(r.starts_at, r.ends_at) for r in first.rows] == [
        (at(8), at(9)),
        (at(9), at(9, 30)),
        (at(9, 30), at(10)),
        (at(10), at(10, 30)),
        (at(10, 30), at(11)),
    ]
    cells = [
        [(c.session.title if c.session else None, c.rowspan) for c in r.cells] for r in first.rows
    ]
    # Columns: Hall A lane 1, Hall A lane 2, Room B, no room.
    assert cells == [
        [("Opening", 1), (None, 1), (None, 1), (None, 1)],
        [("Track A", 3), (None, 1), ("Track B", 2), (None, 1)],
        [("Clash", 1), (None, 1)],
        [(None, 1), (None, 1), ("Walk", 2)],
        [(None, 1), (None, 1), (None, 1)],
    ]
    assert [s.title for s in days[1].sessions] == ["Late"]
    assert {opening, track_a, track_b, clash, walk, late} == set(programme_sessions(w.forum))


def test_conflicts_list_rooms_then_speakers_exactly(w):
    hall = RoomFactory(event=w.forum, name="Hall A")
    keynote = _add(w, "Keynote", at(8), at(9), hall)
    panel = _add(w, "Panel", at(8, 30), at(9, 30), hall)
    workshop = _add(w, "Workshop", at(8, 45), at(9, 15), RoomFactory(event=w.forum, name="B"))
    after = _add(w, "After", at(9, 30), at(10), hall)  # touches Panel's end: no conflict
    domain.add_speaker(actor=None, session=keynote, user=w.participant)
    domain.add_speaker(actor=None, session=workshop, user=w.participant)
    domain.add_speaker(actor=None, session=panel, name="Ada  Guest")
    domain.add_speaker(actor=None, session=workshop, name="ada guest")
    domain.add_speaker(actor=None, session=after, name="Ada Guest")

    conflicts = programme_conflicts(list(programme_sessions(w.forum)))

    assert [c.as_dict() for c in conflicts] == [
        {
            "kind": ROOM_CONFLICT,
            "sessions": [keynote.pk, panel.pk],
            "room": hall.pk,
            "speaker": "",
            "user": None,
            "message": "Hall A is double-booked: “Keynote” and “Panel” overlap.",
        },
        {
            "kind": SPEAKER_CONFLICT,
            "sessions": [keynote.pk, workshop.pk],
            "room": None,
            "speaker": "Petra Participant",
            "user": w.participant.pk,
            "message": "Petra Participant is in two places at once: “Keynote” and “Workshop”.",
        },
        {
            "kind": SPEAKER_CONFLICT,
            "sessions": [panel.pk, workshop.pk],
            "room": None,
            "speaker": "Ada  Guest",
            "user": None,
            "message": "Ada  Guest is in two places at once: “Panel” and “Workshop”.",
        },
    ]


def test_no_conflicts_in_a_clean_programme(w):
    hall = RoomFactory(event=w.forum, name="Hall A")
    _add(w, "One", at(8), at(9), hall)
    _add(w, "Two", at(9), at(10), hall)
    _add(w, "Three", at(8), at(9))
    assert programme_conflicts(list(programme_sessions(w.forum))) == []


def test_overlapping_pairs_are_every_overlap_once(w):
    a = _add(w, "A", at(8), at(10))
    b = _add(w, "B", at(9), at(11))
    c = _add(w, "C", at(9, 30), at(9, 45))
    d = _add(w, "D", at(11), at(12))
    assert [(x.title, y.title) for x, y in overlapping_pairs([d, c, b, a])] == [
        ("A", "B"),
        ("A", "C"),
        ("B", "C"),
    ]


@time_machine.travel(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_feed_token_names_a_confirmed_registration_only(w):
    token = agenda_feed_token(w.registration)
    assert registration_for_feed_token(token, w.forum) == w.registration
    assert registration_for_feed_token(token, w.other_event) is None
    assert registration_for_feed_token(token + "x", w.forum) is None
    forged = signing.Signer(salt="another-salt").sign_object(w.registration.pk)
    assert registration_for_feed_token(forged, w.forum) is None
    # The address of the first version (the registration id alone) no longer answers.
    bare = signing.Signer(salt=AGENDA_FEED_SALT).sign_object(w.registration.pk)
    assert registration_for_feed_token(bare, w.forum) is None
    w.registration.status = RegistrationStatus.CANCELLED
    w.registration.save()
    assert registration_for_feed_token(token, w.forum) is None


@time_machine.travel(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_feed_address_dies_when_the_participant_registers_again(w):
    token = agenda_feed_token(w.registration)
    cancel_registration(actor=w.participant, registration=w.registration)
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        again = register_for_event(actor=w.participant, event=w.forum, consent=True)
    assert (again.pk, again.status) == (w.registration.pk, RegistrationStatus.CONFIRMED)
    assert registration_for_feed_token(token, w.forum) is None
    fresh = agenda_feed_token(again)
    assert fresh != token
    assert registration_for_feed_token(fresh, w.forum) == again


def test_feed_address_expires_30_days_after_the_event(w):
    token = agenda_feed_token(w.registration)
    last = w.forum.ends_at + dt.timedelta(days=30)
    assert registration_for_feed_token(token, w.forum, now=last) == w.registration
    after = last + dt.timedelta(seconds=1)
    assert registration_for_feed_token(token, w.forum, now=after) is None


def test_seats_taken_counts_confirmed_registrations_only(w):
    session = _add(w, "Site visit", at(13), at(15), seat_limit=5)
    AgendaEntry.objects.create(session=session, registration=w.registration)
    for status in (RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED):
        registration = RegistrationFactory(event=w.forum, status=status)
        AgendaEntry.objects.create(session=session, registration=registration)
    assert [s.seats_taken for s in programme_sessions(w.forum)] == [1]
    assert [s.seats_taken for s in agenda_sessions(w.registration)] == [1]


@time_machine.travel(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_agenda_ics_has_exact_lines(w):
    w.forum.venue = "Square, Brussels"
    w.forum.save()
    hall = RoomFactory(event=w.forum, name="Hall A")
    keynote = _add(w, "Keynote; the future", at(8), at(9), hall, description="Why S3, now?")
    domain.add_speaker(actor=None, session=keynote, name="Ada Guest", affiliation="JRC")
    pitch = _add(w, "Pitches", at(13), at(14), kind=SessionKind.PITCH)
    _add(w, "Not in the agenda", at(10), at(11))
    domain.add_to_agenda(actor=w.participant, session=pitch)
    domain.add_to_agenda(actor=w.participant, session=keynote)

    text = agenda_ics(w.registration, agenda_sessions(w.registration), url="https://example.eu/p/")

    assert text.split("\r\n") == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//smartregions//events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:S3 Forum: my agenda",
        "BEGIN:VEVENT",
        f"UID:event-{w.forum.pk}-session-{keynote.pk}@smartregions",
        "DTSTAMP:20270301T120000Z",
        "DTSTART:20270310T080000Z",
        "DTEND:20270310T090000Z",
        "SUMMARY:Keynote\\; the future",
        "DESCRIPTION:Plenary\\nSpeakers: Ada Guest (JRC)\\nWhy S3\\, now?",
        "LOCATION:Hall A\\, Square\\, Brussels\\, Brussels",
        "URL:https://example.eu/p/",
        "END:VEVENT",
        "BEGIN:VEVENT",
        f"UID:event-{w.forum.pk}-session-{pitch.pk}@smartregions",
        "DTSTAMP:20270301T120000Z",
        "DTSTART:20270310T130000Z",
        "DTEND:20270310T140000Z",
        "SUMMARY:Pitches",
        "DESCRIPTION:Pitch session",
        "LOCATION:Square\\, Brussels\\, Brussels",
        "URL:https://example.eu/p/",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
