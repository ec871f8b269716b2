"""The progress-report workflow: open a period's report, draft it, submit it, review it.

Transitions (each a domain function; who may call it is checked by the surfaces with the rules
in :mod:`smartregions.partnerships.rules.monitoring`)::

    (none) --open_report_periods / start_report--> draft
    draft, changes_requested --update_report--> (same state)
    draft, changes_requested --submit_report--> submitted     (indicators frozen)
    submitted --accept_report--> accepted                     (final)
    submitted --request_report_changes--> changes_requested   (comment required)

Once the partnership has closed, only its final report (of the period in which it closed) is
still updated and submitted (see :mod:`.states`); review goes on as before.

Every write locks the report's row and re-checks its state, so two facilitators reviewing at
once, or a leader editing while another submits, cannot both win. Each step is logged and
notifies the people it concerns (:mod:`.notifications`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.monitoring import notifications
from smartregions.partnerships.domain.monitoring.indicators import live_indicators
from smartregions.partnerships.domain.monitoring.periods import (
    ReportPeriod,
    period_containing,
    period_starting,
)
from smartregions.partnerships.domain.monitoring.states import (
    EDITABLE_STATUSES,
    accepts_partner_work,
)
from smartregions.partnerships.enums import PartnershipStatus, ReportStatus
from smartregions.partnerships.models import Partnership, ProgressReport

#: The narrative sections of the template, all required at submission.
NARRATIVE_FIELDS = ("achievements", "results", "challenges", "next_steps")


def _missing_narrative_messages() -> dict[str, str]:
    return {
        "achievements": _("Describe the achievements of the period before submitting."),
        "results": _("Describe the results of the period before submitting."),
        "challenges": _("Describe the challenges met before submitting."),
        "next_steps": _("Describe the next steps before submitting."),
    }


def lock_report(report: ProgressReport) -> ProgressReport:
    """Lock the report's row for the current transaction and reload ``report`` from it.

    Why: the caller's copy may be stale (another request changed the report meanwhile); every
    check of a write must see the committed row, and concurrent writers wait for each other.
    """
    report.refresh_from_db(from_queryset=ProgressReport.objects.select_for_update())
    return report


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _create_report(
    *, actor: Any, partnership: Partnership, period: ReportPeriod
) -> ProgressReport | None:
    """Create the draft of ``period`` unless another writer just did (then ``None``)."""
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                partnership=partnership,
                period_start=period.start,
                period_end=period.end,
                due_date=period.due,
            )
    except IntegrityError:
        return None
    log_activity(actor=actor, action="report.open", obj=report, data={"period": period.code})
    notifications.notify_report_opened(report)
    return report


def _launched_by(partnership: Partnership, period: ReportPeriod) -> bool:
    launched = partnership.launched_at
    return launched is not None and timezone.localdate(launched) <= period.end


@transaction.atomic
def open_report_periods(*, today: dt.date | None = None) -> list[ProgressReport]:
    """Create the draft report of the current and of the last period for every active
    partnership that has none; returns the reports created.

    A period counts for a partnership launched on or before its last day. Idempotent: a
    second run (or two runs at once) creates nothing more, thanks to the unique
    (partnership, period) constraint. Each new draft is logged (``report.open``) and its
    partnership's leaders are notified. Run daily by the task
    :func:`smartregions.partnerships.tasks.open_report_periods` or
    ``smartregions create_report_periods``.
    """
    current = period_containing(today or timezone.localdate())
    periods = (current.previous(), current)
    existing = set(
        ProgressReport.objects.filter(period_start__in=[p.start for p in periods]).values_list(
            "partnership_id", "period_start"
        )
    )
    created = []
    partnerships = Partnership.objects.filter(
        status=PartnershipStatus.ACTIVE, launched_at__isnull=False
    ).order_by("id")
    for partnership in partnerships:
        for period in periods:
            if (partnership.pk, period.start) in existing or not _launched_by(partnership, period):
                continue
            report = _create_report(actor=None, partnership=partnership, period=period)
            if report is not None:
                created.append(report)
    return created


@transaction.atomic
def start_report(
    *, actor: Any, partnership: Partnership, period_start: dt.date | None = None
) -> ProgressReport:
    """Open the draft report of one period (default: the current one) for an active
    partnership, without waiting for the daily task.

    The period must have begun and the partnership must have been launched by its end; a
    period has one report. Logs ``report.open`` and notifies the leaders.
    """
    today = timezone.localdate()
    period = period_containing(today) if period_start is None else period_starting(period_start)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ValidationError(
            {
                "partnership": _("Only active partnerships report progress; %s is not active.")
                % partnership.name
            }
        )
    if period.start > today:
        raise ValidationError({"period_start": _("The period %s has not begun.") % period.label})
    if not _launched_by(partnership, period):
        raise ValidationError(
            {"period_start": _("The partnership was launched after %s.") % period.label}
        )
    report = _create_report(actor=actor, partnership=partnership, period=period)
    if report is None:
        raise ValidationError(
            {"period_start": _("The report for %s exists already.") % period.label}
        )
    return report


def _check_editable(report: ProgressReport, verb: str) -> None:
    """Refuse partner work on ``report`` (locked) unless its status and its partnership allow
    it. Locks the partnership after the report, so it cannot close in between."""
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {
                "status": _("A report that is %(status)s cannot be %(verb)s.")
                % {"status": report.get_status_display().lower(), "verb": verb}
            }
        )
    partnership = Partnership.objects.select_for_update().get(pk=report.partnership_id)
    if not accepts_partner_work(report, partnership):
        final = period_containing(timezone.localdate(partnership.closed_at))
        raise ValidationError(
            {
                "partnership": _(
                    "%(name)s has closed: only its final report, for %(period)s, can still be "
                    "%(verb)s."
                )
                % {"name": partnership.name, "period": final.label, "verb": verb}
            }
        )


@transaction.atomic
def update_report(
    *,
    actor: Any,
    report: ProgressReport,
    events_held: int,
    achievements: str,
    results: str,
    challenges: str,
    next_steps: str,
) -> ProgressReport:
    """Save the partners' part of a draft (or sent-back) report: the events held in the
    period and the narrative. Refused for a closed partnership's reports but its final one.
    Logs ``report.update`` with the changed fields."""
    lock_report(report)
    _check_editable(report, _("changed"))
    if not isinstance(events_held, int) or events_held < 0:
        raise ValidationError({"events_held": _("The events held are a whole number, 0 or more.")})
    values = {
        "events_held": events_held,
        "achievements": achievements.strip(),
        "results": results.strip(),
        "challenges": challenges.strip(),
        "next_steps": next_steps.strip(),
    }
    changed = [name for name, value in values.items() if getattr(report, name) != value]
    for name, value in values.items():
        setattr(report, name, value)
    report.save(update_fields=[*values, "updated_at"])
    log_activity(actor=actor, action="report.update", obj=report, data={"fields": changed})
    return report


@transaction.atomic
def submit_report(*, actor: Any, report: ProgressReport) -> ProgressReport:
    """Submit a draft (or sent-back) report for review: its indicators are frozen as they
    are now, and the facilitators are notified.

    Refused before the last day of the period (the figures would not cover it), while a
    narrative section is empty, and for a closed partnership's reports but its final one. Logs
    ``report.submit``.
    """
    lock_report(report)
    _check_editable(report, _("submitted"))
    today = timezone.localdate()
    if today < report.period_end:
        raise ValidationError(
            {
                "period_end": _(
                    "The report can be submitted from %(day)s, the last day of its period."
                )
                % {"day": report.period_end.isoformat()}
            }
        )
    messages = _missing_narrative_messages()
    missing = {
        name: messages[name] for name in NARRATIVE_FIELDS if not getattr(report, name).strip()
    }
    if missing:
        raise ValidationError(missing)
    previous = report.status
    report.indicators = live_indicators([report])[report.pk]
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = _actor_or_none(actor)
    report.submitted_at = timezone.now()
    report.save(
        update_fields=["indicators", "status", "submitted_by", "submitted_at", "updated_at"]
    )
    log_activity(
        actor=actor,
        action="report.submit",
        obj=report,
        data={"from": previous, "to": report.status},
    )
    notifications.notify_report_submitted(report)
    return report


def _review(
    *, actor: Any, report: ProgressReport, to: str, comment: str, action: str, verb: str
) -> ProgressReport:
    lock_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(
            {
                "status": _("A report that is %(status)s cannot be %(verb)s.")
                % {"status": report.get_status_display().lower(), "verb": verb}
            }
        )
    report.status = to
    report.reviewed_by = _actor_or_none(actor)
    report.reviewed_at = timezone.now()
    report.review_comment = comment.strip()
    report.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    log_activity(
        actor=actor,
        action=action,
        obj=report,
        data={"from": ReportStatus.SUBMITTED.value, "to": to, "comment": report.review_comment},
    )
    notifications.notify_report_reviewed(report)
    return report


@transaction.atomic
def accept_report(*, actor: Any, report: ProgressReport, comment: str = "") -> ProgressReport:
    """A facilitator accepts a submitted report (final), with an optional comment. Logs
    ``report.accept`` and notifies the leaders and the submitter."""
    return _review(
        actor=actor,
        report=report,
        to=ReportStatus.ACCEPTED,
        comment=comment,
        action="report.accept",
        verb=_("accepted"),
    )


@transaction.atomic
def request_report_changes(*, actor: Any, report: ProgressReport, comment: str) -> ProgressReport:
    """A facilitator sends a submitted report back to the partnership, saying what to change
    (required). The partners edit it and submit it again. Logs ``report.request_changes``
    and notifies the leaders and the submitter."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the partners should change.")})
    return _review(
        actor=actor,
        report=report,
        to=ReportStatus.CHANGES_REQUESTED,
        comment=comment,
        action="report.request_changes",
        verb=_("sent back"),
    )
