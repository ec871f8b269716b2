"""The organisers' scheduling pages through Django's test client: the permission matrix, the
grid, meetings and report with exact content, htmx runs, steps, statistics and query counts."""

from __future__ import annotations

import re

import pytest

from smartregions.common.middleware import POLICY
from smartregions.events.domain.scheduling import perform_schedule_run, run_scheduler
from smartregions.events.enums import EventStatus, ScheduleRunStatus, TimePreference
from smartregions.events.models import Meeting, MeetingSession, MeetingSlot, ScheduleRun
from tests.events.scheduling.conftest import accept, at

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
PAGE = "/events/b2b-forum/scheduling/"
STATS = "/events/b2b-forum/meeting-stats/"


def _html(response) -> str:
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    html = response.content.decode()
    assert 'style="' not in html
    assert INLINE_SCRIPT.findall(html) == []
    return html


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _user(w, who):
    return None if who == "anonymous" else getattr(w, who)


WHO = ["anonymous", "participant", "outsider", "other_organiser", "organiser", "staff"]


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", 302),
        ("participant", 403),
        ("outsider", 403),
        ("other_organiser", 403),
        ("organiser", 200),
        ("staff", 200),
    ],
)
@pytest.mark.parametrize(
    "url", [PAGE, STATS, f"{STATS}?format=csv", f"{PAGE}sessions/new/", "SESSION_EDIT"]
)
def test_pages_permission_matrix(client, w, who, code, url):
    url = url.replace("SESSION_EDIT", f"{PAGE}sessions/{w.session.pk}/edit/")
    if (user := _user(w, who)) is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == code
    if code == 302:
        assert response["Location"].startswith("/account/login/?next=/events/b2b-forum/")


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("participant", 404),
        ("outsider", 404),
        ("other_organiser", 404),
        ("organiser", 200),
        ("staff", 200),
    ],
)
def test_draft_event_pages_are_hidden_from_non_organisers(client, w, who, code):
    w.event.status = EventStatus.DRAFT
    w.event.save()
    client.force_login(_user(w, who))
    assert client.get(PAGE).status_code == code
    assert client.get(STATS).status_code == code


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", 302),
        ("participant", 403),
        ("outsider", 403),
        ("other_organiser", 403),
        ("organiser", 302),
        ("staff", 302),
    ],
)
def test_post_steps_permission_matrix(client, w, who, code):
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    if (user := _user(w, who)) is not None:
        client.force_login(user)
    response = client.post(f"{PAGE}meetings/{meeting.pk}/lock/")
    assert response.status_code == code
    meeting.refresh_from_db()
    assert meeting.locked is (code == 302 and who != "anonymous")
    if who in ("organiser", "staff"):
        assert response["Location"] == f"{PAGE}?session={w.session.pk}#meetings"


def test_post_steps_refuse_get(client, w):
    client.force_login(w.organiser)
    meeting = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    assert client.get(f"{PAGE}meetings/{meeting.pk}/lock/").status_code == 405
    assert client.get(f"{PAGE}sessions/{w.session.pk}/run/").status_code == 405
    assert client.post(f"{PAGE}meetings/{meeting.pk}/explode/").status_code == 404


