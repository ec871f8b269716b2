"""The adapter: the kernel's Problem built exactly from the database rows."""

from __future__ import annotations

import datetime as dt

from smartregions.events.domain.meeting_sessions import add_slot, set_slot_tables
from smartregions.events.domain.scheduling import build_scheduling_input, participant_name
from smartregions.events.enums import MeetingRequestStatus, RegistrationStatus, TimePreference
from smartregions.events.models import MeetingSession, MeetingSlot, Unavailability
from tests.events.scheduling.conftest import accept, at


def test_problem_has_participants_meetings_and_slots_in_id_and_time_order(w):
    m1 = accept(w.session, w.ben, w.ana)
    m2 = accept(w.session, w.ana, w.cem)
    data = build_scheduling_input(w.session)
    assert [r.pk for r in data.participants] == [w.ana.pk, w.ben.pk, w.cem.pk]
    assert [m.pk for m in data.meetings] == [m1.pk, m2.pk]
    assert [s.pk for s in data.slots] == [s.pk for s in w.slots]
    problem = data.problem
    assert (problem.n_participants, problem.n_slots) == (3, 4)
    assert problem.meetings.tolist() == [[1, 0], [0, 2]]
    assert problem.tables.tolist() == [2, 2, 2, 2]
    assert problem.available.all()
    assert problem.allowed is None
    assert problem.fixed is None
    assert problem.adjacent.tolist() == [True, True, True]


def test_unavailability_removes_exactly_those_slots(w):
    accept(w.session, w.ana, w.ben)
    Unavailability.objects.create(registration=w.ana, slot=w.slots[1])
    Unavailability.objects.create(registration=w.ben, slot=w.slots[3])
    Unavailability.objects.create(registration=w.cem, slot=w.slots[0])  # not in a meeting
    problem = build_scheduling_input(w.session).problem
    assert problem.available.tolist() == [[True, False, True, True], [True, True, True, False]]


def test_time_preferences_allow_morning_or_afternoon_slots(w):
    add_slot(actor=None, meeting_session=w.session, starts_at=at(12), ends_at=at(12, 25))
    add_slot(actor=None, meeting_session=w.session, starts_at=at(14), ends_at=at(14, 25))
    accept(w.session, w.ana, w.ben, preference=TimePreference.MORNING)
    accept(w.session, w.ana, w.cem, preference=TimePreference.AFTERNOON)
    accept(w.session, w.ben, w.cem)
    problem = build_scheduling_input(w.session).problem
    assert problem.allowed.tolist() == [
        [True, True, True, True, False, False],
        [False, False, False, False, True, True],
        [True, True, True, True, True, True],
    ]


def test_locked_meetings_are_fixed_to_their_slot_even_against_the_preference(w):
    accept(w.session, w.ana, w.ben)
    accept(
        w.session,
        w.ana,
        w.cem,
        preference=TimePreference.AFTERNOON,
        slot=w.slots[2],
        table_number=1,
        locked=True,
    )
    accept(w.session, w.ben, w.cem, slot=w.slots[0], table_number=1)  # placed, not locked
    problem = build_scheduling_input(w.session).problem
    assert problem.fixed.tolist() == [-1, 2, -1]
    assert problem.allowed[1].tolist() == [False, False, True, False]


def test_tables_per_slot_and_days_in_the_event_zone(w):
    set_slot_tables(actor=None, slot=w.slots[1], tables=5)
    w.event.ends_at = at(17) + dt.timedelta(days=1)
    w.event.save()
    # 00:30 Brussels on the next day is 23:30 UTC: a new day although UTC says the same date.
    add_slot(
        actor=None,
        meeting_session=w.session,
        starts_at=dt.datetime(2027, 3, 10, 23, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 3, 10, 23, 55, tzinfo=dt.UTC),
    )
    accept(w.session, w.ana, w.ben)
    problem = build_scheduling_input(w.session).problem
    assert problem.tables.tolist() == [2, 5, 2, 2, 2]
    assert problem.adjacent.tolist() == [True, True, True, False]


def test_only_accepted_meetings_count_and_unconfirmed_parties_are_left_out(w):
    kept = accept(w.session, w.ana, w.ben)
    cancelled = accept(w.session, w.ana, w.dana)
    cancelled.request.status = MeetingRequestStatus.CANCELLED
    cancelled.request.save()
    gone = accept(w.session, w.ben, w.cem)
    locked = accept(w.session, w.dana, w.cem, slot=w.slots[0], table_number=1, locked=True)
    w.cem.status = RegistrationStatus.CANCELLED
    w.cem.save()
    data = build_scheduling_input(w.session)
    assert [m.pk for m in data.meetings] == [kept.pk, locked.pk]
    assert [m.pk for m in data.excluded] == [gone.pk]


def test_meetings_placed_in_another_session_block_overlapping_slots(w):
    other = MeetingSession.objects.create(event=w.event, title="Parallel", tables=1)
    parallel = MeetingSlot.objects.create(
        meeting_session=other, starts_at=at(9, 40), ends_at=at(10, 5)
    )
    accept(other, w.ana, w.dana, slot=parallel, table_number=1)
    accept(w.session, w.ana, w.ben)
    problem = build_scheduling_input(w.session).problem
    # 09:40-10:05 overlaps the 09:30 and the 10:00 slots, for Ana only.
    assert problem.available.tolist() == [[True, False, False, True], [True, True, True, True]]


def test_problem_costs_a_fixed_number_of_queries(w, django_assert_num_queries):
    for requester, recipient in ((w.ana, w.ben), (w.ana, w.cem), (w.ben, w.dana)):
        accept(w.session, requester, recipient)
    Unavailability.objects.create(registration=w.ana, slot=w.slots[1])
    session = MeetingSession.objects.select_related("event").get(pk=w.session.pk)
    with django_assert_num_queries(4):
        build_scheduling_input(session)


def test_participant_name_shows_the_organisation(w):
    assert participant_name(w.ana) == "Ana Silva (Org X)"
    assert participant_name(w.cem) == "Cem Kaya"


def test_fingerprint_changes_with_locks_and_availability(w):
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    first = build_scheduling_input(w.session).fingerprint
    assert build_scheduling_input(w.session).fingerprint == first
    Unavailability.objects.create(registration=w.ana, slot=w.slots[3])
    second = build_scheduling_input(w.session).fingerprint
    assert second != first
    meeting.locked = True
    meeting.save()
    assert build_scheduling_input(w.session).fingerprint != second
