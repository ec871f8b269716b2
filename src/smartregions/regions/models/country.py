"""Countries covered by NUTS, with both the Eurostat and the ISO 3166-1 codes."""

from django.db import models

from smartregions.regions.enums import CountryGroup


class Country(models.Model):
    """A country. ``code`` is the Eurostat/NUTS code (``EL``, ``UK``); ``iso_code`` is ISO's."""

    code = models.CharField(max_length=2, unique=True)
    iso_code = models.CharField(max_length=2, unique=True)
    iso3_code = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=100)
    group = models.CharField(max_length=10, choices=CountryGroup.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    @property
    def is_eu_member(self) -> bool:
        return self.group == CountryGroup.EU
