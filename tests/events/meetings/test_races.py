"""Concurrent picks, moves and acceptances on PostgreSQL: the session lock (the event lock for
placements, which clash across sessions) lets exactly one win."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from tests.events.meetings.conftest import participant
from tests.factories.accounts import UserFactory
from tests.factories.events import make_slots

from smartregions.events.domain.matchmaking.requests import (
    accept_meeting_request,
    send_meeting_request,
)
from smartregions.events.domain.matchmaking.slots import pick_meeting_slot
from smartregions.events.domain.scheduling import move_meeting
from smartregions.events.models import Meeting, MeetingSession

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _together(*works) -> list[str]:
    """Run each of ``works`` in its own thread, released together; sorted outcomes."""
    barrier = threading.Barrier(len(works))
    outcomes: list[str] = []

    def run(work) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            work()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _meet(mw, requester, recipient, session=None) -> Meeting:
    request = send_meeting_request(
        actor=requester.user,
        meeting_session=session or mw.session,
        requester=requester,
        recipient=recipient,
    )
    return accept_meeting_request(actor=recipient.user, meeting_request=request)


def _pick(user, meeting, slot):
    return lambda: pick_meeting_slot(
        actor=user, meeting=Meeting.objects.get(pk=meeting.pk), slot=slot
    )


def test_two_meetings_picking_the_last_table(mw):
    dora = participant(mw.event, UserFactory(full_name="Dora Dvořák"))
    slot = mw.slots[0]
    slot.tables = 1
    slot.save()
    first = _meet(mw, mw.ana_reg, mw.ben_reg)
    second = _meet(mw, mw.cara_reg, dora)
    outcomes = _together(_pick(mw.ana, first, slot), _pick(mw.cara, second, slot))
    assert outcomes == [
        "No table is free at 10 March 2027, 09:00\N{EN DASH}09:25 (Europe/Brussels).",
        "done",
    ]
    assert list(Meeting.objects.filter(slot=slot).values_list("table_number", flat=True)) == [1]


def test_one_participant_picking_the_same_slot_for_two_meetings(mw):
    slot = mw.slots[0]
    with_ben = _meet(mw, mw.ana_reg, mw.ben_reg)
    with_cara = _meet(mw, mw.ana_reg, mw.cara_reg)
    outcomes = _together(_pick(mw.ben, with_ben, slot), _pick(mw.cara, with_cara, slot))
    assert outcomes == [
        (
            "Ana Nováková already has a meeting at 10 March 2027, 09:00\N{EN DASH}09:25 "
            "(Europe/Brussels)."
        ),
        "done",
    ]
    assert Meeting.objects.filter(slot=slot).count() == 1


def test_two_acceptances_beyond_the_slots(mw):
    session = MeetingSession.objects.create(event=mw.event, title="Quick B2B", tables=5)
    make_slots(session, 1)
    to_ana = send_meeting_request(
        actor=mw.ben, meeting_session=session, requester=mw.ben_reg, recipient=mw.ana_reg
    )
    to_cara = send_meeting_request(
        actor=mw.ben, meeting_session=session, requester=mw.ben_reg, recipient=mw.cara_reg
    )
    outcomes = _together(
        lambda: accept_meeting_request(actor=mw.ana, meeting_request=to_ana),
        lambda: accept_meeting_request(actor=mw.cara, meeting_request=to_cara),
    )
    assert outcomes == [
        "Ben Braun already has 1 accepted meetings in “Quick B2B”, as many as it has slots (1).",
        "done",
    ]
    assert Meeting.objects.filter(meeting_session=session).count() == 1


def _second_session(mw, mode) -> list:
    """Another meeting session of the event, its slots at the same times as the first's."""
    session = MeetingSession.objects.create(
        event=mw.event, title="Parallel B2B", mode=mode, tables=2
    )
    return make_slots(session, 1)


def test_one_participant_picking_the_same_time_in_two_sessions(mw):
    parallel = _second_session(mw, "participants_pick")[0]
    with_ben = _meet(mw, mw.ana_reg, mw.ben_reg)
    with_cara = _meet(mw, mw.ana_reg, mw.cara_reg, parallel.meeting_session)
    outcomes = _together(_pick(mw.ben, with_ben, mw.slots[0]), _pick(mw.cara, with_cara, parallel))
    assert outcomes == [
        (
            "Ana Nováková already has a meeting at 10 March 2027, 09:00\N{EN DASH}09:25 "
            "(Europe/Brussels)."
        ),
        "done",
    ]
    assert Meeting.objects.filter(slot__isnull=False).count() == 1


def test_organisers_moving_one_participant_to_the_same_time_in_two_sessions(mw):
    MeetingSession.objects.filter(pk=mw.session.pk).update(mode="organiser_schedules")
    parallel = _second_session(mw, "organiser_schedules")[0]
    with_ben = _meet(mw, mw.ana_reg, mw.ben_reg)
    with_cara = _meet(mw, mw.ana_reg, mw.cara_reg, parallel.meeting_session)

    def move(meeting, slot):
        return lambda: move_meeting(
            actor=mw.organiser,
            meeting=Meeting.objects.get(pk=meeting.pk),
            slot=slot,
            table_number=1,
        )

    outcomes = _together(move(with_ben, mw.slots[0]), move(with_cara, parallel))
    assert outcomes == [
        "Ana Nováková (Ostrava Hydrogen) has another meeting at that time.",
        "done",
    ]
    assert Meeting.objects.filter(slot__isnull=False).count() == 1
