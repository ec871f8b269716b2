"""Enumerations of the analytics app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetKind(models.TextChoices):
    """What the values of a dataset mean, which decides the analyses run on it."""

    ACTIVITY = "activity", _("Activity counts (employment, patents, publications...)")
    INDICATORS = "indicators", _("Structural indicators (for similarity)")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Quadrant(models.IntegerChoices):
    """Diversification opportunity quadrants (Balland et al. 2019), and 'already specialised'."""

    PRESENT = -1, _("Already specialised")
    LOW_LOW = 0, _("Low relatedness, low complexity")
    LOW_HIGH = 1, _("Low relatedness, high complexity")
    HIGH_LOW = 2, _("High relatedness, low complexity")
    HIGH_HIGH = 3, _("High relatedness, high complexity (ideal)")
