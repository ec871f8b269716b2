"""Saved marketplace searches and the digests sent for them."""

from django.conf import settings
from django.db import models

from smartregions.matching.enums import DigestFrequency


class SavedSearch(models.Model):
    """A user's marketplace search, re-run by a background task that e-mails new matches.

    ``filters`` holds the same keys as the marketplace search form (kind, cooperation type,
    NACE codes, thematic areas, countries, TRL range), so the digest and the web page find the
    same profiles.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=200)
    query = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    is_active = models.BooleanField(default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SavedSearchDelivery(models.Model):
    """One digest e-mail sent for a saved search, naming the profiles it listed.

    The profiles already sent are never sent again, so a digest task that runs twice (a retry
    after a crash) sends nothing new the second time.
    """

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField()
    profiles = models.ManyToManyField("matching.CooperationProfile", related_name="+")

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.saved_search} at {self.sent_at:%Y-%m-%d %H:%M}"
