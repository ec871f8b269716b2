"""The demo's past workshop: "Hydrogen skills workshop (demo)", a morning last month with
speed meetings, whose attendance and outcomes fill the organisers' meeting statistics.

Sixteen participants of the brokerage event (the demo member among them) registered, kept a
profile and asked each other for meetings in a session where they pick their own slots; most
accepted and picked a slot, a few declined. The organiser recorded which meetings were held
and which were no-shows, and many parties answered whether the meeting led to cooperation.

The platform records attendance only once a meeting has started and outcomes once it is over,
and takes registrations only before an event starts; the demo cannot wait a month. So the
workshop is built through the domain functions a whole number of weeks ahead, moved back to
last month (:func:`_move_back`: the one direct write of the demo, logged as
``event.demo_backdate``), and only then are its attendance and outcomes recorded, again through
the domain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.demo.brokerage import profile_texts
from smartregions.events.domain.demo.common import (
    CONSENT,
    DEMO_NOTE,
    DEMO_SUFFIX,
    WEDNESDAY,
    ZONE,
    DemoWorld,
    Person,
    local,
    previous_weekday,
)
from smartregions.events.domain.demo.content import HYDROGEN_TOPICS
from smartregions.events.domain.events import create_event, publish_event
from smartregions.events.domain.matchmaking.attendance import (
    answer_meeting_outcome,
    mark_meeting_attendance,
)
from smartregions.events.domain.matchmaking.profiles import save_matchmaking_profile
from smartregions.events.domain.matchmaking.requests import (
    accept_meeting_request,
    decline_meeting_request,
    send_meeting_request,
)
from smartregions.events.domain.matchmaking.slots import free_common_slots, pick_meeting_slot
from smartregions.events.domain.meeting_sessions import create_meeting_session, generate_slots
from smartregions.events.domain.programme import create_session
from smartregions.events.domain.registration import register_for_event
from smartregions.events.enums import (
    CooperationOutcome,
    EventKind,
    MeetingAttendance,
    SchedulingMode,
    SessionKind,
)
from smartregions.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
    Registration,
    Session,
)

WORKSHOP_SLUG = "hydrogen-skills-workshop-demo"
PARTICIPANTS = 16
REQUESTS, DECLINED = 24, 4
#: Shares of placed meetings marked as no-shows, and of held meetings' parties who answered.
NO_SHOW, ANSWERED = 0.2, 0.7
OUTCOMES = [CooperationOutcome.YES, CooperationOutcome.IN_DISCUSSION, CooperationOutcome.NO]
OUTCOME_WEIGHTS = [35, 40, 25]


@dataclass(frozen=True)
class Workshop:
    event: Event
    meetings: int
    placed: int
    held: int
    no_shows: int
    answers: int


def _days(world: DemoWorld) -> tuple[dt.date, int]:
    """The workshop's day last month, and how many days ahead it is first built."""
    held_on = previous_weekday(world.today - dt.timedelta(days=30), WEDNESDAY)
    weeks = (world.today - held_on).days // 7 + 1
    return held_on, 7 * weeks


def _create(world: DemoWorld, day: dt.date) -> tuple[Event, MeetingSession]:
    event = create_event(
        actor=world.organiser,
        title=f"Hydrogen skills workshop{DEMO_SUFFIX}",
        slug=WORKSHOP_SLUG,
        kind=EventKind.WORKSHOP,
        starts_at=local(day, 9, 30),
        ends_at=local(day, 12, 30),
        timezone=ZONE,
        summary="What hydrogen valleys need from training centres, with speed meetings.",
        description=DEMO_NOTE,
        venue="Demo Innovation Hub",
        city="Brussels",
        country=world.country,
        consent_text=CONSENT,
        matchmaking_enabled=True,
    )
    publish_event(actor=world.organiser, event=event)
    create_session(
        actor=world.organiser,
        event=event,
        kind=SessionKind.PLENARY,
        title="Skills needs of hydrogen valleys",
        starts_at=local(day, 9, 30),
        ends_at=local(day, 10),
    )
    speed = create_session(
        actor=world.organiser,
        event=event,
        kind=SessionKind.B2B,
        title="Speed meetings",
        starts_at=local(day, 10),
        ends_at=local(day, 12),
    )
    meeting_session = create_meeting_session(
        actor=world.organiser,
        event=event,
        title="Speed meetings",
        tables=6,
        mode=SchedulingMode.PARTICIPANTS_PICK,
        session=speed,
    )
    generate_slots(
        actor=world.organiser,
        meeting_session=meeting_session,
        starts_at=local(day, 10),
        ends_at=local(day, 12),
        length_minutes=15,
        gap_minutes=5,
    )
    return event, meeting_session


