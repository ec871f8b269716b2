"""Factories of the events app (import them from this module directly).

Times are fixed (an event on 2027-03-10, 09:00-17:00 Europe/Brussels, i.e. 08:00-16:00 UTC) so
tests can assert exact times; move them with ``starts_at=`` / time-machine when needed.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from smartregions.events.enums import (
    EventKind,
    EventStatus,
    MeetingRequestStatus,
    ParticipantType,
    RegistrationStatus,
    SessionKind,
)
from smartregions.events.models import (
    DiscussionRound,
    DiscussionTable,
    Event,
    GuidingQuestion,
    Meeting,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
    Registration,
    Room,
    Session,
    Stand,
)
from tests.factories.accounts import UserFactory

EVENT_START = dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC)


class EventFactory(factory.django.DjangoModelFactory):
    """A published conference with open registration and no capacity limit."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.Sequence(lambda n: f"Smart Regions Conference {n}")
    kind = EventKind.CONFERENCE
    status = EventStatus.PUBLISHED
    timezone = "Europe/Brussels"
    starts_at = EVENT_START
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    city = "Brussels"
    consent_text = "I agree that the organisers process my registration data for this event."
    retention_until = factory.LazyAttribute(lambda o: (o.ends_at + dt.timedelta(days=180)).date())

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed delegate with consent recorded now."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    participant_type = ParticipantType.DELEGATE
    status = RegistrationStatus.CONFIRMED
    badge_name = factory.LazyAttribute(lambda o: o.user.get_full_name() or o.user.email)
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_version = "1"
    retention_until = factory.LazyAttribute(lambda o: o.event.retention_until)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 100


class SessionFactory(factory.django.DjangoModelFactory):
    """A one-hour plenary at the start of the event."""

    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    room = factory.SubFactory(RoomFactory, event=factory.SelfAttribute("..event"))
    kind = SessionKind.PLENARY
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))


class StandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stand

    event = factory.SubFactory(EventFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    size_m2 = Decimal("9.0")
    location = "Hall 1"


class DiscussionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscussionRound

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Round {n}")


class DiscussionTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscussionTable

    round = factory.SubFactory(DiscussionRoundFactory)
    number = factory.Sequence(lambda n: n + 1)
    topic = factory.Sequence(lambda n: f"Topic {n}")
    host = factory.SubFactory(UserFactory)
    rapporteur = factory.SubFactory(UserFactory)


class GuidingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidingQuestion

    table = factory.SubFactory(DiscussionTableFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")


class MeetingSessionFactory(factory.django.DjangoModelFactory):
    """A B2B session on a matchmaking-enabled brokerage event (add slots separately)."""

    class Meta:
        model = MeetingSession

    event = factory.SubFactory(EventFactory, kind=EventKind.BROKERAGE, matchmaking_enabled=True)
    title = factory.Sequence(lambda n: f"B2B meetings {n}")
    tables = 10


class MeetingSlotFactory(factory.django.DjangoModelFactory):
    """Slots follow each other every 30 minutes from the event's start (by sequence)."""

    class Meta:
        model = MeetingSlot

    meeting_session = factory.SubFactory(MeetingSessionFactory)
    starts_at = factory.Sequence(lambda n: EVENT_START + dt.timedelta(minutes=30 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=25))


def make_slots(meeting_session: MeetingSession, count: int, *, minutes: int = 30) -> list:
    """``count`` consecutive slots from the event's start, each ``minutes`` - 5 long."""
    start = meeting_session.event.starts_at
    return [
        MeetingSlot.objects.create(
            meeting_session=meeting_session,
            starts_at=start + dt.timedelta(minutes=minutes * i),
            ends_at=start + dt.timedelta(minutes=minutes * i + minutes - 5),
        )
        for i in range(count)
    ]


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    meeting_session = factory.SubFactory(MeetingSessionFactory)
    requester = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..meeting_session.event")
    )
    recipient = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..meeting_session.event")
    )
    message = "Shall we talk about a joint pilot?"
    status = MeetingRequestStatus.PENDING


class MeetingFactory(factory.django.DjangoModelFactory):
    """An accepted request's meeting, unplaced unless ``slot`` and ``table_number`` are given."""

    class Meta:
        model = Meeting

    request = factory.SubFactory(MeetingRequestFactory, status=MeetingRequestStatus.ACCEPTED)
    meeting_session = factory.LazyAttribute(lambda o: o.request.meeting_session)


# --- B2B matchmaking, participant side (meetings helper) ---


class MatchmakingProfileFactory(factory.django.DjangoModelFactory):
    """A visible profile of a confirmed participant of a matchmaking event."""

    class Meta:
        model = "events.MatchmakingProfile"

    registration = factory.SubFactory(
        RegistrationFactory,
        event=factory.SubFactory(EventFactory, kind=EventKind.BROKERAGE, matchmaking_enabled=True),
    )
    headline = factory.Sequence(lambda n: f"Participant {n} looking for partners")
    offering = "Pilot sites for industrial automation."
    seeking = "Partners for joint research projects."
    is_visible = True
