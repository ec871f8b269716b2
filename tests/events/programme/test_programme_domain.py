"""Rooms, sessions, speakers and agendas: every rule of the programme's domain functions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain import programme as domain
from smartregions.events.enums import EventStatus, RegistrationStatus, SessionKind
from smartregions.events.models import AgendaEntry, Room, Session
from tests.events.programme.world import at
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory, RoomFactory


def _session(w, **values):
    options = {
        "actor": w.organiser,
        "event": w.forum,
        "kind": SessionKind.PLENARY,
        "title": "Opening",
        "starts_at": at(8),
        "ends_at": at(9),
        **values,
    }
    return domain.create_session(**options)


def test_create_room_goes_last_and_is_logged(w):
    first = domain.create_room(actor=w.organiser, event=w.forum, name=" Hall A ", capacity=300)
    second = domain.create_room(actor=w.organiser, event=w.forum, name="Room 2")
    assert (first.name, first.capacity, first.position) == ("Hall A", 300, 1)
    assert second.position == 2
    entry = ActivityLogEntry.objects.get(action="event.room_create", object_id=str(first.pk))
    assert (entry.actor, entry.data) == (w.organiser, {"event": w.forum.pk})


def test_create_room_refuses_a_name_taken_in_any_case(w):
    domain.create_room(actor=w.organiser, event=w.forum, name="Hall A")
    with pytest.raises(ValidationError) as error:
        domain.create_room(actor=w.organiser, event=w.forum, name="hall a")
    assert error.value.message_dict == {"name": ["The event already has a room named “hall a”."]}
    # Another event may use the name.
    assert domain.create_room(actor=w.organiser, event=w.other_event, name="Hall A").pk


def test_update_room_renames_and_refuses_unknown_fields(w):
    room = domain.create_room(actor=w.organiser, event=w.forum, name="Hall A")
    domain.update_room(actor=w.organiser, room=room, name="Main hall", position=5)
    room.refresh_from_db()
    assert (room.name, room.position) == ("Main hall", 5)
    with pytest.raises(ValidationError) as error:
        domain.update_room(actor=w.organiser, room=room, event=w.other_event)
    assert error.value.messages == ["These room fields cannot be changed: event"]


def test_delete_room_keeps_its_sessions_without_a_room(w):
    room = domain.create_room(actor=w.organiser, event=w.forum, name="Hall A")
    session = _session(w, room=room)
    domain.delete_room(actor=w.organiser, room=room)
    session.refresh_from_db()
    assert session.room is None
    entry = ActivityLogEntry.objects.get(action="event.room_delete")
    assert entry.data == {"room": "Hall A", "sessions": 1}


def test_create_session_stores_it(w):
    room = RoomFactory(event=w.forum, name="Hall A")
    session = _session(w, room=room, title=" Opening ", seat_limit=50, description=" Welcome ")
    assert Session.objects.get(pk=session.pk).title == "Opening"
    assert (session.room, session.seat_limit, session.description) == (room, 50, "Welcome")
    assert ActivityLogEntry.objects.filter(
        action="event.session_create", object_id=str(session.pk)
    ).exists()


def test_an_evening_session_on_the_event_day_fits(w):
    # 19:00-22:00 in Brussels: after the last talk but on the event's date.
    session = _session(w, title="Dinner", starts_at=at(18), ends_at=at(21))
    assert session.pk


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "field"),
    [
        (at(22, day=9), at(23, day=9), "starts_at"),  # 9 March, 23:00 in Brussels
        (at(22), at(23, 30), "ends_at"),  # ends 11 March, 00:30 in Brussels
        (at(23, day=11), at(23, 30, day=11), "starts_at"),
    ],
)
def test_create_session_refuses_times_outside_the_event_dates(w, starts_at, ends_at, field):
    with pytest.raises(ValidationError) as error:
        _session(w, starts_at=starts_at, ends_at=ends_at)
    assert error.value.message_dict == {
        field: [
            (
                "A session must lie within the event's dates: "
                "10 March 2027 to 10 March 2027 (Europe/Brussels)."
            )
        ]
    }


def test_create_session_refuses_an_end_before_the_start_and_a_foreign_room(w):
    foreign = RoomFactory(event=w.other_event, name="Elsewhere")
    with pytest.raises(ValidationError) as error:
        _session(w, starts_at=at(9), ends_at=at(9), room=foreign, title=" ", kind="party")
    assert error.value.message_dict == {
        "kind": ["Choose a kind of session."],
        "title": ["Give the session a title."],
        "ends_at": ["A session must end after it starts."],
        "room": ["The room belongs to another event."],
    }
    assert not Session.objects.exists()


def test_update_session_checks_the_same_rules(w):
    session = _session(w)
    domain.update_session(actor=w.organiser, session=session, title="Keynote", ends_at=at(10))
    session.refresh_from_db()
    assert (session.title, session.ends_at) == ("Keynote", at(10))
    with pytest.raises(ValidationError) as error:
        domain.update_session(
            actor=w.organiser, session=session, starts_at=at(7, day=11), ends_at=at(8, day=11)
        )
    assert list(error.value.message_dict) == ["starts_at"]
    with pytest.raises(ValidationError) as error:
        domain.update_session(actor=w.organiser, session=session, event=w.other_event)
    assert error.value.messages == ["These session fields cannot be changed: event"]


def test_seat_limit_cannot_drop_below_the_seats_taken(w):
    session = _session(w, seat_limit=5)
    for _ in range(2):
        RegistrationFactory(event=w.forum)
    for registration in w.forum.registrations.all():
        AgendaEntry.objects.create(session=session, registration=registration)
    with pytest.raises(ValidationError) as error:
        domain.update_session(actor=w.organiser, session=session, seat_limit=2)
    assert error.value.message_dict == {
        "seat_limit": ["3 participants already hold a seat; the limit cannot be lower."]
    }
    domain.update_session(actor=w.organiser, session=session, seat_limit=3)
    assert Session.objects.get(pk=session.pk).seat_limit == 3


def test_delete_session_removes_agenda_entries(w):
    session = _session(w)
    domain.add_to_agenda(actor=w.participant, session=session)
    domain.delete_session(actor=w.organiser, session=session)
    assert not Session.objects.exists()
    assert not AgendaEntry.objects.exists()
    entry = ActivityLogEntry.objects.get(action="event.session_delete")
    assert entry.data == {"session": "Opening", "agenda_entries": 1}


def test_add_speaker_user_named_after_them_and_guest_by_name(w):
    session = _session(w)
    user = domain.add_speaker(actor=w.organiser, session=session, user=w.participant, role="chair")
    guest = domain.add_speaker(
        actor=w.organiser, session=session, name=" Ada Guest ", affiliation="EC JRC"
    )
    assert (user.name, user.role, user.position) == ("Petra Participant", "chair", 1)
    assert (guest.name, guest.user, guest.affiliation, guest.position) == (
        "Ada Guest",
        None,
        "EC JRC",
        2,
    )


def test_add_speaker_refuses_a_user_twice_and_a_nameless_guest(w):
    session = _session(w)
    domain.add_speaker(actor=w.organiser, session=session, user=w.participant)
    with pytest.raises(ValidationError) as error:
        domain.add_speaker(actor=w.organiser, session=session, user=w.participant)
    assert error.value.message_dict == {
        "user": ["Petra Participant already speaks in this session."]
    }
    with pytest.raises(ValidationError) as error:
        domain.add_speaker(actor=w.organiser, session=session, name="  ")
    assert error.value.message_dict == {
        "name": ["Name the guest speaker or choose a platform user."]
    }


def test_remove_speaker(w):
    session = _session(w)
    speaker = domain.add_speaker(actor=w.organiser, session=session, name="Ada Guest")
    domain.remove_speaker(actor=w.organiser, speaker=speaker)
    assert not session.speakers.exists()
    assert ActivityLogEntry.objects.get(action="event.speaker_remove").data == {
        "speaker": "Ada Guest"
    }


def test_agenda_add_and_remove(w):
    session = _session(w)
    entry = domain.add_to_agenda(actor=w.participant, session=session)
    assert (entry.session, entry.registration) == (session, w.registration)
    with pytest.raises(ValidationError) as error:
        domain.add_to_agenda(actor=w.participant, session=session)
    assert error.value.message_dict == {"session": ["“Opening” is already in your agenda."]}
    domain.remove_from_agenda(actor=w.participant, session=session)
    assert not AgendaEntry.objects.exists()
    with pytest.raises(ValidationError) as error:
        domain.remove_from_agenda(actor=w.participant, session=session)
    assert error.value.message_dict == {"session": ["“Opening” is not in your agenda."]}
    actions = list(
        ActivityLogEntry.objects.filter(action__startswith="event.agenda")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["event.agenda_add", "event.agenda_remove"]


@pytest.mark.parametrize(
    "status",
    [RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED],
)
def test_agenda_needs_a_confirmed_registration(w, status):
    session = _session(w)
    w.registration.status = status
    w.registration.save()
    with pytest.raises(ValidationError) as error:
        domain.add_to_agenda(actor=w.participant, session=session)
    assert error.value.messages == ["Only confirmed participants keep a personal agenda."]
    with pytest.raises(ValidationError):
        domain.add_to_agenda(actor=w.plain, session=session)


def test_agenda_of_a_cancelled_event_cannot_change(w):
    session = _session(w)
    w.forum.status = EventStatus.CANCELLED
    w.forum.save()
    with pytest.raises(ValidationError) as error:
        domain.add_to_agenda(actor=w.participant, session=session)
    assert error.value.messages == ["The agenda of a draft or cancelled event cannot change."]


def test_a_full_session_refuses_another_seat(w):
    session = _session(w, seat_limit=1)
    domain.add_to_agenda(actor=w.participant, session=session)
    other = UserFactory()
    RegistrationFactory(event=w.forum, user=other)
    with pytest.raises(ValidationError) as error:
        domain.add_to_agenda(actor=other, session=session)
    assert error.value.message_dict == {"session": ["“Opening” is full (1 seat)."]}
    # A seat freed is a seat taken again.
    domain.remove_from_agenda(actor=w.participant, session=session)
    assert domain.add_to_agenda(actor=other, session=session).registration.user == other


def test_rooms_of_events_are_separate(w):
    domain.create_room(actor=w.organiser, event=w.forum, name="Hall A")
    assert list(Room.objects.filter(event=w.other_event)) == []
    assert EventFactory().rooms.count() == 0


def test_a_user_speaker_without_a_name_is_never_named_by_their_email(w):
    session = _session(w)
    nameless = UserFactory(full_name="", email="nameless@example.eu")
    speaker = domain.add_speaker(actor=w.organiser, session=session, user=nameless)
    assert speaker.name == f"Participant {nameless.pk}"
    assert speaker.account_name == f"Participant {nameless.pk}"


def test_a_speaker_name_cannot_be_an_email_address(w):
    session = _session(w)
    for user in (None, w.participant):
        with pytest.raises(ValidationError) as error:
            domain.add_speaker(actor=w.organiser, session=session, user=user, name="ada@example.eu")
        assert error.value.message_dict == {
            "name": ["Give the speaker's name, not an e-mail address: the programme is public."]
        }
    assert not session.speakers.exists()


def test_cancelled_registrations_hold_no_seat(w):
    session = _session(w, seat_limit=1)
    gone = RegistrationFactory(event=w.forum, status=RegistrationStatus.CANCELLED)
    AgendaEntry.objects.create(session=session, registration=gone)
    assert domain.seats_taken(session) == 0
    entry = domain.add_to_agenda(actor=w.participant, session=session)
    assert entry.registration == w.registration
    assert domain.seats_taken(session) == 1
    # The limit may drop to the confirmed seats, whatever stale entries remain.
    domain.update_session(actor=w.organiser, session=session, seat_limit=1)
    with pytest.raises(ValidationError) as error:
        domain.add_to_agenda(actor=RegistrationFactory(event=w.forum).user, session=session)
    assert error.value.message_dict == {"session": ["“Opening” is full (1 seat)."]}
