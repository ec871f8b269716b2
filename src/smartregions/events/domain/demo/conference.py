"""The demo conference: "Smart Regions Conference <year> (demo)", two days in Brussels about
three months ahead, full (120 places) with three people on the waiting list.

Registration asks two custom questions (dietary needs, the thematic area of most interest);
the demo logins of the regions' representatives and of the organisation member are among the
registered. The programme has three rooms and twelve sessions, with one deliberate conflict (a
speaker booked for two panels at once) for the organiser to see; some participants keep a
personal agenda. The exhibition, the pitches and the table discussions are added by
:mod:`.showcase` and :mod:`.tables`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from smartregions.events.domain.demo.common import (
    CONSENT,
    DEMO_NOTE,
    DEMO_SUFFIX,
    TUESDAY,
    ZONE,
    DemoWorld,
    Person,
    local,
    next_weekday,
)
from smartregions.events.domain.demo.content import (
    AGENDA_CHOICES,
    DIETARY,
    DIETARY_WEIGHTS,
    INTERESTS,
    ROOMS,
    SESSIONS,
    SPEAKERS,
)
from smartregions.events.domain.events import create_event, publish_event
from smartregions.events.domain.programme import (
    add_speaker,
    add_to_agenda,
    create_room,
    create_session,
)
from smartregions.events.domain.registration import register_for_event
from smartregions.events.domain.registration_questions import add_question
from smartregions.events.enums import (
    EventKind,
    ParticipantType,
    QuestionKind,
    RegistrationStatus,
)
from smartregions.events.models import Event, Registration, Session
from smartregions.regions.models import ThematicArea

CONFERENCE_SLUG = "smart-regions-conference-demo"
CAPACITY = 120
WAITLISTED = 3
#: People who keep a personal agenda (besides the demo logins).
AGENDA_KEEPERS = 20
#: Pool indices of the two journalists.
PRESS = (20, 21)


@dataclass(frozen=True)
class Conference:
    """The conference with what the next steps build on."""

    event: Event
    sessions: list[Session]
    registrations: dict[int, Registration]  # user id -> registration
    attendees: list[Person]  # confirmed, in registration order


def _create(world: DemoWorld) -> Event:
    day = next_weekday(world.today + dt.timedelta(days=90), TUESDAY)
    areas = ThematicArea.objects.filter(
        slug__in=["smart-grids", "resource-efficiency", "advanced-manufacturing"]
    ).order_by("slug")
    event = create_event(
        actor=world.organiser,
        title=f"Smart Regions Conference {day.year}{DEMO_SUFFIX}",
        slug=CONFERENCE_SLUG,
        kind=EventKind.CONFERENCE,
        starts_at=local(day, 9),
        ends_at=local(day + dt.timedelta(days=1), 15, 30),
        timezone=ZONE,
        summary=(
            "Two days on smart specialisation: partnerships, investments, an exhibition of "
            "regions and organisations, pitches and table discussions."
        ),
        description=DEMO_NOTE,
        venue="Demo Congress Centre",
        city="Brussels",
        country=world.country,
        capacity=CAPACITY,
        consent_text=CONSENT,
        thematic_areas=list(areas),
    )
    add_question(
        actor=world.organiser,
        event=event,
        label="Dietary needs",
        kind=QuestionKind.CHOICE,
        choices=DIETARY,
        required=True,
        help_text="For the lunches and the networking dinner.",
    )
    add_question(
        actor=world.organiser,
        event=event,
        label="Which thematic area interests you most?",
        kind=QuestionKind.CHOICE,
        choices=INTERESTS,
    )
    return publish_event(actor=world.organiser, event=event)


def _programme(world: DemoWorld, event: Event) -> list[Session]:
    rooms = [
        create_room(actor=world.organiser, event=event, name=name, capacity=capacity)
        for name, capacity in ROOMS
    ]
    first = event.starts_at.astimezone(ZoneInfo(event.timezone)).date()
    sessions = []
    for spec in SESSIONS:
        day = first + dt.timedelta(days=spec.day)
        session = create_session(
            actor=world.organiser,
            event=event,
            kind=spec.kind,
            title=spec.title,
            starts_at=local(day, *spec.start),
            ends_at=local(day, *spec.end),
            room=rooms[spec.room] if spec.room is not None else None,
            description=spec.description,
            seat_limit=spec.seat_limit,
        )
        for index, name, role in spec.speakers:
            person = world.people[index] if index is not None else None
            add_speaker(
                actor=world.organiser,
                session=session,
                user=person.user if person else None,
                name=name,
                affiliation=person.organisation.name if person and person.organisation else "",
                role=role,
            )
        sessions.append(session)
    return sessions


def _participant_type(index: int | None) -> str:
    if index in SPEAKERS:
        return ParticipantType.SPEAKER
    if index in PRESS:
        return ParticipantType.PRESS
    return ParticipantType.DELEGATE


def _register(world: DemoWorld, event: Event) -> dict[int, Registration]:
    """The demo logins first, then pool people until the event is full and three wait."""
    questions = list(event.questions.order_by("position"))
    wanted = CAPACITY + WAITLISTED - len(world.logins)
    entrants = [(None, p) for p in world.logins] + list(enumerate(world.people[:wanted]))
    registrations = {}
    for index, person in entrants:
        answers = {
            str(questions[0].pk): world.rng.choices(DIETARY, weights=DIETARY_WEIGHTS)[0],
            str(questions[1].pk): world.rng.choice(INTERESTS),
        }
        registrations[person.user.pk] = register_for_event(
            actor=person.user,
            event=event,
            consent=True,
            participant_type=_participant_type(index),
            job_title=person.job_title,
            organisation=person.organisation,
            region=person.region,
            answers=answers,
        )
    return registrations


def _agendas(world: DemoWorld, sessions: list[Session], attendees: list[Person]) -> int:
    keepers = world.logins + world.rng.sample(attendees[len(world.logins) :], AGENDA_KEEPERS)
    entries = 0
    for person in keepers:
        picked = sorted(world.rng.sample(AGENDA_CHOICES, world.rng.randint(2, 4)))
        for index in picked:
            add_to_agenda(actor=person.user, session=sessions[index])
            entries += 1
    return entries


def load_conference(world: DemoWorld) -> tuple[Conference, int]:
    """Create, publish and fill the conference; returns it and the agenda entries made."""
    event = _create(world)
    sessions = _programme(world, event)
    registrations = _register(world, event)
    by_user = {p.user.pk: p for p in [*world.logins, *world.people]}
    attendees = [
        by_user[user_id]
        for user_id, registration in registrations.items()
        if registration.status == RegistrationStatus.CONFIRMED
    ]
    entries = _agendas(world, sessions, attendees)
    return Conference(event, sessions, registrations, attendees), entries
