"""A small, fully known world for the investment-pipeline tests (``build_pipeline_world()``).

Regions (NUTS 2021): CZ06 (with CZ064 below it), SK01, DE11, PL21, HU11, AT13. Platforms:
Energy and Agri-food.

* Partnership **P** "Hydrogen Valleys" (active, Energy): CZ06 lead, SK01 co-lead, DE11 and PL21
  members and the organisation "Brno Hydrogen Cluster" (member).
* Partnership **F** "Forming Batteries" (forming, Energy): AT13 lead.
* Partnership **C** "Closed Grids" (closed, Energy): CZ06 lead.

Users (``w.users[name]``): ``admin`` (platform admin), ``fac`` (facilitator), ``lead`` (represents
CZ06, leads P), ``colead`` (SK01), ``member`` (DE11, a member of P), ``orgm`` (member of the
cluster, so of P), ``plrep`` (represents PL21, a member of P and the lead region of the projects
below), ``other`` (represents HU11, nothing to do with anything), ``frep`` (represents AT13,
leads F) and ``user`` (signed in, no role).

Projects: **X** in P at the demonstration stage (proposed by ``orgm``, lead region PL21, partner
SK01, 1,000,000 EUR); **I** an idea in P (proposed by ``orgm``, lead PL21); **FX** an idea in F
(proposed by ``frep``, lead AT13); **N** a platform project without partnership (added by
``fac``, lead PL21, Agri-food).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from smartregions.accounts.enums import Role
from smartregions.partnerships.domain.pipeline import create_project, move_project
from smartregions.partnerships.enums import MemberRole, PartnershipStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.partnerships import PartnershipFactory, PartnershipMemberFactory
from tests.factories.regions import CountryFactory, RegionFactory, ThematicPlatformFactory


def _region(code: str, country: str, name: str, parent=None):
    return RegionFactory(
        code=code,
        country=CountryFactory(code=country, name={"CZ": "Czechia"}.get(country, country)),
        name_latin=name,
        parent=parent,
    )


def _user(name: str, role: str = "", **scope):
    user = UserFactory(email=f"{name}@example.eu", full_name=name.capitalize())
    if role:
        MembershipFactory(user=user, role=role, **scope)
    return user


def build_pipeline_world() -> SimpleNamespace:
    """Create the world described in the module docstring and return its parts."""
    cz06 = _region("CZ06", "CZ", "Jihovýchod")
    cz064 = _region("CZ064", "CZ", "Jihomoravský kraj", parent=cz06)
    sk01 = _region("SK01", "SK", "Bratislavský kraj")
    de11 = _region("DE11", "DE", "Stuttgart")
    pl21 = _region("PL21", "PL", "Małopolskie")
    hu11 = _region("HU11", "HU", "Budapest")
    at13 = _region("AT13", "AT", "Wien")
    energy = ThematicPlatformFactory(slug="energy", name="Energy")
    agrifood = ThematicPlatformFactory(slug="agri-food", name="Agri-food")
    cluster = OrganisationFactory(name="Brno Hydrogen Cluster", slug="brno-hydrogen", region=cz064)
    krakow = OrganisationFactory(name="Krakow Energy Lab", slug="krakow-energy", region=pl21)
    bratislava = OrganisationFactory(name="Bratislava Grid", slug="bratislava-grid", region=sk01)

    p = PartnershipFactory(
        slug="hydrogen-valleys", name="Hydrogen Valleys", thematic_platform=energy
    )
    PartnershipMemberFactory(partnership=p, region=cz06, role=MemberRole.LEAD)
    PartnershipMemberFactory(partnership=p, region=sk01, role=MemberRole.CO_LEAD)
    PartnershipMemberFactory(partnership=p, region=de11, role=MemberRole.MEMBER)
    PartnershipMemberFactory(partnership=p, region=pl21, role=MemberRole.MEMBER)
    PartnershipMemberFactory(
        partnership=p, region=None, organisation=cluster, role=MemberRole.MEMBER
    )
    f = PartnershipFactory(
        slug="forming-batteries",
        name="Forming Batteries",
        thematic_platform=energy,
        status=PartnershipStatus.FORMING,
        launched_at=None,
    )
    PartnershipMemberFactory(partnership=f, region=at13, role=MemberRole.LEAD)
    c = PartnershipFactory(
        slug="closed-grids",
        name="Closed Grids",
        thematic_platform=energy,
        status=PartnershipStatus.CLOSED,
        closed_at=timezone.now(),
    )
    PartnershipMemberFactory(partnership=c, region=cz06, role=MemberRole.LEAD)

    rep = Role.REGION_REPRESENTATIVE
    admin = _user("admin", Role.PLATFORM_ADMIN)
    users = {
        "admin": admin,
        "fac": _user("fac", Role.FACILITATOR),
        "lead": _user("lead", rep, region=cz06),
        "colead": _user("colead", rep, region=sk01),
        "member": _user("member", rep, region=de11),
        "orgm": _user("orgm", Role.ORGANISATION_MEMBER, organisation=cluster),
        "plrep": _user("plrep", rep, region=pl21),
        "other": _user("other", rep, region=hu11),
        "frep": _user("frep", rep, region=at13),
        "user": _user("user"),
    }
    x = create_project(
        actor=users["orgm"],
        partnership=p,
        title="Hydrogen buses for mountain towns",
        acronym="H2BUS",
        lead_region=pl21,
        lead_organisation=krakow,
        partner_regions=[sk01],
        partner_organisations=[bratislava],
        trl_now=5,
        trl_target=8,
        budget=1_000_000,
        value_chain_segment="Fuel-cell drivetrains",
    )
    move_project(actor=users["lead"], project=x, to_stage="demonstration")
    i = create_project(
        actor=users["orgm"],
        partnership=p,
        title="Electrolyser test bed",
        lead_region=pl21,
        trl_now=3,
        trl_target=5,
        budget=400_000,
    )
    fx = create_project(
        actor=users["frep"],
        partnership=f,
        title="Battery passport",
        lead_region=at13,
        trl_now=2,
        trl_target=4,
        budget=250_000,
    )
    n = create_project(
        actor=users["fac"],
        partnership=None,
        thematic_platform=agrifood,
        title="Precision irrigation pilots",
        lead_region=pl21,
        trl_now=6,
        trl_target=7,
        budget=2_000_000,
    )
    return SimpleNamespace(
        cz06=cz06,
        cz064=cz064,
        sk01=sk01,
        de11=de11,
        pl21=pl21,
        hu11=hu11,
        at13=at13,
        energy=energy,
        agrifood=agrifood,
        cluster=cluster,
        krakow=krakow,
        bratislava=bratislava,
        p=p,
        f=f,
        c=c,
        users=users,
        x=x,
        i=i,
        fx=fx,
        n=n,
    )
