"""Evaluation: the expert pool, review assignments, scores, panel consensus and decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from smartregions.calls.enums import DecisionOutcome, ReviewStatus, Stage


class Expert(models.Model):
    """A person in the platform's expert pool (reviewers, partnership and regional experts).

    ``organisation``, ``region`` and ``country`` are the affiliations used to exclude conflicts
    of interest; ``max_load`` caps the reviews assigned automatically per call.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    country = models.ForeignKey(
        "regions.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thematic_areas = models.ManyToManyField("regions.ThematicArea", blank=True, related_name="+")
    expertise = models.TextField(blank=True, help_text="Free-text fields of expertise.")
    max_load = models.PositiveSmallIntegerField(default=10)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name", "user__email"]

    def __str__(self) -> str:
        # Never the e-mail address: an expert's name shows on public partnership pages.
        return self.user.full_name or _("Expert #%s") % self.pk


class Review(models.Model):
    """One expert's review of one application at one stage."""

    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="reviews"
    )
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="reviews")
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    is_automatic = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    total = models.DecimalField(
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Weighted score normalised to 0-100, set on submission.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    recusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "stage"], name="calls_review_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.SUBMITTED)
                | Q(submitted_at__isnull=False, total__isnull=False),
                name="calls_review_submitted_has_total",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
                name="calls_review_total_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} on {self.application} (stage {self.stage})"


class Score(models.Model):
    """A review's score on one criterion, with the expert's comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("calls.Criterion", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="calls_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class PanelConsensus(models.Model):
    """The panel's agreed score and comment for an application at a stage (used to rank)."""

    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="consensus"
    )
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    score = models.DecimalField(max_digits=7, decimal_places=3)
    comment = models.TextField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "panel consensus"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"], name="calls_consensus_unique_stage"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="calls_consensus_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.score}"


class Decision(models.Model):
    """The decision on an application at a stage, with its reasons (sent to the applicants)."""

    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="decisions"
    )
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    reasons = models.TextField()
    rank = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stage", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"], name="calls_decision_unique_stage"
            ),
            models.CheckConstraint(condition=~Q(reasons=""), name="calls_decision_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.outcome}"
