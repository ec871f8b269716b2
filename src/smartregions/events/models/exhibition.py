"""Exhibition stands, booking requests by regions and organisations, and pitch applications."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.events.domain.people import display_name
from smartregions.events.enums import BookingStatus


class Stand(models.Model):
    """A stand of the event's exhibition catalogue."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="stands")
    code = models.CharField(max_length=20, help_text="e.g. A12")
    size_m2 = models.DecimalField(max_digits=6, decimal_places=1)
    location = models.CharField(max_length=120, help_text="Hall, floor or area.")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["event", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"],
                name="stand_unique_code",
                violation_error_message="The event already has a stand with this code.",
            )
        ]

    def __str__(self) -> str:
        return self.code


class StandBooking(models.Model):
    """A region's or an organisation's request for a stand, approved by the organisers.

    The approved booking is also the exhibitor's showcase page (S3 areas, projects, contacts).
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="stand_bookings"
    )
    stand = models.ForeignKey(
        Stand, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stand_bookings",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    message = models.TextField(blank=True)
    showcase_title = models.CharField(max_length=200)
    showcase_text = models.TextField(blank=True)
    priorities = models.ManyToManyField(
        "regions.Priority", blank=True, related_name="stand_bookings", help_text="S3 areas shown."
    )
    projects = models.ManyToManyField(
        "partnerships.Project", blank=True, related_name="stand_bookings"
    )
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, organisation__isnull=False)
                | Q(region__isnull=False, organisation__isnull=True),
                name="stand_booking_one_exhibitor",
                violation_error_message="A booking is made by a region or by an organisation.",
            ),
            models.UniqueConstraint(
                fields=["stand"],
                condition=Q(status=BookingStatus.APPROVED),
                name="stand_booking_one_approved_per_stand",
                violation_error_message="This stand is already booked.",
            ),
            models.UniqueConstraint(
                fields=["event", "region"],
                condition=Q(
                    region__isnull=False,
                    status__in=[BookingStatus.PENDING, BookingStatus.APPROVED],
                ),
                name="stand_booking_one_active_per_region",
                violation_error_message="The region already has a stand booking at this event.",
            ),
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=Q(
                    organisation__isnull=False,
                    status__in=[BookingStatus.PENDING, BookingStatus.APPROVED],
                ),
                name="stand_booking_one_active_per_organisation",
                violation_error_message=(
                    "The organisation already has a stand booking at this event."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.showcase_title

    @property
    def requester_name(self) -> str:
        """Who asked for the stand, by name (never an e-mail address); empty if unknown."""
        return display_name(self.requested_by)


class PitchApplication(models.Model):
    """A partnership's lead region applying for a pitch slot; organisers accept and order them."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="pitches")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="pitch_applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField()
    duration_minutes = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(
        max_length=20, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    session = models.ForeignKey(
        "events.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="pitches"
    )
    order = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "order", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "partnership"],
                condition=Q(status__in=[BookingStatus.PENDING, BookingStatus.APPROVED]),
                name="pitch_one_active_per_partnership",
                violation_error_message="This partnership already applied for a pitch here.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def applicant_name(self) -> str:
        """Who applied, by name (never an e-mail address); empty if unknown."""
        return display_name(self.applicant)
