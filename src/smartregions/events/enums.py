"""Enumerations of the events app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    BROKERAGE = "brokerage", _("Brokerage event")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")


class EventStatus(models.TextChoices):
    """draft -> published -> (cancelled). Only a published event is public and open."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantType(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    SPEAKER = "speaker", _("Speaker")
    EXHIBITOR = "exhibitor", _("Exhibitor")
    PRESS = "press", _("Press")
    ORGANISER = "organiser", _("Organiser")


class RegistrationStatus(models.TextChoices):
    """pending (approval) / waitlisted (full) -> confirmed; -> cancelled; pending -> declined."""

    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    YES_NO = "yes_no", _("Yes / no")


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    PARALLEL = "parallel", _("Parallel session")
    PITCH = "pitch", _("Pitch session")
    TABLE_ROUND = "table_round", _("Table-discussion round")
    EXHIBITION = "exhibition", _("Exhibition")
    NETWORKING = "networking", _("Networking")
    B2B = "b2b", _("B2B meetings")


class BookingStatus(models.TextChoices):
    """Stand bookings and pitch applications: pending -> approved / declined; withdrawn."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SchedulingMode(models.TextChoices):
    """The two modes b2match offers for a meeting session."""

    PARTICIPANTS_PICK = "participants_pick", _("Participants pick a free common slot")
    ORGANISER_SCHEDULES = "organiser_schedules", _("The organiser runs the automatic scheduler")


class TimePreference(models.TextChoices):
    ANY = "any", _("Any time")
    MORNING = "morning", _("Morning only")
    AFTERNOON = "afternoon", _("Afternoon only")


class MeetingRequestStatus(models.TextChoices):
    """pending -> accepted / declined; pending or accepted -> cancelled (by either side)."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingAttendance(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class CooperationOutcome(models.TextChoices):
    """The post-meeting question "did this lead to cooperation?"."""

    YES = "yes", _("Yes")
    IN_DISCUSSION = "in_discussion", _("Still in discussion")
    NO = "no", _("No")


class ScheduleRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
