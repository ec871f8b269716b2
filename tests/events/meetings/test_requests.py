"""Meeting requests: send, accept, decline, cancel; every transition allowed and refused,
with the notifications and activity-log entries each step writes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.events.meetings.conftest import participant
from tests.factories.accounts import UserFactory
from tests.factories.events import make_slots

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain.matchmaking.requests import (
    accept_meeting_request,
    cancel_meeting_request,
    decline_meeting_request,
    send_meeting_request,
)
from smartregions.events.enums import (
    EventStatus,
    MeetingAttendance,
    MeetingRequestStatus,
    RegistrationStatus,
    TimePreference,
)
from smartregions.events.models import (
    Event,
    MatchmakingProfile,
    Meeting,
    MeetingRequest,
    MeetingSession,
)

pytestmark = pytest.mark.django_db


def _send(mw, requester=None, recipient=None, **kwargs):
    requester = requester or mw.ana_reg
    return send_meeting_request(
        actor=requester.user,
        meeting_session=mw.session,
        requester=requester,
        recipient=recipient or mw.ben_reg,
        **{"message": "Let us talk about storage tanks.", **kwargs},
    )


def _messages(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


def _notes(user) -> list[tuple[str, str, str, str]]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("id")
        .values_list("kind", "title", "body", "url")
    )


def test_send_creates_a_pending_request_and_tells_the_recipient(mw):
    request = _send(mw, time_preference=TimePreference.MORNING)
    assert (request.status, request.time_preference, request.message) == (
        MeetingRequestStatus.PENDING,
        TimePreference.MORNING,
        "Let us talk about storage tanks.",
    )
    assert _notes(mw.ben) == [
        (
            "meeting.requested",
            "Ana Nováková (Ostrava Hydrogen) asks you for a meeting (Morning B2B)",
            "Let us talk about storage tanks.",
            "/events/h2/meetings/",
        )
    ]
    assert _notes(mw.ana) == []
    entry = ActivityLogEntry.objects.get(action="meeting_request.send")
    assert (entry.actor, entry.object_id, entry.data) == (
        mw.ana,
        str(request.pk),
        {"session": mw.session.pk, "recipient": mw.ben_reg.pk},
    )


def test_send_refuses_oneself(mw):
    with pytest.raises(ValidationError) as error:
        _send(mw, recipient=mw.ana_reg)
    assert error.value.message_dict == {
        "recipient": ["You cannot request a meeting with yourself."]
    }


def test_send_needs_the_requesters_profile(mw):
    MatchmakingProfile.objects.filter(registration=mw.ana_reg).delete()
    with pytest.raises(ValidationError) as error:
        _send(mw)
    assert _messages(error) == ["Create your matchmaking profile before you request meetings."]


def test_send_refuses_a_hidden_profile(mw):
    MatchmakingProfile.objects.filter(registration=mw.ben_reg).update(is_visible=False)
    with pytest.raises(ValidationError) as error:
        _send(mw)
    assert error.value.message_dict == {
        "recipient": ["Ben Braun is not in the participant directory."]
    }


@pytest.mark.parametrize("status", [RegistrationStatus.CANCELLED, RegistrationStatus.PENDING])
def test_send_refuses_a_recipient_not_confirmed(mw, status):
    mw.ben_reg.status = status
    mw.ben_reg.save()
    with pytest.raises(ValidationError) as error:
        _send(mw)
    assert error.value.message_dict == {
        "recipient": ["Ben Braun is not a confirmed participant of the event."]
    }


def test_send_refuses_a_requester_not_confirmed(mw):
    mw.ana_reg.status = RegistrationStatus.CANCELLED
    mw.ana_reg.save()
    with pytest.raises(ValidationError) as error:
        _send(mw)
    assert _messages(error) == [
        "Only confirmed participants of the event take part in B2B meetings."
    ]


def test_send_refuses_after_requests_close(mw):
    mw.session.requests_close_at = dt.datetime(2027, 3, 1, 11, 0, tzinfo=dt.UTC)
    mw.session.save()
    with pytest.raises(ValidationError) as error:
        _send(mw)
    assert _messages(error) == [
        "Meeting requests for “Morning B2B” closed on 1 March 2027, 12:00 (Europe/Brussels)."
    ]


def test_send_is_open_until_the_closing_moment(mw):
    mw.session.requests_close_at = dt.datetime(2027, 3, 1, 12, 0, 1, tzinfo=dt.UTC)
    mw.session.save()
    assert _send(mw).status == MeetingRequestStatus.PENDING


def test_send_refuses_a_second_open_request_either_way(mw):
    _send(mw)
    with pytest.raises(ValidationError) as again:
        _send(mw)
    assert _messages(again) == ["You already have an open request to Ben Braun in “Morning B2B”."]
    with pytest.raises(ValidationError) as reverse:
        _send(mw, requester=mw.ben_reg, recipient=mw.ana_reg)
    assert _messages(reverse) == [
        "Ana Nováková already asked you for a meeting in this session: answer their request."
    ]


def test_send_again_after_a_decline(mw):
    first = _send(mw)
    decline_meeting_request(actor=mw.ben, meeting_request=first)
    second = _send(mw)
    assert second.pk != first.pk
    assert MeetingRequest.objects.filter(status=MeetingRequestStatus.PENDING).count() == 1


def test_send_needs_slots(mw):
    empty = MeetingSession.objects.create(event=mw.event, title="Afternoon B2B", tables=3)
    with pytest.raises(ValidationError) as error:
        send_meeting_request(
            actor=mw.ana, meeting_session=empty, requester=mw.ana_reg, recipient=mw.ben_reg
        )
    assert _messages(error) == ["“Afternoon B2B” has no meeting slots yet."]


def test_send_refuses_an_unknown_time_preference(mw):
    with pytest.raises(ValidationError) as error:
        _send(mw, time_preference="evening")
    assert error.value.message_dict == {
        "time_preference": ["Choose any time, morning or afternoon."]
    }


def test_send_refuses_a_long_message(mw):
    with pytest.raises(ValidationError) as error:
        _send(mw, message="x" * 2001)
    assert error.value.message_dict == {"message": ["Keep the message under 2000 characters."]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"status": EventStatus.CANCELLED},
            "The event is not open: meetings can no longer be arranged.",
        ),
        ({"matchmaking_enabled": False}, "This event has no B2B matchmaking."),
    ],
)
def test_send_needs_an_open_matchmaking_event(mw, change, message):
    for name, value in change.items():
        setattr(mw.event, name, value)
    mw.event.save()
    with pytest.raises(ValidationError) as error:
        _send(mw)
    assert _messages(error) == [message]


def test_accept_creates_an_unplaced_meeting_and_tells_the_requester(mw):
    request = _send(mw)
    meeting = accept_meeting_request(actor=mw.ben, meeting_request=request, message="Gladly.")
    request.refresh_from_db()
    assert (request.status, request.response_message, request.responded_at) == (
        MeetingRequestStatus.ACCEPTED,
        "Gladly.",
        dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC),
    )
    assert (meeting.request_id, meeting.meeting_session_id, meeting.slot, meeting.table_number) == (
        request.pk,
        mw.session.pk,
        None,
        None,
    )
    assert _notes(mw.ana) == [
        (
            "meeting.accepted",
            "Ben Braun (Stuttgart Institute) accepted your meeting request (Morning B2B)",
            "Gladly.",
            "/events/h2/meetings/",
        )
    ]
    assert ActivityLogEntry.objects.get(action="meeting_request.accept").data == {
        "meeting": meeting.pk
    }


@pytest.mark.parametrize("first", ["accept", "decline", "cancel"])
def test_only_a_pending_request_is_answered(mw, first):
    request = _send(mw)
    if first == "accept":
        accept_meeting_request(actor=mw.ben, meeting_request=request)
    elif first == "decline":
        decline_meeting_request(actor=mw.ben, meeting_request=request)
    else:
        cancel_meeting_request(actor=mw.ana, meeting_request=request)
    status = {"accept": "accepted", "decline": "declined", "cancel": "cancelled"}[first]
    for step in (accept_meeting_request, decline_meeting_request):
        with pytest.raises(ValidationError) as error:
            step(actor=mw.ben, meeting_request=request)
        assert _messages(error) == [f"The request is already {status}."]


def test_accept_refuses_after_requests_close(mw):
    request = _send(mw)
    mw.session.requests_close_at = dt.datetime(2027, 3, 2, tzinfo=dt.UTC)
    mw.session.save()
    with (
        time_machine.travel(dt.datetime(2027, 3, 2, tzinfo=dt.UTC), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        accept_meeting_request(actor=mw.ben, meeting_request=request)
    assert _messages(error) == [
        "Meeting requests for “Morning B2B” closed on 2 March 2027, 01:00 (Europe/Brussels)."
    ]
    assert not Meeting.objects.exists()


def _small_session(mw, slots: int) -> MeetingSession:
    session = MeetingSession.objects.create(event=mw.event, title="Quick B2B", tables=5)
    make_slots(session, slots)
    return session


def test_accept_refuses_more_meetings_than_slots_for_the_recipient(mw):
    session = _small_session(mw, 1)
    first = send_meeting_request(
        actor=mw.ana, meeting_session=session, requester=mw.ana_reg, recipient=mw.ben_reg
    )
    accept_meeting_request(actor=mw.ben, meeting_request=first)
    second = send_meeting_request(
        actor=mw.cara, meeting_session=session, requester=mw.cara_reg, recipient=mw.ben_reg
    )
    with pytest.raises(ValidationError) as error:
        accept_meeting_request(actor=mw.ben, meeting_request=second)
    assert _messages(error) == [
        "You already have 1 accepted meetings in “Quick B2B”, as many as it has slots (1)."
    ]


def test_accept_refuses_more_meetings_than_slots_for_the_requester(mw):
    session = _small_session(mw, 1)
    first = send_meeting_request(
        actor=mw.ana, meeting_session=session, requester=mw.ana_reg, recipient=mw.ben_reg
    )
    second = send_meeting_request(
        actor=mw.ana, meeting_session=session, requester=mw.ana_reg, recipient=mw.cara_reg
    )
    accept_meeting_request(actor=mw.ben, meeting_request=first)
    with pytest.raises(ValidationError) as error:
        accept_meeting_request(actor=mw.cara, meeting_request=second)
    assert _messages(error) == [
        "Ana Nováková already has 1 accepted meetings in “Quick B2B”, as many as it has slots (1)."
    ]


def test_meetings_in_other_sessions_do_not_count_towards_the_limit(mw):
    session = _small_session(mw, 1)
    accept_meeting_request(actor=mw.ben, meeting_request=_send(mw))
    other = send_meeting_request(
        actor=mw.ana, meeting_session=session, requester=mw.ana_reg, recipient=mw.ben_reg
    )
    assert accept_meeting_request(actor=mw.ben, meeting_request=other).meeting_session == session


def test_decline_keeps_the_message_and_tells_the_requester(mw):
    request = decline_meeting_request(
        actor=mw.ben, meeting_request=_send(mw), message="Fully booked, sorry."
    )
    assert (request.status, request.response_message) == (
        MeetingRequestStatus.DECLINED,
        "Fully booked, sorry.",
    )
    assert _notes(mw.ana) == [
        (
            "meeting.declined",
            "Ben Braun (Stuttgart Institute) declined your meeting request (Morning B2B)",
            "Fully booked, sorry.",
            "/events/h2/meetings/",
        )
    ]
    assert not Meeting.objects.exists()


def test_cancel_a_pending_request_tells_the_other_side(mw):
    request = cancel_meeting_request(
        actor=mw.ana, meeting_request=_send(mw), message="Plans changed."
    )
    assert request.status == MeetingRequestStatus.CANCELLED
    assert _notes(mw.ben)[-1] == (
        "meeting.cancelled",
        "Ana Nováková (Ostrava Hydrogen) cancelled the meeting request (Morning B2B)",
        "Plans changed.",
        "/events/h2/meetings/",
    )
    assert ActivityLogEntry.objects.get(action="meeting_request.cancel").data == {"was": "pending"}


def test_cancel_an_accepted_placed_meeting_frees_its_slot(mw):
    request = _send(mw)
    meeting = accept_meeting_request(actor=mw.ben, meeting_request=request)
    Meeting.objects.filter(pk=meeting.pk).update(slot=mw.slots[1], table_number=2)
    cancel_meeting_request(actor=mw.ben, meeting_request=request)
    request.refresh_from_db()
    assert request.status == MeetingRequestStatus.CANCELLED
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert ActivityLogEntry.objects.get(action="meeting_request.cancel").data == {
        "was": "accepted",
        "meeting": meeting.pk,
        "slot": mw.slots[1].pk,
        "locked": False,
    }
    assert _notes(mw.ana)[-1][0] == "meeting.cancelled"
    assert _notes(mw.organiser) == []


def test_cancelling_a_locked_meeting_tells_the_organisers(mw):
    request = _send(mw)
    meeting = accept_meeting_request(actor=mw.ben, meeting_request=request)
    Meeting.objects.filter(pk=meeting.pk).update(slot=mw.slots[2], table_number=1, locked=True)
    cancel_meeting_request(actor=mw.ana, meeting_request=request)
    assert not Meeting.objects.exists()
    assert _notes(mw.organiser) == [
        (
            "meeting.locked_cancelled",
            (
                "A locked meeting was cancelled: Ana Nováková (Ostrava Hydrogen) and Ben Braun "
                "(Stuttgart Institute)"
            ),
            (
                "Ana Nováková (Ostrava Hydrogen) cancelled the meeting locked at "
                "10 March 2027, 10:00\N{EN DASH}10:25 (Europe/Brussels) in “Morning B2B”."
            ),
            "/events/h2/meetings/",
        )
    ]


def test_a_locked_meeting_of_an_event_without_organisers_tells_platform_staff(mw):
    mw.event.organisers.clear()
    request = _send(mw)
    meeting = accept_meeting_request(actor=mw.ben, meeting_request=request)
    Meeting.objects.filter(pk=meeting.pk).update(slot=mw.slots[0], table_number=1, locked=True)
    cancel_meeting_request(actor=mw.ana, meeting_request=request)
    assert [kind for kind, *_ in _notes(mw.staff)] == ["meeting.locked_cancelled"]


def test_cancel_refused_once_the_meeting_has_started_or_was_marked(mw):
    request = _send(mw)
    meeting = accept_meeting_request(actor=mw.ben, meeting_request=request)
    Meeting.objects.filter(pk=meeting.pk).update(slot=mw.slots[0], table_number=1)
    with (
        time_machine.travel(mw.slots[0].starts_at, tick=False),
        pytest.raises(ValidationError) as started,
    ):
        cancel_meeting_request(actor=mw.ana, meeting_request=request)
    assert _messages(started) == ["The meeting has already taken place; it cannot be cancelled."]
    Meeting.objects.filter(pk=meeting.pk).update(attendance=MeetingAttendance.NO_SHOW)
    with pytest.raises(ValidationError) as marked:
        cancel_meeting_request(actor=mw.ana, meeting_request=request)
    assert _messages(marked) == ["The meeting has already taken place; it cannot be cancelled."]
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize(("first", "status"), [("decline", "declined"), ("cancel", "cancelled")])
def test_cancel_refused_for_a_closed_request(mw, first, status):
    request = _send(mw)
    if first == "decline":
        decline_meeting_request(actor=mw.ben, meeting_request=request)
    else:
        cancel_meeting_request(actor=mw.ben, meeting_request=request)
    with pytest.raises(ValidationError) as error:
        cancel_meeting_request(actor=mw.ana, meeting_request=request)
    assert _messages(error) == [f"The request is already {status}."]


def test_an_organiser_cancelling_is_named_as_the_organisers(mw):
    request = _send(mw)
    cancel_meeting_request(actor=mw.organiser, meeting_request=request)
    assert _notes(mw.ana)[-1][1] == "The organisers cancelled the meeting request (Morning B2B)"
    assert _notes(mw.ben)[-1][1] == "The organisers cancelled the meeting request (Morning B2B)"


def test_a_participant_of_another_event_is_not_a_recipient(mw):
    other_event = Event.objects.get(slug="other")
    stranger = participant(other_event, UserFactory(full_name="Sam Stranger"))
    with pytest.raises(ValidationError) as error:
        _send(mw, recipient=stranger)
    assert error.value.message_dict == {
        "recipient": ["Sam Stranger is not a confirmed participant of the event."]
    }
