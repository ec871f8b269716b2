"""Two participants taking the last seat of a session at once: the session lock lets one in."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from smartregions.events.domain.programme import add_to_agenda
from smartregions.events.models import AgendaEntry, Session
from tests.events.programme.world import at
from tests.factories.accounts import UserFactory
from tests.factories.events import RegistrationFactory, SessionFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _together(works) -> list[str]:
    """Run each of ``works`` in its own thread, released together; outcomes, sorted."""
    barrier = threading.Barrier(len(works))
    outcomes: list[str] = []

    def run(work) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            work()
            outcomes.append("done")
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


def test_the_last_seat_goes_to_one_of_two(w):
    session = SessionFactory(
        event=w.forum, title="Site visit", starts_at=at(13), ends_at=at(15), seat_limit=1
    )
    other = UserFactory()
    RegistrationFactory(event=w.forum, user=other)

    def take(user):
        return lambda: add_to_agenda(actor=user, session=Session.objects.get(pk=session.pk))

    outcomes = _together([take(w.participant), take(other)])

    assert outcomes == ["done", "“Site visit” is full (1 seat)."]
    assert AgendaEntry.objects.filter(session=session).count() == 1
