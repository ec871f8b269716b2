"""The demo conference's exhibition and pitches.

Eight stands; seven bookings, by three synthetic regions (the first one's representative is a
demo login) and four organisations of the participants, each with a showcase (text, S3
priorities of the region, partnership projects): five approved on a stand, two still pending.
Three active synthetic partnerships apply to pitch, through whoever acts for their lead region:
two are accepted into the pitch session (the second then moved to open it), one is pending.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import slugify

from smartregions.events.domain.demo.common import DemoWorld, Person
from smartregions.events.domain.demo.content import (
    PITCHES,
    SHOWCASE_ORGANISATION,
    SHOWCASE_REGION,
    STANDS,
)
from smartregions.events.domain.exhibition import approve_booking, create_stand, request_stand
from smartregions.events.domain.pitches import accept_pitch, apply_for_pitch, move_pitch
from smartregions.events.domain.queries.exhibition import exhibitor_priorities, exhibitor_projects
from smartregions.events.enums import SessionKind
from smartregions.events.models import Event, PitchApplication, Session, Stand, StandBooking
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.partnerships.enums import MemberRole
from smartregions.partnerships.models import Partnership
from smartregions.regions.domain.synthetic import synthetic_registry_strategies
from smartregions.regions.models import Region

#: Bookings by regions and by organisations; the first ones of each are approved.
REGION_BOOKINGS, ORGANISATION_BOOKINGS = 3, 4
APPROVED_REGIONS, APPROVED_ORGANISATIONS = 2, 3
EXHIBITOR_TYPES = (
    OrganisationType.CLUSTER,
    OrganisationType.RESEARCH,
    OrganisationType.SME,
    OrganisationType.LARGE_COMPANY,
)


def _regions() -> list[Region]:
    strategies = synthetic_registry_strategies().select_related("region")
    return sorted({s.region for s in strategies if s.region}, key=lambda r: r.code)


def _exhibitors(world: DemoWorld, attendees: list[Person]) -> list[tuple[Organisation, Person]]:
    """Organisations of confirmed participants (clusters, research, companies), one each."""
    found: dict[int, tuple[Organisation, Person]] = {}
    for person in attendees:
        organisation = person.organisation
        if organisation is None or organisation.type not in EXHIBITOR_TYPES:
            continue
        if person in world.logins:
            continue
        found.setdefault(organisation.pk, (organisation, person))
    return list(found.values())[:ORGANISATION_BOOKINGS]


def _book(
    world: DemoWorld,
    event: Event,
    *,
    person: Person | None,
    stand: Stand | None,
    region: Region | None = None,
    organisation: Organisation | None = None,
) -> StandBooking:
    party = region or organisation
    home = region or organisation.region  # an organisation shows its region's priorities
    if region is not None:
        text = SHOWCASE_REGION.format(name=region.name_latin)
    else:
        keywords = " and ".join(organisation.keywords[:2]) or "its field"
        text = SHOWCASE_ORGANISATION.format(name=organisation.name, keywords=keywords)
    return request_stand(
        actor=person.user if person else None,
        event=event,
        region=region,
        organisation=organisation,
        stand=stand,
        showcase_title=(region.name_latin if region else organisation.name)[:200],
        showcase_text=text,
        message="We would like a stand near the pitch stage if possible.",
        priorities=list(exhibitor_priorities(home)[:3]),
        projects=list(exhibitor_projects(region=region, organisation=organisation)[:2]),
        contact_name=person.name if person else "",
        contact_email=person.user.email if person else "",
        website=f"https://{slugify(str(party))[:40] or 'exhibitor'}.example.org",
    )


def load_exhibition(world: DemoWorld, event: Event, attendees: list[Person]) -> tuple[int, int]:
    """Stands and bookings (see the module docstring); returns (stands, bookings)."""
    stands = [
        create_stand(
            actor=world.organiser,
            event=event,
            code=code,
            size_m2=Decimal(size),
            location=location,
        )
        for code, size, location in STANDS
    ]
    free = iter(stands)
    bookings = 0
    for number, region in enumerate(_regions()[:REGION_BOOKINGS]):
        approved = number < APPROVED_REGIONS
        booking = _book(
            world, event, person=world.acting_for(region), stand=next(free), region=region
        )
        if approved:
            approve_booking(actor=world.organiser, booking=booking, note="Welcome to Hall A.")
        bookings += 1
    for number, (organisation, person) in enumerate(_exhibitors(world, attendees)):
        approved = number < APPROVED_ORGANISATIONS
        booking = _book(
            world,
            event,
            person=person,
            stand=next(free) if approved else None,
            organisation=organisation,
        )
        if approved:
            approve_booking(actor=world.organiser, booking=booking)
        bookings += 1
    return len(stands), bookings


def _lead_region(partnership: Partnership) -> Region | None:
    lead = (
        partnership.members.filter(role=MemberRole.LEAD, left_at__isnull=True)
        .select_related("region")
        .first()
    )
    return lead.region if lead is not None else None


def load_pitches(world: DemoWorld, event: Event, sessions: list[Session]) -> list[PitchApplication]:
    """Three pitch applications; two accepted and ordered, one pending (module docstring)."""
    session = next(s for s in sessions if s.kind == SessionKind.PITCH)
    pitches = []
    for partnership in world.partnerships[:3]:
        region = _lead_region(partnership)
        person = world.acting_for(region) if region is not None else None
        title, summary = PITCHES.get(
            partnership.acronym,
            (
                f"{partnership.name}: projects looking for investors",
                (
                    "The partnership presents its investment-ready projects. "
                    f"{partnership.description}"
                ),
            ),
        )
        pitches.append(
            apply_for_pitch(
                actor=person.user if person else None,
                event=event,
                partnership=partnership,
                title=title,
                summary=summary,
                duration_minutes=7,
            )
        )
    for pitch in pitches[:2]:
        accept_pitch(actor=world.organiser, pitch=pitch, session=session, note="See you on stage.")
    if len(pitches) >= 2:
        move_pitch(actor=world.organiser, pitch=pitches[1], offset=-1)
    return pitches
