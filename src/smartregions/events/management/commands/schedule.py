"""``smartregions schedule EVENT [--session ID] [--time-limit 30] [--dry-run]``: run the B2B
meeting scheduler on an event's meeting sessions and print the report."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.events.domain.queries.scheduling import schedule_size
from smartregions.events.domain.scheduling import (
    SchedulingError,
    perform_schedule_run,
    plan_schedule,
    run_scheduler,
)
from smartregions.events.domain.scheduling.runs import MAX_TIME_LIMIT
from smartregions.events.enums import ScheduleRunStatus, SchedulingMode
from smartregions.events.models import Event, MeetingSession


def _figures(
    *, placed: int, total: int, bound: int, breaks: int, fair: bool, elapsed: float
) -> str:
    return (
        f"placed {placed} of {total} accepted meetings (upper bound {bound}); "
        f"{breaks} break{'' if breaks == 1 else 's'}; {'fair' if fair else 'not fair'}; "
        f"{elapsed:.1f} s"
    )


class Command(BaseCommand):
    help = (
        "Run the automatic B2B meeting scheduler on an event's meeting sessions (those the "
        "organiser schedules, or the one named) synchronously and print the report: placed "
        "meetings against the upper bound, breaks, and why each unplaced meeting stayed out. "
        "--dry-run solves without saving anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="event slug")
        parser.add_argument("--session", type=int, help="meeting session id (default: all)")
        parser.add_argument(
            "--time-limit",
            type=int,
            default=30,
            help=f"seconds per session, 1-{MAX_TIME_LIMIT} (default 30)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="solve and report without saving"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            msg = f"no event {options['event']!r}"
            raise CommandError(msg)
        sessions = MeetingSession.objects.filter(event=event).select_related("event").order_by("pk")
        if options["session"] is not None:
            sessions = sessions.filter(pk=options["session"])
            if not sessions.exists():
                msg = f"event {event.slug!r} has no meeting session {options['session']}"
                raise CommandError(msg)
        else:
            sessions = sessions.filter(mode=SchedulingMode.ORGANISER_SCHEDULES)
            if not sessions.exists():
                msg = f"event {event.slug!r} has no meeting session scheduled by the organiser"
                raise CommandError(msg)
        failures = []
        for meeting_session in sessions:
            try:
                if options["dry_run"]:
                    self._dry_run(meeting_session, options["time_limit"])
                else:
                    self._run(meeting_session, options["time_limit"])
            except (SchedulingError, ValidationError) as error:
                text = "; ".join(getattr(error, "messages", [str(error)]))
                self.stderr.write(f"{meeting_session.title} (session {meeting_session.pk}): {text}")
                failures.append(meeting_session.pk)
        if failures:
            msg = f"scheduling failed for session(s) {', '.join(str(pk) for pk in failures)}"
            raise CommandError(msg)

    def _progress(self, meeting_session: MeetingSession, time_limit: int) -> None:
        meetings, slots = schedule_size(meeting_session)
        self.stdout.write(
            f"{meeting_session.title} (session {meeting_session.pk}): scheduling {meetings} "
            f"meeting{'' if meetings == 1 else 's'} in {slots} slot{'' if slots == 1 else 's'}, "
            f"time limit {time_limit} s..."
        )
        self.stdout.flush()

    def _run(self, meeting_session: MeetingSession, time_limit: int) -> None:
        run = run_scheduler(
            actor=None, meeting_session=meeting_session, time_limit=time_limit, enqueue=False
        )
        self._progress(meeting_session, time_limit)
        run = perform_schedule_run(run_id=run.pk)
        if run.status != ScheduleRunStatus.DONE:
            raise SchedulingError(f"run {run.pk} failed: {run.error}")
        head = f"{meeting_session.title} (session {meeting_session.pk}), run {run.pk}: "
        figures = _figures(
            placed=run.placed,
            total=run.meetings_total,
            bound=run.upper_bound,
            breaks=run.breaks,
            fair=run.fair,
            elapsed=run.elapsed_seconds or 0.0,
        )
        self.stdout.write(head + figures)
        self._unplaced([(item["meeting"], item["reason"]) for item in run.unplaced])

    def _dry_run(self, meeting_session: MeetingSession, time_limit: int) -> None:
        if not 1 <= time_limit <= MAX_TIME_LIMIT:
            raise SchedulingError(f"the time limit is 1 to {MAX_TIME_LIMIT} seconds")
        self._progress(meeting_session, time_limit)
        plan = plan_schedule(meeting_session=meeting_session, time_limit=time_limit)
        head = f"{meeting_session.title} (session {meeting_session.pk}), dry run: "
        figures = _figures(
            placed=plan.placed,
            total=plan.meetings_total,
            bound=plan.upper_bound,
            breaks=plan.breaks,
            fair=plan.fair,
            elapsed=plan.elapsed,
        )
        self.stdout.write(head + figures + " (nothing saved)")
        self._unplaced([(meeting.pk, reason) for meeting, reason in plan.unplaced])

    def _unplaced(self, unplaced: list[tuple[int, str]]) -> None:
        if unplaced:
            self.stdout.write("unplaced:")
        for meeting_id, reason in unplaced:
            self.stdout.write(f"  meeting {meeting_id}: {reason}")
