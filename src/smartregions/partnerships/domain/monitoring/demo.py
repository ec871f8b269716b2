"""Demo progress reports for ``smartregions demo``: every active partnership gets the reports
of the last and the current period, and the demo (synthetic) partnerships' reports of the last
period show each step of the review (one accepted, one sent back with changes requested, one
waiting for review, the rest still drafted). When the demo partnerships were launched in the
current period, so that no report of theirs can be submitted yet (a report is submitted from
the last day of its period), one of their current drafts is filled in instead, so the report
page shows the template at work.

Builds on the partnerships the demo already made; does nothing when there are none. Real
partnerships' reports are only opened (as the daily task would), never written. Safe to run
again: once a period's demo reports have been worked on, they are left as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.monitoring import reports as report_domain
from smartregions.partnerships.domain.monitoring.periods import period_containing
from smartregions.partnerships.enums import ReportStatus
from smartregions.partnerships.models import ProgressReport

NARRATIVE = {
    "events_held": 3,
    "achievements": (
        "Two study visits between the lead and co-lead regions; a mapping of the value chain "
        "with 40 companies and research centres; a matchmaking day at the regional fair."
    ),
    "results": (
        "Three joint project ideas, one of them investment-ready; a memorandum of "
        "understanding between the regional development agencies."
    ),
    "challenges": (
        "Different state-aid rules across the member states slowed the joint pilot; the "
        "partners asked the platform's experts for guidance."
    ),
    "next_steps": (
        "Prepare the application to the interregional innovation investments call and "
        "launch the demonstration stage."
    ),
}


def _worked_on(reports: QuerySet[ProgressReport]) -> bool:
    return reports.exclude(status=ReportStatus.DRAFT, achievements="").exists()


def _review_last_period(reports: QuerySet[ProgressReport]) -> dict[str, int]:
    steps = {"submitted": 0, "accepted": 0, "changes_requested": 0}
    untouched = reports.filter(status=ReportStatus.DRAFT, achievements="").select_related(
        "partnership"
    )
    for index, report in enumerate(untouched.order_by("partnership__name", "id")[:3]):
        report_domain.update_report(actor=None, report=report, **NARRATIVE)
        report_domain.submit_report(actor=None, report=report)
        if index == 0:
            report_domain.accept_report(
                actor=None, report=report, comment="Clear and complete, thank you."
            )
            steps["accepted"] += 1
        elif index == 1:
            report_domain.request_report_changes(
                actor=None,
                report=report,
                comment="Please add the number of companies reached at each event.",
            )
            steps["changes_requested"] += 1
        else:
            steps["submitted"] += 1
    return steps


@transaction.atomic
def load_demo_monitoring(*, today: dt.date | None = None) -> str:
    """Open the partnerships' reports and move the demo partnerships' reports of the last
    period through the workflow, or draft a current one (see the module docstring); returns a
    one-line summary. Logs every step as the domain functions do (actor: the platform)."""
    today = today or timezone.localdate()
    opened = report_domain.open_report_periods(today=today)
    current = period_containing(today)
    demo = ProgressReport.objects.filter(partnership__is_synthetic=True)
    last_period = demo.filter(period_start=current.previous().start)
    steps = {"submitted": 0, "accepted": 0, "changes_requested": 0}
    drafted = 0
    if last_period.exists():
        if not _worked_on(last_period):
            steps = _review_last_period(last_period)
    else:
        this_period = demo.filter(period_start=current.start, status=ReportStatus.DRAFT)
        first = this_period.order_by("partnership__name", "id").first()
        if first is not None and not _worked_on(this_period):
            report_domain.update_report(actor=None, report=first, **NARRATIVE)
            drafted = 1
    summary = (
        f"{len(opened)} progress reports opened; {steps['accepted']} accepted, "
        f"{steps['changes_requested']} sent back, {steps['submitted']} waiting for review"
    )
    return f"{summary}, {drafted} current report drafted" if drafted else summary


@transaction.atomic
def delete_demo_monitoring(*, actor: Any = None) -> int:
    """Delete the progress reports (and their reminders) of the synthetic partnerships, for
    ``smartregions demo --reset``; run it before the partnerships go. Returns the rows
    deleted; logs ``report.demo_delete``."""
    deleted, _ = ProgressReport.objects.filter(partnership__is_synthetic=True).delete()
    log_activity(actor=actor, action="report.demo_delete", data={"rows": deleted})
    return deleted
