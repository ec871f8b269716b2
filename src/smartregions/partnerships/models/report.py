"""Six-monthly progress reports of partnerships, and the reminders sent about them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.partnerships.enums import ReminderKind, ReportStatus


class ProgressReport(models.Model):
    """A partnership's progress report for one six-month period.

    ``indicators`` is the template's indicator block frozen at submission (members, projects
    by stage, funding secured by source, events held); the narrative fields are the partners'.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="reports"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    indicators = models.JSONField(default=dict, blank=True)
    events_held = models.PositiveIntegerField(default=0)
    achievements = models.TextField(blank=True)
    results = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "partnership_id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period_start"], name="partnerships_report_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="partnerships_report_period_order",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="partnerships_report_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED])
                | Q(reviewed_at__isnull=False),
                name="partnerships_report_reviewed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.period_start:%Y-%m} to {self.period_end:%Y-%m}"


class ReportReminder(models.Model):
    """A reminder sent about a report; the unique key makes the reminder task idempotent."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], name="partnerships_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.kind}"
