"""B2B matchmaking: profiles, meeting sessions with slots and tables, requests, meetings, runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.events.enums import (
    CooperationOutcome,
    MeetingAttendance,
    MeetingRequestStatus,
    ScheduleRunStatus,
    SchedulingMode,
    TimePreference,
)


class MatchmakingProfile(models.Model):
    """What a participant offers and seeks; shown to others only when ``is_visible``.

    The rest of the profile (organisation, region, marketplace items) is read from the
    registration's organisation and region, never copied.
    """

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="matchmaking_profile"
    )
    headline = models.CharField(max_length=200)
    offering = models.TextField(blank=True)
    seeking = models.TextField(blank=True)
    is_visible = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.headline


class MeetingSession(models.Model):
    """A block of one-to-one meetings: its slots, its number of tables and its scheduling mode."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="meeting_sessions"
    )
    session = models.OneToOneField(
        "events.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_session",
        help_text="The programme session (kind B2B) it belongs to, if any.",
    )
    title = models.CharField(max_length=200)
    mode = models.CharField(
        max_length=30, choices=SchedulingMode.choices, default=SchedulingMode.ORGANISER_SCHEDULES
    )
    tables = models.PositiveSmallIntegerField(help_text="Meetings that can run at once.")
    requests_close_at = models.DateTimeField(null=True, blank=True)
    schedule_published = models.BooleanField(
        default=False, help_text="Participants see their scheduled meetings once published."
    )

    class Meta:
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingSlot(models.Model):
    meeting_session = models.ForeignKey(
        MeetingSession, on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    tables = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Tables in this slot (none: the session's)."
    )

    class Meta:
        ordering = ["meeting_session", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting_session", "starts_at"],
                name="meeting_slot_unique_start",
                violation_error_message="The session already has a slot starting then.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_slot_ends_after_start",
                violation_error_message="A slot must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_session_id}@{self.starts_at:%Y-%m-%d %H:%M}"


class Unavailability(models.Model):
    """A slot in which a participant cannot meet (availability = the other slots)."""

    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="unavailable_slots"
    )
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="unavailable")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="unavailability_unique")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} not in slot {self.slot_id}"


class MeetingRequest(models.Model):
    """A participant asking another for a one-to-one meeting in a meeting session."""

    meeting_session = models.ForeignKey(
        MeetingSession, on_delete=models.CASCADE, related_name="requests"
    )
    requester = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="sent_meeting_requests"
    )
    recipient = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="received_meeting_requests"
    )
    message = models.TextField(blank=True)
    time_preference = models.CharField(
        max_length=20, choices=TimePreference.choices, default=TimePreference.ANY
    )
    status = models.CharField(
        max_length=20, choices=MeetingRequestStatus.choices, default=MeetingRequestStatus.PENDING
    )
    response_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting_session", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=models.F("recipient")),
                name="meeting_request_not_self",
                violation_error_message="Nobody can request a meeting with themselves.",
            ),
            models.UniqueConstraint(
                fields=["meeting_session", "requester", "recipient"],
                condition=Q(
                    status__in=[MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED]
                ),
                name="meeting_request_one_open",
                violation_error_message="There is already an open request between them.",
            ),
        ]
        indexes = [models.Index(fields=["meeting_session", "status"])]

    def __str__(self) -> str:
        return f"{self.requester_id} -> {self.recipient_id} ({self.status})"


class Meeting(models.Model):
    """An accepted request; placed when it has a slot and a table. Locked meetings keep them."""

    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    meeting_session = models.ForeignKey(
        MeetingSession, on_delete=models.CASCADE, related_name="meetings"
    )
    # RESTRICT: a slot with placed meetings is not deleted on its own (unplace them first), but
    # goes with its event or session together with its meetings (SET_NULL would break the
    # slot-and-table check constraint halfway through that cascade).
    slot = models.ForeignKey(
        MeetingSlot, null=True, blank=True, on_delete=models.RESTRICT, related_name="meetings"
    )
    table_number = models.PositiveSmallIntegerField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    attendance = models.CharField(
        max_length=20, choices=MeetingAttendance.choices, default=MeetingAttendance.PLANNED
    )
    requester_checked_in_at = models.DateTimeField(null=True, blank=True)
    recipient_checked_in_at = models.DateTimeField(null=True, blank=True)
    unplaced_reason = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting_session", "slot__starts_at", "table_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table_number"],
                condition=Q(slot__isnull=False),
                name="meeting_unique_table_in_slot",
                violation_error_message="Another meeting already uses this table in this slot.",
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table_number__isnull=True)
                | Q(slot__isnull=False, table_number__isnull=False),
                name="meeting_slot_and_table_together",
                violation_error_message="A placed meeting has both a slot and a table.",
            ),
            models.CheckConstraint(
                condition=~Q(locked=True) | Q(slot__isnull=False),
                name="meeting_locked_is_placed",
                violation_error_message="Only a placed meeting can be locked.",
            ),
        ]

    def __str__(self) -> str:
        return f"meeting {self.request_id} slot {self.slot_id} table {self.table_number}"


class MeetingOutcome(models.Model):
    """One participant's answer to "did this meeting lead to cooperation?"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="meeting_outcomes"
    )
    outcome = models.CharField(max_length=20, choices=CooperationOutcome.choices)
    comment = models.CharField(max_length=500, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "registration"], name="meeting_outcome_one_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.outcome}"


class ScheduleRun(models.Model):
    """One run of the automatic scheduler on a meeting session, with its report."""

    meeting_session = models.ForeignKey(
        MeetingSession, on_delete=models.CASCADE, related_name="schedule_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ScheduleRunStatus.choices, default=ScheduleRunStatus.QUEUED
    )
    time_limit_seconds = models.PositiveSmallIntegerField(default=30)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    meetings_total = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)
    upper_bound = models.PositiveIntegerField(default=0)
    breaks = models.PositiveIntegerField(default=0)
    fair = models.BooleanField(default=True)
    proven_optimal = models.BooleanField(
        default=False, help_text="The scheduler proved no schedule places more or breaks less."
    )
    elapsed_seconds = models.FloatField(
        null=True, blank=True, help_text="Seconds the scheduler spent (none until it ran)."
    )
    unplaced = models.JSONField(
        default=list, blank=True, help_text="[{meeting: id, reason: text}] for unplaced meetings."
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting_session", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} of session {self.meeting_session_id} ({self.status})"
