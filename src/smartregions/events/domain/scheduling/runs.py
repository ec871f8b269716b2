"""Running the automatic scheduler on a meeting session and writing its schedule.

:func:`run_scheduler` records a queued :class:`ScheduleRun` and enqueues the task
``events.tasks.schedule_meetings`` once the transaction commits (with the immediate task
backend it runs inline at commit). :func:`perform_schedule_run` does the work:

1. it claims the run (queued -> running; a run already claimed is left alone, so a task run
   twice does nothing twice);
2. :func:`plan_schedule` builds the kernel problem from the database
   (:mod:`.problem`), checks the locked meetings (:func:`.reasons.locked_conflicts`) and calls
   :func:`~smartregions.events.compute.scheduling.solve`;
3. :func:`apply_plan` writes the schedule in one transaction: it locks the session, checks that
   nothing the problem was built from changed meanwhile, clears every unlocked meeting's
   place, then writes the new slots and table numbers (locked meetings keep theirs; the kernel's
   table choice is kept where it does not collide with a locked meeting's table), each
   unplaced meeting's reason, and the run's figures.

A failure (locked meetings in conflict, the session changed, anything unexpected) marks the run
failed with a readable error; a run is never left running by this code. A run still queued or
running after its time limit plus :data:`STALE_AFTER` (a worker that died) counts as failed
when the next run is requested. Only one run per session may be queued or running at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.compute.scheduling import InfeasibleFixedError, solve
from smartregions.events.domain.meeting_sessions import lock_meeting_session
from smartregions.events.domain.scheduling.problem import SchedulingInput, build_scheduling_input
from smartregions.events.domain.scheduling.reasons import (
    kernel_conflict,
    locked_conflicts,
    not_confirmed_reason,
    reason_sentence,
)
from smartregions.events.enums import ScheduleRunStatus, SchedulingMode
from smartregions.events.models import Meeting, MeetingSession, ScheduleRun

#: Statuses of a run that is not finished.
ACTIVE = (ScheduleRunStatus.QUEUED, ScheduleRunStatus.RUNNING)
#: How long after its time limit an unfinished run counts as abandoned.
STALE_AFTER = dt.timedelta(minutes=15)
#: Longest time limit a run may have, in seconds.
MAX_TIME_LIMIT = 600


class SchedulingError(Exception):
    """The scheduler cannot run on the session as it is (the message says why, for people)."""


class StaleRunError(SchedulingError):
    """The run is no longer running (expired as abandoned, or failed): it must not write."""


@dataclass(frozen=True)
class SchedulePlan:
    """A solved schedule of a session, not yet written.

    ``slot_ids[m]`` and ``table_numbers[m]`` (1-based) place ``data.meetings[m]`` (``None``:
    unplaced); ``unplaced`` lists every accepted meeting left without a place, with why.
    """

    data: SchedulingInput
    slot_ids: list[int | None]
    table_numbers: list[int | None]
    placed: int
    upper_bound: int
    breaks: int
    fair: bool
    proven_optimal: bool
    elapsed: float
    unplaced: list[tuple[Meeting, str]] = field(default_factory=list)

    @property
    def meetings_total(self) -> int:
        """Accepted meetings of the session (placed or not)."""
        return len(self.data.meetings) + len(self.data.excluded)


def _table_numbers(data: SchedulingInput, slots: np.ndarray, tables: np.ndarray) -> list:
    """1-based table numbers: locked meetings keep theirs; the others get the kernel's table
    where it is free, else the lowest free table of their slot."""
    numbers: list[int | None] = [None] * len(data.meetings)
    taken: dict[int, set[int]] = {}
    for m, meeting in enumerate(data.meetings):
        if meeting.locked:
            numbers[m] = meeting.table_number
            taken.setdefault(int(slots[m]), set()).add(meeting.table_number)
    waiting: list[int] = []
    for m in sorted(range(len(data.meetings)), key=lambda i: (int(tables[i]), i)):
        s = int(slots[m])
        if s < 0 or data.meetings[m].locked:
            continue
        used = taken.setdefault(s, set())
        wanted = int(tables[m]) + 1
        if 1 <= wanted <= data.tables[s] and wanted not in used:
            numbers[m] = wanted
            used.add(wanted)
        else:
            waiting.append(m)
    for m in waiting:
        s = int(slots[m])
        used = taken[s]
        free = next(t for t in range(1, data.tables[s] + 1) if t not in used)
        numbers[m] = free
        used.add(free)
    return numbers


def plan_schedule(*, meeting_session: MeetingSession, time_limit: float = 30) -> SchedulePlan:
    """Solve ``meeting_session`` as the database holds it now, without writing anything.

    Raises :class:`SchedulingError` when the session has no slots or its locked meetings
    conflict (naming the people). The ``schedule --dry-run`` command prints this plan.
    """
    data = build_scheduling_input(meeting_session)
    if not data.slots:
        raise SchedulingError(_("The meeting session has no time slots yet."))
    conflicts = locked_conflicts(data)
    if conflicts:
        raise SchedulingError(" ".join(conflicts))
    n_m = len(data.meetings)
    unplaced: list[tuple[Meeting, str]] = []
    if n_m:
        try:
            schedule = solve(data.problem, time_limit=float(time_limit))
        except InfeasibleFixedError as error:
            raise SchedulingError(kernel_conflict(data, getattr(error, "meetings", ()))) from None
        slots, tables = np.asarray(schedule.slot), np.asarray(schedule.table)
        codes = getattr(schedule, "unplaced_codes", {}) or {}
        figures = {
            "placed": int(schedule.placed),
            "upper_bound": int(schedule.upper_bound),
            "breaks": int(schedule.breaks),
            "fair": bool(schedule.fair),
            "proven_optimal": bool(schedule.proven_optimal),
            "elapsed": float(schedule.elapsed),
        }
        unplaced = [
            (data.meetings[m], reason_sentence(codes.get(m), data.meetings[m]))
            for m in range(n_m)
            if slots[m] < 0
        ]
    else:
        slots = tables = np.zeros(0, dtype=np.int64)
        figures = {
            "placed": 0,
            "upper_bound": 0,
            "breaks": 0,
            "fair": True,
            "proven_optimal": True,
            "elapsed": 0.0,
        }
    unplaced += [(meeting, not_confirmed_reason(meeting)) for meeting in data.excluded]
    return SchedulePlan(
        data=data,
        slot_ids=[data.slots[int(s)].pk if s >= 0 else None for s in slots.tolist()],
        table_numbers=_table_numbers(data, slots, tables),
        unplaced=unplaced,
        **figures,
    )


@transaction.atomic
def apply_plan(*, run: ScheduleRun, plan: SchedulePlan) -> ScheduleRun:
    """Write ``plan`` to its session and finish ``run`` with its figures (one transaction).

    Raises :class:`StaleRunError` (writing nothing) unless ``run`` is still running (locked
    here: a run expired as abandoned meanwhile must not overwrite a later schedule), and
    :class:`SchedulingError` when the session's meetings, slots, locks or availability
    changed since the plan was made. Records
    ``meeting_session.schedule``.
    """
    meeting_session = lock_meeting_session(run.meeting_session)
    current = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if current.status != ScheduleRunStatus.RUNNING:
        raise StaleRunError(
            _("Run %(n)s is %(status)s; its schedule is not written.")
            % {"n": run.pk, "status": current.get_status_display().lower()}
        )
    if build_scheduling_input(meeting_session).fingerprint != plan.data.fingerprint:
        raise SchedulingError(
            _("The meetings, slots or availability changed while the scheduler ran; run it again.")
        )
    Meeting.objects.filter(meeting_session=meeting_session, locked=False).update(
        slot=None, table_number=None, unplaced_reason=""
    )
    reasons = {meeting.pk: reason for meeting, reason in plan.unplaced}
    changed: list[Meeting] = []
    for m, meeting in enumerate(plan.data.meetings):
        if meeting.locked:
            continue
        meeting.slot_id, meeting.table_number = plan.slot_ids[m], plan.table_numbers[m]
        meeting.unplaced_reason = reasons.get(meeting.pk, "")
        changed.append(meeting)
    for meeting in plan.data.excluded:
        meeting.slot_id, meeting.table_number = None, None
        meeting.unplaced_reason = reasons[meeting.pk]
        changed.append(meeting)
    Meeting.objects.bulk_update(changed, ["slot", "table_number", "unplaced_reason"])
    _set(
        run,
        status=ScheduleRunStatus.DONE,
        finished_at=timezone.now(),
        meetings_total=plan.meetings_total,
        placed=plan.placed,
        upper_bound=plan.upper_bound,
        breaks=plan.breaks,
        fair=plan.fair,
        proven_optimal=plan.proven_optimal,
        elapsed_seconds=round(plan.elapsed, 3),
        unplaced=[{"meeting": meeting.pk, "reason": reason} for meeting, reason in plan.unplaced],
        error="",
    )
    log_activity(
        actor=run.requested_by,
        action="meeting_session.schedule",
        obj=meeting_session,
        data={"run": run.pk, "placed": plan.placed, "total": plan.meetings_total},
    )
    return run


def _set(run: ScheduleRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ScheduleRun.objects.filter(pk=run.pk).update(**fields)


def _expire_stale_runs(meeting_session: MeetingSession) -> None:
    now = timezone.now()
    for run in meeting_session.schedule_runs.filter(status__in=ACTIVE):
        if run.created_at + dt.timedelta(seconds=run.time_limit_seconds) + STALE_AFTER < now:
            _set(
                run,
                status=ScheduleRunStatus.FAILED,
                finished_at=now,
                error=_("Abandoned: the run did not finish in time."),
            )


def active_run(meeting_session: MeetingSession) -> ScheduleRun | None:
    """The session's run still queued or running, if any."""
    return meeting_session.schedule_runs.filter(status__in=ACTIVE).first()


