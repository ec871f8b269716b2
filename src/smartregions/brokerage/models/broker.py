"""Innovation brokers: who they are, where they work and what they know."""

from django.conf import settings
from django.db import models

from smartregions.brokerage.enums import BrokerStatus


class Broker(models.Model):
    """A broker's profile: their region (usually NUTS 2), agency and specialities.

    Only ``active`` brokers receive cases; a registration waits for platform staff to approve it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="broker_profile"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="brokers")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokers",
        help_text="The broker's agency (e.g. an EEN node or regional development agency).",
    )
    thematic_areas = models.ManyToManyField(
        "regions.ThematicArea", blank=True, related_name="brokers"
    )
    nace_codes = models.ManyToManyField("regions.Term", blank=True, related_name="brokers")
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1 codes.")
    bio = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=BrokerStatus.choices, default=BrokerStatus.PENDING
    )
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__full_name", "id"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_active(self) -> bool:
        return self.status == BrokerStatus.ACTIVE
