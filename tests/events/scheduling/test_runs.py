"""Scheduler runs: the lifecycle, writing a schedule, locked meetings, reasons and refusals."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest
import time_machine
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.meeting_sessions import set_slot_tables
from smartregions.events.domain.scheduling import (
    SchedulingError,
    apply_plan,
    build_scheduling_input,
    perform_schedule_run,
    plan_schedule,
    run_scheduler,
)
from smartregions.events.domain.scheduling.runs import _table_numbers
from smartregions.events.enums import (
    RegistrationStatus,
    ScheduleRunStatus,
    SchedulingMode,
    TimePreference,
)
from smartregions.events.models import Meeting, MeetingSession, ScheduleRun, Unavailability
from tests.events.scheduling.conftest import accept
from tests.factories.events import make_slots

NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def _run(w, session=None, **kwargs):
    """Request a run and do it, as the task would."""
    run = run_scheduler(
        actor=w.organiser, meeting_session=session or w.session, enqueue=False, **kwargs
    )
    return perform_schedule_run(run_id=run.pk)


def _check_constraints(session):
    """Every hard rule of a written schedule holds."""
    placed = list(Meeting.objects.filter(meeting_session=session, slot__isnull=False))
    busy = Counter()
    for meeting in placed:
        tables = meeting.slot.tables or session.tables
        assert 1 <= meeting.table_number <= tables
        busy[meeting.slot_id, meeting.request.requester_id] += 1
        busy[meeting.slot_id, meeting.request.recipient_id] += 1
        assert not Unavailability.objects.filter(
            slot=meeting.slot,
            registration_id__in=[meeting.request.requester_id, meeting.request.recipient_id],
        ).exists()
    assert set(busy.values()) <= {1}
    assert len({(m.slot_id, m.table_number) for m in placed}) == len(placed)
    return placed


def test_run_places_every_meeting_without_breaks(w, django_capture_on_commit_callbacks):
    for requester, recipient in ((w.ana, w.ben), (w.ben, w.dana), (w.dana, w.cem), (w.cem, w.ana)):
        accept(w.session, requester, recipient)
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        run = run_scheduler(actor=w.organiser, meeting_session=w.session, time_limit=10)
        assert run.status == ScheduleRunStatus.QUEUED
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert (
        run.status,
        run.requested_by,
        run.time_limit_seconds,
        run.meetings_total,
        run.placed,
        run.upper_bound,
        run.breaks,
        run.fair,
        run.unplaced,
        run.error,
    ) == (ScheduleRunStatus.DONE, w.organiser, 10, 4, 4, 4, 0, True, [], "")
    assert run.started_at == NOW
    assert run.finished_at == NOW
    assert run.elapsed_seconds >= 0
    assert len(_check_constraints(w.session)) == 4
    assert list(
        ActivityLogEntry.objects.filter(action__startswith="meeting_session.")
        .order_by("pk")
        .values_list("action", "data")
    ) == [
        ("meeting_session.run_scheduler", {"run": run.pk, "time_limit": 10}),
        ("meeting_session.schedule", {"run": run.pk, "placed": 4, "total": 4}),
    ]


def test_locked_meetings_keep_slot_and_table(w):
    locked = accept(w.session, w.ana, w.ben, slot=w.slots[3], table_number=2, locked=True)
    for requester, recipient in ((w.ana, w.cem), (w.ben, w.dana), (w.cem, w.dana)):
        accept(w.session, requester, recipient)
    run = _run(w)
    assert (run.status, run.placed, run.meetings_total) == (ScheduleRunStatus.DONE, 4, 4)
    locked.refresh_from_db()
    assert (locked.slot_id, locked.table_number, locked.locked) == (w.slots[3].pk, 2, True)
    _check_constraints(w.session)


def test_unlocked_placements_are_cleared_before_writing(w):
    # An old placement that the new schedule does not keep is cleared, not left behind.
    old = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=2)
    Unavailability.objects.create(registration=w.ana, slot=w.slots[0])
    run = _run(w)
    old.refresh_from_db()
    assert run.placed == 1
    assert old.slot_id != w.slots[0].pk
    assert old.table_number == 1


def test_no_common_slot_is_reported_with_names(w):
    meeting = accept(w.session, w.ana, w.ben)
    for slot in w.slots[1:]:
        Unavailability.objects.create(registration=w.ana, slot=slot)
    Unavailability.objects.create(registration=w.ben, slot=w.slots[0])
    other = accept(w.session, w.cem, w.dana)
    run = _run(w)
    reason = "Ana Silva (Org X) and Ben Roth (Org Y) have no common available slot."
    assert (run.placed, run.meetings_total, run.upper_bound) == (1, 2, 1)
    assert run.unplaced == [{"meeting": meeting.pk, "reason": reason}]
    meeting.refresh_from_db()
    other.refresh_from_db()
    assert (meeting.slot_id, meeting.unplaced_reason) == (None, reason)
    assert (other.slot_id is not None, other.unplaced_reason) == (True, "")


def test_time_preference_is_named_in_the_reason(w):
    meeting = accept(w.session, w.ana, w.cem, preference=TimePreference.AFTERNOON)
    run = _run(w)
    assert run.unplaced == [
        {
            "meeting": meeting.pk,
            "reason": "Ana Silva (Org X) and Cem Kaya have no common available slot in the "
            "afternoon, when the meeting was asked for.",
        }
    ]


def test_a_busy_participant_is_named(w):
    session = MeetingSession.objects.create(event=w.event, title="Short", tables=2)
    make_slots(session, 1)
    first = accept(session, w.ana, w.ben)
    second = accept(session, w.ana, w.cem)
    run = _run(w, session)
    assert run.placed == 1
    assert [item["meeting"] for item in run.unplaced] in ([first.pk], [second.pk])
    assert [item["reason"] for item in run.unplaced] == [
        "Ana Silva (Org X) has another meeting in every slot open to both."
    ]


def test_full_tables_are_named(w):
    session = MeetingSession.objects.create(event=w.event, title="Tiny", tables=1)
    make_slots(session, 1)
    accept(session, w.ana, w.ben)
    accept(session, w.cem, w.dana)
    run = _run(w, session)
    assert run.placed == 1
    names = {
        w.ana.pk: "Ana Silva (Org X) and Ben Roth (Org Y)",
        w.cem.pk: "Cem Kaya and Dana Novak (Org Z)",
    }
    unplaced = Meeting.objects.get(pk=run.unplaced[0]["meeting"])
    assert run.unplaced[0]["reason"] == (
        f"Every slot open to {names[unplaced.request.requester_id]} has no free table."
    )


def test_meeting_of_a_cancelled_participant_is_unplaced_with_why(w):
    meeting = accept(w.session, w.ben, w.cem, slot=w.slots[0], table_number=1)
    w.cem.status = RegistrationStatus.CANCELLED
    w.cem.save()
    run = _run(w)
    meeting.refresh_from_db()
    assert (run.meetings_total, run.placed) == (1, 0)
    assert (meeting.slot_id, meeting.table_number) == (None, None)
    assert meeting.unplaced_reason == "Cem Kaya is no longer a confirmed participant."


def test_conflicting_locked_meetings_fail_the_run_with_names(w):
    first = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1, locked=True)
    accept(w.session, w.ana, w.cem, slot=w.slots[0], table_number=2, locked=True)
    Unavailability.objects.create(registration=w.ben, slot=w.slots[0])
    free = accept(w.session, w.ben, w.dana, slot=w.slots[2], table_number=1)
    run = _run(w)
    assert run.status == ScheduleRunStatus.FAILED
    assert run.error == (
        "Ben Roth (Org Y) is not available at 2027-03-10 09:00, where a locked meeting is. "
        "Ana Silva (Org X) has two locked meetings at 2027-03-10 09:00."
    )
    assert run.finished_at is not None
    first.refresh_from_db()
    free.refresh_from_db()
    assert (first.slot_id, free.slot_id, free.table_number) == (w.slots[0].pk, w.slots[2].pk, 1)
    assert ActivityLogEntry.objects.filter(action="meeting_session.schedule_failed").count() == 1


def test_more_locked_meetings_than_tables_fail_the_run(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[1], table_number=1, locked=True)
    accept(w.session, w.cem, w.dana, slot=w.slots[1], table_number=2, locked=True)
    # The domain refuses to take a used table away; an edit in the admin does not.
    type(w.slots[1]).objects.filter(pk=w.slots[1].pk).update(tables=1)
    run = _run(w)
    assert (run.status, run.error) == (
        ScheduleRunStatus.FAILED,
        (
            "A locked meeting at 2027-03-10 09:30 sits at table 2, but the slot has 1 table. "
            "2 meetings are locked at 2027-03-10 09:30, which has 1 table."
        ),
    )


def test_a_second_run_is_refused_while_one_is_queued(w):
    accept(w.session, w.ana, w.ben)
    first = run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    with pytest.raises(ValidationError) as error:
        run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    assert error.value.message_dict == {
        "run": [f"Scheduler run {first.pk} is still queued; wait for it to finish."]
    }
    perform_schedule_run(run_id=first.pk)
    second = run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    assert second.status == ScheduleRunStatus.QUEUED


def test_an_abandoned_run_no_longer_blocks(w):
    with time_machine.travel(NOW, tick=False):
        stale = run_scheduler(
            actor=w.organiser, meeting_session=w.session, time_limit=30, enqueue=False
        )
    with time_machine.travel(NOW + dt.timedelta(minutes=15, seconds=31), tick=False):
        fresh = run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    stale.refresh_from_db()
    assert (stale.status, stale.error) == (
        ScheduleRunStatus.FAILED,
        "Abandoned: the run did not finish in time.",
    )
    assert fresh.status == ScheduleRunStatus.QUEUED


@pytest.mark.parametrize(
    ("setup", "field", "message"),
    [
        (
            {"mode": SchedulingMode.PARTICIPANTS_PICK},
            "mode",
            (
                "Participants pick their own slots in this session; switch it to the automatic "
                "scheduler first."
            ),
        ),
        (
            {"schedule_published": True},
            "schedule_published",
            "The schedule is published; unpublish it before running the scheduler again.",
        ),
    ],
)
def test_run_refused_by_session_state(w, setup, field, message):
    MeetingSession.objects.filter(pk=w.session.pk).update(**setup)
    with pytest.raises(ValidationError) as error:
        run_scheduler(actor=w.organiser, meeting_session=w.session)
    assert error.value.message_dict == {field: [message]}
    assert not ScheduleRun.objects.exists()


def test_run_refused_without_slots_and_with_a_bad_time_limit(w):
    empty = MeetingSession.objects.create(event=w.event, title="Empty", tables=2)
    with pytest.raises(ValidationError) as error:
        run_scheduler(actor=w.organiser, meeting_session=empty)
    assert error.value.message_dict == {"slots": ["Add time slots to the session first."]}
    for limit in (0, 601, "30"):
        with pytest.raises(ValidationError) as error:
            run_scheduler(actor=w.organiser, meeting_session=w.session, time_limit=limit)
        assert error.value.message_dict == {"time_limit": ["The time limit is 1 to 600 seconds."]}


def test_a_run_is_done_only_once(w):
    accept(w.session, w.ana, w.ben)
    run = _run(w)
    finished = run.finished_at
    again = perform_schedule_run(run_id=run.pk)
    assert (again.status, again.finished_at) == (ScheduleRunStatus.DONE, finished)
    assert ActivityLogEntry.objects.filter(action="meeting_session.schedule").count() == 1


def test_changes_during_the_run_fail_it(w):
    meeting = accept(w.session, w.ana, w.ben)
    plan = plan_schedule(meeting_session=w.session, time_limit=5)
    Unavailability.objects.create(registration=w.ana, slot=w.slots[2])
    run = ScheduleRun.objects.create(meeting_session=w.session, status=ScheduleRunStatus.RUNNING)
    with pytest.raises(SchedulingError) as error:
        apply_plan(run=run, plan=plan)
    assert str(error.value) == (
        "The meetings, slots or availability changed while the scheduler ran; run it again."
    )
    meeting.refresh_from_db()
    assert meeting.slot_id is None


def test_a_session_without_accepted_meetings_runs_empty(w):
    run = _run(w)
    assert (run.status, run.meetings_total, run.placed, run.upper_bound) == (
        ScheduleRunStatus.DONE,
        0,
        0,
        0,
    )


def test_table_numbers_avoid_locked_tables_and_keep_the_kernels_where_free(w):
    locked = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1, locked=True)
    accept(w.session, w.cem, w.dana)
    set_slot_tables(actor=None, slot=w.slots[0], tables=3)
    data = build_scheduling_input(w.session)
    assert data.meetings[0] == locked
    # The kernel put the locked meeting at table 1 (0-based) and the other at table 0, which
    # is the locked meeting's table 1 (1-based): it moves to the lowest free table, 2.
    assert _table_numbers(data, np.array([0, 0]), np.array([1, 0])) == [1, 2]
    # A free kernel table is kept.
    assert _table_numbers(data, np.array([0, 0]), np.array([0, 2])) == [1, 3]


@pytest.mark.parametrize(
    ("status", "error", "label"),
    [
        (ScheduleRunStatus.FAILED, "Abandoned: the run did not finish in time.", "failed"),
        (ScheduleRunStatus.QUEUED, "", "queued"),
    ],
)
def test_a_run_no_longer_running_writes_nothing(w, status, error, label):
    meeting = accept(w.session, w.ana, w.ben)
    plan = plan_schedule(meeting_session=w.session, time_limit=5)
    run = ScheduleRun.objects.create(meeting_session=w.session, status=ScheduleRunStatus.RUNNING)
    ScheduleRun.objects.filter(pk=run.pk).update(status=status, error=error)
    with pytest.raises(SchedulingError) as raised:
        apply_plan(run=run, plan=plan)
    assert str(raised.value) == f"Run {run.pk} is {label}; its schedule is not written."
    meeting.refresh_from_db()
    run.refresh_from_db()
    assert (meeting.slot_id, run.status, run.error) == (None, status, error)
    assert not ActivityLogEntry.objects.filter(action="meeting_session.schedule").exists()


def test_a_run_abandoned_while_solving_keeps_its_failure(w, monkeypatch):
    from smartregions.events.domain.scheduling import runs

    meeting = accept(w.session, w.ana, w.ben)
    run = run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    solve = runs.plan_schedule

    def expire_meanwhile(**kwargs):
        plan = solve(**kwargs)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRunStatus.FAILED, error="Abandoned: the run did not finish in time."
        )
        return plan

    monkeypatch.setattr(runs, "plan_schedule", expire_meanwhile)
    done = perform_schedule_run(run_id=run.pk)
    assert (done.status, done.error) == (
        ScheduleRunStatus.FAILED,
        "Abandoned: the run did not finish in time.",
    )
    meeting.refresh_from_db()
    assert meeting.slot_id is None
