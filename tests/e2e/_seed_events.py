"""People and events for the events journeys, on top of ``seed_demo``.

* The discussions world: a forum with table discussions, its organiser (the event-organiser
  role), two rapporteurs and a participant, all confirmed; a round whose first table has
  already submitted its notes on two guiding questions; and an active partnership a follow-up
  action can be linked to.
* The meetings world: the same forum and a brokerage event with B2B matchmaking, a custom
  registration question, one meeting session of three slots at one table, and three confirmed
  participants with profiles (from the demo's organisations) whose accepted meetings chain
  Bruno - Carla - David. Anna, of the Brno cluster, is not registered yet.

Everything goes through the domain functions, as the seed of the demo does. Times are fixed:
the forum runs on 10 March 2027, 09:00-17:00 in Brussels (08:00-16:00 UTC); the brokerage
event on 14 April 2027, 09:00-13:00 in Brussels (summer time: 07:00-11:00 UTC).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import User
from smartregions.events.domain.discussions.notes import add_notes, submit_table_notes
from smartregions.events.domain.discussions.setup import add_question, create_round, create_table
from smartregions.events.domain.events import create_event, publish_event
from smartregions.events.domain.matchmaking.profiles import save_matchmaking_profile
from smartregions.events.domain.matchmaking.requests import (
    accept_meeting_request,
    send_meeting_request,
)
from smartregions.events.domain.meeting_sessions import create_meeting_session, generate_slots
from smartregions.events.domain.registration import register_for_event
from smartregions.events.domain.registration_questions import (
    add_question as add_registration_question,
)
from smartregions.events.enums import EventKind, QuestionKind
from smartregions.events.models import (
    DiscussionRound,
    Event,
    MeetingSession,
    MeetingSlot,
    Registration,
    RegistrationQuestion,
)
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership
from smartregions.partnerships.models import Partnership
from smartregions.regions.models import Region, ThematicArea, ThematicPlatform
from tests.factories.accounts import PASSWORD

ORGANISER = "olga.organiser@example.eu"
RAPPORTEUR = "rita.rapporteur@example.eu"
NEW_RAPPORTEUR = "ruth.rapporteur@example.eu"
PARTICIPANT = "paul.participant@example.eu"
ANNA = "anna.novakova@example.eu"
BRUNO = "bruno.kovac@example.eu"
CARLA = "carla.svobodova@example.eu"
DAVID = "david.horak@example.eu"

FORUM_START = dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC)
BROKERAGE_START = dt.datetime(2027, 4, 14, 7, 0, tzinfo=dt.UTC)
SHARING = "How can regions share pilot lines?"
SKILLS = "What skills do small manufacturers lack?"
#: What the first table's rapporteur submitted, per guiding question.
FIRST_TABLE_NOTES = {
    SHARING: ["Pool pilot lines across regions", "Open regional test beds to SMEs"],
    SKILLS: ["Robot programming skills are scarce in SMEs"],
}
SECTOR_QUESTION = "Which sector do you work in?"


@dataclass(frozen=True)
class DiscussionsWorld:
    """The handles the table-discussion journey uses."""

    event: Event
    round: DiscussionRound
    partnership: Partnership


@dataclass(frozen=True)
class MeetingsWorld:
    """The handles the B2B meetings journey uses."""

    event: Event
    question: RegistrationQuestion
    meeting_session: MeetingSession
    slots: list[MeetingSlot]
    anna_organisation: Organisation


def _user(email: str, name: str, role: str | None = None, **scope: object) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=name)
    if role is not None:
        grant_membership(actor=None, user=user, role=role, **scope)
    return user


def _forum(organiser: User) -> Event:
    event = create_event(
        actor=organiser,
        title="Smart Regions Forum 2027",
        kind=EventKind.CONFERENCE,
        starts_at=FORUM_START,
        ends_at=FORUM_START + dt.timedelta(hours=8),
        slug="forum-2027",
        city="Brno",
        summary="Regions and manufacturers plan joint pilot lines.",
        consent_text="I agree that the organisers process my registration data for this forum.",
    )
    return publish_event(actor=organiser, event=event)


def _partnership() -> Partnership:
    platform = ThematicPlatform.objects.create(
        slug="industrial-modernisation", name="Industrial modernisation"
    )
    area = ThematicArea.objects.get(slug="advanced-manufacturing")
    area.platform = platform
    area.save(update_fields=["platform"])
    partnership = create_partnership(
        actor=None,
        name="Moravian Cobot Alliance",
        acronym="MoCoA",
        description="Regions that share pilot lines for collaborative robots.",
        thematic_platform=platform,
        thematic_area=area,
        lead_region=Region.objects.get(code="CZ06", nuts_version=2021),
    )
    return launch_partnership(actor=None, partnership=partnership)


def seed_discussions_world() -> DiscussionsWorld:
    """The forum, its people, a round with a table that has reported, and a partnership."""
    organiser = _user(ORGANISER, "Olga Organiser", Role.EVENT_ORGANISER)
    event = _forum(organiser)
    rapporteur = _user(RAPPORTEUR, "Rita Rapporteur")
    for user in (rapporteur, _user(NEW_RAPPORTEUR, "Ruth Rapporteur")):
        register_for_event(actor=user, event=event, consent=True)
    register_for_event(actor=_user(PARTICIPANT, "Paul Participant"), event=event, consent=True)
    round_ = create_round(actor=organiser, event=event, title="Cooperation in manufacturing")
    table = create_table(actor=organiser, round=round_, topic="Pilot lines", rapporteur=rapporteur)
    for text, statements in FIRST_TABLE_NOTES.items():
        question = add_question(actor=organiser, table=table, text=text)
        add_notes(actor=rapporteur, question=question, text="\n".join(statements))
    submit_table_notes(actor=rapporteur, table=table)
    return DiscussionsWorld(event=event, round=round_, partnership=_partnership())


def _participant(
    event: Event, *, email: str, name: str, organisation: str, headline: str, offering: str
) -> Registration:
    """A member of the demo organisation ``organisation``, registered, with a profile."""
    member_of = Organisation.objects.get(name=organisation)
    user = _user(email, name, Role.ORGANISATION_MEMBER, organisation=member_of)
    registration = register_for_event(
        actor=user,
        event=event,
        consent=True,
        organisation=member_of,
        answers={str(event.questions.get().pk): "Manufacturing"},
    )
    save_matchmaking_profile(
        actor=user, registration=registration, headline=headline, offering=offering
    )
    return registration


def _accepted(meeting_session: MeetingSession, requester: Registration, recipient: Registration):
    request = send_meeting_request(
        actor=requester.user,
        meeting_session=meeting_session,
        requester=requester,
        recipient=recipient,
        message="Let us compare notes.",
    )
    return accept_meeting_request(actor=recipient.user, meeting_request=request)


def seed_meetings_world() -> MeetingsWorld:
    """The forum, the brokerage event with its meeting session, and its first participants."""
    organiser = _user(ORGANISER, "Olga Organiser", Role.EVENT_ORGANISER)
    _forum(organiser)
    event = create_event(
        actor=organiser,
        title="Danube Cobot Brokerage 2027",
        kind=EventKind.BROKERAGE,
        starts_at=BROKERAGE_START,
        ends_at=BROKERAGE_START + dt.timedelta(hours=4),
        slug="cobot-brokerage-2027",
        city="Bratislava",
        summary="One-to-one meetings on collaborative robots for small manufacturers.",
        consent_text="I agree that the organisers share my profile with the other participants.",
        matchmaking_enabled=True,
    )
    question = add_registration_question(
        actor=organiser,
        event=event,
        label=SECTOR_QUESTION,
        kind=QuestionKind.CHOICE,
        choices=["Manufacturing", "Energy", "Digital"],
        required=True,
    )
    publish_event(actor=organiser, event=event)
    meeting_session = create_meeting_session(
        actor=organiser, event=event, title="Cobot meetings", tables=1
    )
    slots = generate_slots(
        actor=organiser,
        meeting_session=meeting_session,
        starts_at=BROKERAGE_START,
        ends_at=BROKERAGE_START + dt.timedelta(minutes=90),
        length_minutes=25,
        gap_minutes=5,
    )
    bruno = _participant(
        event,
        email=BRUNO,
        name="Bruno Kováč",
        organisation="Bratislava Innovation Agency",
        headline="Innovation agency with a robotic welding pilot line",
        offering="Our robotic welding pilot line is open to small manufacturers from partner "
        "regions.",
    )
    carla = _participant(
        event,
        email=CARLA,
        name="Carla Svobodová",
        organisation="Vltava Software Works",
        headline="Software for shop-floor analytics",
        offering="Dashboards that read machine data in real time.",
    )
    david = _participant(
        event,
        email=DAVID,
        name="David Horák",
        organisation="Ostrava Institute of Energy Research",
        headline="Energy research institute",
        offering="Measurement of energy use in factories.",
    )
    _accepted(meeting_session, bruno, carla)
    _accepted(meeting_session, carla, david)
    cluster = Organisation.objects.get(name="Brno Mechatronics Cluster")
    _user(ANNA, "Anna Nováková", Role.ORGANISATION_MEMBER, organisation=cluster)
    return MeetingsWorld(
        event=event,
        question=question,
        meeting_session=meeting_session,
        slots=slots,
        anna_organisation=cluster,
    )
