"""factory_boy factories for the evidence engine's datasets, runs and stored results.

:func:`build_evidence_world` writes a small, fully known set of results (four NUTS-2 regions,
six research topics, two years) that the query, web and API tests assert against exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import factory
from django.utils import timezone

from smartregions.analytics.enums import Quadrant, RunStatus
from smartregions.analytics.models import (
    ActivityPairResult,
    ActivityYearResult,
    ComputationRun,
    Dataset,
    RegionActivityResult,
    RegionPairResult,
    RegionYearResult,
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Region, Taxonomy, Term
from tests.factories.regions import CountryFactory, RegionFactory, TaxonomyFactory, TermFactory


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"dataset-{n}")
    name = factory.Sequence(lambda n: f"Dataset {n}")
    activity_taxonomy = factory.SubFactory(
        TaxonomyFactory, slug="research-topics", name="Research topics", kind=TaxonomyKind.OTHER
    )
    nuts_version = 2021
    region_level = 2
    value_label = "preprints"


class ComputationRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComputationRun

    dataset = factory.SubFactory(DatasetFactory)
    status = RunStatus.DONE
    progress = 100
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)


class RegionYearResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionYearResult

    dataset = factory.SubFactory(DatasetFactory)
    year = 2020
    region = factory.SubFactory(RegionFactory)
    total = 100.0
    diversity = 1
    eci = 0.0
    eci_rank = 1
    coi = 0.0


class ActivityYearResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityYearResult

    dataset = factory.SubFactory(DatasetFactory)
    year = 2020
    activity = factory.SubFactory(TermFactory)
    total = 100.0
    ubiquity = 1
    pci = 0.0


class RegionActivityResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionActivityResult

    dataset = factory.SubFactory(DatasetFactory)
    year = 2020
    region = factory.SubFactory(RegionFactory)
    activity = factory.SubFactory(TermFactory)
    value = 0.0
    rca = 0.0
    present = False
    density = 0.0
    cog = 0.0
    quadrant = Quadrant.LOW_LOW


class RegionPairResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionPairResult

    dataset = factory.SubFactory(DatasetFactory)
    year = 2020
    region = factory.SubFactory(RegionFactory)
    partner = factory.SubFactory(RegionFactory)
    details = factory.LazyFunction(dict)


class ActivityPairResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityPairResult

    dataset = factory.SubFactory(DatasetFactory)
    year = 2020
    activity = factory.SubFactory(TermFactory)
    other = factory.SubFactory(TermFactory)
    proximity = 0.5


def square(lon: float, lat: float) -> dict:
    """A one-degree square polygon (a stand-in boundary)."""
    ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class EvidenceWorld:
    """The rows :func:`build_evidence_world` wrote, by name."""

    dataset: Dataset
    empty: Dataset
    run: ComputationRun
    taxonomy: Taxonomy
    regions: dict[str, Region]
    terms: dict[str, Term]


#: code -> (label, PCI 2020, ubiquity)
TOPICS = {
    "AI": ("Artificial intelligence", 1.5, 2),
    "GEN": ("Genomics", 0.5, 2),
    "QUA": ("Quantum computing", 1.0, 1),
    "ROB": ("Robotics", 0.25, 2),
    "BAT": ("Batteries", -0.75, 2),
    "VAC": ("Vaccines", -1.5, 3),
}
#: code -> (name, country, total, diversity, ECI, rank, COI)
REGIONS = {
    "CZ01": ("Praha", "CZ", 200.0, 2, 1.25, 1, 0.5),
    "CZ02": ("Střední Čechy", "CZ", 100.0, 3, 0.25, 2, 0.75),
    "SK01": ("Bratislavský kraj", "SK", 50.0, 2, -0.5, 3, 1.0),
    "SK02": ("Západné Slovensko", "SK", 50.0, 2, -1.0, 4, None),
}
#: CZ01's row per topic: (value, RCA, present, density, COG, quadrant)
CZ01_ROWS = {
    "AI": (80.0, 2.0, True, 60.0, 0.0, Quadrant.PRESENT),
    "GEN": (50.0, 1.25, True, 55.0, 0.0, Quadrant.PRESENT),
    "ROB": (40.0, 0.8, False, 50.0, 0.3, Quadrant.HIGH_HIGH),
    "BAT": (20.0, 0.5, False, 20.0, 0.1, Quadrant.LOW_LOW),
    "VAC": (10.0, 0.25, False, 35.0, 0.2, Quadrant.HIGH_LOW),
    "QUA": (0.0, 0.0, False, 10.0, 0.4, Quadrant.LOW_HIGH),
}
#: RCA in AI and ROB of the other regions (for the maps).
OTHER_RCA = {"CZ02": (0.5, 1.5), "SK01": (1.5, 0.0), "SK02": (0.0, 1.2)}


def build_evidence_world() -> EvidenceWorld:
    """Write the test world: dataset ``preprints`` (results for 2019 and 2020, one done run) and
    dataset ``patents`` (no results, no run), with four regions and six topics.

    CZ01 (Praha) has every topic: specialised (RCA >= 1) in AI and GEN, and one non-specialised
    topic in each of the four Balland quadrants (density split 28.75, complexity split 1/6).
    Its similar regions are CZ02 (distance 0.5) and SK01 (1.5); its complementary partners SK01
    (0.4; ROB 0.3, QUA 0.1), CZ02 (0.25; ROB 0.15, VAC 0.1) and SK02 (0.1; BAT 0.1).
    """
    taxonomy = TaxonomyFactory(
        slug="research-topics", name="Research topics", kind=TaxonomyKind.OTHER
    )
    terms = {
        code: TermFactory(taxonomy=taxonomy, code=code, label=label)
        for code, (label, _, _) in TOPICS.items()
    }
    regions = {}
    for index, (code, (name, country, *_)) in enumerate(REGIONS.items()):
        regions[code] = RegionFactory(
            code=code,
            level=2,
            name_latin=name,
            name_national=name,
            country=CountryFactory(code=country, name={"CZ": "Czechia", "SK": "Slovakia"}[country]),
            boundary=square(14 + 2 * index, 48 + index % 2),
        )
    dataset = DatasetFactory(
        slug="preprints",
        name="Preprints by research topic",
        activity_taxonomy=taxonomy,
        source="EURITO",
        licence="CC BY 4.0",
    )
    empty = DatasetFactory(slug="patents", name="Patents by technology", activity_taxonomy=taxonomy)
    run = ComputationRunFactory(dataset=dataset, parameters={"threshold": 1.0})
    for code, (_, _, total, diversity, eci, rank, coi) in REGIONS.items():
        RegionYearResultFactory(
            dataset=dataset,
            region=regions[code],
            total=total,
            diversity=diversity,
            eci=eci,
            eci_rank=rank,
            coi=coi,
        )
    RegionYearResultFactory(
        dataset=dataset, year=2019, region=regions["CZ01"], eci=0.75, eci_rank=2, coi=0.5
    )
    RegionYearResultFactory(
        dataset=dataset, year=2019, region=regions["CZ02"], eci=0.9, eci_rank=1, coi=0.1
    )
    for code, (_, pci, ubiquity) in TOPICS.items():
        ActivityYearResultFactory(
            dataset=dataset, activity=terms[code], pci=pci, ubiquity=ubiquity, total=50.0
        )
    for code, (value, rca, present, density, cog, quadrant) in CZ01_ROWS.items():
        RegionActivityResultFactory(
            dataset=dataset,
            region=regions["CZ01"],
            activity=terms[code],
            value=value,
            rca=rca,
            present=present,
            density=density,
            cog=cog,
            quadrant=quadrant,
        )
    for code, (ai, rob) in OTHER_RCA.items():
        for term, rca in ((terms["AI"], ai), (terms["ROB"], rob)):
            RegionActivityResultFactory(
                dataset=dataset,
                region=regions[code],
                activity=term,
                value=10 * rca,
                rca=rca,
                present=rca >= 1,
                density=25.0,
                quadrant=Quadrant.PRESENT if rca >= 1 else Quadrant.LOW_LOW,
            )
    pairs = [
        ("SK01", 0.4, 1, 1.5, 2, [("ROB", 0.3), ("QUA", 0.1)], [("AI", 1.5), ("ROB", 0.75)]),
        ("CZ02", 0.25, 2, 0.5, 1, [("VAC", 0.1), ("ROB", 0.15)], [("ROB", 0.2), ("AI", 0.05)]),
        ("SK02", 0.1, 3, None, None, [("BAT", 0.1)], []),
    ]
    for partner, score, c_rank, distance, s_rank, activities, indicators in pairs:
        RegionPairResultFactory(
            dataset=dataset,
            region=regions["CZ01"],
            partner=regions[partner],
            complementarity=score,
            complementarity_rank=c_rank,
            similarity_distance=distance,
            similarity_rank=s_rank,
            details={
                "complementary_activities": [
                    {"code": c, "term_id": terms[c].pk, "contribution": v} for c, v in activities
                ],
                "similarity_indicators": [
                    {"code": c, "term_id": terms[c].pk, "contribution": v} for c, v in indicators
                ],
            },
        )
    ActivityPairResultFactory(
        dataset=dataset, activity=terms["AI"], other=terms["GEN"], proximity=0.8
    )
    ActivityPairResultFactory(
        dataset=dataset, activity=terms["ROB"], other=terms["AI"], proximity=0.4
    )
    return EvidenceWorld(
        dataset=dataset, empty=empty, run=run, taxonomy=taxonomy, regions=regions, terms=terms
    )
