"""Deleting an event or a meeting session takes its placed meetings with it."""

import pytest
from django.db.models import RestrictedError

from smartregions.events.models import Event, Meeting, MeetingSession
from tests.factories.events import MeetingFactory, MeetingSessionFactory, make_slots

pytestmark = pytest.mark.django_db


def _placed_meeting():
    meeting_session = MeetingSessionFactory()
    slot = make_slots(meeting_session, 2)[0]
    meeting = MeetingFactory(request__meeting_session=meeting_session, slot=slot, table_number=1)
    return meeting_session, slot, meeting


def test_deleting_an_event_deletes_its_placed_meetings():
    meeting_session, _, meeting = _placed_meeting()
    meeting_session.event.delete()
    assert not Event.objects.filter(pk=meeting_session.event_id).exists()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_deleting_a_meeting_session_deletes_its_placed_meetings():
    meeting_session, _, meeting = _placed_meeting()
    meeting_session.delete()
    assert not MeetingSession.objects.filter(pk=meeting_session.pk).exists()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_slot_with_a_placed_meeting_is_not_deleted_alone():
    _, slot, meeting = _placed_meeting()
    with pytest.raises(RestrictedError):
        slot.delete()
    meeting.refresh_from_db()
    assert meeting.slot_id == slot.pk
