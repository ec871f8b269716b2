"""Check-in, attendance (held / no-show) and the cooperation question: the time windows, who
is a party, and answers that can be changed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.factories.events import MeetingFactory, MeetingRequestFactory

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.matchmaking.attendance import (
    answer_meeting_outcome,
    check_in_meeting,
    mark_meeting_attendance,
)
from smartregions.events.enums import CooperationOutcome, MeetingAttendance
from smartregions.events.models import MeetingOutcome

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def meeting(mw):
    """Ana and Ben meet at 09:30 (08:30-08:55 UTC) at table 1."""
    request = MeetingRequestFactory(
        meeting_session=mw.session, requester=mw.ana_reg, recipient=mw.ben_reg, status="accepted"
    )
    return MeetingFactory(request=request, slot=mw.slots[1], table_number=1)


def _at(moment):
    return time_machine.travel(moment, tick=False)


def test_each_party_checks_in_from_30_minutes_before(mw, meeting):
    opens = mw.slots[1].starts_at - dt.timedelta(minutes=30)
    with _at(opens - MINUTE), pytest.raises(ValidationError) as early:
        check_in_meeting(actor=mw.ana, meeting=meeting, registration=mw.ana_reg)
    assert early.value.messages == [
        "Check-in opens 30 minutes before the meeting, at 10 March 2027, 09:00 (Europe/Brussels)."
    ]
    with _at(opens):
        check_in_meeting(actor=mw.ana, meeting=meeting, registration=mw.ana_reg)
    with _at(opens + 5 * MINUTE):
        check_in_meeting(actor=mw.organiser, meeting=meeting, registration=mw.ben_reg)
    meeting.refresh_from_db()
    assert (meeting.requester_checked_in_at, meeting.recipient_checked_in_at) == (
        opens,
        opens + 5 * MINUTE,
    )
    assert list(
        ActivityLogEntry.objects.filter(action="meeting.check_in")
        .order_by("id")
        .values_list("actor__full_name", "data")
    ) == [("Ana Nováková", {"party": "requester"}), ("Olga Organiser", {"party": "recipient"})]


def test_check_in_refused_twice_for_outsiders_unplaced_and_no_shows(mw, meeting):
    start = mw.slots[1].starts_at
    with _at(start):
        check_in_meeting(actor=mw.ana, meeting=meeting, registration=mw.ana_reg)
        with pytest.raises(ValidationError) as twice:
            check_in_meeting(actor=mw.ana, meeting=meeting, registration=mw.ana_reg)
        with pytest.raises(ValidationError) as outsider:
            check_in_meeting(actor=mw.cara, meeting=meeting, registration=mw.cara_reg)
        mark_meeting_attendance(
            actor=mw.organiser, meeting=meeting, attendance=MeetingAttendance.NO_SHOW
        )
        with pytest.raises(ValidationError) as no_show:
            check_in_meeting(actor=mw.ben, meeting=meeting, registration=mw.ben_reg)
    assert twice.value.messages == ["Ana Nováková is already checked in."]
    assert outsider.value.messages == ["Cara Costa is not a party to this meeting."]
    assert no_show.value.messages == ["The meeting was marked as a no-show."]
    unplaced = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=mw.session,
            requester=mw.cara_reg,
            recipient=mw.ben_reg,
            status="accepted",
        )
    )
    with pytest.raises(ValidationError) as no_slot:
        check_in_meeting(actor=mw.cara, meeting=unplaced, registration=mw.cara_reg)
    assert no_slot.value.messages == ["The meeting has no slot yet."]


def test_attendance_once_the_meeting_has_started(mw, meeting):
    start = mw.slots[1].starts_at
    with _at(start - MINUTE), pytest.raises(ValidationError) as early:
        mark_meeting_attendance(
            actor=mw.organiser, meeting=meeting, attendance=MeetingAttendance.HELD
        )
    assert early.value.message_dict == {
        "attendance": [
            (
                "Attendance is recorded once the meeting has started "
                "(10 March 2027, 09:30 (Europe/Brussels))."
            )
        ]
    }
    with _at(start):
        held = mark_meeting_attendance(
            actor=mw.organiser, meeting=meeting, attendance=MeetingAttendance.HELD
        )
    assert held.attendance == MeetingAttendance.HELD
    back = mark_meeting_attendance(
        actor=mw.organiser, meeting=meeting, attendance=MeetingAttendance.PLANNED
    )
    assert back.attendance == MeetingAttendance.PLANNED
    with pytest.raises(ValidationError) as wrong:
        mark_meeting_attendance(actor=mw.organiser, meeting=meeting, attendance="late")
    assert wrong.value.message_dict == {"attendance": ["Choose planned, held or no-show."]}
    assert list(
        ActivityLogEntry.objects.filter(action="meeting.attendance")
        .order_by("id")
        .values_list("data", flat=True)
    ) == [{"from": "planned", "to": "held"}, {"from": "held", "to": "planned"}]


def test_each_party_answers_once_after_the_meeting_and_may_change_it(mw, meeting):
    end = mw.slots[1].ends_at
    with _at(end - MINUTE), pytest.raises(ValidationError) as early:
        answer_meeting_outcome(
            actor=mw.ana, meeting=meeting, registration=mw.ana_reg, outcome="yes"
        )
    assert early.value.messages == [
        "You can answer once the meeting is over (after 10 March 2027, 09:55 (Europe/Brussels))."
    ]
    with _at(end):
        answer_meeting_outcome(
            actor=mw.ana,
            meeting=meeting,
            registration=mw.ana_reg,
            outcome=CooperationOutcome.IN_DISCUSSION,
            comment=" Follow-up call next week. ",
        )
        answer_meeting_outcome(
            actor=mw.ben, meeting=meeting, registration=mw.ben_reg, outcome=CooperationOutcome.NO
        )
        answer_meeting_outcome(
            actor=mw.ana, meeting=meeting, registration=mw.ana_reg, outcome=CooperationOutcome.YES
        )
    assert sorted(
        MeetingOutcome.objects.values_list("registration__badge_name", "outcome", "comment")
    ) == [("Ana Nováková", "yes", ""), ("Ben Braun", "no", "")]
    assert list(
        ActivityLogEntry.objects.filter(action="meeting.outcome")
        .order_by("id")
        .values_list("data", flat=True)
    ) == [
        {"party": "requester", "outcome": "in_discussion", "changed": False},
        {"party": "recipient", "outcome": "no", "changed": False},
        {"party": "requester", "outcome": "yes", "changed": True},
    ]


def test_outcome_refused_for_outsiders_no_shows_and_bad_values(mw, meeting):
    with _at(mw.slots[1].ends_at):
        with pytest.raises(ValidationError) as outsider:
            answer_meeting_outcome(
                actor=mw.cara, meeting=meeting, registration=mw.cara_reg, outcome="yes"
            )
        with pytest.raises(ValidationError) as bad:
            answer_meeting_outcome(
                actor=mw.ana, meeting=meeting, registration=mw.ana_reg, outcome="maybe"
            )
        with pytest.raises(ValidationError) as long:
            answer_meeting_outcome(
                actor=mw.ana,
                meeting=meeting,
                registration=mw.ana_reg,
                outcome="yes",
                comment="x" * 501,
            )
        mark_meeting_attendance(
            actor=mw.organiser, meeting=meeting, attendance=MeetingAttendance.NO_SHOW
        )
        with pytest.raises(ValidationError) as no_show:
            answer_meeting_outcome(
                actor=mw.ana, meeting=meeting, registration=mw.ana_reg, outcome="yes"
            )
    assert outsider.value.messages == ["Cara Costa is not a party to this meeting."]
    assert bad.value.message_dict == {"outcome": ["Choose yes, still in discussion or no."]}
    assert long.value.message_dict == {"comment": ["Keep the comment under 500 characters."]}
    assert no_show.value.messages == ["The meeting was marked as a no-show."]
    assert not MeetingOutcome.objects.exists()


def test_check_in_refused_without_the_time_before_the_schedule_is_published(mw, meeting):
    mw.session.mode = "organiser_schedules"
    mw.session.save()
    with _at(mw.slots[1].starts_at), pytest.raises(ValidationError) as error:
        check_in_meeting(actor=mw.ana, meeting=meeting, registration=mw.ana_reg)
    assert error.value.messages == ["Check-in opens once the schedule is published."]
    mw.session.schedule_published = True
    mw.session.save()
    with _at(mw.slots[1].starts_at):
        check_in_meeting(actor=mw.ana, meeting=meeting, registration=mw.ana_reg)
    meeting.refresh_from_db()
    assert meeting.requester_checked_in_at == mw.slots[1].starts_at
