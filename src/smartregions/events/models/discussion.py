"""Table discussions: rounds of tables, rapporteurs' notes, and the conclusions harvested."""

from django.conf import settings
from django.db import models

from smartregions.events.domain.people import display_name
from smartregions.events.enums import ActionStatus


class DiscussionRound(models.Model):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="discussion_rounds"
    )
    session = models.ForeignKey(
        "events.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussion_rounds",
    )
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    signup_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["event", "position", "id"]

    def __str__(self) -> str:
        return self.title


class DiscussionTable(models.Model):
    round = models.ForeignKey(DiscussionRound, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=200)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_tables",
    )
    rapporteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_tables",
    )
    capacity = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                name="discussion_table_unique_number",
                violation_error_message="The round already has a table with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"

    @property
    def host_name(self) -> str:
        """The host's name for pages and reports (never an e-mail address); "" without one."""
        return display_name(self.host)

    @property
    def rapporteur_name(self) -> str:
        """The rapporteur's name for pages and reports (never an e-mail address)."""
        return display_name(self.rapporteur)


class GuidingQuestion(models.Model):
    table = models.ForeignKey(DiscussionTable, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["table", "position", "id"]

    def __str__(self) -> str:
        return self.text


class TableSeat(models.Model):
    """A participant at a table: signed up by themselves or assigned by the organisers."""

    round = models.ForeignKey(DiscussionRound, on_delete=models.CASCADE, related_name="seats")
    table = models.ForeignKey(DiscussionTable, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="table_seats"
    )
    assigned = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "registration"],
                name="table_seat_one_per_round",
                violation_error_message="The participant already has a table in this round.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} at table {self.table_id}"


class RapporteurNote(models.Model):
    """One statement a rapporteur recorded for one guiding question of their table."""

    table = models.ForeignKey(DiscussionTable, on_delete=models.CASCADE, related_name="notes")
    question = models.ForeignKey(GuidingQuestion, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="None while the rapporteur is still drafting."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["table", "question", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Conclusion(models.Model):
    """A conclusion curated by organisers, linked back to the notes it rests on."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="conclusions")
    round = models.ForeignKey(
        DiscussionRound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conclusions",
    )
    question = models.CharField(
        max_length=300, help_text="The guiding question the conclusion answers."
    )
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(RapporteurNote, blank=True, related_name="conclusions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "question", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class FollowUpAction(models.Model):
    conclusion = models.ForeignKey(
        Conclusion, on_delete=models.CASCADE, related_name="follow_up_actions"
    )
    description = models.CharField(max_length=500)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_follow_ups",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conclusion", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_name(self) -> str:
        """The owner's name for pages and reports (never an e-mail address)."""
        return display_name(self.owner)
