"""Reminders before and after a report's due date: which kind when, each at most once, the
task and the cron command that run them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from smartregions.common.models import Notification
from smartregions.partnerships.domain.monitoring.reminders import (
    reminder_kind,
    send_report_reminders,
)
from smartregions.partnerships.enums import PartnershipStatus, ReportStatus
from smartregions.partnerships.models import ProgressReport, ReportReminder
from smartregions.partnerships.tasks import open_report_periods as open_task
from smartregions.partnerships.tasks import send_report_reminders as reminder_task
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import ProgressReportFactory

DUE = dt.date(2026, 7, 31)
NONE_SENT = {"upcoming": 0, "due": 0, "overdue": 0}


@pytest.fixture
def w(db):
    return monitoring_world()


@pytest.fixture
def draft(w):
    return ProgressReportFactory(partnership=w.p)  # 2026-H1, due 31 July 2026


@pytest.mark.parametrize(
    ("days_left", "kind"),
    [(15, None), (14, "upcoming"), (1, "upcoming"), (0, "due"), (-1, "overdue"), (-90, "overdue")],
)
def test_reminder_kind_by_days_left(days_left, kind):
    assert reminder_kind(due=DUE, today=DUE - dt.timedelta(days=days_left)) == kind


def test_reminders_go_out_once_each_at_their_time(w, draft, django_capture_on_commit_callbacks):
    days = [
        (dt.date(2026, 7, 16), NONE_SENT),
        (dt.date(2026, 7, 17), NONE_SENT | {"upcoming": 1}),
        (dt.date(2026, 7, 20), NONE_SENT),
        (dt.date(2026, 7, 31), NONE_SENT | {"due": 1}),
        (dt.date(2026, 7, 31), NONE_SENT),
        (dt.date(2026, 8, 1), NONE_SENT | {"overdue": 1}),
        (dt.date(2026, 9, 1), NONE_SENT),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        sent = [send_report_reminders(today=day) for day, _ in days]
    assert sent == [expected for _, expected in days]
    reminders = ReportReminder.objects.filter(report=draft).order_by("sent_at", "id")
    assert [(r.kind, r.recipients) for r in reminders] == [
        ("upcoming", 2),
        ("due", 2),
        ("overdue", 2),
    ]
    notes = Notification.objects.filter(kind__startswith="report.reminder.")
    assert sorted(set(notes.values_list("recipient__email", flat=True))) == [
        "colead@example.eu",
        "lead@example.eu",
    ]
    assert notes.filter(kind="report.reminder.overdue").first().title == (
        "Progress report overdue: Hydrogen valleys, January-June 2026"
    )
    assert len(mail.outbox) == 6
    assert mail.outbox[0].subject == (
        "[smartregions] Progress report due on 2026-07-31: Hydrogen valleys, January-June 2026"
    )


def test_a_late_first_run_sends_only_the_overdue_reminder(w, draft):
    assert send_report_reminders(today=dt.date(2026, 8, 10)) == NONE_SENT | {"overdue": 1}
    assert list(ReportReminder.objects.values_list("kind", flat=True)) == ["overdue"]


@pytest.mark.parametrize(
    ("status", "sent"),
    [
        (ReportStatus.DRAFT, 1),
        (ReportStatus.CHANGES_REQUESTED, 1),
        (ReportStatus.SUBMITTED, 0),
        (ReportStatus.ACCEPTED, 0),
    ],
)
def test_only_reports_still_with_the_partners_are_reminded(w, status, sent):
    moment = dt.datetime(2026, 7, 2, tzinfo=dt.UTC)
    extra = {}
    if status != ReportStatus.DRAFT:
        extra["submitted_at"] = moment
    if status in (ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED):
        extra["reviewed_at"] = moment
    ProgressReportFactory(partnership=w.p, status=status, **extra)
    assert send_report_reminders(today=dt.date(2026, 8, 2))["overdue"] == sent


def test_reports_of_closed_partnerships_get_no_reminder(w, draft):
    w.p.status = PartnershipStatus.CLOSED
    w.p.closed_at = w.p.launched_at
    w.p.save()
    assert send_report_reminders(today=dt.date(2026, 8, 2)) == NONE_SENT


def test_a_reminder_sent_meanwhile_is_not_sent_again(w, draft):
    ReportReminder.objects.create(report=draft, kind="overdue", recipients=2)
    assert send_report_reminders(today=dt.date(2026, 8, 2)) == NONE_SENT
    assert Notification.objects.count() == 0


def test_tasks_take_an_iso_day_and_return_their_summary(w, draft):
    opened = open_task.enqueue(today="2026-08-02")
    assert opened.return_value == 1  # 2026-H2; the 2026-H1 report exists
    result = reminder_task.enqueue(today="2026-08-02")
    assert result.return_value == NONE_SENT | {"overdue": 1}


def test_commands_run_in_process_with_sync(w):
    out = io.StringIO()
    call_command("create_report_periods", "--today", "2026-08-02", "--sync", stdout=out)
    assert out.getvalue() == (
        "2 progress report(s) opened\n  hydrogen-valleys 2026-01\n  hydrogen-valleys 2026-07\n"
    )
    out = io.StringIO()
    call_command("send_report_reminders", "--today", "2026-08-02", "--sync", stdout=out)
    assert out.getvalue() == "reminders sent: upcoming 0, due 0, overdue 1\n"
    assert ProgressReport.objects.count() == 2


def test_commands_enqueue_the_task_by_default(w):
    out = io.StringIO()
    call_command("send_report_reminders", "--today", "2026-08-02", stdout=out)
    assert out.getvalue().startswith("send_report_reminders enqueued (task ")
    call_command("create_report_periods", stdout=io.StringIO())
    assert ProgressReport.objects.filter(partnership=w.p).exists()


def test_commands_refuse_a_malformed_day(w):
    with pytest.raises(CommandError, match="--today must be a date as YYYY-MM-DD, not '2026-8-2'"):
        call_command("send_report_reminders", "--today", "2026-8-2")


def test_the_final_report_of_a_closed_partnership_is_still_reminded(w, draft):
    ProgressReportFactory(  # 2025-H2, no longer submittable once the partnership closed
        partnership=w.p,
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
        due_date=dt.date(2026, 1, 31),
    )
    w.p.status = PartnershipStatus.CLOSED
    w.p.closed_at = dt.datetime(2026, 5, 15, 10, tzinfo=dt.UTC)  # within 2026-H1
    w.p.save()
    assert send_report_reminders(today=DUE) == {"upcoming": 0, "due": 1, "overdue": 0}
    assert list(ReportReminder.objects.values_list("report_id", "kind")) == [(draft.pk, "due")]
