"""The demo brokerage event: "Hydrogen Valleys brokerage event (demo)", one day in Brussels about
two months ahead, with B2B matchmaking scheduled by the organiser.

Eighty participants (the demo organisation member among them) each keep a matchmaking profile
whose offering and seeking combine a hydrogen topic with their organisation's sector (NACE)
and keywords, so the suggestions have words in common. The meeting session has sixteen
20-minute slots (eight in the morning, eight in the afternoon, a lunch gap between) and fifteen
tables; a few participants cannot attend some slots. About 250 meeting requests follow a
heavy-tailed popularity (a few participants are asked by many), most accepted, some pending or
declined, a few asking for the morning or the afternoon; nobody accepts more than
:data:`ACCEPT_CAP` meetings. The organiser places and locks two meetings by hand, runs the
scheduler once, synchronously (:data:`TIME_LIMIT` seconds at most), and publishes the schedule.
The member has sent and received a few requests, so their agenda has meetings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from smartregions.events.domain.demo.common import (
    CONSENT,
    DEMO_NOTE,
    DEMO_SUFFIX,
    THURSDAY,
    ZONE,
    DemoWorld,
    Person,
    local,
    next_weekday,
)
from smartregions.events.domain.demo.content import (
    HYDROGEN_TOPICS,
    PROFILE_TEXTS,
    REQUEST_MESSAGES,
)
from smartregions.events.domain.events import create_event, publish_event
from smartregions.events.domain.matchmaking.availability import set_unavailable_slots
from smartregions.events.domain.matchmaking.profiles import save_matchmaking_profile
from smartregions.events.domain.matchmaking.requests import (
    accept_meeting_request,
    decline_meeting_request,
    send_meeting_request,
)
from smartregions.events.domain.meeting_sessions import create_meeting_session, generate_slots
from smartregions.events.domain.programme import create_room, create_session
from smartregions.events.domain.registration import register_for_event
from smartregions.events.domain.scheduling import (
    lock_meeting,
    move_meeting,
    perform_schedule_run,
    publish_schedule,
    run_scheduler,
)
from smartregions.events.enums import (
    EventKind,
    ScheduleRunStatus,
    SchedulingMode,
    SessionKind,
    TimePreference,
)
from smartregions.events.models import (
    Event,
    Meeting,
    MeetingSession,
    MeetingSlot,
    Registration,
    ScheduleRun,
)
from smartregions.regions.models import ThematicArea

BROKERAGE_SLUG = "hydrogen-valleys-brokerage-demo"
PARTICIPANTS = 80
REQUESTS = 250
TABLES = 15
SLOT_MINUTES, GAP_MINUTES = 20, 5
#: Accepted meetings one participant may have in the demo (the session has 16 slots).
ACCEPT_CAP = 13
#: Seconds the demo gives the scheduler.
TIME_LIMIT = 10
#: Participants who cannot attend some slots.
UNAVAILABLE = 8
#: Popularity of the k-th most asked participant is proportional to 1 / (k + 2) ** SKEW.
SKEW = 1.1


@dataclass(frozen=True)
class Brokerage:
    event: Event
    meeting_session: MeetingSession
    people: list[Person]
    profiles: int
    requests: int
    accepted: int
    run: ScheduleRun


@dataclass(frozen=True)
class _Plan:
    requester: int
    recipient: int
    preference: str
    outcome: str  # "accept", "decline" or "pending"


def _create(world: DemoWorld) -> tuple[Event, MeetingSession, list[MeetingSlot]]:
    day = next_weekday(world.today + dt.timedelta(days=60), THURSDAY)
    event = create_event(
        actor=world.organiser,
        title=f"Hydrogen Valleys brokerage event{DEMO_SUFFIX}",
        slug=BROKERAGE_SLUG,
        kind=EventKind.BROKERAGE,
        starts_at=local(day, 8, 30),
        ends_at=local(day, 17),
        timezone=ZONE,
        summary=(
            "One day of pre-arranged one-to-one meetings between companies, research centres "
            "and regions building hydrogen valleys."
        ),
        description=DEMO_NOTE,
        venue="Demo Congress Centre",
        city="Brussels",
        country=world.country,
        consent_text=CONSENT,
        matchmaking_enabled=True,
        thematic_areas=list(ThematicArea.objects.filter(slug="smart-grids")),
    )
    publish_event(actor=world.organiser, event=event)
    room = create_room(actor=world.organiser, event=event, name="Brokerage hall", capacity=200)
    create_session(
        actor=world.organiser,
        event=event,
        kind=SessionKind.PLENARY,
        title="Opening: Europe's hydrogen valleys",
        starts_at=local(day, 8, 30),
        ends_at=local(day, 9),
        room=room,
    )
    b2b = create_session(
        actor=world.organiser,
        event=event,
        kind=SessionKind.B2B,
        title="B2B meetings",
        starts_at=local(day, 9),
        ends_at=local(day, 16, 45),
        room=room,
        description="Meetings of 20 minutes at tables 1 to 15; lunch from 12:15 to 13:30.",
    )
    meeting_session = create_meeting_session(
        actor=world.organiser,
        event=event,
        title="B2B meetings",
        tables=TABLES,
        mode=SchedulingMode.ORGANISER_SCHEDULES,
        session=b2b,
    )
    slots = []
    for start, end in (((9, 0), (12, 15)), ((13, 30), (16, 45))):
        slots += generate_slots(
            actor=world.organiser,
            meeting_session=meeting_session,
            starts_at=local(day, *start),
            ends_at=local(day, *end),
            length_minutes=SLOT_MINUTES,
            gap_minutes=GAP_MINUTES,
        )
    return event, meeting_session, slots


def profile_texts(person: Person, topic: str, other: str) -> tuple[str, str, str]:
    """Headline, offering and seeking of ``person`` (see the module docstring)."""
    organisation = person.organisation
    kind = organisation.type if organisation else "cluster"
    offering, seeking = PROFILE_TEXTS.get(kind, PROFILE_TEXTS["cluster"])
    codes = sorted(organisation.nace_codes.all(), key=lambda t: t.code) if organisation else []
    sector = codes[0].label if codes else "Engineering"
    keywords = " and ".join(organisation.keywords[:2]) if organisation else ""
    values = {
        "sector": sector,
        "keywords": keywords or "clean energy",
        "topic": topic,
        "other": other,
    }
    where = organisation.name if organisation else str(person.region or "our region")
    headline = f"{person.job_title} at {where}"[:200]
    return headline, offering.format(**values), seeking.format(**values)


def _join(
    world: DemoWorld, event: Event, people: list[Person]
) -> tuple[list[Registration], list[str]]:
    """Register ``people`` and save their profiles; returns the registrations and topics."""
    registrations, topics = [], []
    for person in people:
        registration = register_for_event(
            actor=person.user,
            event=event,
            consent=True,
            job_title=person.job_title,
            organisation=person.organisation,
            region=person.region,
        )
        topic, other = world.rng.sample(HYDROGEN_TOPICS, 2)
        headline, offering, seeking = profile_texts(person, topic, other)
        save_matchmaking_profile(
            actor=person.user,
            registration=registration,
            headline=headline,
            offering=offering,
            seeking=seeking,
        )
        registrations.append(registration)
        topics.append(topic)
    return registrations, topics


def _plan(world: DemoWorld, count: int, with_member: bool) -> list[_Plan]:
    """Who asks whom (see the module docstring); the member is participant 0, if present."""
    rng = world.rng
    plans: list[_Plan] = []
    pairs: set[frozenset[int]] = set()
    if with_member:
        others = rng.sample(range(1, count), 6)
        mine = [("accept", True), ("accept", True), ("pending", True)]
        mine += [("accept", False), ("accept", False), ("pending", False)]
        for n, (outcome, sent) in enumerate(mine):
            a, b = (0, others[n]) if sent else (others[n], 0)
            plans.append(_Plan(a, b, TimePreference.ANY, outcome))
            pairs.add(frozenset((a, b)))
    ranking = rng.sample(range(count), count)
    weights = [0.0] * count
    for rank, index in enumerate(ranking):
        weights[index] = 1 / (rank + 2) ** SKEW
    wanted = min(REQUESTS, count * (count - 1) // 2)
    while len(plans) < wanted:
        a = rng.randrange(count)
        b = rng.choices(range(count), weights=weights)[0]
        if a == b or frozenset((a, b)) in pairs:
            continue
        pairs.add(frozenset((a, b)))
        draw, when = rng.random(), rng.random()
        outcome = "decline" if draw < 0.08 else "pending" if draw < 0.2 else "accept"
        preference = (
            TimePreference.MORNING
            if when < 0.05
            else TimePreference.AFTERNOON
            if when < 0.09
            else TimePreference.ANY
        )
        plans.append(_Plan(a, b, preference, outcome))
    return plans


def _requests(
    world: DemoWorld,
    meeting_session: MeetingSession,
    people: list[Person],
    registrations: list[Registration],
    topics: list[str],
) -> tuple[int, list[Meeting]]:
    """Send the planned requests, then answer them in order; returns the requests sent and
    the meetings."""
    plans = _plan(world, len(people), world.member is not None and people[0] == world.member)
    sent = []
    for plan in plans:
        message = world.rng.choice(REQUEST_MESSAGES).format(topic=topics[plan.requester])
        sent.append(
            send_meeting_request(
                actor=people[plan.requester].user,
                meeting_session=meeting_session,
                requester=registrations[plan.requester],
                recipient=registrations[plan.recipient],
                message=message,
                time_preference=plan.preference,
            )
        )
    accepted = [0] * len(people)
    meetings = []
    for plan, request in zip(plans, sent, strict=True):
        recipient = people[plan.recipient].user
        if plan.outcome == "pending":
            continue
        room = max(accepted[plan.requester], accepted[plan.recipient]) < ACCEPT_CAP
        if plan.outcome == "accept" and room:
            meetings.append(accept_meeting_request(actor=recipient, meeting_request=request))
            accepted[plan.requester] += 1
            accepted[plan.recipient] += 1
        else:
            message = "" if room else "My agenda is full; let us talk at the networking lunch."
            decline_meeting_request(actor=recipient, meeting_request=request, message=message)
    return len(sent), meetings


def _unavailable(
    world: DemoWorld,
    meeting_session: MeetingSession,
    *,
    registrations: list[Registration],
    people: list[Person],
    slots: list[MeetingSlot],
    keep: set[int],
    meetings: list[Meeting],
) -> None:
    """A few participants arrive late or leave early; the busiest of all leaves early, so one
    of their meetings cannot be placed (the scheduler's report says why)."""
    index_of = {registration.pk: i for i, registration in enumerate(registrations)}
    load = Counter(
        index_of[pk]
        for meeting in meetings
        for pk in (meeting.request.requester_id, meeting.request.recipient_id)
    )
    busiest = max((i for i in load if i not in keep), key=lambda i: (load[i], -i))
    others = [i for i in range(len(people)) if i not in keep and i != busiest]
    chosen = [busiest, *world.rng.sample(others, min(UNAVAILABLE - 1, len(others)))]
    patterns = [slots[-4:], slots[:3], slots[-2:]]
    for n, index in enumerate(chosen):
        set_unavailable_slots(
            actor=people[index].user,
            registration=registrations[index],
            meeting_session=meeting_session,
            slots=patterns[n % len(patterns)],
        )


def _place_two(
    world: DemoWorld, meetings: list[Meeting], slots: list[MeetingSlot], avoid: set[int]
) -> set[int]:
    """Place and lock two meetings by hand (the member's first one, if any, and the next one
    with other people, both without a time preference); returns the registration ids
    involved."""
    chosen: list[Meeting] = []
    used: set[int] = set()
    for meeting in meetings:
        request = meeting.request
        parties = {request.requester_id, request.recipient_id}
        if request.time_preference != TimePreference.ANY or parties & (used | avoid):
            continue
        chosen.append(meeting)
        used |= parties
        if len(chosen) == 2:
            break
    for meeting, (slot, table) in zip(chosen, ((slots[2], 1), (slots[9], 2)), strict=False):
        move_meeting(actor=world.organiser, meeting=meeting, slot=slot, table_number=table)
        lock_meeting(actor=world.organiser, meeting=meeting)
    return used


def load_brokerage(world: DemoWorld) -> Brokerage:
    """Create the brokerage event and its meetings, run the scheduler, publish the schedule."""
    event, meeting_session, slots = _create(world)
    pool = world.rng.sample(world.people, min(PARTICIPANTS, len(world.people)))
    people = ([world.member] if world.member else []) + pool
    people = people[:PARTICIPANTS]
    registrations, topics = _join(world, event, people)
    sent, meetings = _requests(world, meeting_session, people, registrations, topics)
    by_registration = {r.pk: i for i, r in enumerate(registrations)}
    locked = _place_two(world, meetings, slots, avoid=set())
    keep = {by_registration[pk] for pk in locked}
    _unavailable(
        world,
        meeting_session,
        people=people,
        registrations=registrations,
        slots=slots,
        keep=keep,
        meetings=meetings,
    )
    run = run_scheduler(
        actor=world.organiser,
        meeting_session=meeting_session,
        time_limit=TIME_LIMIT,
        enqueue=False,
    )
    run = perform_schedule_run(run_id=run.pk)
    if run.status == ScheduleRunStatus.DONE:
        publish_schedule(actor=world.organiser, meeting_session=meeting_session)
    return Brokerage(
        event=event,
        meeting_session=meeting_session,
        people=people,
        profiles=len(registrations),
        requests=sent,
        accepted=len(meetings),
        run=run,
    )
