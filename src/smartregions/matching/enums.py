"""Enumerations of partner finding and the organisation marketplace."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileKind(models.TextChoices):
    """Whether a cooperation profile offers something or looks for it (EEN: offer / request)."""

    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class CooperationType(models.TextChoices):
    """What kind of cooperation a profile is about (the EEN partnering-opportunity types)."""

    TECHNOLOGY = "technology", _("Technology cooperation")
    BUSINESS = "business", _("Business cooperation")
    RESEARCH = "research", _("Research partner search")


class ProfileStatus(models.TextChoices):
    """Workflow of a cooperation profile: draft -> published -> expired (or withdrawn)."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class InterestStatus(models.TextChoices):
    """An expression of interest, answered by the profile owner."""

    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DigestFrequency(models.TextChoices):
    """How often a saved search sends its e-mail digest of new matching profiles."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


#: Technology readiness levels (Horizon Europe definitions), 1-9.
TRL_CHOICES = [
    (1, _("TRL 1 - basic principles observed")),
    (2, _("TRL 2 - technology concept formulated")),
    (3, _("TRL 3 - experimental proof of concept")),
    (4, _("TRL 4 - technology validated in lab")),
    (5, _("TRL 5 - technology validated in relevant environment")),
    (6, _("TRL 6 - technology demonstrated in relevant environment")),
    (7, _("TRL 7 - system prototype demonstration in operational environment")),
    (8, _("TRL 8 - system complete and qualified")),
    (9, _("TRL 9 - actual system proven in operational environment")),
]
