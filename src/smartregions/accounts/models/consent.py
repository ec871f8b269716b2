"""Consent records (GDPR): what a person agreed to, when, and to which wording."""

from django.conf import settings
from django.db import models

from smartregions.accounts.enums import ConsentPurpose


class ConsentRecord(models.Model):
    """One grant or withdrawal of consent; the latest row per purpose is the current state."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(max_length=30, choices=ConsentPurpose.choices)
    granted = models.BooleanField()
    text_version = models.CharField(max_length=20, default="2026-11")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        state = "granted" if self.granted else "withdrawn"
        return f"{self.user} {state} {self.purpose}"
