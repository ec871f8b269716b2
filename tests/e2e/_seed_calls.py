"""People and places for the calls and partnership journeys, on top of ``seed_demo``.

Austria (its NUTS 2021 regions with their GISCO boundaries) joins the demo's Czechia and
Slovakia, so a consortium can span three member states. The "Industrial modernisation"
thematic platform takes the demo's "Advanced manufacturing" area. Users: a facilitator, the
representatives of Jihovýchod (CZ06, the lead), Bratislavský kraj (SK01) and Niederösterreich
(AT12), and two experts in the pool: Eva from Vienna, free of conflicts, and Jan from CZ06,
whom the conflict rules exclude from reviewing an application CZ06 leads. Everything goes
through the domain functions, as the seed of the demo does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import User
from smartregions.calls.domain.evaluation.experts import register_expert
from smartregions.partnerships.domain.members import add_member
from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership
from smartregions.partnerships.enums import MemberRole
from smartregions.partnerships.models import Partnership
from smartregions.regions.enums import CountryGroup
from smartregions.regions.models import Country, Region, ThematicArea, ThematicPlatform
from tests.factories.accounts import PASSWORD

FACILITATOR = "facilitator@example.eu"
LEAD = "jihovychod@example.eu"
SLOVAK = "bratislava@example.eu"
AUSTRIAN = "noe@example.eu"
EXPERT = "eva.expert@example.eu"
CONFLICTED_EXPERT = "jan.expert@example.eu"


@dataclass(frozen=True)
class CallsWorld:
    """The handles the journeys use."""

    platform: ThematicPlatform
    area: ThematicArea
    lead_region: Region
    slovak_region: Region
    austrian_region: Region


def _seed_austria(data: Path) -> None:
    austria = Country.objects.create(
        code="AT", iso_code="AT", name="Austria", group=CountryGroup.EU
    )
    collection = json.loads((data / "nuts" / "NUTS_RG_60M_2021_4326.geojson").read_text())
    features = [f for f in collection["features"] if f["properties"]["CNTR_CODE"] == "AT"]
    by_code: dict[str, Region] = {}
    for feature in sorted(features, key=lambda f: f["properties"]["LEVL_CODE"]):
        p = feature["properties"]
        by_code[p["NUTS_ID"]] = Region.objects.create(
            code=p["NUTS_ID"],
            nuts_version=2021,
            level=p["LEVL_CODE"],
            country=austria,
            parent=by_code.get(p["NUTS_ID"][:-1]) if p["LEVL_CODE"] else None,
            name_latin=p["NAME_LATN"],
            name_national=p["NUTS_NAME"],
            boundary=feature["geometry"],
        )


def _user(email: str, name: str, role: str | None = None, **scope: object) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=name)
    if role is not None:
        grant_membership(actor=None, user=user, role=role, **scope)
    return user


def _region(code: str) -> Region:
    return Region.objects.get(code=code, nuts_version=2021)


def seed_calls_world(data: Path) -> CallsWorld:
    """Write Austria, the platform, the users and the expert pool; return the handles."""
    _seed_austria(data)
    platform = ThematicPlatform.objects.create(
        slug="industrial-modernisation", name="Industrial modernisation"
    )
    area = ThematicArea.objects.get(slug="advanced-manufacturing")
    area.platform = platform
    area.save(update_fields=["platform"])
    lead, slovak, austrian = _region("CZ06"), _region("SK01"), _region("AT12")
    _user(FACILITATOR, "Fiona Facilitator", Role.FACILITATOR)
    _user(LEAD, "Lenka Nováková", Role.REGION_REPRESENTATIVE, region=lead)
    _user(SLOVAK, "Peter Horváth", Role.REGION_REPRESENTATIVE, region=slovak)
    _user(AUSTRIAN, "Anna Gruber", Role.REGION_REPRESENTATIVE, region=austrian)
    for email, name, region, expertise in (
        (EXPERT, "Eva Expert", _region("AT13"), "Robotics and automation in manufacturing SMEs."),
        (CONFLICTED_EXPERT, "Jan Expert", lead, "Regional innovation strategies."),
    ):
        register_expert(
            actor=None,
            user=_user(email, name),
            region=region,
            country=region.country,
            thematic_areas=[area],
            expertise=expertise,
        )
    return CallsWorld(
        platform=platform,
        area=area,
        lead_region=lead,
        slovak_region=slovak,
        austrian_region=austrian,
    )


def seed_active_partnership(world: CallsWorld) -> Partnership:
    """A launched partnership led by CZ06 with SK01 (co-lead) and AT12 (member)."""
    partnership = create_partnership(
        actor=None,
        name="Cobots for Danube manufacturers",
        acronym="CoDaM",
        description="Regions that bring collaborative robots to small manufacturers.",
        thematic_platform=world.platform,
        thematic_area=world.area,
        lead_region=world.lead_region,
    )
    add_member(
        actor=None, partnership=partnership, region=world.slovak_region, role=MemberRole.CO_LEAD
    )
    add_member(
        actor=None, partnership=partnership, region=world.austrian_region, role=MemberRole.MEMBER
    )
    return launch_partnership(actor=None, partnership=partnership)
