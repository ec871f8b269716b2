"""Registration workflow: every transition allowed and refused, capacity and the waiting list,
approval mode, dates, consent, participant types, answers, notices and the confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain.events import cancel_event, update_event
from smartregions.events.domain.ical import format_utc
from smartregions.events.domain.registration import (
    approve_registration,
    cancel_registration,
    change_participant_type,
    check_in_registration,
    decline_registration,
    register_for_event,
)
from smartregions.events.domain.registration_notices import send_confirmation_email
from smartregions.events.domain.registration_questions import add_question
from smartregions.events.enums import (
    EventStatus,
    ParticipantType,
    QuestionKind,
    RegistrationStatus,
)
from smartregions.events.models import Registration
from tests.events.registration.conftest import NOW
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _register(event, user=None, **options):
    options.setdefault("consent", True)
    return register_for_event(actor=user or UserFactory(), event=event, **options)


def _statuses(event):
    return list(
        Registration.objects.filter(event=event)
        .order_by("user__email")
        .values_list("user__email", "status")
    )


def test_register_confirms_and_records_consent_and_retention(
    ew, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(
            ew.event, ew.other, badge_name=" Ursula U. ", job_title="Analyst", region=ew.be10
        )
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.participant_type == ParticipantType.DELEGATE
    assert registration.badge_name == "Ursula U."
    assert registration.consent_given_at == NOW
    assert registration.consent_version == "1"
    assert registration.retention_until == dt.date(2027, 9, 6)
    assert registration.status_changed_at == NOW
    assert registration.waitlisted_at is None
    entry = ActivityLogEntry.objects.get(action="registration.create")
    assert entry.actor == ew.other
    assert entry.data == {"event": "smart-regions-2027", "status": "confirmed", "type": "delegate"}
    note = Notification.objects.get(recipient=ew.other)
    assert note.kind == "event.registration_confirmed"
    assert note.title == "Registration confirmed: Smart Regions Conference 2027"
    assert note.body == "The event starts on 10 March 2027, 09:00 CET (Europe/Brussels)."
    assert note.url == "/events/smart-regions-2027/"
    assert note.emailed_at is None  # the confirmation below is the e-mail
    [message] = mailoutbox
    assert message.to == ["ursula@example.eu"]
    assert message.subject == "[smartregions] Registration confirmed: Smart Regions Conference 2027"
    assert message.body.splitlines() == [
        "Your registration for Smart Regions Conference 2027 is confirmed (delegate).",
        "",
        "Starts: 10 March 2027, 09:00 CET (Europe/Brussels)",
        "Ends: 10 March 2027, 17:00 CET (Europe/Brussels)",
        "Where: The Square, Brussels, Belgium",
        "",
        "The attached calendar file adds the event to your calendar.",
        "http://localhost:8000/events/smart-regions-2027/",
    ]
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("event.ics", "text/calendar; charset=utf-8")
    assert content.split("\r\n")[6:19] == [
        "BEGIN:VEVENT",
        f"UID:event-{ew.event.pk}@smartregions",
        "DTSTAMP:20270201T110000Z",
        "DTSTART:20270310T080000Z",
        "DTEND:20270310T160000Z",
        "SUMMARY:Smart Regions Conference 2027",
        "DESCRIPTION:Where interregional partnerships start.",
        "LOCATION:The Square\\, Brussels\\, Belgium",
        "URL:http://localhost:8000/events/smart-regions-2027/",
        "STATUS:CONFIRMED",
        f"SEQUENCE:{int(ew.event.updated_at.timestamp())}",
        f"LAST-MODIFIED:{format_utc(ew.event.updated_at)}",
        "END:VEVENT",
    ]
    registration.refresh_from_db()
    assert registration.confirmation_emailed_at == NOW


def test_confirmation_email_is_sent_once(ew, mailoutbox):
    registration = ew.registration
    assert send_confirmation_email(registration_id=registration.pk) is True
    assert send_confirmation_email(registration_id=registration.pk) is False
    assert len(mailoutbox) == 1
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.WAITLISTED, confirmation_emailed_at=None
    )
    assert send_confirmation_email(registration_id=registration.pk) is False
    assert send_confirmation_email(registration_id=999_999) is False
    assert len(mailoutbox) == 1


def test_register_when_full_goes_on_the_waiting_list(
    ew, mailoutbox, django_capture_on_commit_callbacks
):
    update_event(actor=ew.organiser, event=ew.event, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(ew.event, ew.other)
    assert registration.status == RegistrationStatus.WAITLISTED
    assert registration.waitlisted_at == NOW
    note = Notification.objects.get(recipient=ew.other)
    assert note.kind == "event.registration_waitlisted"
    assert note.title == "On the waiting list: Smart Regions Conference 2027"
    assert note.body == (
        "The event is full. You will be confirmed automatically when a place opens up."
    )
    assert [m.subject for m in mailoutbox] == [
        "[smartregions] On the waiting list: Smart Regions Conference 2027"
    ]


def _waitlist(ew, clock, names):
    """Fill ``event`` (capacity 1, the participant holds it) and queue ``names`` in order."""
    update_event(actor=ew.organiser, event=ew.event, capacity=1)
    people = []
    for name in names:
        clock.shift(dt.timedelta(minutes=5))
        person = UserFactory(email=f"{name}@example.eu")
        assert _register(ew.event, person).status == RegistrationStatus.WAITLISTED
        people.append(person)
    return people


def test_cancelling_a_confirmed_place_promotes_the_earliest_waitlisted(
    ew, clock, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, third = _waitlist(ew, clock, ["a", "b", "c"])
    # the third registered later but is given an earlier waiting time: the order is the
    # waiting time, not the row order
    Registration.objects.filter(user=third).update(waitlisted_at=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(actor=ew.participant, registration=ew.registration)
    assert _statuses(ew.event) == [
        ("a@example.eu", "waitlisted"),
        ("b@example.eu", "waitlisted"),
        ("c@example.eu", "confirmed"),
        ("petra@example.eu", "cancelled"),
    ]
    note = Notification.objects.get(recipient=third, kind="event.registration_promoted")
    assert note.title == "A place opened up: you are confirmed for Smart Regions Conference 2027"
    assert [m.to for m in mailoutbox] == [["c@example.eu"]]
    assert ActivityLogEntry.objects.filter(action="registration.promote").count() == 1
    promoted = Registration.objects.get(user=third)
    cancel_registration(actor=third, registration=promoted)
    assert Registration.objects.get(user=first).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(user=second).status == RegistrationStatus.WAITLISTED


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING])
def test_cancelling_a_registration_without_a_place_promotes_nobody(ew, clock, status):
    [waiting] = _waitlist(ew, clock, ["a"])
    other = RegistrationFactory(event=ew.event, status=status)
    cancel_registration(actor=other.user, registration=other)
    assert Registration.objects.get(user=waiting).status == RegistrationStatus.WAITLISTED


def test_raising_the_capacity_promotes_in_waiting_order(ew, clock):
    *_, third = _waitlist(ew, clock, ["a", "b", "c"])
    update_event(actor=ew.organiser, event=ew.event, capacity=3)
    assert _statuses(ew.event) == [
        ("a@example.eu", "confirmed"),
        ("b@example.eu", "confirmed"),
        ("c@example.eu", "waitlisted"),
        ("petra@example.eu", "confirmed"),
    ]
    update_event(actor=ew.organiser, event=ew.event, capacity=None)
    assert Registration.objects.get(user=third).status == RegistrationStatus.CONFIRMED


def test_lowering_the_capacity_demotes_nobody(ew):
    _register(ew.event, ew.other)
    update_event(actor=ew.organiser, event=ew.event, capacity=1)
    assert _statuses(ew.event) == [
        ("petra@example.eu", "confirmed"),
        ("ursula@example.eu", "confirmed"),
    ]
    assert _register(ew.event).status == RegistrationStatus.WAITLISTED


def test_a_cancelled_event_promotes_nobody(ew, clock):
    [waiting] = _waitlist(ew, clock, ["a"])
    cancel_event(actor=ew.organiser, event=ew.event)
    cancel_registration(actor=ew.organiser, registration=ew.registration)
    assert Registration.objects.get(user=waiting).status == RegistrationStatus.WAITLISTED


def test_approval_mode(ew, mailoutbox, django_capture_on_commit_callbacks):
    update_event(actor=ew.organiser, event=ew.event, approval_required=True, capacity=2)
    pending = _register(ew.event, ew.other)
    assert pending.status == RegistrationStatus.PENDING
    note = Notification.objects.get(kind="event.registration_pending")
    assert note.recipient == ew.organiser
    assert note.title == "Registration to approve: Ursula User for Smart Regions Conference 2027"
    assert note.url == "/events/smart-regions-2027/registrations/"
    late = _register(ew.event, UserFactory(email="late@example.eu"))
    with django_capture_on_commit_callbacks(execute=True):
        approve_registration(actor=ew.organiser, registration=pending)
        approve_registration(actor=ew.organiser, registration=late)
    assert pending.status == RegistrationStatus.CONFIRMED
    assert late.status == RegistrationStatus.WAITLISTED
    assert late.waitlisted_at == NOW
    kinds = dict(Notification.objects.exclude(recipient=ew.organiser).values_list("kind", "body"))
    assert kinds == {
        "event.registration_approved": "The event starts on 10 March 2027, 09:00 CET "
        "(Europe/Brussels).",
        "event.registration_waitlisted": "The organisers approved your registration, but the "
        "event is full. You will be confirmed automatically when a place opens up.",
    }
    assert sorted(m.subject for m in mailoutbox) == [
        "[smartregions] On the waiting list: Smart Regions Conference 2027",
        "[smartregions] Registration confirmed: Smart Regions Conference 2027",
    ]
    # the approved waitlisted registration is promoted like any other
    cancel_registration(actor=ew.organiser, registration=pending)
    late.refresh_from_db()
    assert late.status == RegistrationStatus.CONFIRMED


def test_declining_tells_the_reason_and_bars_a_new_registration(ew, mailoutbox):
    update_event(actor=ew.organiser, event=ew.event, approval_required=True)
    pending = _register(ew.event, ew.other)
    decline_registration(actor=ew.organiser, registration=pending, reason=" Not eligible. ")
    assert pending.status == RegistrationStatus.DECLINED
    note = Notification.objects.get(kind="event.registration_declined")
    assert (note.recipient, note.body) == (ew.other, "Not eligible.")
    with pytest.raises(ValidationError) as refused:
        _register(ew.event, ew.other)
    assert refused.value.message_dict == {"event": ["The organisers declined your registration."]}


ALL_STATUSES = list(RegistrationStatus.values)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_approve_and_decline_only_pending(ew, status):
    registration = RegistrationFactory(event=ew.event, status=status)
    for step, message in (
        (approve_registration, "Only a pending registration can be approved."),
        (decline_registration, "Only a pending registration can be declined."),
    ):
        if status == RegistrationStatus.PENDING:
            continue
        with pytest.raises(ValidationError) as refused:
            step(actor=ew.organiser, registration=registration)
        assert refused.value.message_dict == {"status": [message]}
    if status == RegistrationStatus.PENDING:
        assert approve_registration(actor=ew.organiser, registration=registration).status == (
            RegistrationStatus.CONFIRMED
        )


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (RegistrationStatus.PENDING, True),
        (RegistrationStatus.CONFIRMED, True),
        (RegistrationStatus.WAITLISTED, True),
        (RegistrationStatus.DECLINED, False),
        (RegistrationStatus.CANCELLED, False),
    ],
)
def test_cancel_transitions(ew, status, allowed):
    registration = RegistrationFactory(event=ew.event, status=status)
    if allowed:
        cancel_registration(actor=registration.user, registration=registration)
        assert registration.status == RegistrationStatus.CANCELLED
        assert registration.status_changed_at == NOW
    else:
        with pytest.raises(ValidationError) as refused:
            cancel_registration(actor=registration.user, registration=registration)
        assert refused.value.message_dict == {"status": ["The registration is not active."]}


def test_participant_cannot_cancel_once_the_event_started_but_organisers_can(ew, clock):
    clock.move_to(ew.event.starts_at)
    with pytest.raises(ValidationError) as refused:
        cancel_registration(actor=ew.participant, registration=ew.registration)
    assert refused.value.message_dict == {
        "status": ["The event has started; ask the organisers to cancel."]
    }
    cancel_registration(actor=ew.organiser, registration=ew.registration)
    note = Notification.objects.get(kind="event.registration_cancelled")
    assert (note.recipient, note.title, note.body) == (
        ew.participant,
        "Registration cancelled: Smart Regions Conference 2027",
        "The organisers cancelled your registration.",
    )
    assert ActivityLogEntry.objects.get(action="registration.cancel").data == {"by": "organiser"}


def test_participant_cancelling_is_not_announced_to_them(ew):
    cancel_registration(actor=ew.participant, registration=ew.registration)
    assert not Notification.objects.filter(recipient=ew.participant).exists()
    assert ActivityLogEntry.objects.get(action="registration.cancel").data == {"by": "participant"}


def test_registering_again_after_cancelling_reuses_the_row(ew, clock):
    first = _register(ew.event, ew.other, job_title="Analyst")
    cancel_registration(actor=ew.other, registration=first)
    clock.shift(dt.timedelta(days=1))
    again = _register(ew.event, ew.other)
    assert again.pk == first.pk
    assert again.status == RegistrationStatus.CONFIRMED
    assert again.consent_given_at == NOW + dt.timedelta(days=1)
    assert again.job_title == ""


@pytest.mark.parametrize(
    "status",
    [RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
)
def test_registering_twice_is_refused(ew, status):
    RegistrationFactory(event=ew.event, user=ew.other, status=status)
    with pytest.raises(ValidationError) as refused:
        _register(ew.event, ew.other)
    assert refused.value.message_dict == {"event": ["You are already registered for this event."]}


def test_consent_is_required(ew):
    with pytest.raises(ValidationError) as refused:
        _register(ew.event, ew.other, consent=False)
    assert refused.value.message_dict == {
        "consent": ["Registering requires your consent to the terms shown."]
    }
    assert not Registration.objects.filter(user=ew.other).exists()


def test_consent_records_the_current_wording_version(ew):
    update_event(actor=ew.organiser, event=ew.event, consent_text="New wording.")
    assert ew.event.consent_version == "2"
    assert _register(ew.event, ew.other).consent_version == "2"


def test_anonymous_cannot_register(ew):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError, match=r"Sign in to register."):
        register_for_event(actor=AnonymousUser(), event=ew.event, consent=True)


def test_registration_opening_and_closing_dates(ew, clock):
    opens = dt.datetime(2027, 2, 15, 8, 0, tzinfo=dt.UTC)
    closes = dt.datetime(2027, 3, 1, 11, 0, tzinfo=dt.UTC)
    update_event(
        actor=ew.organiser,
        event=ew.event,
        registration_opens_at=opens,
        registration_closes_at=closes,
    )
    with pytest.raises(ValidationError) as refused:
        _register(ew.event)
    assert refused.value.message_dict == {
        "event": ["Registration opens on 15 February 2027, 09:00 CET (Europe/Brussels)."]
    }
    clock.move_to(opens)
    assert _register(ew.event).status == RegistrationStatus.CONFIRMED
    clock.move_to(closes - dt.timedelta(seconds=1))
    assert _register(ew.event).status == RegistrationStatus.CONFIRMED
    clock.move_to(closes)
    with pytest.raises(ValidationError) as refused:
        _register(ew.event)
    assert refused.value.message_dict == {"event": ["Registration is closed."]}


def test_without_a_closing_date_registration_closes_when_the_event_starts(ew, clock):
    clock.move_to(ew.event.starts_at - dt.timedelta(seconds=1))
    assert _register(ew.event).status == RegistrationStatus.CONFIRMED
    clock.move_to(ew.event.starts_at)
    with pytest.raises(ValidationError, match=r"Registration is closed."):
        _register(ew.event)


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_only_a_published_event_takes_registrations(ew, status):
    event = EventFactory(status=status)
    with pytest.raises(ValidationError) as refused:
        _register(event)
    assert refused.value.message_dict == {"event": ["The event does not take registrations."]}


def test_participant_types(ew):
    update_event(
        actor=ew.organiser,
        event=ew.event,
        participant_types=[ParticipantType.DELEGATE, ParticipantType.PRESS],
    )
    assert _register(ew.event, participant_type="press").participant_type == "press"
    cases = [
        ("speaker", "This event does not take speaker registrations."),
        ("organiser", "Only the organisers grant the organiser type."),
        ("juror", "Choose a participant type."),
    ]
    for participant_type, message in cases:
        with pytest.raises(ValidationError) as refused:
            _register(ew.event, participant_type=participant_type)
        assert refused.value.message_dict == {"participant_type": [message]}
    mine = _register(ew.event, ew.organiser, participant_type="organiser")
    assert mine.participant_type == ParticipantType.ORGANISER


def test_organisers_change_the_participant_type(ew):
    change_participant_type(
        actor=ew.organiser, registration=ew.registration, participant_type="organiser"
    )
    ew.registration.refresh_from_db()
    assert ew.registration.participant_type == ParticipantType.ORGANISER
    assert ActivityLogEntry.objects.get(action="registration.change_type").data == {
        "from": "delegate",
        "to": "organiser",
    }
    with pytest.raises(ValidationError, match=r"Choose a participant type."):
        change_participant_type(
            actor=ew.organiser, registration=ew.registration, participant_type="juror"
        )


def _questions(ew):
    add = add_question
    return {
        "diet": add(actor=None, event=ew.event, label="Diet", kind=QuestionKind.TEXT),
        "why": add(
            actor=None, event=ew.event, label="Why", kind=QuestionKind.LONG_TEXT, required=True
        ),
        "day": add(
            actor=None,
            event=ew.event,
            label="Workshop",
            kind=QuestionKind.CHOICE,
            choices=["Morning", "Afternoon"],
            required=True,
        ),
        "topics": add(
            actor=None,
            event=ew.event,
            label="Topics",
            kind=QuestionKind.MULTIPLE_CHOICE,
            choices=["Hydrogen", "Batteries", "Grids"],
        ),
        "dinner": add(
            actor=None, event=ew.event, label="Dinner", kind=QuestionKind.YES_NO, required=True
        ),
    }


def test_answers_are_validated_and_stored_by_question_id(ew):
    q = _questions(ew)
    registration = _register(
        ew.event,
        ew.other,
        answers={
            q["diet"].pk: "  vegetarian ",
            str(q["why"].pk): "Meet partners.",
            str(q["day"].pk): "Afternoon",
            str(q["topics"].pk): ["Grids", "Hydrogen"],
            str(q["dinner"].pk): "no",
        },
    )
    assert registration.answers == {
        str(q["diet"].pk): "vegetarian",
        str(q["why"].pk): "Meet partners.",
        str(q["day"].pk): "Afternoon",
        str(q["topics"].pk): ["Hydrogen", "Grids"],
        str(q["dinner"].pk): False,
    }


def test_answer_errors_name_each_question(ew):
    q = _questions(ew)
    with pytest.raises(ValidationError) as refused:
        _register(
            ew.event,
            ew.other,
            answers={
                str(q["diet"].pk): "x" * 301,
                str(q["why"].pk): "   ",
                str(q["day"].pk): "Evening",
                str(q["topics"].pk): ["Grids", "Wind"],
                str(q["dinner"].pk): "maybe",
                "999999": "stray",
            },
        )
    assert refused.value.message_dict == {
        "answers": ["Unknown question: 999999."],
        f"question_{q['diet'].pk}": ["“Diet”: At most 300 characters."],
        f"question_{q['why'].pk}": ["“Why”: this question is required."],
        f"question_{q['day'].pk}": ["“Workshop”: Choose one of the offered answers."],
        f"question_{q['topics'].pk}": ["“Topics”: Choose among the offered answers."],
        f"question_{q['dinner'].pk}": ["“Dinner”: Answer yes or no."],
    }
    assert not Registration.objects.filter(user=ew.other).exists()


def test_required_questions_left_out_are_reported(ew):
    q = _questions(ew)
    with pytest.raises(ValidationError) as refused:
        _register(ew.event, ew.other)
    assert refused.value.message_dict == {
        f"question_{q['why'].pk}": ["“Why”: this question is required."],
        f"question_{q['day'].pk}": ["“Workshop”: this question is required."],
        f"question_{q['dinner'].pk}": ["“Dinner”: this question is required."],
    }


def test_check_in(ew):
    check_in_registration(actor=ew.organiser, registration=ew.registration)
    assert ew.registration.checked_in_at == NOW
    with pytest.raises(ValidationError) as refused:
        check_in_registration(actor=ew.organiser, registration=ew.registration)
    assert refused.value.message_dict == {
        "checked_in_at": ["The participant is already checked in."]
    }
    waiting = RegistrationFactory(event=ew.event, status=RegistrationStatus.WAITLISTED)
    with pytest.raises(ValidationError) as refused:
        check_in_registration(actor=ew.organiser, registration=waiting)
    assert refused.value.message_dict == {
        "status": ["Only a confirmed participant can be checked in."]
    }


def test_cancelling_the_event_tells_everyone_still_registered(
    ew, mailoutbox, django_capture_on_commit_callbacks
):
    pending = RegistrationFactory(event=ew.event, status=RegistrationStatus.PENDING)
    waiting = RegistrationFactory(event=ew.event, status=RegistrationStatus.WAITLISTED)
    gone = RegistrationFactory(event=ew.event, status=RegistrationStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(actor=ew.organiser, event=ew.event)
    notes = Notification.objects.filter(kind="event.cancelled")
    assert {n.recipient for n in notes} == {ew.participant, pending.user, waiting.user}
    assert notes[0].body == (
        "Smart Regions Conference 2027, planned for 10 March 2027, 09:00 CET (Europe/Brussels), "
        "is cancelled."
    )
    assert gone.user.email not in [m.to[0] for m in mailoutbox]
    assert len(mailoutbox) == 3
    with pytest.raises(ValidationError, match=r"The event does not take registrations."):
        _register(ew.event)
