"""Meeting sessions and their slots: settings, generated and single slots, tables per slot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain import meeting_sessions as domain
from smartregions.events.enums import SchedulingMode, SessionKind
from smartregions.events.models import MeetingSession, MeetingSlot
from tests.events.scheduling.conftest import accept, at
from tests.factories.events import SessionFactory


def _times(session):
    return [(s.starts_at, s.ends_at, s.tables) for s in session.slots.order_by("starts_at")]


def test_create_meeting_session_records_settings_and_activity(w):
    b2b = SessionFactory(event=w.event, kind=SessionKind.B2B, title="B2B block")
    created = domain.create_meeting_session(
        actor=w.organiser,
        event=w.event,
        title="  Afternoon meetings ",
        tables=12,
        mode=SchedulingMode.PARTICIPANTS_PICK,
        session=b2b,
        requests_close_at=at(8),
    )
    created.refresh_from_db()
    assert (
        created.title,
        created.tables,
        created.mode,
        created.session,
        created.requests_close_at,
    ) == (
        "Afternoon meetings",
        12,
        SchedulingMode.PARTICIPANTS_PICK,
        b2b,
        at(8),
    )
    entry = ActivityLogEntry.objects.get(action="meeting_session.create")
    assert (entry.actor, entry.object_id) == (w.organiser, str(created.pk))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "Give the meeting session a title."),
        ({"tables": 0}, "tables", "Enter a number of tables from 1 to 1000."),
        ({"mode": "lottery"}, "mode", "Choose how meetings get their slots."),
    ],
)
def test_create_meeting_session_refuses_bad_settings(w, changes, field, message):
    values = {"title": "Meetings", "tables": 3} | changes
    with pytest.raises(ValidationError) as error:
        domain.create_meeting_session(actor=w.organiser, event=w.event, **values)
    assert error.value.message_dict == {field: [message]}


def test_programme_session_must_be_a_b2b_session_of_the_same_event(w):
    plenary = SessionFactory(event=w.event, kind=SessionKind.PLENARY)
    elsewhere = SessionFactory(event=w.other_event, kind=SessionKind.B2B)
    with pytest.raises(ValidationError) as error:
        domain.create_meeting_session(
            actor=w.organiser, event=w.event, title="M", tables=2, session=plenary
        )
    assert error.value.message_dict == {
        "session": ["Link a programme session of the kind B2B meetings."]
    }
    with pytest.raises(ValidationError) as error:
        domain.update_meeting_session(
            actor=w.organiser, meeting_session=w.session, session=elsewhere
        )
    assert error.value.message_dict == {
        "session": ["The programme session belongs to another event."]
    }


def test_update_meeting_session_logs_only_changed_fields(w):
    domain.update_meeting_session(
        actor=w.organiser, meeting_session=w.session, title="Morning meetings", tables=5
    )
    w.session.refresh_from_db()
    assert w.session.tables == 5
    entry = ActivityLogEntry.objects.get(action="meeting_session.update")
    assert entry.data == {"changed": ["tables"]}


def test_fewer_tables_refused_while_a_meeting_sits_at_a_removed_table(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=2)
    with pytest.raises(ValidationError) as error:
        domain.update_meeting_session(actor=w.organiser, meeting_session=w.session, tables=1)
    assert error.value.message_dict == {
        "tables": ["Meetings are placed at tables above 1; move them before removing tables."]
    }
    # A slot with its own number of tables does not follow the session's.
    domain.set_slot_tables(actor=w.organiser, slot=w.slots[0], tables=3)
    domain.update_meeting_session(actor=w.organiser, meeting_session=w.session, tables=1)
    assert MeetingSession.objects.get(pk=w.session.pk).tables == 1


def test_delete_meeting_session_refused_once_it_has_requests(w):
    accept(w.session, w.ana, w.ben)
    with pytest.raises(ValidationError) as error:
        domain.delete_meeting_session(actor=w.organiser, meeting_session=w.session)
    assert error.value.messages == [
        "The meeting session has meeting requests; it can no longer be deleted."
    ]
    empty = MeetingSession.objects.create(event=w.event, title="Empty", tables=1)
    domain.delete_meeting_session(actor=w.organiser, meeting_session=empty)
    assert not MeetingSession.objects.filter(pk=empty.pk).exists()


def test_generate_slots_from_start_end_length_and_gap(w):
    session = MeetingSession.objects.create(event=w.event, title="Afternoon", tables=4)
    slots = domain.generate_slots(
        actor=w.organiser,
        meeting_session=session,
        starts_at=at(14),
        ends_at=at(15, 10),
        length_minutes=20,
        gap_minutes=5,
    )
    assert [s.starts_at for s in slots] == [at(14), at(14, 25), at(14, 50)]
    assert _times(session) == [
        (at(14), at(14, 20), None),
        (at(14, 25), at(14, 45), None),
        (at(14, 50), at(15, 10), None),
    ]
    entry = ActivityLogEntry.objects.get(action="meeting_session.generate_slots")
    assert entry.data == {"slots": 3, "length_minutes": 20, "gap_minutes": 5, "tables": None}


def test_generate_slots_refuses_overlap_nothing_fitting_and_outside_the_event(w):
    with pytest.raises(ValidationError) as error:
        domain.generate_slots(
            actor=w.organiser,
            meeting_session=w.session,
            starts_at=at(10, 15),
            ends_at=at(11),
            length_minutes=30,
        )
    assert error.value.message_dict == {
        "starts_at": ["It overlaps the slot 2027-03-10 10:00-10:25 (Europe/Brussels)."]
    }
    with pytest.raises(ValidationError) as error:
        domain.generate_slots(
            actor=w.organiser,
            meeting_session=w.session,
            starts_at=at(14),
            ends_at=at(14, 10),
            length_minutes=15,
        )
    assert error.value.message_dict == {
        "ends_at": ["No slot of that length fits between the start and the end."]
    }
    with pytest.raises(ValidationError) as error:
        domain.generate_slots(
            actor=w.organiser,
            meeting_session=w.session,
            starts_at=at(16, 30),
            ends_at=at(17, 30),
            length_minutes=30,
        )
    assert error.value.message_dict == {
        "starts_at": ["Slots must lie within the event's start and end."]
    }
    assert MeetingSlot.objects.filter(meeting_session=w.session).count() == 4


def test_add_slot_with_own_tables_and_remove_it(w):
    slot = domain.add_slot(
        actor=w.organiser, meeting_session=w.session, starts_at=at(11), ends_at=at(11, 25), tables=6
    )
    assert (slot.starts_at, slot.ends_at, slot.tables) == (at(11), at(11, 25), 6)
    domain.remove_slot(actor=w.organiser, slot=slot)
    assert not MeetingSlot.objects.filter(pk=slot.pk).exists()


def test_remove_slot_refused_while_a_meeting_is_placed_in_it(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[1], table_number=1)
    with pytest.raises(ValidationError) as error:
        domain.remove_slot(actor=w.organiser, slot=w.slots[1])
    assert error.value.messages == [
        "1 meeting(s) are placed in this slot; move or unplace them first."
    ]


def test_slot_tables_override_and_reset(w):
    domain.set_slot_tables(actor=w.organiser, slot=w.slots[2], tables=5)
    assert domain.slot_tables(MeetingSlot.objects.get(pk=w.slots[2].pk)) == 5
    domain.set_slot_tables(actor=w.organiser, slot=w.slots[2], tables=None)
    assert domain.slot_tables(MeetingSlot.objects.get(pk=w.slots[2].pk)) == 2
    accept(w.session, w.ana, w.ben, slot=w.slots[2], table_number=2)
    with pytest.raises(ValidationError) as error:
        domain.set_slot_tables(actor=w.organiser, slot=w.slots[2], tables=1)
    assert error.value.message_dict == {
        "tables": ["A meeting is placed at table 2 in this slot; move it before removing tables."]
    }


@pytest.mark.parametrize(
    ("local", "morning"),
    [((11, 59), True), ((12, 0), False), ((8, 0), True), ((16, 30), False)],
)
def test_morning_is_before_noon_in_the_event_zone(local, morning):
    starts_at = dt.datetime(2027, 3, 10, local[0] - 1, local[1], tzinfo=dt.UTC)
    assert domain.is_morning(starts_at, "Europe/Brussels") is morning


def test_mode_change_refused_while_a_run_is_queued(w):
    from smartregions.events.domain.scheduling import run_scheduler

    run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    with pytest.raises(ValidationError) as error:
        domain.update_meeting_session(
            actor=w.organiser, meeting_session=w.session, mode=SchedulingMode.PARTICIPANTS_PICK
        )
    assert error.value.message_dict == {
        "mode": ["A scheduler run is queued or running; change the mode once it has finished."]
    }
    w.session.refresh_from_db()
    assert w.session.mode == SchedulingMode.ORGANISER_SCHEDULES
    domain.update_meeting_session(actor=w.organiser, meeting_session=w.session, title="Renamed")
    w.session.refresh_from_db()
    assert w.session.title == "Renamed"


def test_switch_to_participants_pick_refused_over_an_unpublished_schedule(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    with pytest.raises(ValidationError) as error:
        domain.update_meeting_session(
            actor=w.organiser, meeting_session=w.session, mode=SchedulingMode.PARTICIPANTS_PICK
        )
    assert error.value.message_dict == {
        "mode": [
            (
                "Meetings are placed in a schedule that is not published; publish the schedule, or "
                "unplace those meetings, before letting participants pick."
            )
        ]
    }
    MeetingSession.objects.filter(pk=w.session.pk).update(schedule_published=True)
    w.session.refresh_from_db()
    domain.update_meeting_session(
        actor=w.organiser, meeting_session=w.session, mode=SchedulingMode.PARTICIPANTS_PICK
    )
    w.session.refresh_from_db()
    assert w.session.mode == SchedulingMode.PARTICIPANTS_PICK
