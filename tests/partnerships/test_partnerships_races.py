"""Two people acting on one partnership at once: row locks let exactly one win."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from smartregions.partnerships.domain.join_requests import approve_join_request, request_to_join
from smartregions.partnerships.domain.stages import start_next_stage
from smartregions.partnerships.enums import MethodologyStage
from smartregions.partnerships.models import (
    JoinRequest,
    Partnership,
    PartnershipMember,
    StageRecord,
)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _twice(work) -> list[str]:
    """Run ``work`` in two threads released together; their outcomes (or refusals)."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            work()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_concurrent_approvals_admit_once(pw, active):
    join_request = request_to_join(actor=pw.other_rep, partnership=active, region=pw.de11)
    outcomes = _twice(
        lambda: approve_join_request(
            actor=pw.lead_rep, join_request=JoinRequest.objects.get(pk=join_request.pk)
        )
    )
    assert outcomes == ["The request is already approved.", "done"]
    assert PartnershipMember.objects.filter(partnership=active, region=pw.de11).count() == 1


def test_two_concurrent_next_stage_clicks_move_one_stage(pw, active):
    outcomes = _twice(
        lambda: start_next_stage(
            actor=pw.lead_rep, partnership=Partnership.objects.get(pk=active.pk)
        )
    )
    assert outcomes == ["done", "done"]
    active.refresh_from_db()
    assert active.current_stage == MethodologyStage.LEARN
    assert StageRecord.objects.filter(partnership=active).count() == 3
