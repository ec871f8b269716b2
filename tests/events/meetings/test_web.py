"""The B2B meeting pages through Django's test client: who gets which status code, exact page
content, every step through the forms, htmx partials and query counts."""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from tests.events.meetings.conftest import participant
from tests.factories.accounts import UserFactory
from tests.factories.events import MeetingFactory, MeetingRequestFactory
from tests.factories.marketplace import CooperationProfileFactory

from smartregions.common.middleware import POLICY
from smartregions.events.domain.matchmaking.requests import (
    accept_meeting_request,
    send_meeting_request,
)
from smartregions.events.enums import EventStatus, MeetingRequestStatus, SchedulingMode
from smartregions.events.models import MatchmakingProfile, Meeting, MeetingRequest, Unavailability
from smartregions.matching.enums import ProfileStatus

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
USERS = ("anon", "outsider", "ana", "ben", "cara", "organiser", "other_org", "staff")


def _html(response) -> str:
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    html = response.content.decode()
    assert 'style="' not in html
    assert INLINE_SCRIPT.findall(html) == []
    return html


def _main(html: str) -> str:
    """The page's own content (after the event tabs), tags removed, spaces collapsed."""
    body = html[html.index('<nav class="event-tabs"') :]
    body = body[body.index("</nav>") + 6 : body.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _flashed(response) -> str:
    """The last message the step flashed (earlier ones wait in the session until shown)."""
    return [str(m) for m in response.wsgi_request._messages][-1]


@pytest.fixture
def meeting(mw):
    """Ana's accepted meeting with Ben, placed at 09:30 at table 2 (picking session)."""
    request = MeetingRequestFactory(
        meeting_session=mw.session,
        requester=mw.ana_reg,
        recipient=mw.ben_reg,
        status=MeetingRequestStatus.ACCEPTED,
        message="Tanks for your lab?",
    )
    return MeetingFactory(request=request, slot=mw.slots[1], table_number=2)


def _login(client, mw, name):
    if name != "anon":
        client.force_login(getattr(mw, name))


# fmt: off
PAGES = [
    # path (formatted with mw, meeting)         an   ou   an   be   ca   or   ot   st
    ("/events/h2/meetings/",                     (200, 200, 200, 200, 200, 200, 200, 200)),
    ("/events/h2/meetings/profile/",             (302, 403, 200, 200, 200, 403, 403, 403)),
    ("/events/h2/meetings/participants/",        (302, 403, 200, 200, 200, 200, 403, 200)),
    ("/events/h2/meetings/participants/{ben}/",  (302, 403, 200, 200, 200, 200, 403, 200)),
    ("/events/h2/meetings/suggestions/",         (302, 403, 200, 200, 200, 403, 403, 403)),
    ("/events/h2/meetings/sessions/{session}/availability/",
                                                 (302, 403, 200, 200, 200, 403, 403, 403)),
    ("/events/h2/meetings/sessions/{session}/attendance/",
                                                 (302, 403, 403, 403, 403, 200, 403, 200)),
    ("/events/h2/meetings/{meeting}/",           (302, 403, 200, 200, 403, 200, 403, 200)),
    ("/events/h2/meetings/mine/",                (302, 403, 200, 200, 200, 403, 403, 403)),
    ("/events/h2/meetings/mine.pdf",             (302, 403, 200, 200, 200, 403, 403, 403)),
    ("/events/h2/meetings/mine.ics",             (302, 403, 200, 200, 200, 403, 403, 403)),
]
# fmt: on


def _path(template: str, mw, meeting) -> str:
    return template.format(ben=mw.ben_reg.pk, session=mw.session.pk, meeting=meeting.pk)


@pytest.mark.parametrize(("template", "codes"), PAGES)
def test_page_permission_matrix(client, mw, meeting, template, codes):
    path = _path(template, mw, meeting)
    got = []
    for name in USERS:
        client.logout()
        _login(client, mw, name)
        got.append(client.get(path).status_code)
    assert tuple(got) == codes
    client.logout()
    if codes[0] == 302:
        assert client.get(path)["Location"] == f"/account/login/?next={path}"


@pytest.mark.parametrize(("template", "codes"), PAGES)
def test_pages_answer_404_without_matchmaking_or_for_a_draft(client, mw, meeting, template, codes):
    path = _path(template, mw, meeting)
    client.force_login(mw.ana)
    mw.event.matchmaking_enabled = False
    mw.event.save()
    assert client.get(path).status_code == 404
    mw.event.matchmaking_enabled = True
    mw.event.status = EventStatus.DRAFT
    mw.event.save()
    assert client.get(path).status_code == 404
    client.force_login(mw.organiser)
    # The organisers still see a draft's pages exactly as they see the published event's.
    assert client.get(path).status_code == codes[USERS.index("organiser")]


def test_meetings_page_for_a_visitor_explains_who_takes_part(client, mw):
    text = _main(_html(client.get("/events/h2/meetings/")))
    assert text == (
        "B2B meetings Times in Europe/Brussels Meeting sessions Meeting sessions Session "
        "How meetings get a time Slots Requests close Morning B2B Participants pick a free "
        "common slot 5 — One-to-one meetings are arranged between the event's confirmed "
        "participants. Sign in"
    )


def test_meetings_page_lists_requests_to_answer_sent_and_accepted(client, mw, meeting):
    send_meeting_request(
        actor=mw.cara,
        meeting_session=mw.session,
        requester=mw.cara_reg,
        recipient=mw.ben_reg,
        message="Batteries?",
    )
    client.force_login(mw.ben)
    html = _html(client.get("/events/h2/meetings/"))
    text = _main(html)
    assert "Requests to answer Requests to answer From Session When Message Answer Cara Costa " in (
        text
    )
    assert "Morning B2B Any time Batteries? Accept Why you decline (optional) Decline" in text
    assert "Requests you sent You have no request waiting for an answer." in text
    assert "Accepted meetings Accepted meetings With Session Meeting Actions Ana Nováková" in text
    assert f'href="/events/h2/meetings/{meeting.pk}/"' in html
    client.force_login(mw.cara)
    text = _main(_html(client.get("/events/h2/meetings/")))
    assert "Requests you sent Requests you sent To Session When Message Actions Ben Braun" in text
    assert "Batteries? Withdraw" in text


def test_profile_form_creates_the_profile(client, mw):
    newcomer = participant(mw.event, UserFactory(full_name="Nina New"))
    MatchmakingProfile.objects.filter(registration=newcomer).delete()
    client.force_login(newcomer.user)
    html = _html(client.get("/events/h2/meetings/profile/"))
    assert "<h2>Create your matchmaking profile</h2>" in html
    response = client.post(
        "/events/h2/meetings/profile/",
        {"headline": "Fuel cells", "offering": "", "seeking": "", "is_visible": "on"},
    )
    assert response.status_code == 200
    assert "Say what you offer or what you seek (or both)." in response.content.decode()
    response = client.post(
        "/events/h2/meetings/profile/",
        {"headline": "Fuel cells", "offering": "Stacks.", "seeking": "", "is_visible": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/events/h2/meetings/"
    profile = MatchmakingProfile.objects.get(registration=newcomer)
    assert (profile.headline, profile.offering, profile.is_visible) == (
        "Fuel cells",
        "Stacks.",
        True,
    )


def test_participant_page_shows_organisation_region_sectors_and_marketplace(client, mw):

    live = CooperationProfileFactory(
        organisation=mw.stuttgart, title="Electrolyser test bench", status=ProfileStatus.PUBLISHED
    )
    CooperationProfileFactory(organisation=mw.stuttgart, title="Draft idea")
    client.force_login(mw.ana)
    html = _html(client.get(f"/events/h2/meetings/participants/{mw.ben_reg.pk}/"))
    text = _main(html)
    assert text.startswith(
        "Ben Braun Requests Participants Suggested for you My meetings My profile "
        "Electrolyser research lab Offers Electrolyser testing facilities and research on "
        "hydrogen storage materials. Seeks Industrial partners with hydrogen storage tanks for "
        "pilots. Marketplace offers and requests of the organisation Electrolyser test bench "
        "(Offer, Technology cooperation) About Participant type Delegate Organisation Stuttgart "
        "Institute (University or research organisation) Country Germany Region Stuttgart (DE11) "
        "Sectors (NACE) 72.19 Other research on natural sciences Request a meeting with Ben Braun"
    )
    assert f'href="/marketplace/profiles/{live.pk}/"' in html
    assert "Draft idea" not in html


def test_a_hidden_profile_is_404_for_other_participants(client, mw):
    MatchmakingProfile.objects.filter(registration=mw.ben_reg).update(is_visible=False)
    client.force_login(mw.ana)
    assert client.get(f"/events/h2/meetings/participants/{mw.ben_reg.pk}/").status_code == 404
    client.force_login(mw.ben)
    html = _html(client.get(f"/events/h2/meetings/participants/{mw.ben_reg.pk}/"))
    assert "Hidden from the directory" in html
    assert "Request a meeting" not in html
    client.force_login(mw.organiser)
    assert client.get(f"/events/h2/meetings/participants/{mw.ben_reg.pk}/").status_code == 200


def test_request_answer_and_cancel_through_the_pages(client, mw):
    client.force_login(mw.ana)
    response = client.post(
        f"/events/h2/meetings/participants/{mw.ben_reg.pk}/request/",
        {"meeting_session": mw.session.pk, "message": "Tanks?", "time_preference": "morning"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/events/h2/meetings/participants/{mw.ben_reg.pk}/"
    assert _flashed(response) == "Your request to Ben Braun was sent."
    request = MeetingRequest.objects.get()
    assert (request.message, request.time_preference) == ("Tanks?", "morning")
    again = client.post(
        f"/events/h2/meetings/participants/{mw.ben_reg.pk}/request/",
        {"meeting_session": mw.session.pk, "message": "", "time_preference": "any"},
    )
    assert _flashed(again) == "You already have an open request to Ben Braun in “Morning B2B”."
    assert client.post(f"/events/h2/meetings/requests/{request.pk}/accept/").status_code == 403
    client.force_login(mw.ben)
    response = client.post(f"/events/h2/meetings/requests/{request.pk}/accept/")
    assert (response.status_code, response["Location"]) == (302, "/events/h2/meetings/")
    assert _flashed(response) == "You accepted the meeting."
    meeting = Meeting.objects.get()
    response = client.post(
        f"/events/h2/meetings/requests/{request.pk}/cancel/",
        {"message": "Sorry", "next": f"/events/h2/meetings/{meeting.pk}/"},
    )
    assert response["Location"] == f"/events/h2/meetings/{meeting.pk}/"
    assert _flashed(response) == "The request was cancelled."
    assert not Meeting.objects.exists()
    request.refresh_from_db()
    assert request.status == MeetingRequestStatus.CANCELLED


def test_decline_with_a_message_and_unknown_verbs(client, mw):
    request = send_meeting_request(
        actor=mw.ana, meeting_session=mw.session, requester=mw.ana_reg, recipient=mw.ben_reg
    )
    client.force_login(mw.ben)
    assert client.get(f"/events/h2/meetings/requests/{request.pk}/decline/").status_code == 405
    assert client.post(f"/events/h2/meetings/requests/{request.pk}/approve/").status_code == 404
    response = client.post(
        f"/events/h2/meetings/requests/{request.pk}/decline/", {"message": "No time."}
    )
    assert _flashed(response) == "You declined the request."
    request.refresh_from_db()
    assert (request.status, request.response_message) == ("declined", "No time.")
    client.force_login(mw.cara)
    assert client.post(f"/events/h2/meetings/requests/{request.pk}/cancel/").status_code == 403


def test_availability_grid_saves_and_explains_refusals(client, mw, meeting):
    client.force_login(mw.ben)
    path = f"/events/h2/meetings/sessions/{mw.session.pk}/availability/"
    html = _html(client.get(path))
    assert html.count('type="checkbox"') == 5
    assert '<th scope="col">My meeting</th>' in html
    response = client.post(path, {"unavailable": [mw.slots[0].pk, mw.slots[4].pk]})
    assert (response.status_code, response["Location"]) == (302, path)
    assert sorted(
        Unavailability.objects.filter(registration=mw.ben_reg).values_list("slot_id", flat=True)
    ) == [mw.slots[0].pk, mw.slots[4].pk]
    html = _html(client.get(path))
    assert html.count(" checked>") == 2
    response = client.post(path, {"unavailable": [mw.slots[1].pk]})
    assert response.status_code == 200
    assert (
        "You have a meeting with Ana Nováková at 10 March 2027, 09:30\N{EN DASH}09:55 "
        "(Europe/Brussels) "
        "(table 2): free it before marking that slot unavailable." in response.content.decode()
    )


def test_pick_a_slot_on_the_meeting_page(client, mw):
    request = send_meeting_request(
        actor=mw.ana, meeting_session=mw.session, requester=mw.ana_reg, recipient=mw.ben_reg
    )
    meeting = accept_meeting_request(actor=mw.ben, meeting_request=request)
    client.force_login(mw.ana)
    html = _html(client.get(f"/events/h2/meetings/{meeting.pk}/"))
    assert re.findall(r'name="slot" value="(\d+)"', html) == [str(s.pk) for s in mw.slots]
    response = client.post(f"/events/h2/meetings/{meeting.pk}/pick/", {"slot": mw.slots[2].pk})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/events/h2/meetings/{meeting.pk}/",
    )
    assert _flashed(response) == "The meeting has its time and table."
    text = _main(_html(client.get(f"/events/h2/meetings/{meeting.pk}/")))
    assert "Time 10 March 2027, 10:00 \N{EN DASH}10:25 Table 1 Attendance Planned" in text
    assert "Pick a time" not in text


def test_organiser_schedules_mode_hides_unpublished_places(client, mw, meeting):
    mw.session.mode = SchedulingMode.ORGANISER_SCHEDULES
    mw.session.save()
    client.force_login(mw.ana)
    text = _main(_html(client.get(f"/events/h2/meetings/{meeting.pk}/")))
    assert "Time Scheduled; the organisers will publish the schedule." in text
    assert "Table" not in text
    assert "Pick a time" not in text
    agenda = _main(_html(client.get("/events/h2/meetings/mine/")))
    assert "None of your meetings has a time yet." in agenda
    assert "Waiting for a time Ben Braun (Stuttgart Institute) — Morning B2B" in agenda
    mw.session.schedule_published = True
    mw.session.save()
    text = _main(_html(client.get(f"/events/h2/meetings/{meeting.pk}/")))
    assert "Table 2" in text


def test_agenda_lists_meetings_in_time_order_with_partner_details(client, mw, meeting):
    later = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=mw.session,
            requester=mw.cara_reg,
            recipient=mw.ana_reg,
            status="accepted",
            message="Cluster visit?",
        ),
        slot=mw.slots[3],
        table_number=1,
    )
    client.force_login(mw.ana)
    html = _html(client.get("/events/h2/meetings/mine/"))
    text = _main(html)
    assert text == (
        "My meetings Requests Participants Suggested for you My meetings My profile "
        "Download PDF Add to calendar (iCalendar) Meetings in time order (times in "
        "Europe/Brussels) Time Table Partner Organisation Country Message "
        "10 March 2027, 09:30 \N{EN DASH}09:55 2 Ben Braun Stuttgart Institute Germany "
        "Tanks for your lab? "
        "10 March 2027, 10:30 \N{EN DASH}10:55 1 Cara Costa — Austria Cluster visit?"
    )
    assert re.findall(r'<a href="/events/h2/meetings/(\d+)/"><time', html) == [
        str(meeting.pk),
        str(later.pk),
    ]


def test_agenda_ics_and_pdf_downloads(client, mw, meeting):
    client.force_login(mw.ana)
    ics = client.get("/events/h2/meetings/mine.ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert ics["Content-Disposition"] == 'attachment; filename="meetings-h2.ics"'
    assert f"UID:meeting-{meeting.pk}@smartregions\r\n" in ics.content.decode()
    pdf = client.get("/events/h2/meetings/mine.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_check_in_attendance_and_outcome_through_the_pages(client, mw, meeting):
    start = mw.slots[1].starts_at
    with time_machine.travel(start, tick=False):
        client.force_login(mw.ana)
        response = client.post(f"/events/h2/meetings/{meeting.pk}/check-in/")
        assert _flashed(response) == "Ana Nováková is checked in."
        client.force_login(mw.organiser)
        response = client.post(
            f"/events/h2/meetings/{meeting.pk}/check-in/", {"party": "recipient"}
        )
        assert _flashed(response) == "Ben Braun is checked in."
        response = client.post(
            f"/events/h2/meetings/{meeting.pk}/attendance/",
            {
                "attendance": "held",
                "next": f"/events/h2/meetings/sessions/{mw.session.pk}/attendance/",
            },
        )
        assert response["Location"] == f"/events/h2/meetings/sessions/{mw.session.pk}/attendance/"
        client.force_login(mw.ana)
        assert (
            client.post(
                f"/events/h2/meetings/{meeting.pk}/attendance/", {"attendance": "held"}
            ).status_code
            == 403
        )
    with time_machine.travel(mw.slots[1].ends_at, tick=False):
        html = _html(client.get(f"/events/h2/meetings/{meeting.pk}/"))
        assert "Did this meeting lead to cooperation?" in html
        response = client.post(
            f"/events/h2/meetings/{meeting.pk}/outcome/",
            {"outcome": "in_discussion", "comment": "Second call booked."},
        )
        assert _flashed(response) == "Thank you: your answer was saved."
        html = _html(client.get(f"/events/h2/meetings/{meeting.pk}/"))
        assert "Your answer: Still in discussion. You may change it." in html
    meeting.refresh_from_db()
    assert meeting.attendance == "held"
    assert (meeting.requester_checked_in_at, meeting.recipient_checked_in_at) == (start, start)


def test_attendance_list_for_organisers(client, mw, meeting):
    client.force_login(mw.organiser)
    html = _html(client.get(f"/events/h2/meetings/sessions/{mw.session.pk}/attendance/"))
    text = _main(html)
    assert text == (
        "Attendance: Morning B2B Placed meetings by slot and table (times in Europe/Brussels) "
        "Time Table Participants Checked in Attendance 10 March 2027, 09:30 2 "
        "Ana Nováková · Ben Braun Attendance Planned Held No-show Record"
    )


def test_directory_search_filters_and_htmx_partial(client, mw):
    client.force_login(mw.ana)
    html = _html(client.get("/events/h2/meetings/participants/"))
    assert re.findall(r'participants/\d+/">([^<]+)</a>', html) == ["Ben Braun", "Cara Costa"]
    assert re.findall(r'<option value="([A-Z]{2})">', html) == ["AT", "CZ", "DE"]
    cases = {
        "?q=hydrogen+lab": ["Ben Braun"],
        "?q=cluster": ["Cara Costa"],
        "?q=stuttgart": ["Ben Braun"],
        "?country=AT": ["Cara Costa"],
        "?country=DE": ["Ben Braun"],
        "?organisation_type=research": ["Ben Braun"],
        f"?sector={mw.research.pk}": ["Ben Braun"],
        "?participant_type=press": [],
    }
    for query, names in cases.items():
        partial = _html(
            client.get(f"/events/h2/meetings/participants/{query}", headers={"HX-Request": "true"})
        )
        assert "<h2>" not in partial
        assert re.findall(r'participants/\d+/">([^<]+)</a>', partial) == names, query


def test_directory_query_count_does_not_grow(client, mw, django_assert_num_queries):
    client.force_login(mw.ana)
    with django_assert_num_queries(13):
        client.get("/events/h2/meetings/participants/")
    for n in range(6):
        participant(mw.event, UserFactory(full_name=f"Extra {n}"))
    with django_assert_num_queries(13):
        response = client.get("/events/h2/meetings/participants/")
    assert "8 participants" in response.content.decode()


def test_agenda_query_count_does_not_grow(client, mw, meeting, django_assert_num_queries):
    client.force_login(mw.ana)
    with django_assert_num_queries(9):
        client.get("/events/h2/meetings/mine/")
    for n in range(3):
        other = participant(mw.event, UserFactory(full_name=f"Extra {n}"))
        MeetingFactory(
            request=MeetingRequestFactory(
                meeting_session=mw.session, requester=mw.ana_reg, recipient=other, status="accepted"
            ),
            slot=mw.slots[2 + n],
            table_number=1,
        )
    with django_assert_num_queries(9):
        response = client.get("/events/h2/meetings/mine/")
    assert response.content.decode().count('<td class="num">') == 4


def test_request_form_says_the_organisers_can_read_the_message(client, mw):
    client.force_login(mw.ana)
    text = _main(_html(client.get(f"/events/h2/meetings/participants/{mw.ben_reg.pk}/")))
    assert unescape(text).endswith(
        "Request a meeting with Ben Braun Message Say why you would like to meet. Only the "
        "recipient and the event's organisers (who moderate requests) can read it. When "
        "(required) Any time Morning only Afternoon only Send the request"
    )
