"""Smart-specialisation strategies and their priorities."""

from django.db import models
from django.db.models import F, Q

from smartregions.regions.enums import StrategyLevel, StrategyStatus


class Strategy(models.Model):
    """An S3 strategy of a region (``region`` set) or of a member state (``region`` empty)."""

    country = models.ForeignKey(
        "regions.Country", on_delete=models.PROTECT, related_name="strategies"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="strategies"
    )
    level = models.CharField(max_length=10, choices=StrategyLevel.choices)
    title = models.CharField(max_length=300)
    period_start = models.PositiveSmallIntegerField()
    period_end = models.PositiveSmallIntegerField()
    document_url = models.URLField(max_length=500, blank=True)
    managing_authority = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    language = models.CharField(max_length=10, blank=True)
    is_synthetic = models.BooleanField(
        default=False, help_text="Generated demo data, shown with a 'synthetic' label."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country__name", "region__code", "-period_start", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            # Partial unique indexes (not ``nulls_distinct``) so SQLite enforces them too.
            models.UniqueConstraint(
                fields=["region", "title"],
                condition=Q(region__isnull=False),
                name="strategy_unique_regional_title",
                violation_error_message="This region already has a strategy with this title.",
            ),
            models.UniqueConstraint(
                fields=["country", "title"],
                condition=Q(region__isnull=True),
                name="strategy_unique_national_title",
                violation_error_message="The country already has a national strategy so titled.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="strategy_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(level=StrategyLevel.NATIONAL, region__isnull=True)
                | Q(level=StrategyLevel.REGIONAL, region__isnull=False),
                name="strategy_level_matches_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_start}-{self.period_end})"


class Priority(models.Model):
    """One declared S3 priority, coded on the three Eye@RIS3 axes.

    ``reference`` identifies the priority within its strategy across export/import round trips.
    ``search_text`` is a normalised (lower-case, accent-free) copy of the searchable text that the
    domain layer keeps up to date; it lets full-text search run as a plain indexed scan on both
    SQLite and PostgreSQL.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    reference = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    economic_domains = models.ManyToManyField(
        "regions.Term", blank=True, related_name="economic_priorities"
    )
    scientific_domains = models.ManyToManyField(
        "regions.Term", blank=True, related_name="scientific_priorities"
    )
    policy_objectives = models.ManyToManyField(
        "regions.Term", blank=True, related_name="policy_priorities"
    )
    thematic_areas = models.ManyToManyField(
        "regions.ThematicArea", blank=True, related_name="priorities"
    )
    keywords = models.JSONField(default=list, blank=True)
    budget_eur = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, blank=True)
    is_synthetic = models.BooleanField(default=False)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["strategy", "reference"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "reference"], name="priority_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="priority_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title
