"""Demo progress reports for ``smartregions demo``: every active partnership gets the reports
of the last and the current period, and the last period's reports show each step of the
review (one accepted, one sent back with changes requested, one waiting for review, the rest
still drafted).

Builds on the partnerships the demo already made; does nothing when there are none. Safe to
run again: only untouched drafts are filled in and moved on.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

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


@transaction.atomic
def load_demo_monitoring(*, today: dt.date | None = None) -> str:
    """Open the demo partnerships' reports and move the last period's through the workflow
    (see the module docstring); returns a one-line summary. Logs every step as the domain
    functions do (actor: the platform)."""
    today = today or timezone.localdate()
    opened = report_domain.open_report_periods(today=today)
    last = period_containing(today).previous()
    untouched = ProgressReport.objects.filter(
        period_start=last.start, status=ReportStatus.DRAFT, achievements=""
    ).select_related("partnership")
    steps = {"submitted": 0, "accepted": 0, "changes_requested": 0}
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
    return (
        f"{len(opened)} progress reports opened; {steps['accepted']} accepted, "
        f"{steps['changes_requested']} sent back, {steps['submitted']} waiting for review"
    )
