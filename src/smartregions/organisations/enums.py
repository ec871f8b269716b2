"""Enumerations of the organisations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    LARGE_COMPANY = "large_company", _("Large company")
    SME = "sme", _("SME")
    RESEARCH = "research", _("University or research organisation")
    CLUSTER = "cluster", _("Cluster")
    TECHNOLOGY_CENTRE = "technology_centre", _("Technology centre")
    INTERMEDIARY = "intermediary", _("Innovation intermediary or broker")
    OTHER = "other", _("Other")


class OrganisationSize(models.TextChoices):
    """EU SME definition (Recommendation 2003/361/EC) by head count."""

    MICRO = "micro", _("Micro (fewer than 10 staff)")
    SMALL = "small", _("Small (10-49 staff)")
    MEDIUM = "medium", _("Medium (50-249 staff)")
    LARGE = "large", _("Large (250 staff or more)")
