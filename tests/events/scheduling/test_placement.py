"""The organiser's hand on the schedule: lock, unlock, move, unplace, publish, unpublish."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain.scheduling import (
    lock_meeting,
    move_meeting,
    publish_schedule,
    run_scheduler,
    unlock_meeting,
    unplace_meeting,
    unpublish_schedule,
)
from smartregions.events.enums import MeetingRequestStatus
from smartregions.events.models import MeetingSession, MeetingSlot, Unavailability
from tests.events.scheduling.conftest import accept, at


def test_lock_and_unlock_a_placed_meeting(w):
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    lock_meeting(actor=w.organiser, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.locked is True
    unlock_meeting(actor=w.organiser, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.locked is False
    assert list(
        ActivityLogEntry.objects.filter(action__startswith="meeting.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["meeting.lock", "meeting.unlock"]


def test_an_unplaced_meeting_cannot_be_locked(w):
    meeting = accept(w.session, w.ana, w.ben)
    with pytest.raises(ValidationError) as error:
        lock_meeting(actor=w.organiser, meeting=meeting)
    assert error.value.messages == ["Only a placed meeting can be locked; place it first."]


def test_move_places_a_meeting_and_clears_its_reason(w):
    meeting = accept(w.session, w.ana, w.ben, unplaced_reason="No common slot.")
    move_meeting(actor=w.organiser, meeting=meeting, slot=w.slots[2], table_number=2)
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_number, meeting.unplaced_reason) == (
        w.slots[2].pk,
        2,
        "",
    )
    entry = ActivityLogEntry.objects.get(action="meeting.move")
    assert entry.data == {"from": [None, None], "to": [w.slots[2].pk, 2]}


@pytest.mark.parametrize(
    ("situation", "table", "field", "message"),
    [
        ("none", 3, "table_number", "The slot has tables 1 to 2."),
        ("table_taken", 1, "table_number", "Table 1 is taken in this slot."),
        ("unavailable", 2, "slot", "Ben Roth (Org Y) is not available in this slot."),
        ("busy", 2, "slot", "Ana Silva (Org X) has another meeting at that time."),
        ("busy_elsewhere", 2, "slot", "Ana Silva (Org X) has another meeting at that time."),
    ],
)
def test_move_is_checked(w, situation, table, field, message):
    meeting = accept(w.session, w.ana, w.ben)
    if situation == "table_taken":
        accept(w.session, w.cem, w.dana, slot=w.slots[1], table_number=1)
    elif situation == "unavailable":
        Unavailability.objects.create(registration=w.ben, slot=w.slots[1])
    elif situation == "busy":
        accept(w.session, w.cem, w.ana, slot=w.slots[1], table_number=1)
    elif situation == "busy_elsewhere":
        other = MeetingSession.objects.create(event=w.event, title="Parallel", tables=1)
        parallel = MeetingSlot.objects.create(
            meeting_session=other, starts_at=at(9, 45), ends_at=at(10, 15)
        )
        accept(other, w.dana, w.ana, slot=parallel, table_number=1)
    with pytest.raises(ValidationError) as error:
        move_meeting(actor=w.organiser, meeting=meeting, slot=w.slots[1], table_number=table)
    assert error.value.message_dict == {field: [message]}
    meeting.refresh_from_db()
    assert meeting.slot_id is None


def test_move_to_another_sessions_slot_is_refused(w):
    meeting = accept(w.session, w.ana, w.ben)
    other = MeetingSession.objects.create(event=w.event, title="Other", tables=1)
    slot = MeetingSlot.objects.create(meeting_session=other, starts_at=at(14), ends_at=at(14, 25))
    with pytest.raises(ValidationError) as error:
        move_meeting(actor=w.organiser, meeting=meeting, slot=slot, table_number=1)
    assert error.value.message_dict == {"slot": ["Choose a slot of the meeting's session."]}


def test_a_cancelled_meeting_cannot_be_moved(w):
    meeting = accept(w.session, w.ana, w.ben)
    meeting.request.status = MeetingRequestStatus.CANCELLED
    meeting.request.save()
    with pytest.raises(ValidationError) as error:
        move_meeting(actor=w.organiser, meeting=meeting, slot=w.slots[0], table_number=1)
    assert error.value.messages == ["The meeting was cancelled."]


def test_unplace_takes_the_meeting_out_and_unlocks_it(w):
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1, locked=True)
    unplace_meeting(actor=w.organiser, meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_number, meeting.locked) == (None, None, False)


def test_nothing_moves_while_a_run_is_queued(w):
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    run = run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    message = {"run": [f"Scheduler run {run.pk} is still queued; wait for it to finish."]}
    for step in (
        lambda: lock_meeting(actor=w.organiser, meeting=meeting),
        lambda: move_meeting(actor=w.organiser, meeting=meeting, slot=w.slots[1], table_number=1),
        lambda: unplace_meeting(actor=w.organiser, meeting=meeting),
        lambda: publish_schedule(actor=w.organiser, meeting_session=w.session),
    ):
        with pytest.raises(ValidationError) as error:
            step()
        assert error.value.message_dict == message


def test_publish_notifies_the_parties_of_placed_meetings(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    accept(w.session, w.ana, w.cem, slot=w.slots[1], table_number=1)
    accept(w.session, w.dana, w.ben)  # unplaced: Dana hears nothing
    publish_schedule(actor=w.organiser, meeting_session=w.session)
    w.session.refresh_from_db()
    assert w.session.schedule_published is True
    notes = Notification.objects.order_by("recipient_id")
    assert [n.recipient for n in notes] == [w.ana.user, w.ben.user, w.cem.user]
    assert {(n.kind, n.title, n.body, n.url) for n in notes} == {
        (
            "events.schedule_published",
            "Your B2B meetings at B2B Forum are scheduled",
            "The schedule of “Morning meetings” is published: see your meetings, times and tables.",
            "/events/b2b-forum/meetings/",
        )
    }
    with pytest.raises(ValidationError) as error:
        publish_schedule(actor=w.organiser, meeting_session=w.session)
    assert error.value.message_dict == {
        "schedule_published": ["The schedule is already published."]
    }


def test_unpublish_hides_the_schedule_again(w):
    with pytest.raises(ValidationError) as error:
        unpublish_schedule(actor=w.organiser, meeting_session=w.session)
    assert error.value.message_dict == {"schedule_published": ["The schedule is not published."]}
    publish_schedule(actor=w.organiser, meeting_session=w.session)
    unpublish_schedule(actor=w.organiser, meeting_session=w.session)
    w.session.refresh_from_db()
    assert w.session.schedule_published is False
    assert list(
        ActivityLogEntry.objects.filter(action__contains="publish")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["meeting_session.publish_schedule", "meeting_session.unpublish_schedule"]


def _published(w):
    MeetingSession.objects.filter(pk=w.session.pk).update(schedule_published=True)
    w.session.refresh_from_db()


def _notes():
    return list(
        Notification.objects.order_by("recipient__full_name").values_list(
            "recipient__full_name", "kind", "title", "body", "url"
        )
    )


def test_moving_or_unplacing_after_publication_tells_both_parties(w):
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    _published(w)
    url = f"/events/b2b-forum/meetings/{meeting.pk}/"
    between = "Ana Silva (Org X) and Ben Roth (Org Y)"
    move_meeting(actor=w.organiser, meeting=meeting, slot=w.slots[2], table_number=2)
    moved = (
        "meeting.moved",
        "Your B2B meeting moved to 10 March 2027, 10:00\N{EN DASH}10:25 (Europe/Brussels), table 2",
        f"The organisers moved the meeting of {between} in “Morning meetings”.",
        url,
    )
    assert _notes() == [("Ana Silva", *moved), ("Ben Roth", *moved)]
    Notification.objects.all().delete()
    unplace_meeting(actor=w.organiser, meeting=meeting)
    unplaced = (
        "meeting.unplaced",
        "Your B2B meeting was taken out of the schedule",
        (
            f"The organisers took the meeting of {between} in “Morning meetings” out of the "
            "schedule; it has no time for now."
        ),
        url,
    )
    assert _notes() == [("Ana Silva", *unplaced), ("Ben Roth", *unplaced)]


def test_changes_to_an_unpublished_schedule_tell_nobody(w):
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    move_meeting(actor=w.organiser, meeting=meeting, slot=w.slots[2], table_number=2)
    lock_meeting(actor=w.organiser, meeting=meeting)
    unplace_meeting(actor=w.organiser, meeting=meeting)
    assert _notes() == []


@pytest.mark.parametrize(
    ("preference", "slot", "message"),
    [
        (
            "afternoon",
            0,
            (
                "The request asks for an afternoon meeting; 10 March 2027, 09:00\N{EN DASH}09:25 "
                "(Europe/Brussels) is in the morning."
            ),
        ),
        (
            "morning",
            4,
            (
                "The request asks for a morning meeting; 10 March 2027, 14:00\N{EN DASH}14:25 "
                "(Europe/Brussels) is in the afternoon."
            ),
        ),
    ],
)
def test_move_respects_the_time_preference(w, preference, slot, message):
    afternoon = MeetingSlot.objects.create(
        meeting_session=w.session, starts_at=at(14), ends_at=at(14, 25)
    )
    slots = [*w.slots, afternoon]
    meeting = accept(w.session, w.ana, w.ben, preference=preference)
    with pytest.raises(ValidationError) as error:
        move_meeting(actor=w.organiser, meeting=meeting, slot=slots[slot], table_number=1)
    assert error.value.message_dict == {"slot": [message]}
    meeting.refresh_from_db()
    assert meeting.slot_id is None
    fitting = slots[4 - slot]
    move_meeting(actor=w.organiser, meeting=meeting, slot=fitting, table_number=1)
    meeting.refresh_from_db()
    assert meeting.slot_id == fitting.pk
