"""Matchmaking profiles and availability: what is saved, what is refused and why."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from tests.factories.accounts import UserFactory
from tests.factories.events import (
    MeetingFactory,
    MeetingRequestFactory,
    RegistrationFactory,
    make_slots,
)

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.matchmaking.availability import set_unavailable_slots
from smartregions.events.domain.matchmaking.profiles import save_matchmaking_profile
from smartregions.events.enums import EventStatus, RegistrationStatus
from smartregions.events.models import MatchmakingProfile, MeetingSession, Unavailability

pytestmark = pytest.mark.django_db


def test_save_profile_creates_then_updates(mw):
    newcomer = RegistrationFactory(event=mw.event, user=UserFactory(), badge_name="Nina New")
    profile = save_matchmaking_profile(
        actor=newcomer.user,
        registration=newcomer,
        headline="  Fuel cells for ferries ",
        offering="Fuel cell stacks.",
        seeking="",
        is_visible=False,
    )
    assert (profile.headline, profile.offering, profile.seeking, profile.is_visible) == (
        "Fuel cells for ferries",
        "Fuel cell stacks.",
        "",
        False,
    )
    again = save_matchmaking_profile(
        actor=newcomer.user, registration=newcomer, headline="Fuel cells", seeking="Shipyards."
    )
    assert again.pk == profile.pk
    assert (again.headline, again.offering, again.seeking, again.is_visible) == (
        "Fuel cells",
        "",
        "Shipyards.",
        True,
    )
    assert list(
        ActivityLogEntry.objects.filter(action="meeting_profile.save")
        .order_by("id")
        .values_list("data", flat=True)
    ) == [{"created": True, "visible": False}, {"created": False, "visible": True}]


def test_save_profile_validates_each_field(mw):
    with pytest.raises(ValidationError) as error:
        save_matchmaking_profile(
            actor=mw.ana, registration=mw.ana_reg, headline=" ", offering="", seeking=""
        )
    assert error.value.message_dict == {
        "headline": ["Write a headline: one line saying who you are."],
        "offering": ["Say what you offer or what you seek (or both)."],
    }
    with pytest.raises(ValidationError) as long:
        save_matchmaking_profile(
            actor=mw.ana, registration=mw.ana_reg, headline="x" * 201, seeking="y" * 3001
        )
    assert long.value.message_dict == {
        "headline": ["Keep the headline under 200 characters."],
        "seeking": ["Keep this text under 3000 characters."],
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("registration", "Only confirmed participants of the event take part in B2B meetings."),
        ("event", "The event is not open: profiles can no longer be changed."),
        ("matchmaking", "This event has no B2B matchmaking."),
    ],
)
def test_save_profile_refused(mw, change, message):
    if change == "registration":
        mw.ana_reg.status = RegistrationStatus.WAITLISTED
        mw.ana_reg.save()
    elif change == "event":
        mw.event.status = EventStatus.CANCELLED
        mw.event.save()
    else:
        mw.event.matchmaking_enabled = False
        mw.event.save()
    with pytest.raises(ValidationError) as error:
        save_matchmaking_profile(actor=mw.ana, registration=mw.ana_reg, headline="New", seeking="x")
    assert error.value.messages == [message]
    assert MatchmakingProfile.objects.get(registration=mw.ana_reg).headline == (
        "Hydrogen storage start-up"
    )


def _unavailable(registration) -> list[int]:
    return sorted(
        Unavailability.objects.filter(registration=registration).values_list("slot_id", flat=True)
    )


def test_availability_replaces_the_set(mw):
    first, second, third = mw.slots[0], mw.slots[1], mw.slots[3]
    saved = set_unavailable_slots(
        actor=mw.ana, registration=mw.ana_reg, meeting_session=mw.session, slots=[third, first]
    )
    assert saved == [first.pk, third.pk]
    assert _unavailable(mw.ana_reg) == [first.pk, third.pk]
    saved = set_unavailable_slots(
        actor=mw.ana, registration=mw.ana_reg, meeting_session=mw.session, slots=[second, third]
    )
    assert saved == [second.pk, third.pk]
    assert _unavailable(mw.ana_reg) == [second.pk, third.pk]
    assert (
        set_unavailable_slots(
            actor=mw.ana, registration=mw.ana_reg, meeting_session=mw.session, slots=[]
        )
        == []
    )
    assert _unavailable(mw.ana_reg) == []
    assert _unavailable(mw.ben_reg) == []
    entry = ActivityLogEntry.objects.filter(action="meeting_availability.set").latest("id")
    assert entry.data == {"session": mw.session.pk, "unavailable": []}


def test_availability_keeps_other_sessions(mw):
    other = MeetingSession.objects.create(event=mw.event, title="Afternoon", tables=1)
    [elsewhere] = make_slots(other, 1, minutes=60)
    set_unavailable_slots(
        actor=mw.ana, registration=mw.ana_reg, meeting_session=other, slots=[elsewhere]
    )
    set_unavailable_slots(
        actor=mw.ana, registration=mw.ana_reg, meeting_session=mw.session, slots=[mw.slots[0]]
    )
    set_unavailable_slots(
        actor=mw.ana, registration=mw.ana_reg, meeting_session=mw.session, slots=[]
    )
    assert _unavailable(mw.ana_reg) == [elsewhere.pk]


def test_availability_refuses_slots_of_another_session(mw):
    other = MeetingSession.objects.create(event=mw.event, title="Afternoon", tables=1)
    [elsewhere] = make_slots(other, 1, minutes=60)
    with pytest.raises(ValidationError) as error:
        set_unavailable_slots(
            actor=mw.ana, registration=mw.ana_reg, meeting_session=mw.session, slots=[elsewhere]
        )
    assert error.value.message_dict == {
        "slots": [f"These slots are not in “Morning B2B”: {elsewhere.pk}."]
    }


def test_availability_refuses_a_slot_with_a_placed_meeting(mw):
    request = MeetingRequestFactory(
        meeting_session=mw.session, requester=mw.ana_reg, recipient=mw.ben_reg, status="accepted"
    )
    MeetingFactory(request=request, slot=mw.slots[1], table_number=2)
    with pytest.raises(ValidationError) as error:
        set_unavailable_slots(
            actor=mw.ben,
            registration=mw.ben_reg,
            meeting_session=mw.session,
            slots=[mw.slots[0], mw.slots[1]],
        )
    assert error.value.message_dict == {
        "slots": [
            (
                "You have a meeting with Ana Nováková at 10 March 2027, 09:30\N{EN DASH}09:55 "
                "(Europe/Brussels) (table 2): free it before marking that slot unavailable."
            )
        ]
    }
    assert _unavailable(mw.ben_reg) == []


def test_availability_needs_a_confirmed_participant(mw):
    mw.cara_reg.status = RegistrationStatus.CANCELLED
    mw.cara_reg.save()
    with pytest.raises(ValidationError) as error:
        set_unavailable_slots(
            actor=mw.cara, registration=mw.cara_reg, meeting_session=mw.session, slots=[]
        )
    assert error.value.messages == [
        "Only confirmed participants of the event take part in B2B meetings."
    ]


def _organiser_scheduled(mw, *, locked=False):
    """Ana and Ben's meeting placed by the organisers (not yet published) at 09:30, table 2."""
    mw.session.mode = "organiser_schedules"
    mw.session.save()
    request = MeetingRequestFactory(
        meeting_session=mw.session, requester=mw.ana_reg, recipient=mw.ben_reg, status="accepted"
    )
    return MeetingFactory(request=request, slot=mw.slots[1], table_number=2, locked=locked)


