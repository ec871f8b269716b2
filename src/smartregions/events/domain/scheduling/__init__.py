"""Scheduling B2B meetings in the platform: the organiser's side.

* :mod:`.problem` turns a meeting session into the kernel's
  :class:`~smartregions.events.compute.scheduling.Problem` (the adapter);
* :mod:`.reasons` explains unplaced meetings and conflicting locks in people's names;
* :mod:`.runs` runs the scheduler (queued task, one run per session at a time) and writes
  its schedule;
* :mod:`.placement` is the organiser's hand on the schedule (lock, unlock, move, unplace,
  publish, unpublish);
* :mod:`.statistics` writes the meeting statistics (counted by
  :func:`smartregions.events.domain.queries.scheduling.meeting_statistics`) as CSV.

Meeting sessions and their slots are set up in
:mod:`smartregions.events.domain.meeting_sessions`.
"""

from smartregions.events.domain.scheduling.placement import (
    lock_meeting,
    move_meeting,
    publish_schedule,
    unlock_meeting,
    unplace_meeting,
    unpublish_schedule,
)
from smartregions.events.domain.scheduling.problem import (
    SchedulingInput,
    build_scheduling_input,
    participant_name,
)
from smartregions.events.domain.scheduling.runs import (
    SchedulePlan,
    SchedulingError,
    apply_plan,
    perform_schedule_run,
    plan_schedule,
    run_scheduler,
)

__all__ = [
    "SchedulePlan",
    "SchedulingError",
    "SchedulingInput",
    "apply_plan",
    "build_scheduling_input",
    "lock_meeting",
    "move_meeting",
    "participant_name",
    "perform_schedule_run",
    "plan_schedule",
    "publish_schedule",
    "run_scheduler",
    "unlock_meeting",
    "unplace_meeting",
    "unpublish_schedule",
]
