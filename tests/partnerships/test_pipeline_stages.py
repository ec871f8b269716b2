"""The project stage workflow: every allowed and every forbidden move, funding conditions,
notifications, the recorded history and races."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.domain.pipeline import move_project, set_project_funding
from smartregions.partnerships.domain.queries.pipeline import stage_history
from smartregions.partnerships.enums import PROJECT_STAGE_ORDER, ProjectStage
from smartregions.partnerships.models import Project, ProjectFunding, ProjectStageChange
from tests.factories.partnerships import ProjectFactory
from tests.factories.pipeline_extra import build_pipeline_world

STAGES = [str(stage) for stage in PROJECT_STAGE_ORDER]
ALLOWED = {
    ("idea", "demonstration"),
    ("demonstration", "investment_ready"),
    ("investment_ready", "funded"),
    ("funded", "implemented"),
    ("demonstration", "idea"),
    ("investment_ready", "demonstration"),
    ("funded", "investment_ready"),
    ("implemented", "funded"),
}


def _at(stage: str, *, secured: int = 600_000) -> Project:
    """A 1,000,000 EUR project at ``stage`` with ``secured`` EUR secured (test set-up only)."""
    project = ProjectFactory(stage=stage)
    if secured:
        ProjectFunding.objects.create(
            project=project, source="i3", status="secured", amount=secured
        )
    return project


@pytest.mark.parametrize(("from_stage", "to_stage"), sorted(ALLOWED))
def test_move_project_allowed_moves_succeed(db, from_stage, to_stage):
    project = _at(from_stage)
    move_project(actor=None, project=project, to_stage=to_stage, reason="Checked by the leads")
    project.refresh_from_db()
    assert project.stage == to_stage
    assert project.stage_changed_at is not None
    assert list(project.stage_changes.values_list("from_stage", "to_stage")) == [
        (from_stage, to_stage)
    ]


FORBIDDEN = [(a, b) for a in STAGES for b in STAGES if (a, b) not in ALLOWED]


@pytest.mark.parametrize(("from_stage", "to_stage"), FORBIDDEN)
def test_move_project_forbidden_moves_are_refused(db, from_stage, to_stage):
    project = _at(from_stage)
    with pytest.raises(ValidationError) as error:
        move_project(actor=None, project=project, to_stage=to_stage, reason="Try anyway")
    assert list(error.value.message_dict) == ["to_stage"]
    project.refresh_from_db()
    assert project.stage == from_stage
    assert not ProjectStageChange.objects.exists()


def test_forbidden_moves_cover_every_other_pair():
    assert len(FORBIDDEN) + len(ALLOWED) == len(STAGES) ** 2 == 25


@pytest.mark.parametrize(
    ("from_stage", "to_stage", "message"),
    [
        ("idea", "idea", "The project is already at the Idea stage."),
        (
            "idea",
            "investment_ready",
            "Projects move one stage at a time: from Idea to Demonstration.",
        ),
        (
            "demonstration",
            "implemented",
            "Projects move one stage at a time: from Demonstration to Investment-ready or Idea.",
        ),
        (
            "implemented",
            "idea",
            "Projects move one stage at a time: from Implemented to Funded.",
        ),
        ("idea", "funded", "Projects move one stage at a time: from Idea to Demonstration."),
    ],
)
def test_forbidden_move_messages_name_the_possible_moves(db, from_stage, to_stage, message):
    with pytest.raises(ValidationError) as error:
        move_project(actor=None, project=_at(from_stage), to_stage=to_stage)
    assert error.value.message_dict == {"to_stage": [message]}


@pytest.mark.parametrize(
    ("from_stage", "to_stage"), [(b, a) for a, b in itertools.pairwise(STAGES)]
)
def test_moving_back_needs_a_reason(db, from_stage, to_stage):
    project = _at(from_stage)
    with pytest.raises(ValidationError) as error:
        move_project(actor=None, project=project, to_stage=to_stage, reason="   ")
    label = ProjectStage(to_stage).label
    assert error.value.message_dict == {"reason": [f"Say why the project moves back to {label}."]}
    project.refresh_from_db()
    assert project.stage == from_stage


def test_unknown_stage_is_refused(db):
    with pytest.raises(ValidationError) as error:
        move_project(actor=None, project=_at("idea"), to_stage="bankrupt")
    assert error.value.message_dict == {"to_stage": ["Unknown stage: bankrupt"]}


@pytest.mark.parametrize(
    ("lines", "allowed"),
    [
        ([], False),
        ([("i3", "applied", 900_000)], False),  # applied is not secured
        ([("i3", "secured", 499_999)], False),  # just below half the budget
        ([("i3", "secured", 500_000)], True),  # exactly half
        ([("i3", "secured", 300_000), ("private", "secured", 200_000)], True),  # two sources
    ],
)
def test_funded_needs_half_the_budget_secured(db, lines, allowed):
    project = _at("investment_ready", secured=0)
    for source, status, amount in lines:
        set_project_funding(
            actor=None, project=project, source=source, status=status, amount=amount
        )
    if allowed:
        move_project(actor=None, project=project, to_stage="funded")
        assert Project.objects.get(pk=project.pk).stage == "funded"
        return
    with pytest.raises(ValidationError) as error:
        move_project(actor=None, project=project, to_stage="funded")
    assert error.value.message_dict["to_stage"][0].startswith(
        "A funded project needs secured funding of at least 50% of its budget (500,000.00 EUR)"
    )


def test_move_notifies_leaders_and_owners_with_the_reason(db):
    w = build_pipeline_world()
    Notification.objects.all().delete()
    move_project(actor=w.users["lead"], project=w.x, to_stage="idea", reason="Pilot site lost")
    notes = Notification.objects.filter(kind="pipeline.project_moved")
    # Co-lead (SK01), the PL21 representative (lead region) and the proposer; not the actor.
    assert sorted(n.recipient.email for n in notes) == [
        "colead@example.eu",
        "orgm@example.eu",
        "plrep@example.eu",
    ]
    note = notes.first()
    assert note.title == "Hydrogen buses for mountain towns is now: Idea"
    assert note.body == (
        "“Hydrogen buses for mountain towns” moved from Demonstration to Idea in the pipeline "
        "of Hydrogen Valleys.\n\nReason: Pilot site lost"
    )
    assert note.url == f"/projects/{w.x.pk}/"


def test_move_records_history_and_reason(db):
    w = build_pipeline_world()
    move_project(actor=w.users["colead"], project=w.x, to_stage="idea", reason="No pilot site")
    rows = stage_history(w.x, with_reasons=True)
    assert [(r.change.from_stage, r.change.to_stage, r.reason) for r in rows] == [
        ("", "idea", ""),
        ("idea", "demonstration", ""),
        ("demonstration", "idea", "No pilot site"),
    ]
    assert rows[-1].change.by == w.users["colead"]
    assert [r.reason for r in stage_history(w.x, with_reasons=False)] == ["", "", ""]
    entry = ActivityLogEntry.objects.filter(action="project.move").latest("id")
    assert entry.data["reason"] == "No pilot site"


def test_stale_copy_cannot_move_a_project_twice(db):
    project = _at("idea")
    stale = Project.objects.get(pk=project.pk)
    move_project(actor=None, project=project, to_stage="demonstration")
    with pytest.raises(ValidationError) as error:
        move_project(actor=None, project=stale, to_stage="demonstration")
    assert error.value.message_dict == {
        "to_stage": ["The project is already at the Demonstration stage."]
    }
    assert ProjectStageChange.objects.filter(project=project).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_of_one_card_let_one_win():
    project = _at("idea")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move() -> None:
        from django.db import connection as thread_connection

        copy = Project.objects.get(pk=project.pk)
        barrier.wait()
        try:
            move_project(actor=None, project=copy, to_stage="demonstration")
            outcomes.append("moved")
        except ValidationError as error:
            outcomes.append(error.message_dict["to_stage"][0])
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=move) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["The project is already at the Demonstration stage.", "moved"]
    assert ProjectStageChange.objects.filter(project=project).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_move_waits_for_a_closing_partnership_and_is_then_refused():
    project = _at("idea")
    closing, moving = threading.Event(), threading.Event()
    outcomes: list[str] = []

    def close() -> None:
        from django.db import connection as thread_connection
        from django.db import transaction

        try:
            with transaction.atomic():
                close_partnership(actor=None, partnership=project.partnership)
                closing.set()
                moving.wait(timeout=5)
                time.sleep(0.3)  # commit only once the move reads the partnership: it must wait
        finally:
            thread_connection.close()

    def move() -> None:
        from django.db import connection as thread_connection

        copy = Project.objects.select_related("partnership").get(pk=project.pk)
        closing.wait(timeout=5)
        moving.set()
        try:
            move_project(actor=None, project=copy, to_stage="demonstration")
            outcomes.append("moved")
        except ValidationError as error:
            outcomes.append(error.message_dict["partnership"][0])
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=close), threading.Thread(target=move)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    name = project.partnership.name
    assert outcomes == [f"{name} is closed: the projects of its pipeline can no longer be changed."]
    project.refresh_from_db()
    assert project.stage == "idea"
