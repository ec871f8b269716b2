"""NUTS regions of every version, and the correspondence between versions."""

from django.db import models
from django.db.models import Q

from smartregions.regions.enums import RegionCategory


class Region(models.Model):
    """A NUTS region (levels 0-3) of one NUTS version (2016, 2021, 2024).

    Codes are only unique within a version: ``DE91C`` exists from 2016 on, while a code can be
    reused with a new meaning. ``boundary`` is a simplified GeoJSON geometry (WGS84) for maps;
    ``label_lon``/``label_lat`` is GISCO's label point.
    """

    code = models.CharField(max_length=10)
    nuts_version = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    country = models.ForeignKey("regions.Country", on_delete=models.PROTECT, related_name="regions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name_latin = models.CharField(max_length=200)
    name_national = models.CharField(max_length=300, blank=True)
    is_extra_regio = models.BooleanField(
        default=False, help_text="Extra-regio code (ZZ): statistics not attributable to a region."
    )
    # GISCO typologies; codes as published (urban-rural 1-3, mountain 1-4, coastal 1-3, 0 = n/a).
    urban_type = models.PositiveSmallIntegerField(null=True, blank=True)
    mountain_type = models.PositiveSmallIntegerField(null=True, blank=True)
    coastal_type = models.PositiveSmallIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=RegionCategory.choices, blank=True)
    industrial_transition = models.BooleanField(
        default=False,
        help_text="An industrial-transition region (Cohesion Policy 2021-27, e.g. for the "
        "Just Transition Fund and the interregional innovation investments).",
    )
    boundary = models.JSONField(null=True, blank=True)
    label_lon = models.FloatField(null=True, blank=True)
    label_lat = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["nuts_version", "code"], name="region_unique_code"),
            models.CheckConstraint(condition=Q(level__lte=3), name="region_level_0_to_3"),
        ]
        indexes = [models.Index(fields=["nuts_version", "level", "country"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name_latin}"

    @property
    def has_national_name(self) -> bool:
        return bool(self.name_national) and self.name_national != self.name_latin


class NutsCorrespondence(models.Model):
    """How a code of one NUTS version maps to the next (from Eurostat's change tables).

    ``to_code`` is empty when the region was discontinued without a single successor; ``change``
    keeps Eurostat's wording (recoded, boundary shift, merged, split...).
    """

    from_version = models.PositiveSmallIntegerField()
    from_code = models.CharField(max_length=10)
    to_version = models.PositiveSmallIntegerField()
    to_code = models.CharField(max_length=10, blank=True)
    change = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["from_version", "from_code", "to_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_version", "from_code", "to_version", "to_code"],
                name="nuts_correspondence_unique",
            )
        ]
        indexes = [models.Index(fields=["from_version", "from_code"])]

    def __str__(self) -> str:
        target = self.to_code or "-"
        return f"{self.from_code} ({self.from_version}) -> {target} ({self.to_version})"
