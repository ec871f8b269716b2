"""Datasets of region x activity x year values, stored in long form."""

from django.db import models

from smartregions.analytics.enums import DatasetKind


class Dataset(models.Model):
    """A region x activity x year panel (e.g. preprints by research topic and NUTS-2 region).

    ``activity_taxonomy`` is the code list the activities belong to (NACE, IPC, research topics or
    a custom list created for the dataset). ``nuts_version`` is the NUTS version of the stored
    region links: data coded in older versions is recoded on import.
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(
        max_length=20, choices=DatasetKind.choices, default=DatasetKind.ACTIVITY
    )
    source = models.CharField(max_length=500, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    value_label = models.CharField(max_length=100, default="value")
    activity_taxonomy = models.ForeignKey(
        "regions.Taxonomy", on_delete=models.PROTECT, related_name="datasets"
    )
    nuts_version = models.PositiveSmallIntegerField()
    region_level = models.PositiveSmallIntegerField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One value: region x activity x year of a dataset."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="observations")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey("regions.Term", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "year", "region", "activity"], name="observation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="observation_value_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}/{self.year}/{self.region_id}/{self.activity_id}={self.value}"
