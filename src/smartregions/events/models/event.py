"""An event: its kind, dates in its own time zone, venue, themes and registration settings."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.events.enums import EventKind, EventStatus, ParticipantType, QuestionKind


class Event(models.Model):
    """A conference, brokerage event, workshop or webinar.

    Times are stored in UTC; ``timezone`` is the IANA zone the event runs in, and every page
    shows its times there, labelled. Registration is open between ``registration_opens_at``
    (none: on publication) and ``registration_closes_at`` (none: until the event starts).
    Registrations are kept until ``retention_until`` and purged after it (GDPR).
    """

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    status = models.CharField(max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    summary = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    timezone = models.CharField(max_length=64, default="Europe/Brussels")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_online = models.BooleanField(default=False)
    online_url = models.URLField(blank=True)
    venue = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.ForeignKey(
        "regions.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        help_text="The host region, if any.",
    )
    thematic_platform = models.ForeignKey(
        "regions.ThematicPlatform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    thematic_areas = models.ManyToManyField(
        "regions.ThematicArea", blank=True, related_name="events"
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events"
    )

    # Registration settings.
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Confirmed participants at most (none: unlimited)."
    )
    approval_required = models.BooleanField(
        default=False, help_text="Organisers approve each registration before it is confirmed."
    )
    participant_types = models.JSONField(
        default=list,
        blank=True,
        help_text="Participant types offered at registration (empty: all).",
    )
    consent_text = models.TextField(
        blank=True, help_text="What participants agree to when they register (shown and recorded)."
    )
    consent_version = models.CharField(max_length=20, default="1")
    retention_until = models.DateField(
        help_text="Registrations and their personal data are deleted after this date."
    )
    matchmaking_enabled = models.BooleanField(default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="An event must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def offered_participant_types(self) -> list[str]:
        return list(self.participant_types) or list(ParticipantType.values)


class RegistrationQuestion(models.Model):
    """A custom question of an event's registration form."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.label
