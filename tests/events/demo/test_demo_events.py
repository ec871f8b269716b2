"""The events demo on a miniature registry: what it builds, that it builds it through the
domain (every step left its activity-log entry; the only direct write is the workshop's move
into the past), that a second run changes nothing, and that the reset removes it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q

from smartregions.accounts.models import User
from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.demo import (
    DEMO_SLUGS,
    ORGANISER_EMAIL,
    delete_demo_events,
    load_demo_events,
)
from smartregions.events.domain.demo import brokerage as brokerage_demo
from smartregions.events.domain.harvest import harvest
from smartregions.events.domain.queries.programme import programme_conflicts, programme_sessions
from smartregions.events.domain.queries.scheduling import meeting_statistics
from smartregions.events.models import (
    AgendaEntry,
    Conclusion,
    Event,
    FollowUpAction,
    MatchmakingProfile,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    PitchApplication,
    RapporteurNote,
    Registration,
    ScheduleRun,
    Session,
    StandBooking,
    TableSeat,
    Unavailability,
)
from tests.events.demo.conftest import NOW, TODAY

BRUSSELS = ZoneInfo("Europe/Brussels")
MODELS = (
    Event,
    Registration,
    Session,
    AgendaEntry,
    StandBooking,
    PitchApplication,
    TableSeat,
    RapporteurNote,
    Conclusion,
    FollowUpAction,
    MatchmakingProfile,
    Unavailability,
    MeetingRequest,
    Meeting,
    MeetingOutcome,
    ScheduleRun,
)
MEMBER = "member@demo.smartregions.eu"


@pytest.fixture(autouse=True)
def _short_scheduler_run(monkeypatch):
    """Three seconds are plenty for the miniature registry (the demo gives the scheduler ten)."""
    monkeypatch.setattr(brokerage_demo, "TIME_LIMIT", 3)


def _counts() -> dict[str, int]:
    rows = {model.__name__: model.objects.count() for model in MODELS}
    return rows | {"users": User.objects.count(), "log": ActivityLogEntry.objects.count()}


def _local(value: dt.datetime) -> str:
    return value.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M")


def _actions() -> Counter[str]:
    return Counter(ActivityLogEntry.objects.values_list("action", flat=True))


def _check_conference() -> None:
    """Full with a waiting list, a programme with one conflict, exhibition, pitches, harvest."""
    conference = Event.objects.get(slug="smart-regions-conference-demo")
    assert conference.title == "Smart Regions Conference 2027 (demo)"
    assert (conference.kind, conference.status, conference.capacity) == (
        "conference",
        "published",
        120,
    )
    assert (_local(conference.starts_at), _local(conference.ends_at)) == (
        "2027-04-06 09:00",
        "2027-04-07 15:30",
    )
    assert [u.email for u in conference.organisers.all()] == [ORGANISER_EMAIL]
    assert list(conference.questions.values_list("label", flat=True)) == [
        "Dietary needs",
        "Which thematic area interests you most?",
    ]
    registrations = conference.registrations
    assert Counter(registrations.values_list("status", flat=True)) == {
        "confirmed": 120,
        "waitlisted": 3,
    }
    assert list(
        registrations.filter(status="waitlisted")
        .order_by("pk")
        .values_list("user__email", flat=True)
    ) == [f"participant{n}@demo.smartregions.eu" for n in (119, 120, 121)]
    assert registrations.get(user__email=MEMBER).status == "confirmed"
    assert Counter(registrations.values_list("participant_type", flat=True)) == {
        "delegate": 114,
        "speaker": 7,
        "press": 2,
    }
    assert all(len(r.answers) == 2 for r in registrations.all())
    sessions = list(programme_sessions(conference))
    assert len(sessions) == 12
    assert conference.rooms.count() == 3
    [conflict] = programme_conflicts(sessions)
    assert (conflict.kind, conflict.first.title, conflict.second.title) == (
        "speaker_double_booked",
        "Hydrogen valleys: from pilots to investment",
        "Digital transition of SMEs in traditional industries",
    )
    assert AgendaEntry.objects.filter(session__event=conference).count() == 64

    assert conference.stands.count() == 8
    bookings = [
        (
            b.region.code if b.region else b.organisation.name,
            b.status,
            b.stand.code if b.stand else None,
        )
        for b in StandBooking.objects.filter(event=conference).order_by("pk")
    ]
    assert bookings == [
        ("BG33", "approved", "A1"),
        ("BG34", "approved", "A2"),
        ("DE60", "pending", "A3"),
        ("Power Systems Institute", "approved", "A4"),
        ("Galion Recycling", "approved", "B1"),
        ("Ravix Power Systems", "approved", "B2"),
        ("Quanteo Engineering", "pending", None),
    ]
    bg33 = StandBooking.objects.get(region__code="BG33")
    assert bg33.requested_by.email == "bg33@demo.smartregions.eu"
    assert (bg33.priorities.count(), bg33.projects.count()) == (2, 1)
    pitches = PitchApplication.objects.filter(event=conference).order_by("partnership__acronym")
    assert [(p.partnership.acronym, p.status, p.order) for p in pitches] == [
        ("CIRBAT", "approved", 2),
        ("H2VI", "approved", 1),
        ("TEXVAL", "pending", None),
    ]
    assert pitches.get(partnership__acronym="H2VI").applicant.email == "bg33@demo.smartregions.eu"

    assert TableSeat.objects.filter(round__event=conference).count() == 32
    assert RapporteurNote.objects.filter(submitted_at__isnull=True).count() == 0
    notes_per_table = Counter(RapporteurNote.objects.values_list("table__number", flat=True))
    assert notes_per_table == {1: 9, 2: 9, 3: 8, 4: 9}
    blockers = harvest(conference)[0]
    assert (blockers.question, blockers.tables) == ("What holds joint projects back today?", 4)
    assert [note.text for note in blockers.clusters[0].notes] == [
        "Co-financing rules differ between regions and slow joint projects.",
        "Regional co-financing rules are not aligned and delay joint projects.",
        "Different co-financing rates in each region slow joint projects down.",
    ]
    assert [c.sources.count() for c in Conclusion.objects.order_by("pk")] == [3, 3, 3, 3]
    actions = FollowUpAction.objects.order_by("pk")
    assert [(a.partnership.acronym if a.partnership else None) for a in actions] == [
        "CIRBAT",
        None,
    ]


def _check_brokerage() -> None:
    """Profiles, requests, two locked meetings, one scheduler run, the schedule published."""
    event = Event.objects.get(slug="hydrogen-valleys-brokerage-demo")
    assert (event.kind, event.matchmaking_enabled, _local(event.starts_at)) == (
        "brokerage",
        True,
        "2027-03-11 08:30",
    )
    [meeting_session] = event.meeting_sessions.all()
    assert (meeting_session.mode, meeting_session.tables) == ("organiser_schedules", 15)
    assert meeting_session.schedule_published
    slots = [_local(s.starts_at)[11:] for s in meeting_session.slots.order_by("starts_at")]
    assert slots == [
        "09:00", "09:25", "09:50", "10:15", "10:40", "11:05", "11:30", "11:55",
        "13:30", "13:55", "14:20", "14:45", "15:10", "15:35", "16:00", "16:25",
    ]  # fmt: skip
    assert event.registrations.filter(status="confirmed").count() == 80
    assert MatchmakingProfile.objects.filter(registration__event=event).count() == 80
    requests = MeetingRequest.objects.filter(meeting_session=meeting_session)
    assert Counter(requests.values_list("status", flat=True)) == {
        "accepted": 175,
        "declined": 50,
        "pending": 25,
    }
    assert Counter(requests.values_list("time_preference", flat=True)) == {
        "any": 225,
        "morning": 17,
        "afternoon": 8,
    }
    assert (
        Unavailability.objects.filter(registration__event=event)
        .values("registration")
        .distinct()
        .count()
        == 8
    )
    [run] = ScheduleRun.objects.filter(meeting_session=meeting_session)
    placed = Meeting.objects.filter(meeting_session=meeting_session, slot__isnull=False)
    assert (run.status, run.meetings_total, run.upper_bound) == ("done", 175, 174)
    assert run.placed == placed.count() == 174
    [unplaced] = run.unplaced
    assert unplaced["reason"].endswith("has another meeting in every slot open to both.")
    locked = placed.filter(locked=True).order_by("slot__starts_at")
    assert [(_local(m.slot.starts_at)[11:], m.table_number) for m in locked] == [
        ("09:50", 1),
        ("13:55", 2),
    ]
    assert locked[0].request.requester.user.email == MEMBER
    member = event.registrations.get(user__email=MEMBER)
    mine = Meeting.objects.filter(Q(request__requester=member) | Q(request__recipient=member))
    assert (mine.count(), mine.filter(slot__isnull=False).count()) == (8, 8)


def _check_workshop() -> None:
    """Last month, with held and missed meetings and cooperation answers."""
    workshop = Event.objects.get(slug="hydrogen-skills-workshop-demo")
    assert (_local(workshop.starts_at), _local(workshop.ends_at)) == (
        "2026-12-02 09:30",
        "2026-12-02 12:30",
    )
    assert workshop.ends_at < NOW
    slots = workshop.meeting_sessions.get().slots.order_by("starts_at")
    assert [_local(s.starts_at) for s in slots][:2] == ["2026-12-02 10:00", "2026-12-02 10:20"]
    statistics = meeting_statistics(workshop).total
    assert statistics.figures() == [24, 20, 4, 20, 16, 4, 8, 6, 10]
    member = workshop.registrations.get(user__email=MEMBER)
    mine = Meeting.objects.filter(request__requester=member)
    assert list(mine.values_list("attendance", flat=True)) == ["held", "held"]
    assert not MeetingOutcome.objects.filter(registration=member).exists()
    assert _actions()["event.demo_backdate"] == 1


def test_load_demo_events_builds_three_events_through_the_domain_once_and_deletes_them(logins):
    # One test: a load takes half a minute (about 1,900 domain calls and a scheduler run).
    summary = load_demo_events(seed=5, logins=logins, today=TODAY)

    _check_conference()
    _check_brokerage()
    _check_workshop()
    assert summary == (
        "conference: 120 confirmed and 3 waitlisted, 12 sessions, 64 agenda entries, 8 stands "
        "with 7 bookings, 3 pitches, 4 tables with 35 notes and 4 conclusions; brokerage event: "
        "80 profiles, 250 requests, 174 of 175 meetings scheduled (done); past workshop: 20 "
        "meetings, 16 held, 4 no-shows, 24 cooperation answers"
    )
    counts = _counts()
    actions = _actions()
    # The logins and the pool's people are members of the organisations they register for.
    assert actions["membership.grant"] == 131
    # Every row the demo made has the log entry of the domain function that makes it.
    assert actions["registration.create"] == counts["Registration"] == 219
    assert actions["event.session_create"] == counts["Session"] == 16
    assert actions["event.agenda_add"] == counts["AgendaEntry"]
    assert actions["event.stand_request"] == counts["StandBooking"]
    assert actions["event.pitch_apply"] == counts["PitchApplication"]
    assert actions["event.table_sign_up"] + actions["event.table_assign"] == counts["TableSeat"]
    assert actions["event.conclusion_create"] == counts["Conclusion"]
    assert actions["event.follow_up_add"] == counts["FollowUpAction"]
    assert actions["meeting_profile.save"] == counts["MatchmakingProfile"] == 96
    assert actions["meeting_request.send"] == counts["MeetingRequest"] == 274
    assert actions["meeting_request.accept"] == counts["Meeting"] == 195
    assert actions["meeting.outcome"] == counts["MeetingOutcome"] == 24
    assert actions["meeting_session.run_scheduler"] == actions["meeting_session.schedule"] == 1
    assert (actions["meeting.move"], actions["meeting.lock"], actions["meeting.pick_slot"]) == (
        2,
        2,
        20,
    )
    assert actions["meeting.attendance"] == 20
    # The pool of 130 participants, the organiser and the two logins.
    assert actions["user.create_demo"] == counts["users"] == 133

    assert load_demo_events(seed=5, logins=logins, today=TODAY) == "already present"
    assert _counts() == counts

    deleted = delete_demo_events()

    assert deleted == 1098
    assert not Event.objects.filter(slug__in=DEMO_SLUGS).exists()
    assert all(model.objects.count() == 0 for model in MODELS)
    assert User.objects.count() == counts["users"]
    assert _actions()["event.demo_delete"] == 1


def test_load_demo_events_skips_without_the_synthetic_registry(db):
    assert load_demo_events(today=TODAY) == "skipped: the synthetic registry is not loaded"
    assert not Event.objects.exists()
