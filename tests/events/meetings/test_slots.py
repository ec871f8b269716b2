"""Free common slots and picking one (sessions where participants pick): exact slots, tables
and the reason each refused pick gives."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.events.meetings.conftest import participant
from tests.factories.accounts import UserFactory
from tests.factories.events import MeetingFactory, MeetingRequestFactory, make_slots

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain.matchmaking.availability import set_unavailable_slots
from smartregions.events.domain.matchmaking.requests import (
    accept_meeting_request,
    send_meeting_request,
)
from smartregions.events.domain.matchmaking.slots import free_common_slots, pick_meeting_slot
from smartregions.events.enums import SchedulingMode, TimePreference
from smartregions.events.models import Meeting, MeetingSession

pytestmark = pytest.mark.django_db


def meet(mw, requester, recipient, *, session=None, preference=TimePreference.ANY) -> Meeting:
    """An accepted meeting between two registrations (through the domain)."""
    request = send_meeting_request(
        actor=requester.user,
        meeting_session=session or mw.session,
        requester=requester,
        recipient=recipient,
        time_preference=preference,
    )
    return accept_meeting_request(actor=recipient.user, meeting_request=request)


def placed(mw, requester, recipient, slot, table, *, session=None) -> Meeting:
    request = MeetingRequestFactory(
        meeting_session=session or mw.session,
        requester=requester,
        recipient=recipient,
        status="accepted",
    )
    return MeetingFactory(request=request, slot=slot, table_number=table)


def _free(meeting) -> list[tuple[int, int]]:
    return [(item.slot.pk, item.table) for item in free_common_slots(meeting)]


@pytest.fixture
def others(mw):
    """Two more participants, Dora and Emil."""
    return (
        participant(mw.event, UserFactory(full_name="Dora Dvořák")),
        participant(mw.event, UserFactory(full_name="Emil Eder")),
    )


def test_every_slot_is_free_at_first(mw):
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    assert _free(meeting) == [(slot.pk, 1) for slot in mw.slots]


def test_free_slots_leave_out_unavailable_busy_and_full_slots(mw, others):
    dora, emil = others
    s0, s1, s2, s3, s4 = mw.slots
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    set_unavailable_slots(
        actor=mw.ana, registration=mw.ana_reg, meeting_session=mw.session, slots=[s0]
    )
    set_unavailable_slots(
        actor=mw.ben, registration=mw.ben_reg, meeting_session=mw.session, slots=[s1]
    )
    placed(mw, mw.ana_reg, mw.cara_reg, s2, 1)  # Ana is busy at 10:00
    placed(mw, mw.cara_reg, dora, s3, 1)  # table 1 taken at 10:30
    placed(mw, dora, emil, s4, 2)  # table 2 taken at 14:00
    assert _free(meeting) == [(s3.pk, 2), (s4.pk, 1)]


def test_a_meeting_in_another_session_at_the_same_time_makes_a_party_busy(mw, others):
    dora, _emil = others
    other = MeetingSession.objects.create(event=mw.event, title="Investors", tables=4)
    [parallel] = make_slots(other, 1)  # 09:00-09:25, like the first slot of the morning
    placed(mw, mw.ben_reg, dora, parallel, 1, session=other)
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    assert _free(meeting) == [(slot.pk, 1) for slot in mw.slots[1:]]


@pytest.mark.parametrize(
    ("preference", "expected"),
    [(TimePreference.MORNING, [0, 1, 2, 3]), (TimePreference.AFTERNOON, [4])],
)
def test_free_slots_follow_the_time_preference(mw, preference, expected):
    meeting = meet(mw, mw.ana_reg, mw.ben_reg, preference=preference)
    assert _free(meeting) == [(mw.slots[i].pk, 1) for i in expected]


def test_slots_that_have_started_are_not_free(mw):
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    with time_machine.travel(mw.slots[1].starts_at, tick=False):
        assert _free(meeting) == [(slot.pk, 1) for slot in mw.slots[2:]]


def test_a_slot_with_its_own_table_count(mw, others):
    dora, emil = others
    mw.slots[0].tables = 1
    mw.slots[0].save()
    placed(mw, dora, emil, mw.slots[0], 1)
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    assert _free(meeting)[0] == (mw.slots[1].pk, 1)


def test_pick_places_the_meeting_at_the_lowest_free_table(mw, others):
    dora, emil = others
    placed(mw, dora, emil, mw.slots[1], 1)
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    picked = pick_meeting_slot(actor=mw.ben, meeting=meeting, slot=mw.slots[1])
    picked.refresh_from_db()
    assert (picked.slot_id, picked.table_number, picked.locked) == (mw.slots[1].pk, 2, False)
    assert _free(picked) == []
    note = Notification.objects.get(recipient=mw.ana, kind="meeting.slot_picked")
    assert (note.title, note.url) == (
        (
            "Ben Braun (Stuttgart Institute) picked 10 March 2027, 09:30\N{EN DASH}09:55 "
            "(Europe/Brussels), "
            "table 2, for your meeting"
        ),
        f"/events/h2/meetings/{meeting.pk}/",
    )
    assert not Notification.objects.filter(recipient=mw.ben, kind="meeting.slot_picked").exists()
    assert ActivityLogEntry.objects.get(action="meeting.pick_slot").data == {
        "slot": mw.slots[1].pk,
        "table": 2,
    }


def _refused(mw, meeting, slot) -> list[str]:
    with pytest.raises(ValidationError) as error:
        pick_meeting_slot(actor=mw.ana, meeting=meeting, slot=slot)
    return error.value.messages


def test_pick_refuses_when_the_organiser_schedules(mw):
    mw.session.mode = SchedulingMode.ORGANISER_SCHEDULES
    mw.session.save()
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    assert _refused(mw, meeting, mw.slots[0]) == [
        "In “Morning B2B” the organisers schedule the meetings; participants do not pick slots."
    ]


def test_pick_refuses_a_placed_meeting(mw):
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    pick_meeting_slot(actor=mw.ana, meeting=meeting, slot=mw.slots[0])
    assert _refused(mw, meeting, mw.slots[1]) == [
        "The meeting already has a slot: 10 March 2027, 09:00\N{EN DASH}09:25 (Europe/Brussels)."
    ]


def test_pick_refuses_a_slot_of_another_session(mw):
    other = MeetingSession.objects.create(event=mw.event, title="Investors", tables=4)
    [elsewhere] = make_slots(other, 1)
    meeting = meet(mw, mw.ana_reg, mw.ben_reg)
    assert _refused(mw, meeting, elsewhere) == ["The slot is not in “Morning B2B”."]


def test_pick_says_why_a_slot_is_not_free(mw, others):
    dora, emil = others
    s0, s1, s2, s3, s4 = mw.slots
    meeting = meet(mw, mw.ana_reg, mw.ben_reg, preference=TimePreference.MORNING)
    set_unavailable_slots(
        actor=mw.ben, registration=mw.ben_reg, meeting_session=mw.session, slots=[s0]
    )
    placed(mw, mw.ana_reg, mw.cara_reg, s1, 1)
    placed(mw, dora, emil, s2, 1)
    placed(mw, emil, mw.cara_reg, s2, 2)
    assert _refused(mw, meeting, s0) == [
        "Ben Braun is not available at 10 March 2027, 09:00\N{EN DASH}09:25 (Europe/Brussels)."
    ]
    assert _refused(mw, meeting, s1) == [
        (
            "Ana Nováková already has a meeting at 10 March 2027, 09:30\N{EN DASH}09:55 "
            "(Europe/Brussels)."
        )
    ]
    assert _refused(mw, meeting, s2) == [
        "No table is free at 10 March 2027, 10:00\N{EN DASH}10:25 (Europe/Brussels)."
    ]
    assert _refused(mw, meeting, s4) == [
        (
            "The request asks for a morning meeting; 10 March 2027, 14:00\N{EN DASH}14:25 "
            "(Europe/Brussels) "
            "is in the afternoon."
        )
    ]
    with time_machine.travel(s3.starts_at + dt.timedelta(minutes=1), tick=False):
        assert _refused(mw, meeting, s3) == [
            (
                "The slot at 10 March 2027, 10:30\N{EN DASH}10:55 (Europe/Brussels) "
                "has already started."
            )
        ]
    assert Meeting.objects.get(pk=meeting.pk).slot is None


def test_pick_refuses_an_afternoon_request_in_the_morning(mw):
    meeting = meet(mw, mw.ana_reg, mw.ben_reg, preference=TimePreference.AFTERNOON)
    assert _refused(mw, meeting, mw.slots[0]) == [
        (
            "The request asks for an afternoon meeting; 10 March 2027, 09:00\N{EN DASH}09:25 "
            "(Europe/Brussels) is in the morning."
        )
    ]
