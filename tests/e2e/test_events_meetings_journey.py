"""Register -> request meetings -> organiser schedules -> agenda, in a real Chromium.

Anna, of the Brno mechatronics cluster, finds the brokerage event in the calendar (filtered by
kind), registers (a custom question, the consent box), writes her matchmaking profile, finds
Bruno among her suggestions and asks him for a meeting with a message; Bruno accepts. Two
more accepted meetings are seeded (Bruno - Carla, Carla - David), all in one session of three
slots at one table. Anna cannot attend the first slot. The organiser runs the scheduler: the
page polls the run's status until it is done and reports "placed 3 of 3" with no break, which
leaves one schedule only (Carla - David, Bruno - Carla, Anna - Bruno), and publishes it. Anna's
agenda shows her meeting at 10:00 Brussels summer time, table 1, in the page, the iCalendar
file (08:00 UTC) and the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from smartregions.events.enums import (
    MeetingRequestStatus,
    RegistrationStatus,
    ScheduleRunStatus,
    TimePreference,
)
from smartregions.events.models import (
    MatchmakingProfile,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from smartregions.events.tasks import schedule_meetings
from tests.e2e._browser import log_in, wait_for_htmx
from tests.e2e._seed_events import (
    ANNA,
    BRUNO,
    ORGANISER,
    SECTOR_QUESTION,
    MeetingsWorld,
    seed_meetings_world,
)

pytestmark = pytest.mark.e2e

EVENT = "Danube Cobot Brokerage 2027"
DASH = "\N{EN DASH}"
MESSAGE = "We would like to test cobot welding on your pilot line."
PROFILE = {
    "Headline": "Mechatronics cluster of South Moravia",
    "What you offer": "Forty manufacturers ready to pilot collaborative robots.",
    "What you seek": "A robotic welding pilot line for small manufacturers.",
}


@pytest.fixture
def world(demo) -> MeetingsWorld:
    return seed_meetings_world()


def _anna_registers(page, world: MeetingsWorld, shoot) -> Registration:
    log_in(page, ANNA)
    page.goto("/events/")
    assert page.locator(".result-count").inner_text().startswith("2 upcoming events")
    page.get_by_label("Kind").select_option(label="Brokerage event")
    page.locator(".result-count").get_by_text("1 upcoming event").wait_for()
    wait_for_htmx(page)
    row = page.locator(".event-table tbody tr")
    assert row.locator("td").all_inner_texts()[:3] == [
        "Brokerage event",
        "14 April 2027, 09:00 (Europe/Brussels)",
        "Bratislava",
    ]
    shoot(page, "events-calendar")
    row.get_by_role("link", name=EVENT).click()
    page.wait_for_url(f"**/events/{world.event.slug}/")
    assert page.locator(".event-window").inner_text() == "Registration is open."
    page.get_by_role("link", name="Register", exact=True).click()

    page.get_by_label(re.compile(r"^Job title")).fill("Innovation manager")
    page.get_by_label(re.compile(r"^Organisation")).select_option(label="Brno Mechatronics Cluster")
    page.get_by_label(re.compile(r"^Region \(NUTS code\)")).fill("CZ064")
    sector = page.get_by_role("group", name=SECTOR_QUESTION)
    sector.get_by_role("radio", name="Manufacturing").check()
    page.get_by_role("button", name="Register", exact=True).click()
    # Without the consent box ticked the form comes back and nothing is recorded.
    page.get_by_text("Registering requires your consent to the terms.", exact=True).wait_for()
    assert not Registration.objects.filter(user__email=ANNA).exists()
    assert sector.get_by_role("radio", name="Manufacturing").is_checked()
    page.get_by_label("I agree to the terms above.").check()
    shoot(page, "events-register")
    page.get_by_role("button", name="Register", exact=True).click()
    page.get_by_text(
        "You are registered. A confirmation with a calendar file is on its way by e-mail."
    ).wait_for()
    assert page.locator(".event-registration-box strong.badge").inner_text() == "Confirmed"

    registration = Registration.objects.get(event=world.event, user__email=ANNA)
    assert (
        registration.status,
        registration.badge_name,
        registration.job_title,
        registration.organisation,
        registration.region.code,
        registration.answers,
        registration.consent_version,
    ) == (
        RegistrationStatus.CONFIRMED,
        "Anna Nováková",
        "Innovation manager",
        world.anna_organisation,
        "CZ064",
        {str(world.question.pk): "Manufacturing"},
        "1",
    )
    assert registration.consent_given_at is not None
    (confirmation,) = [m for m in mail.outbox if m.to == [ANNA]]
    assert confirmation.subject == f"[smartregions] Registration confirmed: {EVENT}"
    assert [name for name, _content, _type in confirmation.attachments] == ["event.ics"]
    return registration


def _anna_requests_a_meeting_with_bruno(page, world: MeetingsWorld, shoot) -> MeetingRequest:
    page.get_by_role("navigation", name="Event sections").get_by_role(
        "link", name="B2B meetings"
    ).click()
    page.get_by_role("link", name="Create your profile").click()
    for label, value in PROFILE.items():
        page.get_by_label(re.compile(rf"^{label}")).fill(value)
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your matchmaking profile was saved.").wait_for()
    profile = MatchmakingProfile.objects.get(registration__user__email=ANNA)
    assert (profile.headline, profile.offering, profile.seeking, profile.is_visible) == (
        *PROFILE.values(),
        True,
    )

    page.get_by_role("link", name="Suggested for you").click()
    first = page.locator(".mtg-suggestions > li").first
    assert first.locator("h3").inner_text() == "Bruno Kováč Bratislava Innovation Agency"
    assert first.locator(".mtg-reasons li").all_inner_texts() == [
        (
            "What you seek and what they offer both mention “robotic welding”, “welding pilot” "
            "and “pilot line”."
        )
    ]
    shoot(page, "events-meeting-suggestions")
    first.get_by_role("link", name="Bruno Kováč").click()
    page.get_by_label(re.compile(r"^Message")).fill(MESSAGE)
    page.get_by_label(re.compile(r"^When")).select_option(label="Morning only")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Your request to Bruno Kováč was sent.").wait_for()
    assert page.locator("#open-heading + ul").inner_text() == "Cobot meetings: Pending"

    request = MeetingRequest.objects.get(requester__user__email=ANNA)
    assert (
        request.recipient.user.email,
        request.message,
        request.time_preference,
        request.status,
    ) == (BRUNO, MESSAGE, TimePreference.MORNING, MeetingRequestStatus.PENDING)
    return request


def _bruno_accepts(page, world: MeetingsWorld, request: MeetingRequest) -> None:
    log_in(page, BRUNO)
    page.goto(f"/events/{world.event.slug}/meetings/")
    row = page.locator("#received-heading ~ .table-wrap tbody tr")
    assert row.locator("th").inner_text() == "Anna Nováková\nBrno Mechatronics Cluster"
    assert row.locator("td").all_inner_texts()[:3] == ["Cobot meetings", "Morning only", MESSAGE]
    row.get_by_role("button", name="Accept").click()
    page.get_by_text("You accepted the meeting.").wait_for()
    accepted = page.locator("#accepted-heading ~ .table-wrap tbody th").all_inner_texts()
    assert sorted(accepted) == ["Anna Nováková", "Carla Svobodová"]
    request.refresh_from_db()
    assert request.status == MeetingRequestStatus.ACCEPTED
    assert Meeting.objects.get(request=request).slot is None


def _anna_cannot_attend_the_first_slot(page, world: MeetingsWorld) -> None:
    log_in(page, ANNA)
    page.goto(f"/events/{world.event.slug}/meetings/")
    page.get_by_role("link", name="My availability").click()
    assert page.locator("caption").inner_text() == "Slots (times in Europe/Brussels)"
    assert page.locator("tbody th").all_inner_texts() == [
        "14 April 2027, 09:00",
        "14 April 2027, 09:30",
        "14 April 2027, 10:00",
    ]
    page.get_by_label(f"14 April 2027, 09:00{DASH}09:25 (Europe/Brussels)").check()
    page.get_by_role("button", name="Save availability").click()
    page.get_by_text("Your availability was saved.").wait_for()
    registration = Registration.objects.get(event=world.event, user__email=ANNA)
    assert list(registration.unavailable_slots.values_list("slot", flat=True)) == [
        world.slots[0].pk
    ]


def _organiser_schedules_and_publishes(page, world: MeetingsWorld, settings, shoot) -> None:
    log_in(page, ORGANISER)
    page.goto(f"/events/{world.event.slug}/")
    page.get_by_role("link", name="Meeting scheduler").click()
    meetings = page.locator("#meetings tbody tr td:nth-child(3)")
    assert meetings.all_inner_texts() == ["Unplaced", "Unplaced", "Unplaced"]

    # The scheduler runs in a worker, as with the database task backend in production: the run
    # stays queued and the page polls its status. The test plays the worker when the first
    # poll is sent, before it reaches the server, so the worker and the live server never use
    # the test database at once (the shared in-memory SQLite takes one writer at a time).
    # Playwright calls the handler in a greenlet of its own, which Django gives a connection
    # of its own: closed when done (a no-op for in-memory SQLite).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    polls: list[str] = []

    def worker(route) -> None:
        if not polls:
            try:
                queued = ScheduleRun.objects.get(status=ScheduleRunStatus.QUEUED)
                assert schedule_meetings.call(run_id=queued.pk) == ScheduleRunStatus.DONE
            finally:
                connection.close()
        polls.append(route.request.url)
        route.continue_()

    page.route(re.compile(r"/scheduling/runs/\d+/status/\?polled=1$"), worker)
    page.get_by_label(re.compile(r"^Time limit \(seconds\)")).fill("10")
    page.get_by_role("button", name="Run the scheduler").click()
    page.get_by_text(re.compile(r"^Scheduler run \d+: Queued…$")).wait_for()
    run = ScheduleRun.objects.get(meeting_session=world.meeting_session)
    status = page.locator("#run-status .sched-run-done")
    status.get_by_text(f"Scheduler run {run.pk} finished.").wait_for()
    wait_for_htmx(page)
    assert len(polls) == 1
    assert (
        status.locator(".sched-figures")
        .inner_text()
        .startswith("Placed 3 of 3 accepted meetings (upper bound 3); 0 breaks; fair.")
    )
    run.refresh_from_db()
    assert (run.status, run.placed, run.meetings_total, run.upper_bound, run.breaks) == (
        ScheduleRunStatus.DONE,
        3,
        3,
        3,
        0,
    )

    status.get_by_role("link", name="Show the new schedule").click()
    page.wait_for_url(f"**/scheduling/?session={world.meeting_session.pk}#slots")
    grid = {
        row.locator("th").inner_text().split("\n")[0]: row.locator("td").all_inner_texts()[0]
        for row in page.locator("#slots tbody tr").all()
    }
    assert grid == {
        f"14 Apr, 09:00{DASH}09:25": "Carla Svobodová · David Horák",
        f"14 Apr, 09:30{DASH}09:55": "Bruno Kováč · Carla Svobodová",
        f"14 Apr, 10:00{DASH}10:25": "Anna Nováková · Bruno Kováč",
    }
    report = page.locator(".sched-report")
    assert report.locator("h4").inner_text() == f"Report of run {run.pk}"
    assert (
        report.locator(".sched-figures")
        .inner_text()
        .startswith("Placed 3 of 3 accepted meetings (upper bound 3); 0 breaks; fair.")
    )
    shoot(page, "events-scheduler-report")
    page.get_by_role("button", name="Publish the schedule").click()
    page.get_by_text("The schedule is published; participants were notified.").wait_for()
    world.meeting_session.refresh_from_db()
    assert world.meeting_session.schedule_published


def _anna_reads_her_agenda(page, world: MeetingsWorld, shoot) -> None:
    log_in(page, ANNA)
    page.goto(f"/events/{world.event.slug}/meetings/")
    page.get_by_role("link", name="My meetings", exact=True).click()
    page.wait_for_url(f"**/events/{world.event.slug}/meetings/mine/")
    table = page.locator("table").filter(has=page.locator("caption"))
    assert table.locator("caption").inner_text() == (
        "Meetings in time order (times in Europe/Brussels)"
    )
    (row,) = table.locator("tbody tr").all()
    start = row.locator("th time")
    assert (start.inner_text(), start.get_attribute("datetime")) == (
        "14 April 2027, 10:00",
        "2027-04-14T08:00:00+00:00",
    )
    assert row.locator("th").inner_text().endswith(f"{DASH}10:25")
    assert row.locator("td").all_inner_texts() == [
        "1",
        "Bruno Kováč",
        "Bratislava Innovation Agency",
        "Slovakia",
        MESSAGE,
    ]
    shoot(page, "events-my-meetings")

    with page.expect_download() as ics:
        page.get_by_role("link", name="Add to calendar (iCalendar)").click()
    assert ics.value.suggested_filename == f"meetings-{world.event.slug}.ics"
    raw = Path(ics.value.path()).read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    lines = raw.decode().replace("\r\n ", "").split("\r\n")  # unfolded (RFC 5545, 3.1)
    meeting = Meeting.objects.get(request__requester__user__email=ANNA)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//smartregions//events//EN"]
    start = lines.index("BEGIN:VEVENT")
    assert lines.count("BEGIN:VEVENT") == 1
    assert lines[start + 1] == f"UID:meeting-{meeting.pk}@smartregions"
    assert lines[start + 2].startswith("DTSTAMP:")
    assert lines[start + 3 : start + 8] == [
        "DTSTART:20270414T080000Z",
        "DTEND:20270414T082500Z",
        "SUMMARY:B2B meeting: Bruno Kováč (Bratislava Innovation Agency)",
        f"DESCRIPTION:Table 1 with Bruno Kováč (Bratislava Innovation Agency).\\n\\n{MESSAGE}",
        f"LOCATION:Bratislava {DASH} table 1",
    ]
    assert lines[start + 8].startswith("URL:http")
    assert lines[start + 8].endswith(f"/events/{world.event.slug}/meetings/{meeting.pk}/")
    assert lines[start + 9 :] == ["END:VEVENT", "END:VCALENDAR", ""]

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download PDF").click()
    assert pdf.value.suggested_filename == f"meetings-{world.event.slug}.pdf"
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")


def test_register_request_meetings_schedule_and_read_the_agenda(page, world, settings, shoot):
    _anna_registers(page, world, shoot)
    request = _anna_requests_a_meeting_with_bruno(page, world, shoot)
    _bruno_accepts(page, world, request)
    _anna_cannot_attend_the_first_slot(page, world)
    _organiser_schedules_and_publishes(page, world, settings, shoot)
    _anna_reads_her_agenda(page, world, shoot)

    placed = {
        (m.request.requester.badge_name, m.request.recipient.badge_name): (
            m.slot.starts_at.isoformat(),
            m.table_number,
        )
        for m in Meeting.objects.select_related("request__requester", "request__recipient", "slot")
    }
    assert placed == {
        ("Carla Svobodová", "David Horák"): ("2027-04-14T07:00:00+00:00", 1),
        ("Bruno Kováč", "Carla Svobodová"): ("2027-04-14T07:30:00+00:00", 1),
        ("Anna Nováková", "Bruno Kováč"): ("2027-04-14T08:00:00+00:00", 1),
    }
