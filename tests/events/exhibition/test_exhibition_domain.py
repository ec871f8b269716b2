"""Stands and stand bookings: every transition allowed and refused, constraints, notices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain import exhibition as domain
from smartregions.events.enums import BookingStatus, EventStatus
from smartregions.events.models import Stand, StandBooking
from tests.factories.events import StandFactory


def _notes(kind):
    return sorted(
        (n.recipient.email, n.title, n.url) for n in Notification.objects.filter(kind=kind)
    )


def _request_de11(w, **values):
    options = {
        "actor": w.region_rep,
        "event": w.forum,
        "region": w.de11,
        "showcase_title": "Stuttgart mobility",
        "priorities": [w.automotive],
        "projects": [w.valve_pilot],
        "contact_name": "Rita Rep",
        "contact_email": "rita@stuttgart.example",
        "website": "https://stuttgart.example",
        **values,
    }
    return domain.request_stand(**options)


def test_create_stand_and_its_rules(w):
    stand = domain.create_stand(
        actor=w.organiser, event=w.forum, code=" A1 ", size_m2=Decimal("12.5"), location="Hall 1"
    )
    assert (stand.code, stand.size_m2, stand.location) == ("A1", Decimal("12.5"), "Hall 1")
    with pytest.raises(ValidationError) as error:
        domain.create_stand(
            actor=w.organiser, event=w.forum, code="a1", size_m2=Decimal(0), location=" "
        )
    assert error.value.message_dict == {
        "code": ["The event already has a stand a1."],
        "size_m2": ["The size is a positive number of square metres."],
        "location": ["Say where the stand is (hall, floor or area)."],
    }
    assert ActivityLogEntry.objects.filter(action="event.stand_create").count() == 1


def test_update_and_delete_a_stand(w):
    stand = StandFactory(event=w.forum, code="A1")
    domain.update_stand(actor=w.organiser, stand=stand, location="Hall 2", code="A2")
    stand.refresh_from_db()
    assert (stand.code, stand.location) == ("A2", "Hall 2")
    domain.delete_stand(actor=w.organiser, stand=stand)
    assert not Stand.objects.exists()


def test_a_booked_stand_cannot_be_deleted(w):
    stand = StandFactory(event=w.forum, code="A1")
    booking = _request_de11(w, stand=stand)
    domain.approve_booking(actor=w.organiser, booking=booking)
    with pytest.raises(ValidationError) as error:
        domain.delete_stand(actor=w.organiser, stand=stand)
    assert error.value.message_dict == {
        "stand": ["Stand A1 is booked; the booking must be withdrawn first."]
    }


def test_a_region_requests_a_stand_with_its_showcase(w):
    stand = StandFactory(event=w.forum, code="A1")
    booking = _request_de11(w, stand=stand, message="Near the entrance, please.")
    booking.refresh_from_db()
    assert (booking.status, booking.stand, booking.region, booking.requested_by) == (
        BookingStatus.PENDING,
        stand,
        w.de11,
        w.region_rep,
    )
    assert list(booking.priorities.all()) == [w.automotive]
    assert list(booking.projects.all()) == [w.valve_pilot]
    assert _notes("event.stand_requested") == [
        (
            w.organiser.email,
            "DE11 Stuttgart asks for a stand at S3 Forum",
            "/events/s3-forum/exhibition/",
        )
    ]


def test_an_organisation_shows_its_regions_priorities_and_its_projects(w):
    booking = domain.request_stand(
        actor=w.org_member,
        event=w.forum,
        organisation=w.brno,
        showcase_title="Valves for hydrogen",
        priorities=[w.hydrogen],  # of CZ06, the region above CZ064 where Brno Valves is
        projects=[w.valve_pilot],  # Brno Valves is a partner organisation
    )
    assert booking.organisation == w.brno
    with pytest.raises(ValidationError) as error:
        domain.update_showcase(
            actor=w.org_member,
            booking=booking,
            priorities=[w.automotive],
            projects=[w.corridor],
        )
    assert error.value.message_dict == {
        "priorities": ["Not S3 priorities of CZ064 Jihomoravský kraj: Automotive."],
        "projects": ["Not partnership projects of Brno Valves: H2 Corridor."],
    }


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"organisation": "brno"}, {"region": ["Book for one region or for one organisation."]}),
        ({"region": None}, {"region": ["Book for one region or for one organisation."]}),
        ({"showcase_title": " "}, {"showcase_title": ["Give the showcase a title."]}),
        ({"contact_email": "not-mail"}, {"contact_email": ["Enter a valid email address."]}),
    ],
)
def test_request_refusals(w, values, errors):
    if values.get("organisation") == "brno":
        values["organisation"] = w.brno
    with pytest.raises(ValidationError) as error:
        _request_de11(w, **values)
    assert error.value.message_dict == errors
    assert not StandBooking.objects.exists()


def test_request_refused_unless_published(w):
    w.forum.status = EventStatus.DRAFT
    w.forum.save()
    with pytest.raises(ValidationError) as error:
        _request_de11(w)
    assert error.value.messages == ["The event does not take stand bookings."]


def test_one_active_booking_per_party_and_event(w):
    booking = _request_de11(w)
    with pytest.raises(ValidationError) as error:
        _request_de11(w)
    assert error.value.message_dict == {
        "region": ["DE11 Stuttgart already has a stand booking at this event."]
    }
    domain.withdraw_booking(actor=w.region_rep, booking=booking)
    assert _request_de11(w).status == BookingStatus.PENDING


def test_request_refuses_a_foreign_or_booked_stand(w):
    foreign = StandFactory(event=w.other_event, code="Z1")
    with pytest.raises(ValidationError) as error:
        _request_de11(w, stand=foreign)
    assert error.value.message_dict == {"stand": ["The stand belongs to another event."]}
    stand = StandFactory(event=w.forum, code="A1")
    first = domain.request_stand(
        actor=w.org_member, event=w.forum, organisation=w.brno, showcase_title="Valves"
    )
    domain.approve_booking(actor=w.organiser, booking=first, stand=stand)
    with pytest.raises(ValidationError) as error:
        _request_de11(w, stand=stand)
    assert error.value.message_dict == {"stand": ["Stand A1 is already booked."]}


def test_approve_assigns_the_stand_and_tells_the_exhibitor(w):
    stand = StandFactory(event=w.forum, code="A1")
    booking = _request_de11(w)
    domain.approve_booking(actor=w.organiser, booking=booking, stand=stand, note=" Welcome! ")
    booking.refresh_from_db()
    assert (booking.status, booking.stand, booking.decided_by, booking.decision_note) == (
        BookingStatus.APPROVED,
        stand,
        w.organiser,
        "Welcome!",
    )
    assert booking.decided_at is not None
    assert _notes("event.stand_approved") == [
        (
            w.region_rep.email,
            "Your stand at S3 Forum is confirmed: A1",
            f"/events/s3-forum/exhibition/exhibitors/{booking.pk}/",
        )
    ]
    with pytest.raises(ValidationError) as error:
        domain.approve_booking(actor=w.organiser, booking=booking, stand=stand)
    assert error.value.message_dict == {"status": ["The booking is already approved."]}


def test_approve_needs_a_free_stand_of_the_event(w):
    booking = _request_de11(w)
    with pytest.raises(ValidationError) as error:
        domain.approve_booking(actor=w.organiser, booking=booking)
    assert error.value.message_dict == {"stand": ["Choose the stand to assign."]}
    with pytest.raises(ValidationError) as error:
        domain.approve_booking(
            actor=w.organiser, booking=booking, stand=StandFactory(event=w.other_event)
        )
    assert error.value.message_dict == {"stand": ["The stand belongs to another event."]}
    stand = StandFactory(event=w.forum, code="A1")
    other = domain.request_stand(
        actor=w.org_member, event=w.forum, organisation=w.brno, showcase_title="Valves"
    )
    domain.approve_booking(actor=w.organiser, booking=other, stand=stand)
    with pytest.raises(ValidationError) as error:
        domain.approve_booking(actor=w.organiser, booking=booking, stand=stand)
    assert error.value.message_dict == {"stand": ["Stand A1 is already booked."]}
    assert StandBooking.objects.get(pk=booking.pk).status == BookingStatus.PENDING


def test_the_database_refuses_two_approved_bookings_of_one_stand(w):
    stand = StandFactory(event=w.forum, code="A1")
    _request_de11(w, stand=stand)
    StandBooking.objects.update(status=BookingStatus.APPROVED)
    second = StandBooking(
        event=w.forum,
        organisation=w.brno,
        stand=stand,
        showcase_title="Valves",
        status=BookingStatus.APPROVED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_decline_needs_a_reason_and_tells_the_exhibitor(w):
    booking = _request_de11(w)
    with pytest.raises(ValidationError) as error:
        domain.decline_booking(actor=w.organiser, booking=booking, note=" ")
    assert error.value.message_dict == {"note": ["Say why the request is declined."]}
    domain.decline_booking(actor=w.organiser, booking=booking, note="No space left.")
    booking.refresh_from_db()
    assert (booking.status, booking.decision_note) == (BookingStatus.DECLINED, "No space left.")
    assert _notes("event.stand_declined") == [
        (
            w.region_rep.email,
            "Your stand request at S3 Forum was declined",
            "/events/s3-forum/exhibition/",
        )
    ]
    with pytest.raises(ValidationError) as error:
        domain.withdraw_booking(actor=w.region_rep, booking=booking)
    assert error.value.message_dict == {"status": ["The booking is already declined."]}


def test_withdrawing_an_approved_booking_frees_the_stand(w):
    stand = StandFactory(event=w.forum, code="A1")
    booking = _request_de11(w, stand=stand)
    domain.approve_booking(actor=w.organiser, booking=booking)
    domain.withdraw_booking(actor=w.region_rep, booking=booking)
    assert StandBooking.objects.get(pk=booking.pk).status == BookingStatus.WITHDRAWN
    assert _notes("event.stand_withdrawn") == [
        (
            w.organiser.email,
            "DE11 Stuttgart withdrew its stand booking at S3 Forum",
            "/events/s3-forum/exhibition/",
        )
    ]
    other = domain.request_stand(
        actor=w.org_member, event=w.forum, organisation=w.brno, showcase_title="Valves"
    )
    assert domain.approve_booking(actor=w.organiser, booking=other, stand=stand).stand == stand


def test_update_showcase_changes_texts_and_lists(w):
    booking = _request_de11(w)
    domain.update_showcase(
        actor=w.region_rep, booking=booking, showcase_text=" Come and see ", projects=[]
    )
    booking.refresh_from_db()
    assert (booking.showcase_text, list(booking.projects.all())) == ("Come and see", [])
    assert list(booking.priorities.all()) == [w.automotive]
    entry = ActivityLogEntry.objects.get(action="event.showcase_update")
    assert entry.data == {"fields": ["projects", "showcase_text"]}
