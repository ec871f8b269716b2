"""Action plans of partnerships and of industrial-transition regions."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.brokerage.enums import FundingSource
from smartregions.partnerships.enums import ActionStatus


class ActionPlan(models.Model):
    """The action plan of a partnership, or of an industrial-transition region.

    For a region the plan also carries its transition self-assessment (weaknesses and assets),
    its transition priorities, its regional team of experts and the funding opportunities found.
    """

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    region = models.OneToOneField(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transition_plan",
    )
    title = models.CharField(max_length=200)
    weaknesses = models.TextField(blank=True)
    assets = models.TextField(blank=True)
    transition_priorities = models.JSONField(
        default=list, blank=True, help_text="TransitionPriority values."
    )
    experts = models.ManyToManyField(
        "calls.Expert", blank=True, related_name="action_plans", help_text="Regional expert team."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(partnership__isnull=False, region__isnull=True)
                | Q(partnership__isnull=True, region__isnull=False),
                name="partnerships_plan_partnership_xor_region",
                violation_error_message="A plan belongs to a partnership or to a region.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """An action of a plan, with an owner, a deadline, a status and the actions it waits for."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="The owner when not a platform user."
    )
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents"
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, completed_at__isnull=False)
                | (~Q(status=ActionStatus.DONE) & Q(completed_at__isnull=True)),
                name="partnerships_action_done_iff_completed",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FundingOpportunity(models.Model):
    """A funding opportunity identified for a plan (call, programme, loan...)."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="funding_opportunities"
    )
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=30, choices=FundingSource.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name_plural = "funding opportunities"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="partnerships_opportunity_amount_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return self.title
