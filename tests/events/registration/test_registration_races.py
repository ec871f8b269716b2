"""Two people taking the last place at once, and a cancellation racing a new registration:
the event's row lock lets the capacity hold (PostgreSQL only)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from smartregions.events.domain.events import update_event
from smartregions.events.domain.registration import cancel_registration, register_for_event
from smartregions.events.enums import RegistrationStatus
from smartregions.events.models import Event, Registration
from tests.factories.accounts import UserFactory
from tests.factories.events import RegistrationFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _together(*works) -> list[str]:
    """Run each of ``works`` in its own thread, released together; their outcomes."""
    barrier = threading.Barrier(len(works))
    outcomes: list[str] = []

    def run(work) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes.append(str(work()))
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def _event() -> Event:
    return Event.objects.get(slug="smart-regions-2027")


def test_two_people_taking_the_last_place_at_once(ew):
    update_event(actor=None, event=ew.event, capacity=2)
    first, second = UserFactory(), UserFactory()
    outcomes = _together(
        lambda: register_for_event(actor=first, event=_event(), consent=True).status,
        lambda: register_for_event(actor=second, event=_event(), consent=True).status,
    )
    assert outcomes == ["confirmed", "waitlisted"]
    statuses = Registration.objects.filter(event=ew.event).values_list("status", flat=True)
    assert sorted(statuses) == ["confirmed", "confirmed", "waitlisted"]


def test_the_same_person_registering_twice_at_once(ew):
    outcomes = _together(
        lambda: register_for_event(actor=ew.other, event=_event(), consent=True).status,
        lambda: register_for_event(actor=ew.other, event=_event(), consent=True).status,
    )
    assert outcomes == ["You are already registered for this event.", "confirmed"]
    assert Registration.objects.filter(user=ew.other).count() == 1


def test_a_cancellation_racing_a_new_registration_never_overbooks(ew):
    update_event(actor=None, event=ew.event, capacity=1)
    waiting = RegistrationFactory(
        event=ew.event, status=RegistrationStatus.WAITLISTED, waitlisted_at=ew.event.created_at
    )
    newcomer = UserFactory()
    outcomes = _together(
        lambda: (
            cancel_registration(
                actor=ew.participant, registration=Registration.objects.get(pk=ew.registration.pk)
            ).status
        ),
        lambda: register_for_event(actor=newcomer, event=_event(), consent=True).status,
    )
    # in either order the freed place goes to the earlier waiting registration and the
    # newcomer queues: the place is never given twice
    assert outcomes == ["cancelled", "waitlisted"]
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    confirmed = Registration.objects.filter(event=ew.event, status=RegistrationStatus.CONFIRMED)
    assert list(confirmed) == [waiting]
