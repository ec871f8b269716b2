"""The programme: rooms, sessions, speakers and each participant's personal agenda."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.events.domain.people import display_name
from smartregions.events.enums import SessionKind


class Room(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"],
                name="room_unique_name",
                violation_error_message="The event already has a room with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """A slot of the programme. Overlaps are allowed but reported as conflicts (warnings)."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="sessions")
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    seat_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Participants who may add it to their agenda (none: no limit).",
    )

    class Meta:
        ordering = ["event", "starts_at", "room__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message="A session must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SessionSpeaker(models.Model):
    """A speaker of a session: a platform user, or a guest named by the organiser."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaking_sessions",
    )
    name = models.CharField(max_length=120)
    affiliation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=60, blank=True, help_text="e.g. moderator, panellist.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="speaker_unique_user",
                violation_error_message="This person already speaks in the session.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def account_name(self) -> str:
        """The speaker's platform account, by name (never an e-mail address); empty for a
        guest."""
        return display_name(self.user)


class AgendaEntry(models.Model):
    """A session in a participant's personal agenda (holds a seat when the session is limited)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_entries")
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="agenda_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                name="agenda_entry_unique",
                violation_error_message="The session is already in the agenda.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} attends {self.session_id}"