def test_page_shows_the_grid_meetings_and_the_last_report(client, w):
    MeetingSlot.objects.filter(pk=w.slots[3].pk).update(tables=1)
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=2, locked=True)
    accept(w.session, w.cem, w.dana, slot=w.slots[1], table_number=1)
    unplaced = accept(
        w.session,
        w.ana,
        w.cem,
        preference=TimePreference.AFTERNOON,
        unplaced_reason="Ana Silva (Org X) and Cem Kaya have no common available slot in the "
        "afternoon, when the meeting was asked for.",
    )
    ScheduleRun.objects.create(
        meeting_session=w.session,
        status=ScheduleRunStatus.DONE,
        meetings_total=3,
        placed=2,
        upper_bound=2,
        breaks=1,
        fair=True,
        proven_optimal=True,
        elapsed_seconds=0.31,
        unplaced=[{"meeting": unplaced.pk, "reason": unplaced.unplaced_reason}],
    )
    client.force_login(w.organiser)
    html = _html(client.get(PAGE))
    grid = html[html.index('<div class="table-wrap sched-grid">') : html.index('id="meetings"')]
    rows = [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", grid, re.S)]
    assert rows[0] == "Slot Table 1 Table 2 Tables in this slot"
    assert [row.split(" Tables in this slot")[0] for row in rows[1:]] == [
        "10 Mar, 09:00\u201309:25 morning free Ana Silva · Ben Roth (locked)",
        "10 Mar, 09:30\u201309:55 morning Cem Kaya · Dana Novak free",
        "10 Mar, 10:00\u201310:25 morning free free",
        "10 Mar, 10:30\u201310:55 morning free —",
    ]
    assert "Meetings by slot and table (times in Europe/Brussels)" in grid
    meetings = html[html.index('id="meetings"') : html.index('id="scheduler"')]
    assert [_text(row) for row in re.findall(r'<th scope="row">(.*?)</th>', meetings, re.S)] == [
        "Ana Silva (Org X) · Ben Roth (Org Y)",
        "Cem Kaya · Dana Novak (Org Z)",
        "Ana Silva (Org X) · Cem Kaya",
    ]
    places = _text(meetings)
    assert "10 Mar, 09:00, table 2 (locked)" in places
    assert "10 Mar, 09:30, table 1" in places
    assert (
        "Unplaced Ana Silva (Org X) and Cem Kaya have no common available slot in the "
        "afternoon, when the meeting was asked for." in places
    )
    report = _text(
        html[
            html.index("<h4>Report") : html.index(
                '<section class="card" aria-labelledby="publication-heading"'
            )
        ]
    )
    assert report == (
        f"Report of run {ScheduleRun.objects.get().pk} Placed 2 of 3 accepted meetings (upper "
        "bound 2); 1 break; fair. Proven optimal. Took 0.3 s. Unplaced meetings Ana Silva "
        "(Org X) and Cem Kaya have no common available slot in the afternoon, when the meeting "
        "was asked for."
    )


def test_page_query_count_does_not_grow_with_meetings(client, w, django_assert_num_queries):
    client.force_login(w.organiser)
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    client.get(PAGE)  # warm the caches (session, user, content types)
    with django_assert_num_queries(9) as captured:
        client.get(PAGE)
    few = len(captured.captured_queries)
    for requester, recipient in ((w.cem, w.dana), (w.ana, w.cem), (w.ben, w.dana)):
        accept(w.session, requester, recipient)
    run = run_scheduler(actor=w.organiser, meeting_session=w.session, enqueue=False)
    perform_schedule_run(run_id=run.pk)
    with django_assert_num_queries(few):
        client.get(PAGE)


def test_page_without_sessions_invites_to_create_one(client, w):
    MeetingSession.objects.all().delete()
    client.force_login(w.staff)
    html = _html(client.get(PAGE))
    assert "No meeting session yet. Create one to lay out its slots and tables." in html
    assert f'href="{PAGE}sessions/new/"' in html


def test_create_a_session_with_times_in_the_event_zone(client, w):
    client.force_login(w.organiser)
    response = client.post(
        f"{PAGE}sessions/new/",
        {
            "title": "Afternoon meetings",
            "mode": "organiser_schedules",
            "tables": "8",
            "requests_close_at": "2027-03-09T18:00",
        },
    )
    created = MeetingSession.objects.get(title="Afternoon meetings")
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?session={created.pk}#slots"
    assert (created.tables, created.requests_close_at) == (8, at(18).replace(day=9))


def test_session_form_shows_domain_errors_on_the_field(client, w):
    client.force_login(w.organiser)
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=2)
    response = client.post(
        f"{PAGE}sessions/{w.session.pk}/edit/",
        {"title": "Morning meetings", "mode": "organiser_schedules", "tables": "1"},
    )
    html = _html(response)
    assert "Meetings are placed at tables above 1; move them before removing tables." in html


