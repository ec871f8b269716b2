"""In-app notifications: what happened that a user should know about (also sent by e-mail)."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message to one user about one event, with a link to where to act on it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60, help_text="Dotted event name, e.g. call.published.")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="Site-relative link.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the e-mail copy went out (empty: none sent)."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
