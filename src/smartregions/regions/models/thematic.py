"""The S3 thematic platforms and the thematic areas used to tag priorities and organisations."""

from django.db import models


class ThematicPlatform(models.Model):
    """A thematic S3 platform (Energy, Agri-Food, Industrial Modernisation, Blue Economy)."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ThematicArea(models.Model):
    """A thematic area (bioeconomy, big data, cybersecurity...), optionally under a platform."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    platform = models.ForeignKey(
        ThematicPlatform, null=True, blank=True, on_delete=models.SET_NULL, related_name="areas"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