def test_generate_slots_from_the_form(client, w):
    client.force_login(w.organiser)
    session = MeetingSession.objects.create(event=w.event, title="Afternoon", tables=3)
    response = client.post(
        f"{PAGE}sessions/{session.pk}/slots/generate/",
        {
            "generate-starts_at": "2027-03-10T14:00",
            "generate-ends_at": "2027-03-10T15:00",
            "generate-length_minutes": "25",
            "generate-gap_minutes": "5",
            "generate-tables": "",
        },
        follow=True,
    )
    html = _html(response)
    assert "2 slots were added." in html
    assert list(session.slots.values_list("starts_at", "ends_at")) == [
        (at(14), at(14, 25)),
        (at(14, 30), at(14, 55)),
    ]


def test_refused_steps_flash_the_reason(client, w):
    client.force_login(w.organiser)
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    response = client.post(
        f"{PAGE}sessions/{w.session.pk}/slots/{w.slots[0].pk}/remove/", follow=True
    )
    assert "1 meeting(s) are placed in this slot; move or unplace them first." in _html(response)
    response = client.post(
        f"{PAGE}sessions/{w.session.pk}/slots/generate/",
        {"generate-starts_at": "nonsense"},
        follow=True,
    )
    html = _html(response)
    assert "First slot starts (Europe/Brussels): Enter a date and time." in html


def test_move_a_meeting_by_hand(client, w):
    meeting = accept(w.session, w.ana, w.ben)
    client.force_login(w.organiser)
    response = client.post(
        f"{PAGE}meetings/{meeting.pk}/move/",
        {"move-slot": w.slots[2].pk, "move-table_number": "2"},
        follow=True,
    )
    assert "The meeting was moved." in _html(response)
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_number) == (w.slots[2].pk, 2)


def test_run_with_htmx_answers_the_polling_fragment(client, w, django_capture_on_commit_callbacks):
    accept(w.session, w.ana, w.ben)
    client.force_login(w.organiser)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            f"{PAGE}sessions/{w.session.pk}/run/",
            {"run-time_limit": "5"},
            headers={"HX-Request": "true"},
        )
    run = ScheduleRun.objects.get()
    html = _html(response)
    assert (
        f'hx-get="/events/b2b-forum/scheduling/runs/{run.pk}/status/?polled=1" '
        'hx-trigger="every 2s" hx-swap="outerHTML"' in html
    )
    assert _text(html) == f"Scheduler run {run.pk}: Queued…"
    perform_schedule_run(run_id=run.pk)
    html = _html(client.get(f"{PAGE}runs/{run.pk}/status/?polled=1"))
    assert "hx-trigger" not in html
    assert _text(html).startswith(
        f"Scheduler run {run.pk} finished. Show the new schedule Placed 1 of 1 accepted "
        "meetings (upper bound 1); 0 breaks; fair. Proven optimal. Took"
    )


def test_run_refusal_with_htmx_is_shown_in_the_fragment(client, w):
    MeetingSession.objects.filter(pk=w.session.pk).update(schedule_published=True)
    client.force_login(w.organiser)
    response = client.post(
        f"{PAGE}sessions/{w.session.pk}/run/",
        {"run-time_limit": "5"},
        headers={"HX-Request": "true"},
    )
    assert _text(_html(response)) == (
        "The schedule is published; unpublish it before running the scheduler again."
    )
    assert not ScheduleRun.objects.exists()


def test_a_failed_run_shows_its_error(client, w):
    run = ScheduleRun.objects.create(
        meeting_session=w.session, status=ScheduleRunStatus.FAILED, error="Ana is double-booked."
    )
    client.force_login(w.organiser)
    html = _html(client.get(f"{PAGE}runs/{run.pk}/status/"))
    assert _text(html) == f"Scheduler run {run.pk} failed. Ana is double-booked."


def test_run_status_of_another_events_run_is_404(client, w):
    other = MeetingSession.objects.create(event=w.other_event, title="Theirs", tables=1)
    run = ScheduleRun.objects.create(meeting_session=other)
    client.force_login(w.organiser)
    assert client.get(f"{PAGE}runs/{run.pk}/status/").status_code == 404


