"""The stage workflow of a pipeline project::

    idea -> demonstration -> investment-ready -> funded -> implemented

A project moves **forward one stage** at a time, or **back one stage with a reason** (a
demonstration that failed, a funding decision that was withdrawn). Skipping stages is refused,
so "implemented" is only reached from "funded". Entering "funded" (or "implemented") needs
secured funding for at least half of the budget (see
:data:`~smartregions.partnerships.domain.pipeline.checks.FUNDED_MIN_SECURED_SHARE`). Every move
is stored as a :class:`ProjectStageChange` and announced to the partnership's leaders and the
project's owners.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.pipeline import notifications
from smartregions.partnerships.domain.pipeline.checks import (
    check_secured_for_funded,
    funding_lines,
    lock_open_partnership,
    lock_project,
    stage_index,
)
from smartregions.partnerships.enums import PROJECT_STAGE_ORDER, ProjectStage
from smartregions.partnerships.models import Project, ProjectStageChange


def next_stage(stage: str) -> ProjectStage | None:
    """The stage after ``stage``, or ``None`` for "implemented"."""
    index = stage_index(stage) + 1
    return PROJECT_STAGE_ORDER[index] if index < len(PROJECT_STAGE_ORDER) else None


def previous_stage(stage: str) -> ProjectStage | None:
    """The stage before ``stage``, or ``None`` for "idea"."""
    index = stage_index(stage) - 1
    return PROJECT_STAGE_ORDER[index] if index >= 0 else None


def _label(stage: str) -> str:
    return str(ProjectStage(stage).label)


def _check_move(project: Project, to_stage: str, reason: str) -> None:
    current = project.stage
    if to_stage == current:
        raise ValidationError(
            {"to_stage": _("The project is already at the %s stage.") % _label(current)}
        )
    step = stage_index(to_stage) - stage_index(current)
    if step not in (1, -1):
        options = [
            _label(stage) for stage in (next_stage(current), previous_stage(current)) if stage
        ]
        raise ValidationError(
            {
                "to_stage": _("Projects move one stage at a time: from %(current)s to %(options)s.")
                % {"current": _label(current), "options": _(" or ").join(options)}
            }
        )
    if step == -1 and not reason:
        raise ValidationError(
            {"reason": _("Say why the project moves back to %s.") % _label(to_stage)}
        )
    check_secured_for_funded(
        budget=project.budget, lines=funding_lines(project), field="to_stage", stage=to_stage
    )


@transaction.atomic
def move_project(*, actor: Any, project: Project, to_stage: str, reason: str = "") -> Project:
    """Move ``project`` one stage forward, or one back with a ``reason`` (see the module doc).

    Locks the project and re-checks its stage, so two people moving the same card cannot both
    succeed from a stale board; the projects of a closed partnership no longer move. Records
    the :class:`ProjectStageChange` and ``project.move`` (whose data keep the reason and the
    change's id), and notifies the partnership's leaders and the project's owners (not the
    actor).
    """
    if to_stage not in ProjectStage.values:
        raise ValidationError({"to_stage": _("Unknown stage: %s") % (to_stage or "(empty)")})
    reason = (reason or "").strip()
    lock_project(project)
    lock_open_partnership(project)
    _check_move(project, to_stage, reason)
    from_stage = project.stage
    project.stage = to_stage
    project.stage_changed_at = timezone.now()
    project.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    by = actor if getattr(actor, "is_authenticated", False) else None
    change = ProjectStageChange.objects.create(
        project=project, from_stage=from_stage, to_stage=to_stage, by=by
    )
    log_activity(
        actor=actor,
        action="project.move",
        obj=project,
        data={"from": from_stage, "to": to_stage, "reason": reason, "change_id": change.pk},
    )
    notifications.notify_project_moved(project, actor=actor, from_stage=from_stage, reason=reason)
    return project
