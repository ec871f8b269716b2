"""A small partner-finding world whose scores can be computed by hand.

NUTS-2 regions AT12, CZ03 (the focal region, with NUTS-3 CZ031 holding its strategy), CZ04,
PL21, SK01, SK02 and the extra-regio CZZZ. NACE C > 28 > 28.1 and J > 62 (depth weights 1, 2,
3). Priorities: CZ031 "Mechatronics" (28.1, robotics), SK01 "Machinery" (28, robotics), PL21
"Mechatronics" (28.1), AT12 "Software" (62); CZ04 and SK02 have none. Two accepted
expressions of interest tie CZ031 organisations to an SK010 organisation (so SK01 has 2 ties).

Evidence (:meth:`PartnerWorld.add_evidence`, dataset ``partner-evidence``, 2022) over four
activities A1..A4: CZ03 is specialised in A1 with densities 80, 60, 20, 0, so
C(CZ03, s) = SK01 0.75, PL21 0.25, AT12 0, SK02 1.0 and relatedness SK01 0.6, PL21 0.1,
AT12 0.8, SK02 0.4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from smartregions.analytics.enums import Quadrant
from smartregions.analytics.models import Dataset, RegionActivityResult
from smartregions.matching.enums import CooperationType, InterestStatus, ProfileKind, ProfileStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.priorities import create_priority
from smartregions.regions.enums import RegionCategory, TaxonomyKind
from smartregions.regions.models import Priority, Region, Term, ThematicArea
from tests.factories.analytics import ComputationRunFactory, DatasetFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import (
    CountryFactory,
    RegionFactory,
    StrategyFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
)

NAMES = {"CZ": "Czechia", "SK": "Slovakia", "AT": "Austria", "PL": "Poland"}
#: code -> (name, category, industrial transition)
REGIONS = {
    "AT12": ("Niederösterreich", RegionCategory.MORE_DEVELOPED, False),
    "CZ03": ("Jihozápad", RegionCategory.LESS_DEVELOPED, False),
    "CZ04": ("Severozápad", RegionCategory.LESS_DEVELOPED, True),
    "PL21": ("Małopolskie", RegionCategory.LESS_DEVELOPED, True),
    "SK01": ("Bratislavský kraj", RegionCategory.MORE_DEVELOPED, False),
    "SK02": ("Západné Slovensko", RegionCategory.TRANSITION, False),
}
#: activity -> label; evidence rows: region -> (present flags, density 0-100, values)
ACTIVITIES = {"A1": "Machine tools", "A2": "Robotics", "A3": "Batteries", "A4": "Software"}
EVIDENCE = {
    "CZ03": ((1, 0, 0, 0), (80.0, 60.0, 20.0, 0.0), (50.0, 10.0, 5.0, 5.0)),
    "SK01": ((0, 1, 0, 0), (30.0, 90.0, 10.0, 10.0), (10.0, 60.0, 5.0, 5.0)),
    "PL21": ((0, 0, 1, 1), (10.0, 20.0, 70.0, 80.0), (5.0, 5.0, 40.0, 40.0)),
    "AT12": ((1, 0, 0, 0), (85.0, 50.0, 15.0, 5.0), (45.0, 15.0, 5.0, 5.0)),
    "SK02": ((0, 1, 1, 0), (40.0, 70.0, 75.0, 10.0), (5.0, 30.0, 30.0, 5.0)),
}


@dataclass
class PartnerWorld:
    regions: dict[str, Region]
    terms: dict[str, Term]
    robotics: ThematicArea
    priorities: dict[str, Priority]
    organisations: dict[str, Organisation]
    dataset: Dataset | None = None
    activities: dict[str, Term] = field(default_factory=dict)

    def add_evidence(self) -> Dataset:
        """Store the evidence rows above with a finished run; returns the dataset."""
        dataset = DatasetFactory(slug="partner-evidence", name="Partner evidence")
        for code, label in ACTIVITIES.items():
            self.activities[code] = TermFactory(
                taxonomy=dataset.activity_taxonomy, code=code, label=label
            )
        RegionActivityResult.objects.bulk_create(
            RegionActivityResult(
                dataset=dataset,
                year=2022,
                region=self.regions[code],
                activity=self.activities[activity],
                value=values[j],
                rca=1.5 if present[j] else 0.5,
                present=bool(present[j]),
                density=density[j],
                cog=None if present[j] else 0.0,
                quadrant=Quadrant.PRESENT if present[j] else Quadrant.LOW_LOW,
            )
            for code, (present, density, values) in EVIDENCE.items()
            for j, activity in enumerate(ACTIVITIES)
        )
        ComputationRunFactory(dataset=dataset)
        self.dataset = dataset
        return dataset


def _profile(owner: Organisation, title: str) -> CooperationProfile:
    return CooperationProfile.objects.create(
        organisation=owner,
        kind=ProfileKind.OFFER,
        cooperation_type=CooperationType.TECHNOLOGY,
        title=title,
        summary=title,
        valid_from=date(2025, 1, 1),
        valid_until=date(2027, 12, 31),
        status=ProfileStatus.PUBLISHED,
        published_at=timezone.now(),
    )


def _tie(sender: Organisation, profile: CooperationProfile, status: str) -> None:
    ExpressionOfInterest.objects.create(
        profile=profile,
        organisation=sender,
        message="We would like to cooperate.",
        status=status,
        responded_at=None if status == InterestStatus.PENDING else timezone.now(),
    )


def build_partner_world() -> PartnerWorld:
    """Write the world described in the module docstring."""
    countries = {code: CountryFactory(code=code, name=name) for code, name in NAMES.items()}
    regions: dict[str, Region] = {}
    for code, (name, category, transition) in REGIONS.items():
        parent = RegionFactory(
            code=code[:2], country=countries[code[:2]], name_latin=NAMES[code[:2]]
        )
        regions[code] = RegionFactory(
            code=code,
            country=countries[code[:2]],
            parent=parent,
            name_latin=name,
            category=category,
            industrial_transition=transition,
        )
    regions["CZ031"] = RegionFactory(
        code="CZ031", country=countries["CZ"], parent=regions["CZ03"], name_latin="Jihočeský kraj"
    )
    regions["SK010"] = RegionFactory(
        code="SK010", country=countries["SK"], parent=regions["SK01"], name_latin="Bratislava"
    )
    regions["CZZZ"] = RegionFactory(
        code="CZZZ", country=countries["CZ"], name_latin="Extra-Regio", is_extra_regio=True
    )
    nace = TaxonomyFactory(slug="nace-rev2", name="NACE Rev. 2", kind=TaxonomyKind.ECONOMIC)
    c = TermFactory(taxonomy=nace, code="C", label="Manufacturing", level=1)
    c28 = TermFactory(taxonomy=nace, code="28", label="Machinery", level=2, parent=c)
    c281 = TermFactory(taxonomy=nace, code="28.1", label="General machinery", level=3, parent=c28)
    j = TermFactory(taxonomy=nace, code="J", label="Information and communication", level=1)
    j62 = TermFactory(taxonomy=nace, code="62", label="Computer programming", level=2, parent=j)
    robotics = ThematicAreaFactory(slug="robotics", name="Robotics")

    def priority(region: str, title: str, description: str, codes: list[Term], **extra) -> Priority:
        strategy = StrategyFactory(region=regions[region], title=f"RIS3 {region}")
        return create_priority(
            actor=None,
            strategy=strategy,
            title=title,
            description=description,
            economic_domains=codes,
            **extra,
        )

    priorities = {
        "CZ031": priority(
            "CZ031",
            "Mechatronics",
            "Strojírenství a mechatronika. Výroba obráběcích strojů.",
            [c281],
            thematic_areas=[robotics],
        ),
        "SK01": priority(
            "SK01",
            "Machinery",
            "Strojárstvo a mechatronika pre priemysel.",
            [c28],
            thematic_areas=[robotics],
        ),
        "PL21": priority("PL21", "Mechatronics", "Mechatronika i automatyka przemysłowa.", [c281]),
        "AT12": priority("AT12", "Software", "Softwareentwicklung und Cloud-Dienste.", [j62]),
    }
    organisations = {
        "brno": OrganisationFactory(name="Budějovice Machines", region=regions["CZ031"]),
        "tabor": OrganisationFactory(name="Tábor Robotics", region=regions["CZ031"]),
        "bratislava": OrganisationFactory(name="Bratislava Automation", region=regions["SK010"]),
        "krakow": OrganisationFactory(name="Kraków Motion", region=regions["PL21"]),
    }
    offer = _profile(organisations["bratislava"], "Robot cells for machine tools")
    _tie(organisations["brno"], offer, InterestStatus.ACCEPTED)
    _tie(organisations["tabor"], offer, InterestStatus.ACCEPTED)
    # A pending and a declined expression are no ties.
    _tie(organisations["krakow"], _profile(organisations["brno"], "Gearboxes"), "pending")
    _tie(organisations["krakow"], offer, InterestStatus.DECLINED)
    return PartnerWorld(
        regions=regions,
        terms={"C": c, "28": c28, "28.1": c281, "J": j, "62": j62},
        robotics=robotics,
        priorities=priorities,
        organisations=organisations,
    )
