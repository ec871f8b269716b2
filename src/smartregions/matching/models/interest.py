"""Expressions of interest: one organisation tells a profile's owner it wants to cooperate."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.matching.enums import InterestStatus


class ExpressionOfInterest(models.Model):
    """``organisation`` is interested in ``profile``; the profile's owner accepts or declines.

    At most one pending expression per organisation and profile (a partial unique index, so it
    holds on SQLite and PostgreSQL). An accepted expression is a cooperation tie between the two
    organisations' regions, which the region partner finder counts.
    """

    profile = models.ForeignKey(
        "matching.CooperationProfile", on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="expressions_of_interest",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField()
    status = models.CharField(
        max_length=10, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "organisation"],
                condition=Q(status=InterestStatus.PENDING),
                name="interest_unique_pending",
                violation_error_message=(
                    "This organisation already has an open expression of interest in the profile."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[InterestStatus.PENDING, InterestStatus.WITHDRAWN])
                | Q(responded_at__isnull=False),
                name="interest_answer_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} -> {self.profile} ({self.status})"
