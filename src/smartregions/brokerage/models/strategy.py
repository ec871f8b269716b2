"""A group's joint strategy: objectives, target value chains, actions and funding."""

from django.db import models
from django.db.models import Q

from smartregions.brokerage.enums import ActionStatus, FundingSource, FundingStatus


class JointStrategy(models.Model):
    """The strategy an SME group and its broker write together (one per group)."""

    group = models.OneToOneField(
        "brokerage.SmeGroup", on_delete=models.CASCADE, related_name="strategy"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="Vision and summary.")
    target_value_chains = models.TextField(blank=True)
    target_nace_codes = models.ManyToManyField("regions.Term", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "joint strategies"

    def __str__(self) -> str:
        return self.title


class StrategyObjective(models.Model):
    strategy = models.ForeignKey(JointStrategy, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class StrategyAction(models.Model):
    """A joint action: owned by a member organisation or a partner, with a due date."""

    strategy = models.ForeignKey(JointStrategy, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=15, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class StrategyFunding(models.Model):
    """A funding source considered for the strategy."""

    strategy = models.ForeignKey(JointStrategy, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(max_length=20, choices=FundingSource.choices)
    description = models.TextField(blank=True)
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=FundingStatus.choices, default=FundingStatus.IDEA
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=0),
                name="brokerage_funding_amount_not_negative",
                violation_error_message="The amount cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.get_status_display()})"
