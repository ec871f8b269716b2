"""Two editors changing one plan's dependencies at once cannot close a cycle together."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from smartregions.partnerships.domain.actions import add_action, set_action_dependencies
from smartregions.partnerships.domain.plans import create_partnership_plan
from smartregions.partnerships.models import Action


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_dependencies_cannot_make_a_cycle(pw, active):
    plan = create_partnership_plan(actor=None, partnership=active)
    a = add_action(actor=None, plan=plan, title="A")
    b = add_action(actor=None, plan=plan, title="B")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def link(source: Action, target: Action) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            set_action_dependencies(
                actor=None, action=Action.objects.get(pk=source.pk), depends_on=[target]
            )
            outcomes.append("linked")
        except ValidationError as error:
            outcomes.append(error.message_dict["depends_on"][0])
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=link, args=(a, b)),
        threading.Thread(target=link, args=(b, a)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2
    assert "linked" in outcomes
    assert any(o.startswith("This would make a cycle: ") for o in outcomes)
    edges = Action.depends_on.through.objects.filter(from_action__plan=plan).count()
    assert edges == 1
