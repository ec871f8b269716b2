"""The exhibition and pitch pages: catalogue, requests, decisions, showcases, pitch order."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from smartregions.events.domain import exhibition as exhibition_domain
from smartregions.events.domain import pitches as pitch_domain
from smartregions.events.enums import BookingStatus, EventStatus, SessionKind
from smartregions.events.models import PitchApplication, StandBooking
from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership
from tests.events.programme.world import ROLES, at
from tests.factories.events import SessionFactory, StandFactory


def _url(name, w, *args):
    return reverse(f"web:{name}", args=[w.forum.slug, *args])


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"</?(span|time|a|strong|em|code|label)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _request(w, **values):
    options = {
        "actor": w.region_rep,
        "event": w.forum,
        "region": w.de11,
        "showcase_title": "Stuttgart mobility",
        "showcase_text": "Automotive suppliers moving to hydrogen.",
        "priorities": [w.automotive],
        "projects": [w.valve_pilot],
        "contact_name": "Rita Rep",
        "contact_email": "rita@stuttgart.example",
        **values,
    }
    return exhibition_domain.request_stand(**options)


@pytest.fixture
def stands(w):
    return StandFactory(event=w.forum, code="A1", location="Hall 1"), StandFactory(
        event=w.forum, code="B2", location="Hall 2"
    )


def test_catalogue_shows_approved_exhibitors_only(client, w, stands):
    a1, _ = stands
    booking = _request(w, stand=a1)
    text = _text(client.get(_url("event-exhibition", w)))
    assert "A1 9.0 Hall 1 Free" in text
    assert "Stuttgart mobility" not in text
    exhibition_domain.approve_booking(actor=w.organiser, booking=booking)
    text = _text(client.get(_url("event-exhibition", w)))
    assert "A1 9.0 Hall 1 Stuttgart mobility (Stuttgart)" in text
    assert "B2 9.0 Hall 2 Free" in text
    assert "Request a stand" not in text


def test_a_representative_requests_a_stand(client, w, stands):
    a1, _ = stands
    client.force_login(w.region_rep)
    form = client.get(_url("event-booking-create", w)).content.decode()
    assert f'<option value="region:{w.de11.pk}">Stuttgart (DE11)</option>' in form
    response = client.post(
        _url("event-booking-create", w),
        {
            "party": f"region:{w.de11.pk}",
            "stand": a1.pk,
            "showcase_title": "Stuttgart mobility",
            "priorities": [w.automotive.pk],
            "projects": [w.valve_pilot.pk],
            "website": "stuttgart.example",
        },
    )
    assert response.status_code == 302
    booking = StandBooking.objects.get()
    assert (booking.region, booking.stand, booking.website) == (
        w.de11,
        a1,
        "https://stuttgart.example",
    )
    text = _text(client.get(_url("event-exhibition", w)))
    assert "Your stand requests" in text
    assert "Stuttgart mobility Stuttgart (DE11) A1 Pending" in text


def test_a_priority_of_another_region_is_refused_on_the_form(client, w):
    client.force_login(w.lead)  # represents CZ06, so may also book for it
    response = client.post(
        _url("event-booking-create", w),
        {
            "party": f"region:{w.cz06.pk}",
            "showcase_title": "South Moravia",
            "priorities": [w.hydrogen.pk, w.manufacturing.pk],
        },
    )
    assert response.status_code == 302
    response = client.post(
        _url("event-booking-create", w),
        {"party": f"region:{w.cz06.pk}", "showcase_title": "Again"},
    )
    assert response.status_code == 200
    assert "CZ06 Jihovýchod already has a stand booking at this event." in response.content.decode()


def test_organisers_approve_and_decline(client, w, stands):
    a1, _ = stands
    booking = _request(w)
    other = exhibition_domain.request_stand(
        actor=w.org_member, event=w.forum, organisation=w.brno, showcase_title="Valves"
    )
    client.force_login(w.organiser)
    page = _text(client.get(_url("event-exhibition", w)))
    assert "Booking requests" in page
    assert page.count("Approve") == 2
    client.post(
        _url("event-booking-action", w, booking.pk, "approve"), {"stand": a1.pk, "note": "Hi"}
    )
    response = client.post(_url("event-booking-action", w, other.pk, "decline"), {"note": ""})
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "Reason: This field is required."
    client.post(_url("event-booking-action", w, other.pk, "decline"), {"note": "Full."})
    statuses = dict(StandBooking.objects.values_list("pk", "status"))
    assert statuses == {booking.pk: BookingStatus.APPROVED, other.pk: BookingStatus.DECLINED}


def test_exhibitor_page_is_public_once_approved(client, w, stands):
    a1, _ = stands
    booking = _request(w, stand=a1)
    url = _url("event-exhibitor", w, booking.pk)
    assert client.get(url).status_code == 404
    client.force_login(w.region_rep)
    assert "Edit the showcase" in _text(client.get(url))
    exhibition_domain.approve_booking(actor=w.organiser, booking=booking)
    client.logout()
    text = _text(client.get(url))
    assert "Stuttgart mobility Stuttgart (DE11) · Stand A1, Hall 1" in text
    assert "S3 priorities Automotive (DE11, DE11-1)" in text
    assert "Partnership projects Valve Pilot (Hydrogen Valleys)" in text
    assert "Contact person Rita Rep E-mail rita@stuttgart.example" in text
    assert "Edit the showcase" not in text


def test_exhibition_page_queries_do_not_grow(client, w, django_assert_num_queries):
    client.force_login(w.organiser)
    url = _url("event-exhibition", w)

    def grow(n):
        stand = StandFactory(event=w.forum, code=f"C{n}")
        partnership_region = [w.de11, w.cz06][n % 2]
        booking = _request(w, region=partnership_region, stand=stand, priorities=[], projects=[])
        exhibition_domain.approve_booking(actor=w.organiser, booking=booking)

    grow(0)
    # The session and its user, the event, its organisers, the stands and their exhibitors,
    # the user's roles, the bookings.
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    grow(1)
    StandFactory(event=w.forum, code="D1")
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.fixture
def pitch_session(w):
    return SessionFactory(
        event=w.forum,
        kind=SessionKind.PITCH,
        title="Partnership pitches",
        starts_at=at(13),
        ends_at=at(14),
        room=None,
    )


def _partnership(w, name):
    partnership = create_partnership(
        actor=None, name=name, thematic_platform=w.platform, lead_region=w.cz06
    )
    return launch_partnership(actor=None, partnership=partnership)


def test_a_lead_applies_and_the_organiser_accepts(client, w, pitch_session):
    client.force_login(w.lead)
    page = client.get(_url("event-pitches", w)).content.decode()
    assert f'<option value="{w.valleys.pk}">Hydrogen Valleys</option>' in page
    assert "Forming Robotics" not in page
    response = client.post(
        _url("event-pitch-apply", w),
        {
            "partnership": w.valleys.pk,
            "title": "Valleys",
            "summary": "One corridor.",
            "duration_minutes": 5,
        },
    )
    assert response.status_code == 302
    pitch = PitchApplication.objects.get()
    client.force_login(w.organiser)
    text = _text(client.get(_url("event-pitches", w)))
    assert "Applications to decide Valleys Hydrogen Valleys · 5 minutes" in text
    client.post(_url("event-pitch-action", w, pitch.pk, "accept"), {"session": pitch_session.pk})
    pitch.refresh_from_db()
    assert (pitch.status, pitch.session, pitch.order) == (BookingStatus.APPROVED, pitch_session, 1)
    client.logout()
    text = _text(client.get(_url("event-pitches", w)))
    assert "Accepted pitches" in text
    assert "Partnership pitches 10 March 2027, 14:00" in text
    assert "Valleys (Hydrogen Valleys, 5 minutes)" in text
    programme = _text(client.get(_url("event-programme", w) + "?view=list"))
    assert (
        "Partnership pitches 14:00\N{EN DASH}15:00 · Pitch session Valleys (Hydrogen Valleys)"
        in programme
    )


def test_organisers_move_a_pitch_with_htmx(client, w, pitch_session):
    pitches = []
    for n in range(3):
        pitch = pitch_domain.apply_for_pitch(
            actor=w.lead,
            event=w.forum,
            partnership=_partnership(w, f"Partnership {n}"),
            title=f"Pitch {n}",
            summary="s",
        )
        pitches.append(
            pitch_domain.accept_pitch(actor=w.organiser, pitch=pitch, session=pitch_session)
        )
    client.force_login(w.organiser)
    response = client.post(
        _url("event-pitch-action", w, pitches[2].pk, "up"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    text = _text(response)
    assert text.index("Pitch 0") < text.index("Pitch 2") < text.index("Pitch 1")
    assert "“Pitch 2” is now number 2." in text
    response = client.post(
        _url("event-pitch-action", w, pitches[0].pk, "up"), headers={"HX-Request": "true"}
    )
    assert "“Pitch 0” is already first." in _text(response)


# fmt: off
L = "login"
MATRIX = [
    # view, method, target, codes for:
    #  an   pa   pl   rr   om   le   or   oo   st
    ("event-exhibition", "get", None,
     (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("event-booking-create", "get", None,
     (L, 403, 403, 200, 200, 200, 403, 403, 403)),
    ("event-stand-add", "post", None,
     (L, 403, 403, 403, 403, 403, 302, 403, 302)),
    ("event-booking-action", "post", "approve",
     (L, 403, 403, 403, 403, 403, 302, 403, 302)),
    ("event-booking-action", "post", "withdraw",
     (L, 403, 403, 302, 403, 403, 403, 403, 403)),
    ("event-exhibitor", "get", "pending",
     (404, 404, 404, 200, 404, 404, 200, 404, 200)),
    ("event-exhibitor", "get", "approved",
     (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("event-pitches", "get", None,
     (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    ("event-pitch-apply", "post", None,
     (L, 403, 403, 403, 403, 302, 403, 403, 403)),
    ("event-pitch-action", "post", "accept",
     (L, 403, 403, 403, 403, 403, 302, 403, 302)),
    ("event-pitch-action", "post", "withdraw",
     (L, 403, 403, 403, 403, 302, 403, 403, 403)),
]
# fmt: on


def _booking_target(w, target, stand):
    booking = _request(w, stand=stand if target == "approved" else None)
    if target == "approved":
        exhibition_domain.approve_booking(actor=w.organiser, booking=booking)
    if target in ("approved", "pending"):
        return (booking.pk,), {}
    return (booking.pk, target), {"stand": stand.pk}


def _target(w, name, target, stand, session):
    """The URL arguments and POST data of one matrix row, on fresh objects."""
    StandBooking.objects.update(status=BookingStatus.WITHDRAWN)
    PitchApplication.objects.update(status=BookingStatus.WITHDRAWN)
    if name in ("event-booking-action", "event-exhibitor"):
        return _booking_target(w, target, stand)
    data = {}
    args = ()
    if name == "event-pitch-action":
        pitch = pitch_domain.apply_for_pitch(
            actor=w.lead, event=w.forum, partnership=w.valleys, title="P", summary="S"
        )
        args, data = (pitch.pk, target), {"session": session.pk}
    elif name == "event-pitch-apply":
        data = {"partnership": w.valleys.pk, "title": "P", "summary": "S", "duration_minutes": 5}
    elif name == "event-stand-add":
        data = {"stand-size_m2": "9", "stand-location": "Hall"}
    return args, data


@pytest.mark.parametrize("case", MATRIX, ids=[f"{m[0]}-{m[2]}" for m in MATRIX])
def test_permission_matrix(client, w, pitch_session, case):
    name, method, target, codes = case
    got = {}
    for n, role in enumerate(ROLES):
        stand = StandFactory(event=w.forum, code=f"M{n}")
        args, data = _target(w, name, target, stand, pitch_session)
        if name == "event-stand-add":
            data["stand-code"] = f"N{n}"
        client.logout()
        if role != "anon":
            client.force_login(getattr(w, role))
        response = getattr(client, method)(_url(name, w, *args), data)
        code = response.status_code
        if code == 302 and response["Location"].startswith(reverse("web:login")):
            code = L
        got[role] = code
    assert got == dict(zip(ROLES, codes, strict=True))


def test_draft_event_pages_are_hidden(client, w):
    w.forum.status = EventStatus.DRAFT
    w.forum.save()
    for name in ("event-exhibition", "event-pitches"):
        assert client.get(_url(name, w)).status_code == 404
        client.force_login(w.organiser)
        assert client.get(_url(name, w)).status_code == 200
        client.logout()


def test_organisers_see_requesters_by_name_not_email(client, w, stands):
    _request(w)
    pitch_domain.apply_for_pitch(
        actor=w.lead, event=w.forum, partnership=w.valleys, title="Valleys", summary="One."
    )
    w.lead.full_name = ""
    w.lead.save()
    client.force_login(w.organiser)
    exhibition = client.get(_url("event-exhibition", w))
    pitches = client.get(_url("event-pitches", w))
    assert w.region_rep.email not in exhibition.content.decode()
    assert f"· {w.region_rep.full_name} · Stand: any" in _text(exhibition)
    assert w.lead.email not in pitches.content.decode()
    assert f"Hydrogen Valleys · 5 minutes · Participant {w.lead.pk}" in _text(pitches)
