"""Enumerations of the regions app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CountryGroup(models.TextChoices):
    EU = "eu", _("EU member state")
    EFTA = "efta", _("EFTA country")
    CANDIDATE = "candidate", _("Candidate or potential candidate country")
    OTHER = "other", _("Other country")


class RegionCategory(models.TextChoices):
    """Cohesion Policy 2021-27 category of a NUTS-2 region (GDP per head vs. EU average)."""

    LESS_DEVELOPED = "less_developed", _("Less developed")
    TRANSITION = "transition", _("Transition")
    MORE_DEVELOPED = "more_developed", _("More developed")


class TaxonomyKind(models.TextChoices):
    """Which axis of a priority a taxonomy codes (the three Eye@RIS3 axes, plus others)."""

    ECONOMIC = "economic", _("Economic domains")
    SCIENTIFIC = "scientific", _("Scientific domains")
    POLICY = "policy", _("EU policy objectives")
    OTHER = "other", _("Other classification")


class StrategyLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    UNDER_REVISION = "under_revision", _("Under revision")
    ARCHIVED = "archived", _("Archived")
