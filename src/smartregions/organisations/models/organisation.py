"""Organisations active in regional innovation ecosystems."""

from django.db import models

from smartregions.organisations.enums import OrganisationSize, OrganisationType


class Organisation(models.Model):
    """A company, research organisation, cluster, authority or intermediary in a region."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=320, unique=True)
    type = models.CharField(max_length=20, choices=OrganisationType.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="organisations"
    )
    nace_codes = models.ManyToManyField("regions.Term", blank=True, related_name="organisations")
    thematic_areas = models.ManyToManyField(
        "regions.ThematicArea", blank=True, related_name="organisations"
    )
    size = models.CharField(max_length=10, choices=OrganisationSize.choices, blank=True)
    website = models.URLField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    is_synthetic = models.BooleanField(
        default=False, help_text="Generated demo data, shown with a 'synthetic' label."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["type", "region"])]

    def __str__(self) -> str:
        return self.name
