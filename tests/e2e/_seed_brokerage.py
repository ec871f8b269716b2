"""Brokerage data for the "broker forms an SME group" journey, on top of ``seed_demo``.

A broker of CZ06 (Jihovýchod) with two SME cases from CZ064, and innovation partners: a Slovak
research institute and an Austrian-style cluster in Slovakia working on welding automation, and
a Czech technology centre (same country as the SMEs, so never suggested).
"""

from __future__ import annotations

from dataclasses import dataclass

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import User
from smartregions.brokerage.domain.brokers import register_broker
from smartregions.brokerage.domain.cases import submit_case
from smartregions.brokerage.models import Case
from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.models import Region, Term, ThematicArea

PASSWORD = "correct-horse-battery-staple-42"
BROKER_EMAIL = "broker@example.eu"


@dataclass(frozen=True)
class BrokerageSeed:
    broker: User
    cases: list[Case]


def _nace(*codes: str) -> list[Term]:
    return list(Term.objects.filter(taxonomy__slug="nace-rev2", code__in=codes))


def seed_brokerage() -> BrokerageSeed:
    cz064 = Region.objects.get(code="CZ064", nuts_version=2021)
    cz06 = Region.objects.get(code="CZ06", nuts_version=2021)
    sk01 = Region.objects.get(code="SK01", nuts_version=2021)
    manufacturing = ThematicArea.objects.get(slug="advanced-manufacturing")
    smes = [
        create_organisation(
            actor=None,
            name=name,
            type=OrganisationType.SME,
            region=cz064,
            nace_codes=_nace(code),
            is_synthetic=True,
        )
        for name, code in (("Svařovna Hodonín s.r.o.", "25"), ("Strojírna Blansko s.r.o.", "28"))
    ]
    create_organisation(
        actor=None,
        name="Ústav zvárania Bratislava",
        type=OrganisationType.RESEARCH,
        region=sk01,
        nace_codes=_nace("28", "72"),
        thematic_areas=[manufacturing],
        description="Applied research in robotic welding and automation of metal fabrication.",
        keywords=["welding", "robotics"],
        is_synthetic=True,
    )
    create_organisation(
        actor=None,
        name="Slovak Automotive Cluster",
        type=OrganisationType.CLUSTER,
        region=sk01,
        nace_codes=_nace("29"),
        description="Suppliers of the automotive industry in western Slovakia.",
        is_synthetic=True,
    )
    create_organisation(
        actor=None,
        name="Technologické centrum Brno",
        type=OrganisationType.TECHNOLOGY_CENTRE,
        region=cz064,
        nace_codes=_nace("28"),
        description="Robotic welding test cells.",
        is_synthetic=True,
    )
    broker = User.objects.create_user(BROKER_EMAIL, PASSWORD, full_name="Petra Dvořáková")
    register_broker(
        actor=None, user=broker, region=cz06, nace_codes=_nace("25", "28"), approve=True
    )
    cases = []
    for sme, title, challenge in (
        (
            smes[0],
            "Robotic welding of frames",
            "We weld steel frames by hand and look for robotic welding automation.",
        ),
        (
            smes[1],
            "Automated welding of housings",
            "Our machine housings need automated welding of thick sheets.",
        ),
    ):
        member = User.objects.create_user(f"{sme.slug[:20]}@example.eu", PASSWORD)
        grant_membership(actor=None, user=member, role=Role.ORGANISATION_MEMBER, organisation=sme)
        cases.append(
            submit_case(
                actor=member,
                organisation=sme,
                title=title,
                challenge=challenge,
                value_chain_position="production",
                thematic_area=manufacturing,
                nace_codes=list(sme.nace_codes.all()),
                partner_types=["research"],
            )
        )
    return BrokerageSeed(broker=broker, cases=cases)
