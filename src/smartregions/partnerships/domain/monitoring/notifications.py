"""Who hears about each step of a progress report (in-app and by e-mail, after commit).

Partnership leaders hear that a report is open, that it is due (reminders) and how it was
reviewed; facilitators and administrators hear that a report waits for their review.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregions.common.domain.notifications import notify
from smartregions.partnerships.domain.monitoring.indicators import report_period
from smartregions.partnerships.domain.queries.monitoring import leader_users, staff_users
from smartregions.partnerships.enums import ReminderKind, ReportStatus
from smartregions.partnerships.models import ProgressReport


def _url(report: ProgressReport) -> str:
    return reverse("web:report-detail", args=[report.pk])


def _names(report: ProgressReport) -> dict[str, str]:
    return {
        "partnership": report.partnership.name,
        "period": report_period(report).label,
        "due": report.due_date.isoformat(),
    }


def notify_report_opened(report: ProgressReport) -> int:
    """Tell the partnership's leaders that the report of a period is open for drafting;
    returns how many people were notified."""
    names = _names(report)
    notes = notify(
        recipients=leader_users(report.partnership),
        kind="report.opened",
        title=_("Progress report %(period)s of %(partnership)s is open") % names,
        body=_(
            "The progress report of %(partnership)s for %(period)s is open for drafting. "
            "It is due on %(due)s (UTC)."
        )
        % names,
        url=_url(report),
    )
    return len(notes)


def notify_report_submitted(report: ProgressReport) -> int:
    """Tell the facilitators that a report waits for their review."""
    names = _names(report)
    notes = notify(
        recipients=staff_users(),
        kind="report.submitted",
        title=_("Progress report to review: %(partnership)s, %(period)s") % names,
        body=_("%(partnership)s submitted its progress report for %(period)s.") % names,
        url=_url(report),
        exclude=report.submitted_by,
    )
    return len(notes)


def notify_report_reviewed(report: ProgressReport) -> int:
    """Tell the leaders (and the submitter) that the report was accepted or sent back, with
    the facilitator's comment."""
    names = _names(report)
    if report.status == ReportStatus.ACCEPTED:
        title = _("Progress report accepted: %(partnership)s, %(period)s") % names
        body = _("The facilitators accepted the progress report for %(period)s.") % names
    else:
        title = _("Changes requested: progress report %(period)s of %(partnership)s") % names
        body = _("The facilitators ask for changes to the progress report for %(period)s.") % names
    if report.review_comment:
        body += "\n\n" + _("Comment: %s") % report.review_comment
    recipients = [*leader_users(report.partnership), report.submitted_by]
    notes = notify(
        recipients=recipients,
        kind=f"report.{report.status}",
        title=title,
        body=body,
        url=_url(report),
        exclude=report.reviewed_by,
    )
    return len(notes)


_REMINDER_TEXTS = {
    ReminderKind.UPCOMING: (
        gettext_lazy("Progress report due on %(due)s: %(partnership)s, %(period)s"),
        gettext_lazy(
            "The progress report of %(partnership)s for %(period)s is due on %(due)s (UTC)."
        ),
    ),
    ReminderKind.DUE: (
        gettext_lazy("Progress report due today: %(partnership)s, %(period)s"),
        gettext_lazy(
            "The progress report of %(partnership)s for %(period)s is due today, %(due)s (UTC)."
        ),
    ),
    ReminderKind.OVERDUE: (
        gettext_lazy("Progress report overdue: %(partnership)s, %(period)s"),
        gettext_lazy(
            "The progress report of %(partnership)s for %(period)s was due on %(due)s (UTC). "
            "Please submit it as soon as possible."
        ),
    ),
}


def notify_report_reminder(report: ProgressReport, kind: str) -> int:
    """Remind the leaders that the report is due soon, due today or overdue; returns how many
    people were notified."""
    title, body = _REMINDER_TEXTS[ReminderKind(kind)]
    names = _names(report)
    notes = notify(
        recipients=leader_users(report.partnership),
        kind=f"report.reminder.{kind}",
        title=str(title) % names,
        body=str(body) % names,
        url=_url(report),
    )
    return len(notes)
