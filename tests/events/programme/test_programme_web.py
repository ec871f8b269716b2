"""The programme pages: timetable, conflicts, agenda (with htmx), feeds and the editor."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from smartregions.events.domain import programme as domain
from smartregions.events.domain.queries.programme import agenda_feed_token
from smartregions.events.enums import EventStatus, SessionKind
from smartregions.events.models import AgendaEntry, Room, Session, SessionSpeaker
from tests.events.programme.world import at
from tests.factories.accounts import UserFactory
from tests.factories.events import RegistrationFactory, RoomFactory, SessionFactory


def _url(name, w, *args):
    return reverse(f"web:{name}", args=[w.forum.slug, *args])


def _text(response) -> str:
    """The page's visible text: inline tags dropped, other tags as spaces, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"</?(span|time|a|strong|em|code|label)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def programme(w):
    hall = RoomFactory(event=w.forum, name="Hall A", position=1)
    side = RoomFactory(event=w.forum, name="Room B", position=2)
    opening = SessionFactory(
        event=w.forum, room=hall, title="Opening", starts_at=at(8), ends_at=at(9)
    )
    workshop = SessionFactory(
        event=w.forum,
        room=side,
        kind=SessionKind.PARALLEL,
        title="Hydrogen workshop",
        starts_at=at(9),
        ends_at=at(10),
        seat_limit=2,
    )
    clash = SessionFactory(
        event=w.forum, room=side, title="Clash", starts_at=at(9, 30), ends_at=at(10, 30)
    )
    domain.add_speaker(actor=None, session=opening, name="Ada Guest", role="keynote")
    return opening, workshop, clash


def test_programme_page_shows_the_grid_and_list_in_the_event_zone(client, w, programme):
    response = client.get(_url("event-programme", w))
    assert response.status_code == 200
    text = _text(response)
    assert "Times in Europe/Brussels." in text
    assert "Wednesday 10 March 2027" in text
    assert "Opening 09:00\N{EN DASH}10:00 · Plenary · Hall A Ada Guest (keynote)" in text
    assert (
        "Hydrogen workshop 10:00\N{EN DASH}11:00 · Parallel session · Room B 0 of 2 seats taken"
        in text
    )
    html = response.content.decode()
    assert '<th scope="col">Hall A</th><th scope="col" colspan="2">Room B</th>' in html
    assert 'rowspan="2"' in html
    # Anonymous visitors see no conflicts, no agenda buttons, no editor link.
    assert "conflict" not in text
    assert "Add to my agenda" not in text
    assert "Edit the programme" not in text


def test_programme_list_view_has_no_grid(client, w, programme):
    response = client.get(_url("event-programme", w) + "?view=list")
    html = response.content.decode()
    assert "prog-grid" not in html
    assert html.count('class="prog-session') == 3
    assert "Show as a timetable grid" in html


def test_organisers_see_the_conflicts(client, w, programme):
    client.force_login(w.organiser)
    text = _text(client.get(_url("event-programme", w)))
    assert "1 conflict in the programme" in text
    assert "Room B is double-booked: “Hydrogen workshop” and “Clash” overlap." in text
    assert "Edit the programme" in text