def _meet(
    world: DemoWorld, event: Event, meeting_session: MeetingSession, people: list[Person]
) -> list[Meeting]:
    """Registrations, profiles, requests, answers and picked slots; returns the meetings."""
    registrations = []
    for person in people:
        registration = register_for_event(
            actor=person.user,
            event=event,
            consent=True,
            job_title=person.job_title,
            organisation=person.organisation,
            region=person.region,
        )
        headline, offering, seeking = profile_texts(person, *world.rng.sample(HYDROGEN_TOPICS, 2))
        save_matchmaking_profile(
            actor=person.user,
            registration=registration,
            headline=headline,
            offering=offering,
            seeking=seeking,
        )
        registrations.append(registration)
    pairs = [(a, b) for a in range(len(people)) for b in range(a + 1, len(people))]
    if world.member in people:  # the member met two people (and can answer the question)
        member = people.index(world.member)
        mine = [pair for pair in pairs if member in pair]
        picked = mine[:2] + world.rng.sample([p for p in pairs if p not in mine], REQUESTS - 2)
    else:
        picked = world.rng.sample(pairs, REQUESTS)
    meetings = []
    for number, pair in enumerate(picked):
        a, b = pair if world.rng.random() < 0.5 or number < 2 else pair[::-1]
        request = send_meeting_request(
            actor=people[a].user,
            meeting_session=meeting_session,
            requester=registrations[a],
            recipient=registrations[b],
        )
        if number >= REQUESTS - DECLINED:
            decline_meeting_request(actor=people[b].user, meeting_request=request)
            continue
        meeting = accept_meeting_request(actor=people[b].user, meeting_request=request)
        free = free_common_slots(meeting)
        if free:
            meeting = pick_meeting_slot(actor=people[a].user, meeting=meeting, slot=free[0].slot)
        meetings.append(meeting)
    return meetings


def _earlier(value: dt.datetime | None, days: int, zone: ZoneInfo) -> dt.datetime | None:
    """``value`` ``days`` earlier at the same wall-clock time in ``zone``."""
    if value is None:
        return None
    here = value.astimezone(zone)
    return dt.datetime.combine(here.date() - dt.timedelta(days=days), here.time(), tzinfo=zone)


def _move_back(world: DemoWorld, event: Event, days: int) -> None:
    """Move the workshop and everything dated in it ``days`` back (same local times)."""
    zone = ZoneInfo(event.timezone)

    def shift(model: type, rows: object, fields: tuple[str, ...]) -> None:
        rows = list(rows)
        for row in rows:
            for name in fields:
                value = getattr(row, name)
                if isinstance(value, dt.datetime):
                    setattr(row, name, _earlier(value, days, zone))
                elif isinstance(value, dt.date):
                    setattr(row, name, value - dt.timedelta(days=days))
        model.objects.bulk_update(rows, fields)

    shift(Event, [event], ("starts_at", "ends_at", "retention_until"))
    shift(
        Registration,
        Registration.objects.filter(event=event),
        ("registered_at", "status_changed_at", "consent_given_at", "retention_until"),
    )
    shift(Session, Session.objects.filter(event=event), ("starts_at", "ends_at"))
    shift(
        MeetingSlot,
        MeetingSlot.objects.filter(meeting_session__event=event),
        ("starts_at", "ends_at"),
    )
    shift(
        MeetingRequest,
        MeetingRequest.objects.filter(meeting_session__event=event),
        ("created_at", "responded_at"),
    )
    event.refresh_from_db()
    log_activity(actor=None, action="event.demo_backdate", obj=event, data={"days": days})


def _attendance(world: DemoWorld, event: Event, people: list[Person]) -> tuple[int, int, int]:
    """Held or no-show for every placed meeting, then the parties' answers."""
    user_of = {person.user.pk: person.user for person in people}
    placed = (
        Meeting.objects.filter(meeting_session__event=event, slot__isnull=False)
        .select_related("request__requester", "request__recipient")
        .order_by("slot__starts_at", "table_number")
    )
    held = no_shows = answers = 0
    for meeting in placed:
        missed = world.rng.random() < NO_SHOW and not _is_member(world, meeting)
        attendance = MeetingAttendance.NO_SHOW if missed else MeetingAttendance.HELD
        mark_meeting_attendance(actor=world.organiser, meeting=meeting, attendance=attendance)
        if missed:
            no_shows += 1
            continue
        held += 1
        for party in (meeting.request.requester, meeting.request.recipient):
            if _is_member(world, meeting, party) or world.rng.random() >= ANSWERED:
                continue  # the member answers for themselves
            answer_meeting_outcome(
                actor=user_of[party.user_id],
                meeting=meeting,
                registration=party,
                outcome=world.rng.choices(OUTCOMES, weights=OUTCOME_WEIGHTS)[0],
            )
            answers += 1
    return held, no_shows, answers


def _is_member(world: DemoWorld, meeting: Meeting, party: Registration | None = None) -> bool:
    if world.member is None:
        return False
    member = world.member.user.pk
    if party is not None:
        return party.user_id == member
    request = meeting.request
    return member in (request.requester.user_id, request.recipient.user_id)


def load_workshop(world: DemoWorld, brokerage_people: list[Person]) -> Workshop:
    """The past workshop (see the module docstring)."""
    held_on, ahead = _days(world)
    event, meeting_session = _create(world, held_on + dt.timedelta(days=ahead))
    people = brokerage_people[:PARTICIPANTS]
    meetings = _meet(world, event, meeting_session, people)
    _move_back(world, event, ahead)
    held, no_shows, answers = _attendance(world, event, people)
    placed = Meeting.objects.filter(meeting_session__event=event, slot__isnull=False).count()
    return Workshop(event, len(meetings), placed, held, no_shows, answers)
