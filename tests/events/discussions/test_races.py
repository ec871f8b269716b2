"""Two people taking a table's last seat at once: the table's row lock lets exactly one in."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from smartregions.events.domain.discussions.seats import auto_assign, sign_up_for_table
from smartregions.events.models import DiscussionRound, DiscussionTable, TableSeat

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _together(*works) -> list[str]:
    """Run ``works`` in threads released together; their outcomes (or refusals), sorted."""
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


def test_two_people_taking_the_last_seat(dw):
    DiscussionTable.objects.filter(pk=dw.skills.pk).update(capacity=1)
    table = lambda: DiscussionTable.objects.get(pk=dw.skills.pk)  # noqa: E731
    outcomes = _together(
        lambda: sign_up_for_table(actor=dw.participant, table=table()),
        lambda: sign_up_for_table(actor=dw.host, table=table()),
    )
    assert outcomes == ["Table 2 is full.", "done"]
    assert TableSeat.objects.filter(table=dw.skills).count() == 1


def test_sign_up_during_auto_assignment_never_overfills(dw):
    DiscussionTable.objects.filter(pk=dw.hydrogen.pk).update(capacity=1)
    DiscussionTable.objects.filter(pk=dw.skills.pk).update(capacity=2)
    outcomes = _together(
        lambda: auto_assign(actor=None, round=DiscussionRound.objects.get(pk=dw.round.pk)),
        lambda: sign_up_for_table(
            actor=dw.participant, table=DiscussionTable.objects.get(pk=dw.skills.pk)
        ),
    )
    assert "done" in outcomes
    assert TableSeat.objects.filter(table=dw.hydrogen).count() <= 1
    assert TableSeat.objects.filter(table=dw.skills).count() <= 2
    assert TableSeat.objects.count() == 3