def test_publish_from_the_page(client, w):
    accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    client.force_login(w.organiser)
    response = client.post(f"{PAGE}sessions/{w.session.pk}/publish/", follow=True)
    assert "The schedule is published; participants were notified." in _html(response)
    w.session.refresh_from_db()
    assert w.session.schedule_published is True


def _statistics_world(w):
    from smartregions.events.enums import CooperationOutcome, MeetingAttendance
    from smartregions.events.enums import MeetingRequestStatus as S
    from smartregions.events.models import MeetingOutcome, MeetingRequest

    held = accept(w.session, w.ana, w.ben, slot=w.slots[0], table_number=1)
    Meeting.objects.filter(pk=held.pk).update(attendance=MeetingAttendance.HELD)
    MeetingOutcome.objects.create(meeting=held, registration=w.ana, outcome=CooperationOutcome.YES)
    MeetingOutcome.objects.create(
        meeting=held, registration=w.ben, outcome=CooperationOutcome.IN_DISCUSSION
    )
    missed = accept(w.session, w.dana, w.ana, slot=w.slots[1], table_number=1)
    Meeting.objects.filter(pk=missed.pk).update(attendance=MeetingAttendance.NO_SHOW)
    accept(w.session, w.cem, w.dana)  # accepted, not scheduled
    MeetingRequest.objects.create(
        meeting_session=w.session, requester=w.ben, recipient=w.cem, status=S.DECLINED
    )
    MeetingRequest.objects.create(
        meeting_session=w.session, requester=w.cem, recipient=w.ana, status=S.PENDING
    )


def test_statistics_page_by_country_and_sector(client, w):
    _statistics_world(w)
    client.force_login(w.organiser)
    html = _html(client.get(STATS))
    tables = {
        name: [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", part, re.S)]
        for name, part in (
            ("country", html[html.index('id="stats-country"') : html.index('id="stats-sector"')]),
            ("sector", html[html.index('id="stats-sector"') :]),
        )
    }
    assert tables["country"][1:] == [
        "France 2 1 1 1 1 0 0 1 0",
        "Germany 4 3 0 2 1 1 1 0 0",
        "Not stated 3 1 1 0 0 0 0 0 0",
        "All participants 5 3 1 2 1 1 1 1 0",
    ]
    assert tables["sector"][1:] == [
        "C — Manufacturing 4 3 0 2 1 1 1 0 0",
        "J — Information and communication 4 3 1 2 1 1 0 1 0",
        "Not stated 3 1 1 0 0 0 0 0 0",
        "All participants 5 3 1 2 1 1 1 1 0",
    ]


def test_statistics_csv(client, w):
    _statistics_world(w)
    client.force_login(w.staff)
    response = client.get(f"{STATS}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="b2b-forum-meetings.csv"'
    assert response.content.decode().splitlines() == [
        (
            "breakdown,code,group,requests,accepted,declined,scheduled,held,no_show,"
            "cooperation_yes,cooperation_in_discussion,cooperation_no"
        ),
        "total,,all,5,3,1,2,1,1,1,1,0",
        "country,FR,France,2,1,1,1,1,0,0,1,0",
        "country,DE,Germany,4,3,0,2,1,1,1,0,0",
        "country,,not stated,3,1,1,0,0,0,0,0,0",
        "sector,C,Manufacturing,4,3,0,2,1,1,1,0,0",
        "sector,J,Information and communication,4,3,1,2,1,1,0,1,0",
        "sector,,not stated,3,1,1,0,0,0,0,0,0",
    ]


def test_statistics_query_count_is_fixed(client, w, django_assert_num_queries):
    accept(w.session, w.ben, w.ana)
    client.force_login(w.organiser)
    client.get(STATS)
    with django_assert_num_queries(9):
        client.get(STATS)
    _statistics_world(w)
    with django_assert_num_queries(9):
        client.get(STATS)
