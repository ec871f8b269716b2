"""Classifications (NACE, FORD, NABS, policy objectives, custom lists) and their terms."""

from django.db import models

from smartregions.regions.enums import TaxonomyKind


class Taxonomy(models.Model):
    """A code list such as NACE Rev.2 (``nace-rev2``) or the 2021-27 policy objectives."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TaxonomyKind.choices)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """One code of a taxonomy, with its parent in the same taxonomy."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=20)
    label = models.CharField(max_length=400)
    level = models.PositiveSmallIntegerField(default=1)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["taxonomy", "code"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="term_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
