"""``smartregions assign_reviewers CALL [--cutoff DATE] [--dry-run]``: automatic assignment.

Gives every submitted or under-review application of the call the reviewers it still needs
(:func:`~smartregions.calls.domain.evaluation.assignment.auto_assign_reviewers`), prints who
reviews what, each expert's load in the call, and the applications left short with the
reason. Exits with status 1 when an application could not get enough reviewers, so a
scheduled run gets noticed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.calls.domain.evaluation.assignment import (
    AssignmentPlan,
    auto_assign_reviewers,
    plan_assignment,
)
from smartregions.calls.models import Call, CallCutoff


class Command(BaseCommand):
    help = "Assign reviewers to a call's submitted applications (optimal, balanced, no conflicts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("call", help="slug of the call")
        parser.add_argument(
            "--cutoff",
            help="only the applications of the rolling call's cut-off on this date "
            "(YYYY-MM-DD, in the call's time zone)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print the assignment without saving it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call = Call.objects.filter(slug=options["call"]).first()
        if call is None:
            msg = f"no call with slug {options['call']}"
            raise CommandError(msg)
        cutoff = _cutoff(call, options["cutoff"]) if options["cutoff"] else None
        if options["dry_run"]:
            plan = plan_assignment(call=call, cutoff=cutoff)
        else:
            plan = auto_assign_reviewers(actor=None, call=call, cutoff=cutoff)
        self._report(plan, dry_run=options["dry_run"])
        if plan.shortfalls:
            msg = f"{len(plan.shortfalls)} application(s) could not get enough reviewers"
            raise CommandError(msg)

    def _report(self, plan: AssignmentPlan, *, dry_run: bool) -> None:
        verb = "would assign" if dry_run else "assigned"
        self.stdout.write(f"{plan.call.title}: {verb} {len(plan.pairs)} review(s)")
        for application, expert, fit in plan.pairs:
            self.stdout.write(f"  {application} <- {expert} (fit {fit:.2f})")
        self.stdout.write("Load per expert in the call (reviews / maximum):")
        for expert in plan.experts:
            self.stdout.write(f"  {expert}: {plan.load[expert.pk]} / {expert.max_load}")
        for shortfall in plan.shortfalls:
            self.stderr.write(f"SHORT {shortfall.application}: {shortfall.reason}")


def _cutoff(call: Call, value: str) -> CallCutoff:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        msg = f"--cutoff takes a date as YYYY-MM-DD, not {value!r}"
        raise CommandError(msg) from None
    zone = ZoneInfo(call.timezone)
    found = [c for c in call.cutoffs.all() if c.at.astimezone(zone).date() == day]
    if len(found) != 1:
        msg = f"the call has {len(found)} cut-offs on {day} ({call.timezone})"
        raise CommandError(msg)
    return found[0]
