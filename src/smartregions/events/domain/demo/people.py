"""The people of the events demo: the organiser login, the demo logins that take part, and a
pool of synthetic participants, each working for an organisation of the synthetic registry.

Users are found by e-mail or created without a usable password (as the other demos' people
are), and made members of their organisation (people register for an organisation they are a
member of); the demo logins get their password and role later from ``smartregions demo``'s
account step. Who works where is read from the registry on every run (person *i* works for
the *i*-th organisation in a seeded order), so the same seed on the same registry gives the
same people.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.demo.common import DEMO_DOMAIN, Person
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.synthetic import synthetic_registry_organisations
from smartregions.regions.models import Region

ORGANISER_EMAIL = f"organiser@{DEMO_DOMAIN}"
ORGANISER_NAME = "Demo event organiser"
#: Synthetic participants in the pool (the conference alone registers 120 of them).
POOL_SIZE = 130
FIRST_NAMES = [
    "Ana", "Bruno", "Camille", "Dimitar", "Eva", "Filip", "Greta", "Hannes", "Ines", "Jakub",
    "Katja", "Lorenzo", "Marta", "Niko", "Olga", "Pieter", "Rasa", "Sofia", "Tomas", "Ulla",
    "Valentina", "Wojciech", "Xenia", "Yannick", "Zofia", "Aleksander", "Beatriz", "Ciaran",
    "Daria", "Emil", "Fatima", "Gabor", "Helga", "Ivo", "Joana", "Kristof", "Lena", "Matteo",
    "Nora", "Oskar",
]  # fmt: skip
LAST_NAMES = [
    "Novak", "Ferreira", "Dubois", "Petrov", "Lindholm", "Horvat", "Berg", "Müller", "Costa",
    "Kowalski", "Rossi", "Jansen", "Silva", "Nagy", "Popescu", "Kovacs", "Andersen", "Moreau",
    "Schmidt", "Varga", "Ionescu", "Marin", "Virtanen", "Garcia", "Bauer", "Nowak", "Lopez",
    "Santos", "Keller", "Dimitrov", "Fischer", "Romano", "Wagner", "Lambert", "Kask", "Ozols",
    "Zupan", "Meyer", "Bianchi", "Hofmann",
]  # fmt: skip
JOB_TITLES = {
    OrganisationType.SME: ("Managing director", "Head of R&D", "Business development manager"),
    OrganisationType.LARGE_COMPANY: ("Innovation manager", "Head of energy transition"),
    OrganisationType.RESEARCH: ("Senior researcher", "Technology transfer officer"),
    OrganisationType.CLUSTER: ("Cluster manager", "Project manager"),
    OrganisationType.INTERMEDIARY: ("Innovation adviser", "EU project adviser"),
    OrganisationType.PUBLIC_AUTHORITY: ("S3 policy officer", "Head of innovation unit"),
}


@dataclass(frozen=True)
class DemoLogin:
    """A demo login that takes part in the events (a region's representative or an
    organisation's member); ``smartregions demo`` sets its password and role."""

    email: str
    full_name: str
    region: Region | None = None
    organisation: Organisation | None = None


def demo_user(email: str, full_name: str) -> User:
    """The user with ``email``; created without a usable password (and logged) if missing."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name)
        log_activity(actor=None, action="user.create_demo", obj=user)
    return user


def _member_of(user: User, organisation: Organisation | None) -> None:
    """Make ``user`` a member of ``organisation`` (people register for their organisation)."""
    if organisation is None:
        return
    held = Membership.objects.filter(
        user=user, role=Role.ORGANISATION_MEMBER, organisation=organisation
    )
    if not held.exists():
        grant_membership(
            actor=None, user=user, role=Role.ORGANISATION_MEMBER, organisation=organisation
        )


def person_name(index: int) -> str:
    """The ``index``-th synthetic name; the first 1,600 are all different."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(7 * index + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last}"


def _job_title(organisation: Organisation | None, index: int) -> str:
    titles = JOB_TITLES.get(organisation.type if organisation else "", ("Project manager",))
    return titles[index % len(titles)]


def registry_organisations(rng: random.Random) -> list[Organisation]:
    """The synthetic registry's organisations in a seeded order, with region, country, NACE
    codes and thematic areas loaded."""
    organisations = list(
        synthetic_registry_organisations()
        .filter(region__isnull=False)
        .select_related("region__country")
        .prefetch_related("nace_codes", "thematic_areas")
        .order_by("region__code", "name", "pk")
    )
    rng.shuffle(organisations)
    return organisations


def participant_pool(organisations: Sequence[Organisation], size: int = POOL_SIZE) -> list[Person]:
    """``size`` synthetic participants (``participantNNN@demo.smartregions.eu``), person *i*
    working for ``organisations[i % len(organisations)]``."""
    people = []
    for index in range(size):
        organisation = organisations[index % len(organisations)] if organisations else None
        user = demo_user(f"participant{index + 1:03d}@{DEMO_DOMAIN}", person_name(index))
        _member_of(user, organisation)
        people.append(
            Person(
                user=user,
                organisation=organisation,
                region=organisation.region if organisation else None,
                job_title=_job_title(organisation, index),
            )
        )
    return people


def login_people(logins: Sequence[DemoLogin]) -> list[Person]:
    """The demo logins as participants (users created if missing)."""
    people = []
    for login in logins:
        organisation = login.organisation
        region = login.region or (organisation.region if organisation else None)
        title = "Innovation manager" if organisation else "Regional S3 coordinator"
        user = demo_user(login.email, login.full_name)
        _member_of(user, organisation)
        people.append(
            Person(
                user=user,
                organisation=organisation,
                region=region,
                job_title=title,
            )
        )
    return people
