"""A person's registration to an event (personal data: purged after the event's retention date)."""

from django.conf import settings
from django.db import models

from smartregions.events.enums import ParticipantType, RegistrationStatus


class Registration(models.Model):
    """``user`` registered to ``event`` as ``participant_type``.

    One row per person and event: cancelling keeps the row (status ``cancelled``) and
    registering again reuses it. The waiting list is ordered by ``waitlisted_at``. Consent is
    recorded with the wording's version; the row is deleted after ``retention_until``.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    participant_type = models.CharField(
        max_length=20, choices=ParticipantType.choices, default=ParticipantType.DELEGATE
    )
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
        help_text="The region the participant represents or comes from.",
    )
    badge_name = models.CharField(max_length=120, help_text="Name printed on the badge.")
    job_title = models.CharField(max_length=120, blank=True)
    answers = models.JSONField(default=dict, blank=True, help_text="Question id -> answer.")
    consent_given_at = models.DateTimeField()
    consent_version = models.CharField(max_length=20)
    consent_text = models.TextField(
        blank=True, help_text="The exact consent wording agreed to (copied at registration)."
    )
    retention_until = models.DateField()
    registered_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    confirmation_emailed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the confirmation with the calendar file went out (reset on confirming).",
    )

    class Meta:
        ordering = ["event", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                name="registration_unique_person",
                violation_error_message="This person is already registered to the event.",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        # ids only: activity-log entries copy this text and must hold no personal data
        return f"registration {self.pk} @ event {self.event_id}"

    @property
    def is_active(self) -> bool:
        return self.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)
