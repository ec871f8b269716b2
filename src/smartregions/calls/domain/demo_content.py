"""What the demo calls say (:mod:`smartregions.calls.domain.demo`): their form fields and
criteria, and the texts and answers of the demo applications. Plain data, no database access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartregions.calls.enums import FieldType


@dataclass(frozen=True)
class DemoField:
    """A question of a demo call's form (arguments of ``add_call_field``)."""

    key: str
    label: str
    type: str
    help_text: str = ""
    choices: tuple[str, ...] = ()
    is_required: bool = True
    max_length: int | None = None


@dataclass(frozen=True)
class DemoCriterion:
    """A weighted criterion of a demo call (arguments of ``add_criterion``)."""

    name: str
    description: str
    weight: int = 1
    threshold: int | None = None


@dataclass(frozen=True)
class DemoApplication:
    """A demo application: texts, thematic area (slug) and answers to the call's fields."""

    title: str
    acronym: str
    area: str
    summary: str
    answers: dict[str, Any] = field(default_factory=dict)


OBJECTIVES = DemoField(
    "objectives",
    "Objectives",
    FieldType.TEXTAREA,
    "What the partnership will achieve in its first three years.",
    max_length=3000,
)
BUDGET = DemoField(
    "budget",
    "Indicative budget (EUR)",
    FieldType.NUMBER,
    "The joint budget of the first three years, all partners together.",
    is_required=False,
)
OPEN_FIELDS = (
    OBJECTIVES,
    BUDGET,
    DemoField(
        "sector",
        "Sector",
        FieldType.CHOICE,
        "The part of the hydrogen value chain the partnership starts from.",
        choices=("Production", "Storage and distribution", "Industrial use", "Mobility"),
    ),
)
CLOSED_FIELDS = (
    OBJECTIVES,
    DemoField(
        "added_value",
        "Added value of working across regions",
        FieldType.TEXTAREA,
        "Why the regions achieve more together than each on its own.",
        max_length=2000,
    ),
    BUDGET,
)
RELEVANCE = DemoCriterion(
    "Relevance", "Fit with the partners' smart specialisation strategies and the call's theme."
)
IMPACT = DemoCriterion(
    "Impact", "Investments, jobs and emissions cut that the partnership can credibly reach.", 2, 3
)
CONSORTIUM = DemoCriterion(
    "Quality of the consortium", "Complementary partners with the capacity to deliver."
)

DRAFT = DemoApplication(
    "South Bohemian hydrogen valley",
    "SB-H2",
    "smart-grids",
    (
        "Green hydrogen from solar and hydro power for the region's glass, food and transport "
        "companies, with storage and a regional refuelling network."
    ),
    {
        "objectives": (
            "Build a regional hydrogen valley: two electrolysers fed by solar and hydro power, "
            "a storage site, hydrogen buses on two regional lines, and a shared training "
            "programme for technicians with the partner regions."
        ),
        "budget": 4_500_000,
    },
)
SUBMITTED = (
    DemoApplication(
        "Textile Recycling Valleys",
        "TEXVAL",
        "textiles",
        (
            "Regions with textile industry join forces to sort, recycle and re-spin post-consumer "
            "textiles, from collection schemes to fibre-to-fibre pilot lines."
        ),
        {
            "objectives": (
                "Shared sorting hubs with near-infrared scanners, two fibre-to-fibre recycling "
                "pilot lines and a digital product passport for garments made in the regions."
            ),
            "added_value": (
                "The partners cover the whole value chain: collection in the lead region, "
                "sorting technology in the second, spinning mills in the third."
            ),
            "budget": 9_800_000,
        },
    ),
    DemoApplication(
        "Collaborative robots for small manufacturers",
        "COBOT4SME",
        "advanced-manufacturing",
        (
            "Test beds where small metal and wood-working firms try collaborative robots before "
            "they buy, with vouchers for integration projects."
        ),
        {
            "objectives": (
                "Three robot test beds, 120 small firms trained, 40 integration projects "
                "co-financed with vouchers."
            ),
            "added_value": "One test bed per region, open to the firms of all partner regions.",
            "budget": 3_200_000,
        },
    ),
    DemoApplication(
        "Trustworthy AI on the shop floor",
        "AI-FLOOR",
        "artificial-intelligence-hmi",
        "Quality inspection and predictive maintenance with explainable machine learning.",
        {
            "objectives": (
                "A shared library of explainable inspection models, validated in six factories."
            ),
            "added_value": "Pooled training data that no single region's industry could gather.",
            "budget": 2_600_000,
        },
    ),
    DemoApplication(
        "Circular chemicals from plastic waste",
        "CHEMLOOP",
        "chemicals",
        "Chemical recycling of mixed plastic waste into feedstock for regional chemical parks.",
        {
            "objectives": "A demonstration pyrolysis unit and offtake agreements with two parks.",
            "added_value": "Waste from three regions makes one plant viable.",
            "budget": 14_000_000,
        },
    ),
    DemoApplication(
        "Medical devices by additive manufacturing",
        "MEDAM",
        "medical-technologies",
        "3D-printed implants and surgical guides made with hospitals and small med-tech firms.",
        {
            "objectives": "A certified printing pilot line and ten devices through approval.",
            "added_value": "Hospitals, printers and regulators' experts from four regions.",
            "budget": 5_400_000,
        },
    ),
)
