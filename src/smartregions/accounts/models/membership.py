"""Memberships: the roles a user holds, scoped to a region or organisation where relevant."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.accounts.enums import Role


class Membership(models.Model):
    """User ``user`` holds ``role`` (for ``region`` / ``organisation`` when the role is scoped)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=40, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One constraint per scope shape: partial unique indexes work on SQLite and
            # PostgreSQL alike (``nulls_distinct`` is not supported by SQLite).
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region__isnull=True, organisation__isnull=True),
                name="membership_unique_unscoped",
                violation_error_message="The user already holds this role here.",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="membership_unique_region",
                violation_error_message="The user already holds this role here.",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_organisation",
                violation_error_message="The user already holds this role here.",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.REGION_REPRESENTATIVE) | Q(region__isnull=False),
                name="membership_region_representative_has_region",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.ORGANISATION_MEMBER) | Q(organisation__isnull=False),
                name="membership_organisation_member_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.organisation
        return f"{self.user} - {self.get_role_display()}" + (f" ({scope})" if scope else "")
