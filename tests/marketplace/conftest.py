"""A small, fully known marketplace world: three organisations in three countries, six people.

Owner organisation O (an SME in CZ064) publishes profiles; organisation X (research, DE) and
organisation Y (SME, AT) are others. NACE has C > 28 > 28.1 and J > 62.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.accounts.enums import ConsentPurpose, Role
from smartregions.accounts.models import ConsentRecord, Membership, User
from smartregions.matching.domain.marketplace import profiles
from smartregions.matching.enums import CooperationType, ProfileKind
from smartregions.matching.models import CooperationProfile
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Country, Term, ThematicArea
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import (
    CountryFactory,
    RegionFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
)


@dataclass
class Market:
    cz: Country
    de: Country
    at: Country
    owner_org: Organisation
    other_org: Organisation
    third_org: Organisation
    owner: User
    other: User
    plain: User
    facilitator: User
    admin: User
    nace_c: Term
    nace_28: Term
    nace_281: Term
    nace_62: Term
    manufacturing: ThematicArea
    digital: ThematicArea

    def user(self, role: str) -> object:
        return {
            "anonymous": AnonymousUser(),
            "plain": self.plain,
            "owner": self.owner,
            "other": self.other,
            "facilitator": self.facilitator,
            "admin": self.admin,
        }[role]


def _member(organisation: Organisation, email: str, name: str) -> User:
    user = UserFactory(email=email, full_name=name)
    Membership.objects.create(user=user, role=Role.ORGANISATION_MEMBER, organisation=organisation)
    return user


@pytest.fixture
def market(db) -> Market:
    cz = CountryFactory(code="CZ", name="Czechia")
    de = CountryFactory(code="DE", name="Germany")
    at = CountryFactory(code="AT", name="Austria")
    cz064 = RegionFactory(code="CZ064", country=cz, name_latin="Jihomoravsky kraj")
    de212 = RegionFactory(code="DE212", country=de, name_latin="Muenchen, Kreisfreie Stadt")
    at130 = RegionFactory(code="AT130", country=at, name_latin="Wien")
    nace = TaxonomyFactory(slug="nace-rev2", name="NACE Rev. 2", kind=TaxonomyKind.ECONOMIC)
    nace_c = TermFactory(taxonomy=nace, code="C", label="Manufacturing", level=1)
    nace_28 = TermFactory(taxonomy=nace, code="28", label="Machinery", level=2, parent=nace_c)
    nace_281 = TermFactory(
        taxonomy=nace, code="28.1", label="General-purpose machinery", level=3, parent=nace_28
    )
    nace_j = TermFactory(taxonomy=nace, code="J", label="Information and communication", level=1)
    nace_62 = TermFactory(
        taxonomy=nace, code="62", label="Computer programming", level=2, parent=nace_j
    )
    owner_org = OrganisationFactory(
        name="Brno Vision Systems s.r.o.",
        slug="brno-vision",
        region=cz064,
        website="https://vision.example.eu",
    )
    other_org = OrganisationFactory(
        name="Munich Robotics Institute",
        slug="munich-robotics",
        region=de212,
        type=OrganisationType.RESEARCH,
    )
    third_org = OrganisationFactory(name="Wien Software GmbH", slug="wien-software", region=at130)
    facilitator = UserFactory(email="facilitator@example.eu")
    Membership.objects.create(user=facilitator, role=Role.FACILITATOR)
    admin = UserFactory(email="admin@example.eu")
    Membership.objects.create(user=admin, role=Role.PLATFORM_ADMIN)
    return Market(
        cz=cz,
        de=de,
        at=at,
        owner_org=owner_org,
        other_org=other_org,
        third_org=third_org,
        owner=_member(owner_org, "owner@example.eu", "Olga Owner"),
        other=_member(other_org, "other@example.eu", "Otto Other"),
        plain=UserFactory(email="plain@example.eu"),
        facilitator=facilitator,
        admin=admin,
        nace_c=nace_c,
        nace_28=nace_28,
        nace_281=nace_281,
        nace_62=nace_62,
        manufacturing=ThematicAreaFactory(slug="advanced-manufacturing", name="Manufacturing"),
        digital=ThematicAreaFactory(slug="digital", name="Digital"),
    )


def make_profile(
    market: Market,
    *,
    organisation: Organisation | None = None,
    publish: bool = True,
    **fields: object,
) -> CooperationProfile:
    """A profile created (and by default published) through the domain functions."""
    values: dict = {
        "kind": ProfileKind.REQUEST,
        "cooperation_type": CooperationType.TECHNOLOGY,
        "title": "Machine vision for weld inspection",
        "summary": "We look for a partner with machine vision for automated weld inspection.",
        "keywords": ["machine vision"],
        "nace_codes": [market.nace_281],
    }
    values.update(fields)
    profile = profiles.create_profile(
        actor=market.owner, organisation=organisation or market.owner_org, **values
    )
    if publish:
        profiles.publish_profile(actor=market.owner, profile=profile)
    return profile


def grant_newsletter(user: User, *, granted: bool = True) -> None:
    ConsentRecord.objects.create(user=user, purpose=ConsentPurpose.NEWSLETTER, granted=granted)