def test_availability_unplaces_a_meeting_of_an_unpublished_schedule(mw):
    meeting = _organiser_scheduled(mw)
    result = set_unavailable_slots(
        actor=mw.ben, registration=mw.ben_reg, meeting_session=mw.session, slots=[mw.slots[1]]
    )
    assert result == [mw.slots[1].pk]
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_number, meeting.unplaced_reason) == (None, None, "")
    assert _unavailable(mw.ben_reg) == [mw.slots[1].pk]


def test_availability_refuses_neutrally_a_locked_meeting_of_an_unpublished_schedule(mw):
    meeting = _organiser_scheduled(mw, locked=True)
    with pytest.raises(ValidationError) as error:
        set_unavailable_slots(
            actor=mw.ben, registration=mw.ben_reg, meeting_session=mw.session, slots=[mw.slots[1]]
        )
    assert error.value.message_dict == {
        "slots": [
            (
                "The organisers have fixed part of the schedule in these slots; ask them before "
                "marking them unavailable."
            )
        ]
    }
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_number) == (mw.slots[1].pk, 2)
    assert _unavailable(mw.ben_reg) == []


def test_availability_names_the_meeting_once_the_schedule_is_published(mw):
    meeting = _organiser_scheduled(mw)
    mw.session.schedule_published = True
    mw.session.save()
    with pytest.raises(ValidationError) as error:
        set_unavailable_slots(
            actor=mw.ben, registration=mw.ben_reg, meeting_session=mw.session, slots=[mw.slots[1]]
        )
    assert error.value.message_dict == {
        "slots": [
            (
                "You have a meeting with Ana Nováková at 10 March 2027, 09:30\N{EN DASH}09:55 "
                "(Europe/Brussels) (table 2): free it before marking that slot unavailable."
            )
        ]
    }
    meeting.refresh_from_db()
    assert meeting.slot_id == mw.slots[1].pk
