"""Brokerage cases: an SME's needs assessment and what the broker did with it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.brokerage.enums import CaseOutcome, CaseStatus, ValueChainPosition


class Case(models.Model):
    """An SME's structured needs assessment and its way through the brokerage workflow."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="brokerage_cases"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    challenge = models.TextField()
    thematic_area = models.ForeignKey(
        "regions.ThematicArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nace_codes = models.ManyToManyField("regions.Term", blank=True, related_name="+")
    keywords = models.JSONField(default=list, blank=True)
    target_markets = models.ManyToManyField("regions.Country", blank=True, related_name="+")
    value_chain_position = models.CharField(max_length=30, choices=ValueChainPosition.choices)
    partner_types = models.JSONField(default=list, blank=True)
    trl = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Technology readiness level, 1-9."
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    broker = models.ForeignKey(
        "brokerage.Broker", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    outcome = models.CharField(max_length=30, choices=CaseOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "broker"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.CLOSED) & ~Q(outcome=""))
                | (~Q(status=CaseStatus.CLOSED) & Q(outcome="")),
                name="brokerage_case_closed_iff_outcome",
                violation_error_message="A closed case needs an outcome; an open one has none.",
            ),
            models.CheckConstraint(
                condition=Q(broker__isnull=False)
                | Q(status__in=[CaseStatus.NEW, CaseStatus.CLOSED]),
                name="brokerage_case_worked_has_broker",
                violation_error_message="Only new or closed cases can be without a broker.",
            ),
            models.CheckConstraint(
                condition=Q(trl__isnull=True) | Q(trl__gte=1, trl__lte=9),
                name="brokerage_case_trl_1_9",
                violation_error_message="The TRL is a number from 1 to 9.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseStatusChange(models.Model):
    """One step of a case's history: from which state to which, by whom, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_status or '-'} -> {self.to_status}"
