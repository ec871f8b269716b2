"""``smartregions schedule``: runs the scheduler synchronously and prints the report."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from smartregions.events.enums import ScheduleRunStatus, SchedulingMode
from smartregions.events.models import Meeting, MeetingSession, ScheduleRun, Unavailability
from tests.events.scheduling.conftest import accept

ELAPSED = re.compile(r"; \d+\.\d s")


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("schedule", *args, stdout=out, stderr=err)
    return ELAPSED.sub("; T s", out.getvalue()), err.getvalue()


def _no_common_slot(w):
    blocked = accept(w.session, w.ana, w.ben)
    for slot in w.slots[1:]:
        Unavailability.objects.create(registration=w.ana, slot=slot)
    Unavailability.objects.create(registration=w.ben, slot=w.slots[0])
    accept(w.session, w.cem, w.dana)
    return blocked


def test_schedule_prints_the_report_and_saves(w):
    blocked = _no_common_slot(w)
    out, err = _call("b2b-forum", "--time-limit", "5")
    run = ScheduleRun.objects.get()
    assert out.splitlines() == [
        (
            f"Morning meetings (session {w.session.pk}): scheduling 2 meetings in 4 slots, "
            "time limit 5 s..."
        ),
        (
            f"Morning meetings (session {w.session.pk}), run {run.pk}: placed 1 of 2 accepted "
            "meetings (upper bound 1); 0 breaks; fair; T s"
        ),
        "unplaced:",
        (
            f"  meeting {blocked.pk}: Ana Silva (Org X) and Ben Roth (Org Y) have no common "
            "available slot."
        ),
    ]
    assert err == ""
    assert (run.status, run.requested_by, run.time_limit_seconds) == (
        ScheduleRunStatus.DONE,
        None,
        5,
    )
    assert Meeting.objects.filter(slot__isnull=False).count() == 1


def test_dry_run_saves_nothing(w):
    blocked = _no_common_slot(w)
    out, _err = _call("b2b-forum", "--session", str(w.session.pk), "--dry-run")
    assert out.splitlines() == [
        (
            f"Morning meetings (session {w.session.pk}): scheduling 2 meetings in 4 slots, "
            "time limit 30 s..."
        ),
        (
            f"Morning meetings (session {w.session.pk}), dry run: placed 1 of 2 accepted meetings "
            "(upper bound 1); 0 breaks; fair; T s (nothing saved)"
        ),
        "unplaced:",
        (
            f"  meeting {blocked.pk}: Ana Silva (Org X) and Ben Roth (Org Y) have no common "
            "available slot."
        ),
    ]
    assert not ScheduleRun.objects.exists()
    assert not Meeting.objects.filter(slot__isnull=False).exists()
    assert set(Meeting.objects.values_list("unplaced_reason", flat=True)) == {""}


def test_only_sessions_the_organiser_schedules_run_by_default(w):
    MeetingSession.objects.create(
        event=w.event, title="Self-service", tables=3, mode=SchedulingMode.PARTICIPANTS_PICK
    )
    out, _err = _call("b2b-forum")
    assert out.splitlines() == [
        (
            f"Morning meetings (session {w.session.pk}): scheduling 0 meetings in 4 slots, "
            "time limit 30 s..."
        ),
        (
            f"Morning meetings (session {w.session.pk}), run {ScheduleRun.objects.get().pk}: "
            "placed 0 of 0 accepted meetings (upper bound 0); 0 breaks; fair; T s"
        ),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "no event 'nowhere'"),
        (["b2b-forum", "--session", "999999"], "event 'b2b-forum' has no meeting session 999999"),
        (["other-forum"], "event 'other-forum' has no meeting session scheduled by the organiser"),
    ],
)
def test_schedule_refuses_unknown_targets(w, args, message):
    with pytest.raises(CommandError) as error:
        _call(*args)
    assert str(error.value) == message


def test_schedule_fails_with_a_clear_message(w):
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1, locked=True)
    accept(w.session, w.ana, w.cem, slot=w.slots[0], table_number=2, locked=True)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("schedule", "b2b-forum", stdout=out, stderr=err)
    assert str(error.value) == f"scheduling failed for session(s) {w.session.pk}"
    run = ScheduleRun.objects.get()
    assert err.getvalue() == (
        f"Morning meetings (session {w.session.pk}): run {run.pk} failed: Ana Silva (Org X) has "
        "two locked meetings at 2027-03-10 09:00.\n"
    )
    assert out.getvalue() == (
        f"Morning meetings (session {w.session.pk}): scheduling 2 meetings in 4 slots, "
        "time limit 30 s...\n"
    )


def test_schedule_refuses_a_bad_time_limit(w):
    with pytest.raises(CommandError):
        _call("b2b-forum", "--time-limit", "0")
    with pytest.raises(CommandError):
        _call("b2b-forum", "--time-limit", "0", "--dry-run")
    assert not ScheduleRun.objects.exists()


def test_schedule_names_one_meeting_and_one_slot_in_the_singular(w):
    for slot in w.slots[1:]:
        slot.delete()
    accept(w.session, w.ana, w.ben)
    out, _err = _call("b2b-forum", "--dry-run")
    assert out.splitlines()[0] == (
        f"Morning meetings (session {w.session.pk}): scheduling 1 meeting in 1 slot, "
        "time limit 30 s..."
    )
