"""A project's funding mix: one line per source, with its amount and how far it is."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.pipeline import notifications
from smartregions.partnerships.domain.pipeline.checks import (
    check_funding_fits,
    check_secured_for_funded,
    clean_amount,
    funding_lines,
    lock_open_partnership,
    lock_project,
)
from smartregions.partnerships.models import Project, ProjectFunding


@transaction.atomic
def set_project_funding(
    *,
    actor: Any,
    project: Project,
    source: str,
    amount: Decimal | int | str,
    status: str,
    notes: str = "",
) -> ProjectFunding:
    """Add the line for ``source`` to the project's funding mix, or change the existing one.

    Locks the project (refused once its partnership is closed), then checks the new mix: its
    total may not exceed the budget, and a funded or implemented project must keep its secured
    share (see :mod:`~smartregions.partnerships.domain.pipeline.checks`). Records
    ``project.funding_set``; a source that becomes secured is announced to the partnership's
    leaders and the project's owners (the milestone that moves a project towards "funded").
    """
    errors = {}
    if source not in FundingSource.values:
        errors["source"] = _("Unknown funding source: %s") % (source or "(empty)")
    if status not in FundingStatus.values:
        errors["status"] = _("Unknown funding status: %s") % (status or "(empty)")
    if errors:
        raise ValidationError(errors)
    amount = clean_amount(amount, field="amount")
    lock_project(project)
    lock_open_partnership(project)
    before = {line[0]: line[1] for line in funding_lines(project)}
    lines = [line for line in funding_lines(project) if line[0] != source]
    lines.append((source, status, amount))
    check_funding_fits(budget=project.budget, lines=lines, field="amount")
    check_secured_for_funded(
        budget=project.budget, lines=lines, field="status", stage=project.stage
    )
    line, created = ProjectFunding.objects.update_or_create(
        project=project,
        source=source,
        defaults={"amount": amount, "status": status, "notes": notes.strip()},
    )
    log_activity(
        actor=actor,
        action="project.funding_set",
        obj=project,
        data={"source": source, "status": status, "amount": f"{amount:.2f}", "created": created},
    )
    if status == FundingStatus.SECURED and before.get(source) != FundingStatus.SECURED:
        notifications.notify_funding_secured(project, line, actor=actor)
    return line


@transaction.atomic
def remove_project_funding(*, actor: Any, funding: ProjectFunding) -> None:
    """Remove one line from its project's funding mix.

    A funded or implemented project must keep its secured share without the line; refused once
    the partnership is closed. Records ``project.funding_remove``.
    """
    project = lock_project(funding.project)
    lock_open_partnership(project)
    lines = [line for line in funding_lines(project) if line[0] != funding.source]
    check_secured_for_funded(
        budget=project.budget, lines=lines, field="source", stage=project.stage
    )
    log_activity(
        actor=actor,
        action="project.funding_remove",
        obj=project,
        data={"source": funding.source, "amount": f"{funding.amount:.2f}"},
    )
    ProjectFunding.objects.filter(pk=funding.pk).delete()
