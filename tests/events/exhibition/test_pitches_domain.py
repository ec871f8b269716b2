"""Pitch applications: apply, accept into a pitch session, decline, withdraw and order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain import pitches as domain
from smartregions.events.enums import BookingStatus, EventStatus, SessionKind
from smartregions.events.models import PitchApplication
from smartregions.partnerships.domain.partnerships import create_partnership, launch_partnership
from tests.events.programme.world import at
from tests.factories.events import SessionFactory


@pytest.fixture
def pitch_session(w):
    return SessionFactory(
        event=w.forum,
        kind=SessionKind.PITCH,
        title="Partnership pitches",
        starts_at=at(13),
        ends_at=at(14),
    )


def _apply(w, partnership=None, **values):
    options = {
        "actor": w.lead,
        "event": w.forum,
        "partnership": partnership or w.valleys,
        "title": "Hydrogen valleys need you",
        "summary": "Five regions, one hydrogen corridor.",
        **values,
    }
    return domain.apply_for_pitch(**options)


def _partnership(w, name):
    partnership = create_partnership(
        actor=None, name=name, thematic_platform=w.platform, lead_region=w.de11
    )
    return launch_partnership(actor=None, partnership=partnership)


def _accepted(w, pitch_session, count):
    pitches = []
    for n in range(count):
        pitch = _apply(w, partnership=_partnership(w, f"Partnership {n}"), title=f"Pitch {n}")
        pitches.append(domain.accept_pitch(actor=w.organiser, pitch=pitch, session=pitch_session))
    return pitches


def _order(pitch_session):
    return list(
        PitchApplication.objects.filter(session=pitch_session, status=BookingStatus.APPROVED)
        .order_by("order")
        .values_list("title", "order")
    )


def test_apply_records_and_tells_the_organisers(w):
    pitch = _apply(w, duration_minutes=7)
    assert (pitch.status, pitch.applicant, pitch.duration_minutes, pitch.session) == (
        BookingStatus.PENDING,
        w.lead,
        7,
        None,
    )
    notes = list(
        Notification.objects.filter(kind="event.pitch_applied").values_list(
            "recipient", "title", "url"
        )
    )
    assert notes == [
        (
            w.organiser.pk,
            "Hydrogen Valleys applies to pitch at S3 Forum",
            "/events/s3-forum/pitches/",
        )
    ]
    assert ActivityLogEntry.objects.get(action="event.pitch_apply").data == {
        "partnership": w.valleys.pk
    }


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        (
            {"title": " ", "summary": ""},
            {
                "title": ["Give the pitch a title."],
                "summary": ["Summarise what the partnership will pitch."],
            },
        ),
        ({"duration_minutes": 0}, {"duration_minutes": ["A pitch lasts from 1 to 30 minutes."]}),
        ({"duration_minutes": 31}, {"duration_minutes": ["A pitch lasts from 1 to 30 minutes."]}),
    ],
)
def test_apply_validates_the_texts_and_duration(w, values, errors):
    with pytest.raises(ValidationError) as error:
        _apply(w, **values)
    assert error.value.message_dict == errors


def test_apply_needs_an_active_partnership_and_a_published_event(w):
    with pytest.raises(ValidationError) as error:
        _apply(w, partnership=w.forming)
    assert error.value.message_dict == {"partnership": ["Only an active partnership may pitch."]}
    w.forum.status = EventStatus.CANCELLED
    w.forum.save()
    with pytest.raises(ValidationError) as error:
        _apply(w)
    assert error.value.messages == ["The event does not take pitch applications."]


def test_one_active_application_per_partnership(w):
    pitch = _apply(w)
    with pytest.raises(ValidationError) as error:
        _apply(w)
    assert error.value.message_dict == {
        "partnership": ["Hydrogen Valleys already applied for a pitch at this event."]
    }
    domain.withdraw_pitch(actor=w.lead, pitch=pitch)
    assert _apply(w).status == BookingStatus.PENDING


def test_accept_places_pitches_last_and_tells_the_leaders(w, pitch_session):
    first, second = _accepted(w, pitch_session, 2)
    assert _order(pitch_session) == [("Pitch 0", 1), ("Pitch 1", 2)]
    assert (first.decided_by, first.status) == (w.organiser, BookingStatus.APPROVED)
    titles = list(
        Notification.objects.filter(kind="event.pitch_accepted").values_list("title", flat=True)
    )
    # Each partnership's lead is DE11, represented by region_rep; the applicant is lead.
    assert sorted(titles) == sorted(
        [
            "Your pitch “Pitch 0” is accepted: Partnership pitches",
            "Your pitch “Pitch 0” is accepted: Partnership pitches",
            "Your pitch “Pitch 1” is accepted: Partnership pitches",
            "Your pitch “Pitch 1” is accepted: Partnership pitches",
        ]
    )
    assert set(
        Notification.objects.filter(kind="event.pitch_accepted").values_list("recipient", flat=True)
    ) == {w.region_rep.pk, w.lead.pk}
    with pytest.raises(ValidationError) as error:
        domain.accept_pitch(actor=w.organiser, pitch=second, session=pitch_session)
    assert error.value.message_dict == {"status": ["The application is already approved."]}


def test_accept_needs_a_pitch_session_of_the_event(w, pitch_session):
    pitch = _apply(w)
    plenary = SessionFactory(event=w.forum, kind=SessionKind.PLENARY)
    foreign = SessionFactory(event=w.other_event, kind=SessionKind.PITCH)
    for session in (plenary, foreign):
        with pytest.raises(ValidationError) as error:
            domain.accept_pitch(actor=w.organiser, pitch=pitch, session=session)
        assert error.value.message_dict == {"session": ["Choose a pitch session of this event."]}
    assert PitchApplication.objects.get(pk=pitch.pk).status == BookingStatus.PENDING


def test_decline_needs_a_reason(w):
    pitch = _apply(w)
    with pytest.raises(ValidationError) as error:
        domain.decline_pitch(actor=w.organiser, pitch=pitch, note="")
    assert error.value.message_dict == {"note": ["Say why the application is declined."]}
    domain.decline_pitch(actor=w.organiser, pitch=pitch, note="Too many pitches.")
    pitch.refresh_from_db()
    assert (pitch.status, pitch.decision_note) == (BookingStatus.DECLINED, "Too many pitches.")
    assert Notification.objects.filter(
        kind="event.pitch_declined",
        recipient=w.lead,
        title="Your pitch “Hydrogen valleys need you” was declined",
    ).exists()


def test_withdrawing_an_accepted_pitch_moves_the_later_ones_up(w, pitch_session):
    first, _, _ = _accepted(w, pitch_session, 3)
    domain.withdraw_pitch(actor=w.region_rep, pitch=first)
    assert _order(pitch_session) == [("Pitch 1", 1), ("Pitch 2", 2)]
    first.refresh_from_db()
    assert (first.status, first.order) == (BookingStatus.WITHDRAWN, None)
    with pytest.raises(ValidationError) as error:
        domain.withdraw_pitch(actor=w.region_rep, pitch=first)
    assert error.value.message_dict == {"status": ["The application is already withdrawn."]}


def test_move_swaps_with_the_neighbour(w, pitch_session):
    first, second, third = _accepted(w, pitch_session, 3)
    domain.move_pitch(actor=w.organiser, pitch=third, offset=-1)
    assert _order(pitch_session) == [("Pitch 0", 1), ("Pitch 2", 2), ("Pitch 1", 3)]
    domain.move_pitch(actor=w.organiser, pitch=first, offset=1)
    assert _order(pitch_session) == [("Pitch 2", 1), ("Pitch 0", 2), ("Pitch 1", 3)]
    with pytest.raises(ValidationError) as error:
        domain.move_pitch(actor=w.organiser, pitch=third, offset=-1)
    assert error.value.messages == ["“Pitch 2” is already first."]
    with pytest.raises(ValidationError) as error:
        domain.move_pitch(actor=w.organiser, pitch=second, offset=1)
    assert error.value.messages == ["“Pitch 1” is already last."]
    with pytest.raises(ValidationError) as error:
        domain.move_pitch(actor=w.organiser, pitch=second, offset=2)
    assert error.value.message_dict == {"offset": ["Move a pitch one place up (-1) or down (+1)."]}


def test_reorder_sets_the_whole_order(w, pitch_session):
    first, second, third = _accepted(w, pitch_session, 3)
    order = domain.reorder_pitches(
        actor=w.organiser, session=pitch_session, pitch_ids=[third.pk, first.pk, second.pk]
    )
    assert order == [third.pk, first.pk, second.pk]
    assert _order(pitch_session) == [("Pitch 2", 1), ("Pitch 0", 2), ("Pitch 1", 3)]
    for wrong in ([third.pk, first.pk], [third.pk, first.pk, first.pk], [0, -1, -2]):
        with pytest.raises(ValidationError) as error:
            domain.reorder_pitches(actor=w.organiser, session=pitch_session, pitch_ids=wrong)
        assert error.value.message_dict == {
            "pitches": [
                (
                    "List each accepted pitch of “Partnership pitches” exactly once, "
                    "in the order wanted."
                )
            ]
        }


def test_accept_refuses_a_pitch_the_session_has_no_time_left_for(w, pitch_session):
    first = _apply(w, partnership=_partnership(w, "First"), title="First", duration_minutes=30)
    second = _apply(w, partnership=_partnership(w, "Second"), title="Second", duration_minutes=30)
    domain.accept_pitch(actor=w.organiser, pitch=first, session=pitch_session)
    domain.accept_pitch(actor=w.organiser, pitch=second, session=pitch_session)
    third = _apply(w, title="Third", duration_minutes=1)
    with pytest.raises(ValidationError) as error:
        domain.accept_pitch(actor=w.organiser, pitch=third, session=pitch_session)
    assert error.value.message_dict == {
        "session": [
            (
                "“Partnership pitches” lasts 60 minutes and its accepted pitches take 60: "
                "a 1-minute pitch does not fit (0 minutes left)."
            )
        ]
    }
    assert PitchApplication.objects.get(pk=third.pk).status == BookingStatus.PENDING
    assert not ActivityLogEntry.objects.filter(action="event.pitch_accept", object_id=third.pk)
    # A withdrawn pitch frees its time.
    domain.withdraw_pitch(actor=w.region_rep, pitch=second)
    accepted = domain.accept_pitch(actor=w.organiser, pitch=third, session=pitch_session)
    assert (accepted.status, accepted.order) == (BookingStatus.APPROVED, 2)


def test_accept_refuses_a_pitch_longer_than_the_session(w):
    short = SessionFactory(
        event=w.forum,
        kind=SessionKind.PITCH,
        title="Lightning",
        starts_at=at(13),
        ends_at=at(13, 10),
    )
    pitch = _apply(w, duration_minutes=15)
    with pytest.raises(ValidationError) as error:
        domain.accept_pitch(actor=w.organiser, pitch=pitch, session=short)
    assert error.value.message_dict == {
        "session": [
            (
                "“Lightning” lasts 10 minutes and its accepted pitches take 0: "
                "a 15-minute pitch does not fit (10 minutes left)."
            )
        ]
    }
