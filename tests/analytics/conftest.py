"""Shared fixtures of the analytics tests: registries, taxonomies and a small known dataset.

Other test modules (queries, web, API) use these by name; keep the names stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from smartregions.analytics.domain.datasets import create_dataset
from smartregions.analytics.models import Dataset, Observation
from smartregions.regions.domain.countries import import_countries
from smartregions.regions.domain.nuts import import_nuts_changes, import_nuts_geojson
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Region, Taxonomy, Term
from tests.factories.regions import CountryFactory, RegionFactory, TaxonomyFactory, TermFactory

# Five Austrian NUTS-2 regions x four NACE sections: a matrix whose indicators are easy to
# check by hand (and against compute_all); its presence network is connected, so ECI is
# defined. Rows = SMALL_REGIONS, columns = SMALL_ACTIVITIES.
SMALL_REGIONS = ("AT11", "AT12", "AT13", "AT21", "AT22")
SMALL_ACTIVITIES = ("C", "F", "J", "M")
SMALL_VALUES = np.array(
    [
        [10.0, 2.0, 5.0, 0.0],
        [1.0, 8.0, 2.0, 3.0],
        [4.0, 4.0, 1.0, 6.0],
        [1.0, 0.0, 9.0, 2.0],
        [3.0, 5.0, 0.0, 7.0],
    ]
)
NACE_SECTIONS = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C": "Manufacturing",
    "F": "Construction",
    "G": "Wholesale and retail trade",
    "J": "Information and communication",
    "K": "Financial and insurance activities",
    "M": "Professional, scientific and technical activities",
}


@pytest.fixture
def nuts_registry(shared_data) -> None:
    """Real registry: countries, the 334 NUTS-2 regions of 2021 and the 2013-2016-2021 changes."""
    import_countries()
    import_nuts_geojson(path=shared_data / "nuts" / "NUTS_RG_60M_2021_4326_LEVL_2.geojson")
    import_nuts_changes(path=shared_data / "nuts" / "NUTS2013-NUTS2016.xlsx")
    import_nuts_changes(path=shared_data / "nuts" / "NUTS2021.xlsx")


@pytest.fixture
def small_regions() -> dict[str, Region]:
    """The five NUTS-2 2021 regions of the small dataset (factories, no boundaries)."""
    austria = CountryFactory(code="AT")
    return {code: RegionFactory(code=code, country=austria) for code in SMALL_REGIONS}


@pytest.fixture
def nace_sections() -> Taxonomy:
    """A ``nace-rev2`` taxonomy holding a few NACE sections (enough for Eurostat files)."""
    taxonomy = TaxonomyFactory(slug="nace-rev2", kind=TaxonomyKind.ECONOMIC)
    for code, label in NACE_SECTIONS.items():
        TermFactory(taxonomy=taxonomy, code=code, label=label, level=1)
    return taxonomy


@pytest.fixture
def custom_taxonomy() -> Taxonomy:
    """An empty custom (kind "other") taxonomy, where imports may create activities."""
    return TaxonomyFactory(slug="custom-topics", name="Custom topics", kind=TaxonomyKind.OTHER)


@pytest.fixture
def nace_dataset(nace_sections, small_regions) -> Dataset:
    """An empty NUTS-2 2021 activity dataset coded in NACE."""
    return create_dataset(
        actor=None,
        slug="employment",
        name="Employment by sector",
        activity_taxonomy=nace_sections,
        nuts_version=2021,
        region_level=2,
        value_label="persons employed",
    )


@dataclass(frozen=True)
class SmallDataset:
    """The small dataset with the matrix and year it was filled with."""

    dataset: Dataset
    values: np.ndarray
    regions: tuple[str, ...]
    activities: tuple[str, ...]
    year: int


@pytest.fixture
def small_dataset(nace_dataset) -> SmallDataset:
    """``nace_dataset`` holding SMALL_VALUES for 2020 (zero cells are not stored)."""
    regions = dict(Region.objects.filter(code__in=SMALL_REGIONS).values_list("code", "pk"))
    terms = dict(
        Term.objects.filter(taxonomy=nace_dataset.activity_taxonomy).values_list("code", "pk")
    )
    Observation.objects.bulk_create(
        Observation(
            dataset=nace_dataset,
            year=2020,
            region_id=regions[region],
            activity_id=terms[activity],
            value=float(SMALL_VALUES[i, j]),
        )
        for i, region in enumerate(SMALL_REGIONS)
        for j, activity in enumerate(SMALL_ACTIVITIES)
        if SMALL_VALUES[i, j] > 0
    )
    return SmallDataset(nace_dataset, SMALL_VALUES, SMALL_REGIONS, SMALL_ACTIVITIES, 2020)
