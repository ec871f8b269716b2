"""Background tasks of the partnerships app (Django Tasks API): thin, idempotent, safe to repeat.

Run both daily, from a scheduler enqueuing them for ``smartregions db_worker`` or from cron
through ``smartregions create_report_periods`` and ``smartregions send_report_reminders``.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from smartregions.partnerships.domain.monitoring import reminders, reports


def _day(today: str | None) -> dt.date | None:
    return dt.date.fromisoformat(today) if today else None


@task()
def open_report_periods(today: str | None = None) -> int:
    """Open the draft progress report of the current and last period for every active
    partnership that has none; returns how many were opened.

    ``today`` is an ISO date (default: today, UTC). Calls
    :func:`~smartregions.partnerships.domain.monitoring.reports.open_report_periods`, which
    never opens a period twice, so a retry or a second run is harmless.
    """
    return len(reports.open_report_periods(today=_day(today)))


@task()
def send_report_reminders(today: str | None = None) -> dict[str, int]:
    """Send the due-soon, due-today and overdue reminders of progress reports; returns how
    many of each kind were sent.

    ``today`` is an ISO date (default: today, UTC). Calls
    :func:`~smartregions.partnerships.domain.monitoring.reminders.send_report_reminders`,
    which sends each kind at most once per report.
    """
    return reminders.send_report_reminders(today=_day(today))
