"""The investment pipeline: bankable interregional projects and their funding mix."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.partnerships.enums import ProjectStage


class Project(models.Model):
    """A bankable interregional project in the pipeline of a partnership (or of a platform)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    thematic_platform = models.ForeignKey(
        "regions.ThematicPlatform", on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    description = models.TextField(blank=True)
    value_chain_segment = models.CharField(max_length=200, blank=True)
    trl_now = models.PositiveSmallIntegerField()
    trl_target = models.PositiveSmallIntegerField()
    lead_region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="led_projects"
    )
    lead_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    partner_regions = models.ManyToManyField(
        "regions.Region", blank=True, related_name="partner_projects"
    )
    partner_organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="partner_projects"
    )
    budget = models.DecimalField(max_digits=14, decimal_places=2, help_text="Total budget, EUR.")
    stage = models.CharField(max_length=20, choices=ProjectStage.choices, default=ProjectStage.IDEA)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["partnership", "stage"]),
            models.Index(fields=["thematic_platform", "stage"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl_now__gte=1, trl_now__lte=9)
                & Q(trl_target__gte=1, trl_target__lte=9),
                name="partnerships_project_trl_1_9",
                violation_error_message="TRLs are numbers from 1 to 9.",
            ),
            models.CheckConstraint(
                condition=Q(trl_target__gte=models.F("trl_now")),
                name="partnerships_project_trl_target_gte_now",
                violation_error_message="The targeted TRL cannot be below the current TRL.",
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="partnerships_project_budget_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.title


class ProjectFunding(models.Model):
    """One source in a project's funding mix, with its amount and how far it is."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(max_length=30, choices=FundingSource.choices)
    status = models.CharField(
        max_length=20, choices=FundingStatus.choices, default=FundingStatus.IDEA
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source"], name="partnerships_funding_unique_source"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="partnerships_funding_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.source} {self.amount}"


class ProjectStageChange(models.Model):
    """One move of a project on the pipeline board (for trends and the audit trail)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=ProjectStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=ProjectStage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage or '-'} -> {self.to_stage}"
