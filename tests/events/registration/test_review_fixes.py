"""Review fixes: the organisation a participant registers for, the consent wording, what a
cancelled or declined registration gives up, the organisers' notices without named
organisers, and what the GDPR purge leaves behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain.events import update_event
from smartregions.events.domain.people import event_organiser_users
from smartregions.events.domain.registration import (
    cancel_registration,
    decline_registration,
    purge_expired_registrations,
    register_for_event,
)
from smartregions.events.enums import (
    MeetingAttendance,
    MeetingRequestStatus,
    RegistrationStatus,
)
from smartregions.events.models import (
    AgendaEntry,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
    TableSeat,
)
from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from tests.factories.accounts import UserFactory
from tests.factories.events import (
    DiscussionRoundFactory,
    DiscussionTableFactory,
    EventFactory,
    MeetingFactory,
    MeetingRequestFactory,
    MeetingSessionFactory,
    MeetingSlotFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
REGS = "/api/v1/events/smart-regions-2027/registrations"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def stranger_org(ew):
    return create_organisation(
        actor=None, name="Ghent Hydrogen NV", type=OrganisationType.SME, region=ew.be10
    )


# --- 2. the organisation must be the participant's own ---


def test_domain_refuses_an_organisation_the_person_is_not_a_member_of(ew, stranger_org):
    with pytest.raises(ValidationError) as error:
        register_for_event(actor=ew.other, event=ew.event, consent=True, organisation=ew.sme)
    assert error.value.message_dict == {
        "organisation": ["You can only register for an organisation you are a member of."]
    }
    assert not Registration.objects.filter(user=ew.other).exists()


def test_domain_accepts_own_organisation_and_any_region(ew):
    grant_membership(actor=None, user=ew.other, role=Role.ORGANISATION_MEMBER, organisation=ew.sme)
    registration = register_for_event(
        actor=ew.other, event=ew.event, consent=True, organisation=ew.sme, region=ew.be10
    )
    assert (registration.organisation, registration.region) == (ew.sme, ew.be10)


def test_api_refuses_someone_elses_organisation(ew, stranger_org):
    response = api(ew.participant).post(
        f"{REGS}/", {"consent": True, "organisation": stranger_org.pk}, format="json"
    )
    assert response.status_code == 400
    assert "You can only register for an organisation you are a member of." in str(response.json())
    assert (
        not Registration.objects.filter(user=ew.participant, event=ew.event)
        .exclude(pk=ew.registration.pk)
        .exists()
    )


def test_api_accepts_own_organisation_and_another_region(ew):
    ew.registration.delete()
    response = api(ew.participant).post(
        f"{REGS}/",
        {"consent": True, "organisation": ew.sme.pk, "region": "BE10"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["organisation"] == {"id": ew.sme.pk, "name": "Brno Valves s.r.o."}
    assert response.json()["region"] == "BE10"


def test_web_form_refuses_someone_elses_organisation(client, ew, stranger_org):
    client.force_login(ew.other)
    response = client.post(
        "/events/smart-regions-2027/register/",
        {"consent": "on", "participant_type": "delegate", "organisation": stranger_org.pk},
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(user=ew.other).exists()


# --- 5. the consent wording is kept ---


def test_registration_keeps_the_exact_consent_text(ew):
    registration = register_for_event(actor=ew.other, event=ew.event, consent=True)
    assert registration.consent_text == (
        "I agree that the organisers process my registration data for this event."
    )
    update_event(actor=None, event=ew.event, consent_text="New wording.")
    registration.refresh_from_db()
    assert registration.consent_text == (
        "I agree that the organisers process my registration data for this event."
    )


# --- 4. a cancelled or declined registration gives up its places ---


@pytest.fixture
def holdings(ew):
    """The participant's agenda entry, table seat, a pending request they sent, an accepted
    meeting with a partner, and one already attended (kept)."""
    session = SessionFactory(event=ew.event)
    AgendaEntry.objects.create(session=session, registration=ew.registration)
    other_agenda = AgendaEntry.objects.create(
        session=session, registration=RegistrationFactory(event=ew.event)
    )
    table = DiscussionTableFactory(round=DiscussionRoundFactory(event=ew.event))
    TableSeat.objects.create(round=table.round, table=table, registration=ew.registration)
    b2b = MeetingSessionFactory(event=ew.event)
    slot = MeetingSlotFactory(
        meeting_session=b2b, starts_at=dt.datetime(2027, 3, 10, 13, tzinfo=dt.UTC)
    )
    partner = RegistrationFactory(event=ew.event, badge_name="Paul Partner")
    pending = MeetingRequestFactory(
        meeting_session=b2b, requester=ew.registration, recipient=partner
    )
    accepted = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=b2b,
            requester=RegistrationFactory(event=ew.event, badge_name="Anna Asker"),
            recipient=ew.registration,
            status=MeetingRequestStatus.ACCEPTED,
        ),
        slot=slot,
        table_number=1,
    )
    attended = MeetingFactory(
        request=MeetingRequestFactory(
            meeting_session=b2b,
            requester=ew.registration,
            recipient=RegistrationFactory(event=ew.event),
            status=MeetingRequestStatus.ACCEPTED,
        ),
        attendance=MeetingAttendance.HELD,
    )
    return {
        "other_agenda": other_agenda,
        "pending": pending,
        "accepted": accepted,
        "attended": attended,
        "partner": partner,
    }


def test_cancelling_releases_agenda_seats_and_open_meetings(ew, holdings):
    cancel_registration(actor=ew.participant, registration=ew.registration)
    assert list(AgendaEntry.objects.all()) == [holdings["other_agenda"]]
    assert TableSeat.objects.count() == 0
    assert MeetingRequest.objects.get(pk=holdings["pending"].pk).status == "cancelled"
    accepted_request = holdings["accepted"].request
    assert MeetingRequest.objects.get(pk=accepted_request.pk).status == "cancelled"
    assert list(Meeting.objects.all()) == [holdings["attended"]]
    assert MeetingRequest.objects.get(pk=holdings["attended"].request_id).status == "accepted"
    title = (
        "Petra Nováková (Brno Valves s.r.o.) cancelled the meeting request "
        f"({holdings['pending'].meeting_session.title})"
    )
    told = Notification.objects.filter(kind="meeting.cancelled")
    assert sorted((n.recipient_id, n.title) for n in told) == sorted(
        [
            (holdings["partner"].user_id, title),
            (accepted_request.requester.user_id, title),
        ]
    )
    entry = ActivityLogEntry.objects.get(action="registration.cancel")
    assert entry.data == {
        "by": "participant",
        "released": {"agenda_entries": 1, "table_seats": 1, "meeting_requests": 2},
    }


def test_organiser_cancelling_tells_both_partners_as_the_organisers(ew, holdings):
    cancel_registration(actor=ew.organiser, registration=ew.registration)
    told = Notification.objects.filter(kind="meeting.cancelled")
    assert {n.title.split(" cancelled")[0] for n in told} == {"The organisers"}
    assert set(told.values_list("recipient_id", flat=True)) == {
        ew.participant.pk,
        holdings["partner"].user_id,
        holdings["accepted"].request.requester.user_id,
    }


def test_declining_releases_agenda_and_seats(ew):
    ew.registration.status = RegistrationStatus.PENDING
    ew.registration.save()
    session = SessionFactory(event=ew.event)
    AgendaEntry.objects.create(session=session, registration=ew.registration)
    table = DiscussionTableFactory(round=DiscussionRoundFactory(event=ew.event))
    TableSeat.objects.create(round=table.round, table=table, registration=ew.registration)
    decline_registration(actor=ew.organiser, registration=ew.registration)
    assert AgendaEntry.objects.count() == 0
    assert TableSeat.objects.count() == 0
    assert ActivityLogEntry.objects.get(action="registration.decline").data == {
        "released": {"agenda_entries": 1, "table_seats": 1, "meeting_requests": 0}
    }


# --- 7. pending registrations reach someone ---


def test_pending_notice_goes_to_named_organisers(ew):
    update_event(actor=None, event=ew.event, approval_required=True)
    register_for_event(actor=ew.other, event=ew.event, consent=True)
    pending = Notification.objects.filter(kind="event.registration_pending")
    assert list(pending.values_list("recipient_id", flat=True)) == [ew.organiser.pk]


def test_pending_notice_falls_back_to_platform_staff(ew):
    event = EventFactory(slug="orphan", title="Orphan event", approval_required=True)
    assert event_organiser_users(event) == [ew.staff]
    register_for_event(actor=ew.other, event=event, consent=True)
    pending = Notification.objects.filter(kind="event.registration_pending")
    assert list(pending.values_list("recipient_id", flat=True)) == [ew.staff.pk]
    assert pending.get().title == "Registration to approve: Ursula User for Orphan event"


# --- 6. the purge leaves no names behind ---


def test_registration_str_holds_ids_only(ew):
    assert str(ew.registration) == f"registration {ew.registration.pk} @ event {ew.event.pk}"


def test_purge_leaves_no_badge_name_behind(ew):
    update_event(actor=None, event=ew.event, approval_required=True)
    registration = register_for_event(
        actor=ew.other, event=ew.event, consent=True, badge_name="Ursula Secret"
    )
    cancel_registration(actor=ew.organiser, registration=registration)
    b2b = MeetingSessionFactory(event=ew.event)
    ScheduleRun.objects.create(
        meeting_session=b2b,
        unplaced=[{"meeting": 1, "reason": "Ursula Secret has no free slot"}],
        error="Ursula Secret: no table",
    )
    # an entry written before the ids-only label
    mine = ActivityLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration), object_id=str(registration.pk)
    )
    assert mine.count() == 2  # registration.create and registration.cancel
    mine.update(object_repr="Ursula Secret @ 1")
    kept = Notification.objects.create(
        recipient=ew.other, kind="x", title="Ursula Secret elsewhere", url="/events/other-event/"
    )
    assert Notification.objects.filter(title__contains="Ursula Secret").count() == 2
    purge_expired_registrations(actor=None, today=dt.date(2027, 9, 7))
    assert Registration.objects.filter(event=ew.event).count() == 0
    assert not ActivityLogEntry.objects.filter(object_repr__contains="Ursula Secret").exists()
    assert (
        list(mine.values_list("object_repr", flat=True))
        == [f"registration {registration.pk} @ event {ew.event.pk}"] * 2
    )
    assert list(Notification.objects.all()) == [kept]
    run = ScheduleRun.objects.get()
    assert (run.unplaced, run.error) == ([], "")
    assert ActivityLogEntry.objects.get(action="registration.purge").data["cleaned"] == {
        "notifications": 2,
        "schedule_runs_blanked": 1,
    }


def test_purge_keeps_notifications_of_people_still_registered(ew):
    purged_user = UserFactory(full_name="Gone Person")
    RegistrationFactory(event=ew.event, user=purged_user, retention_until=dt.date(2027, 9, 1))
    ew.registration.retention_until = dt.date(2028, 1, 1)
    ew.registration.save()
    Notification.objects.create(
        recipient=purged_user, kind="x", title="t", url="/events/smart-regions-2027/"
    )
    kept = Notification.objects.create(
        recipient=ew.organiser, kind="x", title="t", url="/events/smart-regions-2027/registrations/"
    )
    purge_expired_registrations(actor=None, today=dt.date(2027, 9, 7))
    assert list(Notification.objects.all()) == [kept]
