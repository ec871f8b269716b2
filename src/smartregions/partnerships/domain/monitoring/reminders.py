"""Reminders about progress reports that are not submitted yet: due soon, due today, overdue.

Each kind goes out at most once per report (``ReportReminder`` is unique per report and kind),
so the daily run can repeat or overlap without sending anything twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.monitoring import notifications
from smartregions.partnerships.domain.monitoring.periods import REMINDER_LEAD_DAYS
from smartregions.partnerships.domain.monitoring.reports import lock_report
from smartregions.partnerships.domain.monitoring.states import (
    EDITABLE_STATUSES,
    accepts_partner_work,
)
from smartregions.partnerships.enums import PartnershipStatus, ReminderKind
from smartregions.partnerships.models import ProgressReport, ReportReminder


def reminder_kind(*, due: dt.date, today: dt.date) -> str | None:
    """The reminder a report due on ``due`` needs on ``today``: "upcoming" within
    :data:`REMINDER_LEAD_DAYS` days before, "due" on the day, "overdue" after, else ``None``."""
    days_left = (due - today).days
    if days_left < 0:
        return ReminderKind.OVERDUE
    if days_left == 0:
        return ReminderKind.DUE
    if days_left <= REMINDER_LEAD_DAYS:
        return ReminderKind.UPCOMING
    return None


def _remind(report_id: int, kind: str) -> bool:
    """Send reminder ``kind`` about one report in its own transaction; False when the report
    was submitted meanwhile or another run sent this reminder first."""
    with transaction.atomic():
        report = ProgressReport.objects.select_related("partnership").get(pk=report_id)
        lock_report(report)
        if not accepts_partner_work(report):
            return False
        try:
            with transaction.atomic():
                reminder = ReportReminder.objects.create(report=report, kind=kind)
        except IntegrityError:
            return False
        reminder.recipients = notifications.notify_report_reminder(report, kind)
        reminder.save(update_fields=["recipients"])
        log_activity(
            actor=None,
            action="report.remind",
            obj=report,
            data={"kind": kind, "recipients": reminder.recipients},
        )
        return True


def send_report_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind the leaders of every active partnership whose report is not submitted yet and
    is due within :data:`REMINDER_LEAD_DAYS` days, due today or overdue; a closed partnership's
    leaders hear about its final report only (the others can no longer be submitted).

    Only the reminder that fits today is sent (a report found overdue does not also get the
    "due soon" one), each kind at most once per report; reports waiting for review or accepted
    get none. Each reminder is its own transaction: notification, ``ReportReminder`` row and
    ``report.remind`` log entry commit together. Returns how many of each kind were sent.
    Run daily by :func:`smartregions.partnerships.tasks.send_report_reminders` or
    ``smartregions send_report_reminders``.
    """
    today = today or timezone.localdate()
    final = Q(
        partnership__status=PartnershipStatus.CLOSED,
        partnership__closed_at__date__gte=F("period_start"),
        partnership__closed_at__date__lte=F("period_end"),
    )
    candidates = list(
        ProgressReport.objects.filter(
            Q(partnership__status=PartnershipStatus.ACTIVE) | final,
            status__in=EDITABLE_STATUSES,
            due_date__lte=today + dt.timedelta(days=REMINDER_LEAD_DAYS),
        )
        .order_by("due_date", "id")
        .values_list("pk", "due_date")
    )
    sent_before = set(
        ReportReminder.objects.filter(report_id__in=[pk for pk, _ in candidates]).values_list(
            "report_id", "kind"
        )
    )
    sent: Counter[str] = Counter()
    for pk, due in candidates:
        kind = reminder_kind(due=due, today=today)
        if kind is not None and (pk, kind) not in sent_before and _remind(pk, kind):
            sent[kind] += 1
    return {kind: sent.get(kind, 0) for kind in ReminderKind.values}
