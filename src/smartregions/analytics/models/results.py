"""Stored results of the evidence engine, per dataset and year, and the runs that made them."""

from django.db import models

from smartregions.analytics.enums import Quadrant, RunStatus


class ComputationRun(models.Model):
    """One (re)computation of a dataset's metrics: parameters, progress and outcome."""

    dataset = models.ForeignKey("analytics.Dataset", on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done, 0-100.")
    message = models.CharField(max_length=500, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="computation_run_progress_lte_100"
            )
        ]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.dataset_id}: {self.status} {self.progress}%"


class RegionYearResult(models.Model):
    """Per region and year: diversity, economic complexity (ECI, rank) and outlook (COI)."""

    dataset = models.ForeignKey("analytics.Dataset", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    total = models.FloatField()
    diversity = models.PositiveIntegerField()
    eci = models.FloatField(null=True)
    eci_rank = models.PositiveIntegerField(null=True)
    coi = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year", "region"], name="region_year_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: ECI {self.eci}"


class ActivityYearResult(models.Model):
    """Per activity and year: ubiquity and product/activity complexity (PCI)."""

    dataset = models.ForeignKey("analytics.Dataset", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    activity = models.ForeignKey("regions.Term", on_delete=models.CASCADE, related_name="+")
    total = models.FloatField()
    ubiquity = models.PositiveIntegerField()
    pci = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year", "activity"], name="activity_year_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.year}: PCI {self.pci}"


class RegionActivityResult(models.Model):
    """Per region, activity and year: RCA, presence, relatedness density, COG and quadrant."""

    dataset = models.ForeignKey("analytics.Dataset", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey("regions.Term", on_delete=models.CASCADE, related_name="+")
    value = models.FloatField()
    rca = models.FloatField()
    present = models.BooleanField()
    density = models.FloatField(help_text="Relatedness density, 0-100.")
    cog = models.FloatField(null=True)
    quadrant = models.SmallIntegerField(choices=Quadrant.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year", "region", "activity"],
                name="region_activity_result_unique",
            )
        ]
        indexes = [models.Index(fields=["dataset", "year", "activity"])]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.activity_id} {self.year}: RCA {self.rca:.2f}"


class RegionPairResult(models.Model):
    """Per ordered region pair and year: complementarity of ``partner`` for ``region`` and
    structural similarity; only the top partners of each region are kept."""

    dataset = models.ForeignKey("analytics.Dataset", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    complementarity = models.FloatField(null=True)
    complementarity_rank = models.PositiveIntegerField(null=True)
    similarity_distance = models.FloatField(null=True)
    similarity_rank = models.PositiveIntegerField(null=True)
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text="Why: complementary activities with contributions; indicator contributions.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year", "region", "partner"], name="region_pair_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id}->{self.partner_id} {self.year}"


class ActivityPairResult(models.Model):
    """Per activity pair and year: proximity (the activity space), strongest links only."""

    dataset = models.ForeignKey("analytics.Dataset", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    activity = models.ForeignKey("regions.Term", on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey("regions.Term", on_delete=models.CASCADE, related_name="+")
    proximity = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year", "activity", "other"], name="activity_pair_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}~{self.other_id} {self.year}: {self.proximity:.3f}"