def refuse_while_running(meeting_session: MeetingSession) -> None:
    """``ValidationError`` while a run of the session is queued or running (after expiring
    abandoned runs). Placements must not change under a run that is about to write."""
    _expire_stale_runs(meeting_session)
    run = active_run(meeting_session)
    if run is not None:
        raise ValidationError(
            {
                "run": _("Scheduler run %(n)s is still %(status)s; wait for it to finish.")
                % {"n": run.pk, "status": run.get_status_display().lower()}
            }
        )


@transaction.atomic
def run_scheduler(
    *,
    actor: Any,
    meeting_session: MeetingSession,
    time_limit: int = 30,
    enqueue: bool = True,
) -> ScheduleRun:
    """Queue a scheduler run on ``meeting_session``; the task starts once this commits.

    Refused (``ValidationError``) for a session where participants pick their slots, without
    slots, with a published schedule (unpublish it first: participants rely on it), or while
    another run is queued or running. ``time_limit`` is 1 to :data:`MAX_TIME_LIMIT` seconds.
    ``enqueue=False`` only records the run, for callers that run it themselves (the
    ``schedule`` command). Records ``meeting_session.run_scheduler``.
    """
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, int)
        or not 1 <= time_limit <= MAX_TIME_LIMIT
    ):
        raise ValidationError(
            {"time_limit": _("The time limit is 1 to %(max)s seconds.") % {"max": MAX_TIME_LIMIT}}
        )
    lock_meeting_session(meeting_session)
    if meeting_session.mode != SchedulingMode.ORGANISER_SCHEDULES:
        raise ValidationError(
            {
                "mode": _(
                    "Participants pick their own slots in this session; switch it to the "
                    "automatic scheduler first."
                )
            }
        )
    if not meeting_session.slots.exists():
        raise ValidationError({"slots": _("Add time slots to the session first.")})
    if meeting_session.schedule_published:
        raise ValidationError(
            {
                "schedule_published": _(
                    "The schedule is published; unpublish it before running the scheduler again."
                )
            }
        )
    refuse_while_running(meeting_session)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    run = ScheduleRun.objects.create(
        meeting_session=meeting_session, requested_by=user, time_limit_seconds=time_limit
    )
    log_activity(
        actor=actor,
        action="meeting_session.run_scheduler",
        obj=meeting_session,
        data={"run": run.pk, "time_limit": time_limit},
    )
    if enqueue:
        transaction.on_commit(partial(_enqueue, run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from smartregions.events.tasks import schedule_meetings

    schedule_meetings.enqueue(run_id=run_id)


def perform_schedule_run(*, run_id: int) -> ScheduleRun:
    """Do the queued run ``run_id``: plan and write the schedule; the run ends done or failed.

    A run that is no longer queued is returned untouched (the task ran already). A
    :class:`SchedulingError` fails the run with its message; any other error fails it with the
    error's type and text and is re-raised.
    """
    now = timezone.now()
    claimed = ScheduleRun.objects.filter(pk=run_id, status=ScheduleRunStatus.QUEUED).update(
        status=ScheduleRunStatus.RUNNING, started_at=now
    )
    run = ScheduleRun.objects.select_related("meeting_session__event", "requested_by").get(
        pk=run_id
    )
    if not claimed:
        return run
    try:
        plan = plan_schedule(meeting_session=run.meeting_session, time_limit=run.time_limit_seconds)
        apply_plan(run=run, plan=plan)
    except StaleRunError:
        run.refresh_from_db()
    except SchedulingError as error:
        _fail(run, str(error))
    except Exception as error:
        _fail(run, f"{type(error).__name__}: {error}")
        raise
    return run


def _fail(run: ScheduleRun, error: str) -> None:
    _set(run, status=ScheduleRunStatus.FAILED, finished_at=timezone.now(), error=error)
    log_activity(
        actor=run.requested_by,
        action="meeting_session.schedule_failed",
        obj=run.meeting_session,
        data={"run": run.pk, "error": error[:500]},
    )