def test_participants_add_a_session_with_htmx(client, w, programme):
    _, workshop, _ = programme
    client.force_login(w.participant)
    page = _text(client.get(_url("event-programme", w)))
    assert page.count("Add to my agenda") == 6  # three sessions, in the grid and the list
    response = client.post(
        _url("event-agenda-change", w, workshop.pk, "add"),
        {"next": "/events/s3-forum/programme/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Remove from my agenda: Hydrogen workshop" in text
    assert "“Hydrogen workshop” is in your agenda." in text
    assert AgendaEntry.objects.get().session == workshop


def test_a_full_session_is_refused_and_shown_full(client, w, programme):
    _, workshop, _ = programme
    for _ in range(2):
        other = RegistrationFactory(event=w.forum)
        AgendaEntry.objects.create(session=workshop, registration=other)
    client.force_login(w.participant)
    response = client.post(
        _url("event-agenda-change", w, workshop.pk, "add"), headers={"HX-Request": "true"}
    )
    text = _text(response)
    assert "“Hydrogen workshop” is full (2 seats)." in text
    assert "Full" in text
    assert "Add to my agenda" not in text


def test_agenda_change_without_htmx_goes_back(client, w, programme):
    opening, _, _ = programme
    client.force_login(w.participant)
    response = client.post(
        _url("event-agenda-change", w, opening.pk, "add"), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("event-agenda", w)


def test_agenda_page_warns_of_overlaps_and_offers_the_feed(client, w, programme):
    _, workshop, clash = programme
    domain.add_to_agenda(actor=w.participant, session=workshop)
    domain.add_to_agenda(actor=w.participant, session=clash)
    client.force_login(w.participant)
    response = client.get(_url("event-agenda", w))
    text = _text(response)
    assert "Sessions that overlap “Hydrogen workshop” and “Clash” overlap." in text
    token = agenda_feed_token(w.registration)
    assert f"http://testserver/events/s3-forum/agenda/feed/{token}.ics" in response.content.decode()
    assert text.count("Remove from my agenda") == 2


@time_machine.travel(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False)
def test_agenda_feed_answers_without_login_and_refuses_bad_tokens(client, w, programme):
    opening, _, _ = programme
    domain.add_to_agenda(actor=w.participant, session=opening)
    token = agenda_feed_token(w.registration)
    response = client.get(_url("event-agenda-feed", w, token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "SUMMARY:Opening\r\n" in body
    assert body.count("BEGIN:VEVENT") == 1
    assert client.get(_url("event-agenda-feed", w, token[:-1] + "x")).status_code == 404


def test_programme_ics_lists_every_session(client, w, programme):
    response = client.get(_url("event-programme-ics", w))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="s3-forum-programme.ics"'
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 3
    assert "X-WR-CALNAME:S3 Forum: programme\r\n" in body


def test_programme_page_queries_do_not_grow_with_sessions(
    client, w, programme, django_assert_num_queries
):
    client.force_login(w.participant)
    url = _url("event-programme", w)
    # The session and its user, the event, its organisers, the sessions with speakers and
    # pitches, the user's roles, registration and agenda.
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    for hour in range(10, 15):
        session = SessionFactory(event=w.forum, starts_at=at(hour), ends_at=at(hour, 45))
        domain.add_speaker(actor=None, session=session, name=f"Speaker {hour}")
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_editor_adds_a_room_and_a_session_in_the_event_zone(client, w):
    client.force_login(w.organiser)
    response = client.post(
        _url("event-room-add", w), {"room-name": "Hall A", "room-capacity": "200"}
    )
    assert response.status_code == 302
    room = Room.objects.get(event=w.forum)
    response = client.post(
        _url("event-session-add", w),
        {
            "session-title": "Opening",
            "session-kind": "plenary",
            "session-room": room.pk,
            "session-starts_at": "2027-03-10T09:00",
            "session-ends_at": "2027-03-10T10:00",
        },
    )
    session = Session.objects.get()
    assert response["Location"] == _url("event-session-edit", w, session.pk)
    assert (session.starts_at, session.ends_at, session.room) == (at(8), at(9), room)


def test_editor_shows_the_date_rule_on_the_field(client, w):
    client.force_login(w.organiser)
    response = client.post(
        _url("event-session-add", w),
        {
            "session-title": "Too early",
            "session-kind": "plenary",
            "session-starts_at": "2027-03-09T09:00",
            "session-ends_at": "2027-03-09T10:00",
        },
    )
    assert response.status_code == 200
    assert (
        "Starts: A session must lie within the event&#x27;s dates: "
        "10 March 2027 to 10 March 2027 (Europe/Brussels)."
    ) in response.content.decode()
    assert not Session.objects.exists()


def test_session_page_adds_a_user_speaker_by_email_and_a_guest(client, w, programme):
    opening, _, _ = programme
    client.force_login(w.organiser)
    url = _url("event-speaker-add", w, opening.pk)
    client.post(url, {"speaker-email": w.participant.email, "speaker-role": "chair"})
    response = client.post(url, {"speaker-email": "nobody@example.eu"})
    assert "No platform user has this e-mail address." in response.content.decode()
    names = list(SessionSpeaker.objects.filter(session=opening).values_list("name", "user"))
    assert names == [("Ada Guest", None), ("Petra Participant", w.participant.pk)]
    page = client.get(_url("event-session-edit", w, opening.pk))
    assert "Petra Participant — chair Petra Participant Remove" in _text(page)
    assert w.participant.email not in page.content.decode()


# fmt: off
ROLES = ("anon", "participant", "plain", "region_rep", "org_member", "lead", "organiser",
         "other_organiser", "staff")
L = "login"
MATRIX = [
    # view, method, published event codes, draft event codes
    ("event-programme", "get", (200, 200, 200, 200, 200, 200, 200, 200, 200),
                               (404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("event-programme-ics", "get", (200, 200, 200, 200, 200, 200, 200, 200, 200),
                                   (404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("event-programme-manage", "get", (L, 403, 403, 403, 403, 403, 200, 403, 200),
                                      (404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("event-room-add", "post", (L, 403, 403, 403, 403, 403, 302, 403, 302),
                               (404, 404, 404, 404, 404, 404, 302, 404, 302)),
    ("event-agenda", "get", (L, 200, 403, 403, 403, 403, 403, 403, 403),
                            (404, 404, 404, 404, 404, 404, 403, 404, 403)),
    ("event-agenda-change", "post", (L, 302, 403, 403, 403, 403, 403, 403, 403),
                                    (404, 404, 404, 404, 404, 404, 403, 404, 403)),
    ("event-session-edit", "get", (L, 403, 403, 403, 403, 403, 200, 403, 200),
                                  (404, 404, 404, 404, 404, 404, 200, 404, 200)),
    ("event-session-delete", "post", (L, 403, 403, 403, 403, 403, 302, 403, 302),
                                     (404, 404, 404, 404, 404, 404, 302, 404, 302)),
]
# fmt: on


def _args(name, session):
    if name == "event-agenda-change":
        return (session.pk, "add")
    if name in ("event-session-edit", "event-session-delete"):
        return (session.pk,)
    return ()


@pytest.mark.parametrize("draft", [False, True], ids=["published", "draft"])
@pytest.mark.parametrize("case", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, w, case, draft):
    name, method, published, drafted = case
    if draft:
        w.forum.status = EventStatus.DRAFT
        w.forum.save()
    expected = dict(zip(ROLES, drafted if draft else published, strict=True))
    got = {}
    for role in ROLES:
        session = SessionFactory(event=w.forum, starts_at=at(8), ends_at=at(9))
        client.logout()
        if role != "anon":
            client.force_login(getattr(w, role))
        url = reverse(f"web:{name}", args=[w.forum.slug, *_args(name, session)])
        data = {"room-name": f"Room {role}"} if name == "event-room-add" else {}
        response = getattr(client, method)(url, data)
        code = response.status_code
        if code == 302 and response["Location"].startswith(reverse("web:login")):
            code = L
        got[role] = code
    assert got == expected


def test_a_nameless_user_speaker_shows_no_email_anywhere(client, w, programme):
    opening, _, _ = programme
    nameless = UserFactory(full_name="", email="nameless@example.eu")
    domain.add_speaker(actor=w.organiser, session=opening, user=nameless)
    label = f"Participant {nameless.pk}"
    page = client.get(_url("event-programme", w))
    ics = client.get(_url("event-programme-ics", w))
    client.force_login(w.organiser)
    editor = client.get(_url("event-session-edit", w, opening.pk))
    for response in (page, ics, editor):
        assert response.status_code == 200
        body = response.content.decode()
        assert "nameless@example.eu" not in body
        assert label in body
