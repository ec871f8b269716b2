"""Writing a group's joint strategy: the text, ordered objectives, actions and funding."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from smartregions.brokerage.domain.brokers import check_nace
from smartregions.brokerage.enums import ActionStatus, FundingSource, FundingStatus, GroupStatus
from smartregions.brokerage.models import (
    JointStrategy,
    SmeGroup,
    StrategyAction,
    StrategyFunding,
    StrategyObjective,
)
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Term


def _check_open(group: SmeGroup) -> None:
    if group.status == GroupStatus.CLOSED:
        raise ValidationError({"status": _("The group is closed; its strategy is final.")})


@transaction.atomic
def save_strategy(
    *,
    actor: Any,
    group: SmeGroup,
    title: str,
    summary: str = "",
    target_value_chains: str = "",
    target_nace_codes: Sequence[Term] = (),
) -> JointStrategy:
    """Create or update the group's joint strategy text and target value chains.

    Records ``strategy.create`` or ``strategy.update`` (on the group).
    """
    _check_open(group)
    strategy = JointStrategy.objects.filter(group=group).first()
    created = strategy is None
    strategy = strategy or JointStrategy(group=group)
    strategy.title = title.strip()
    strategy.summary = summary.strip()
    strategy.target_value_chains = target_value_chains.strip()
    strategy.full_clean()
    check_nace(target_nace_codes, field="target_nace_codes")
    strategy.save()
    strategy.target_nace_codes.set(target_nace_codes)
    log_activity(actor=actor, action="strategy.create" if created else "strategy.update", obj=group)
    return strategy


def strategy_of(group: SmeGroup) -> JointStrategy:
    """The group's strategy; a field error when it has not been started."""
    strategy = JointStrategy.objects.filter(group=group).first()
    if strategy is None:
        raise ValidationError({"strategy": _("Start the joint strategy (give it a title) first.")})
    return strategy


def _next_position(rows: models.QuerySet) -> int:
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def add_objective(*, actor: Any, group: SmeGroup, text: str) -> StrategyObjective:
    """Append an objective to the strategy. Records ``strategy.add_objective``."""
    _check_open(group)
    strategy = strategy_of(group)
    if not text.strip():
        raise ValidationError({"text": _("Write the objective.")})
    objective = StrategyObjective.objects.create(
        strategy=strategy, text=text.strip(), position=_next_position(strategy.objectives)
    )
    log_activity(actor=actor, action="strategy.add_objective", obj=group)
    return objective


@transaction.atomic
def update_objective(*, actor: Any, objective: StrategyObjective, text: str) -> StrategyObjective:
    _check_open(objective.strategy.group)
    if not text.strip():
        raise ValidationError({"text": _("Write the objective.")})
    objective.text = text.strip()
    objective.save(update_fields=["text"])
    log_activity(actor=actor, action="strategy.update_objective", obj=objective.strategy.group)
    return objective


@transaction.atomic
def delete_objective(*, actor: Any, objective: StrategyObjective) -> None:
    _check_open(objective.strategy.group)
    log_activity(
        actor=actor,
        action="strategy.delete_objective",
        obj=objective.strategy.group,
        data={"text": objective.text[:200]},
    )
    objective.delete()


@transaction.atomic
def move_item(*, actor: Any, item: StrategyObjective | StrategyAction, up: bool) -> None:
    """Swap an objective or action with its neighbour above (``up``) or below; positions are
    renumbered 1..n first, so the order is always well defined."""
    group = item.strategy.group
    _check_open(group)
    siblings = list(type(item).objects.filter(strategy=item.strategy).order_by("position", "id"))
    index = next(i for i, row in enumerate(siblings) if row.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    log_activity(
        actor=actor,
        action="strategy.reorder",
        obj=group,
        data={"kind": type(item).__name__, "id": item.pk, "up": up},
    )


def _check_owner(group: SmeGroup, owner: Organisation | None) -> None:
    if owner is None:
        return
    allowed = set(group.members.values_list("organisation_id", flat=True)) | set(
        group.partners.values_list("organisation_id", flat=True)
    )
    if owner.pk not in allowed:
        raise ValidationError(
            {"owner": _("%s is neither a member nor a partner of the group.") % owner}
        )


def _check_action(*, title: str, status: str) -> None:
    if not title.strip():
        raise ValidationError({"title": _("Give the action a title.")})
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown action status: %s") % status})


@transaction.atomic
def add_action(
    *,
    actor: Any,
    group: SmeGroup,
    title: str,
    description: str = "",
    owner: Organisation | None = None,
    due_date: datetime.date | None = None,
    status: str = ActionStatus.PLANNED,
) -> StrategyAction:
    """Append an action; its owner must be a member SME or a partner of the group."""
    _check_open(group)
    strategy = strategy_of(group)
    _check_action(title=title, status=status)
    _check_owner(group, owner)
    action = StrategyAction.objects.create(
        strategy=strategy,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        status=status,
        position=_next_position(strategy.actions),
    )
    log_activity(actor=actor, action="strategy.add_action", obj=group, data={"title": title})
    return action


@transaction.atomic
def update_action(
    *,
    actor: Any,
    action: StrategyAction,
    title: str,
    description: str = "",
    owner: Organisation | None = None,
    due_date: datetime.date | None = None,
    status: str = ActionStatus.PLANNED,
) -> StrategyAction:
    """Change an action (all fields replaced)."""
    group = action.strategy.group
    _check_open(group)
    _check_action(title=title, status=status)
    _check_owner(group, owner)
    action.title, action.description = title.strip(), description.strip()
    action.owner, action.due_date, action.status = owner, due_date, status
    action.save()
    log_activity(actor=actor, action="strategy.update_action", obj=group, data={"id": action.pk})
    return action


@transaction.atomic
def delete_action(*, actor: Any, action: StrategyAction) -> None:
    group = action.strategy.group
    _check_open(group)
    log_activity(actor=actor, action="strategy.delete_action", obj=group, data={"id": action.pk})
    action.delete()


def _check_funding(*, source: str, status: str, amount_eur: Decimal | None) -> None:
    errors = {}
    if source not in FundingSource.values:
        errors["source"] = _("Unknown funding source: %s") % source
    if status not in FundingStatus.values:
        errors["status"] = _("Unknown funding status: %s") % status
    if amount_eur is not None and amount_eur < 0:
        errors["amount_eur"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_funding(
    *,
    actor: Any,
    group: SmeGroup,
    source: str,
    description: str = "",
    amount_eur: Decimal | None = None,
    status: str = FundingStatus.IDEA,
) -> StrategyFunding:
    """Add a funding source (ERDF/Interreg, I3, Horizon Europe...) to the strategy."""
    _check_open(group)
    strategy = strategy_of(group)
    _check_funding(source=source, status=status, amount_eur=amount_eur)
    funding = StrategyFunding.objects.create(
        strategy=strategy,
        source=source,
        description=description.strip(),
        amount_eur=amount_eur,
        status=status,
    )
    log_activity(actor=actor, action="strategy.add_funding", obj=group, data={"source": source})
    return funding


@transaction.atomic
def update_funding(
    *,
    actor: Any,
    funding: StrategyFunding,
    source: str,
    description: str = "",
    amount_eur: Decimal | None = None,
    status: str = FundingStatus.IDEA,
) -> StrategyFunding:
    group = funding.strategy.group
    _check_open(group)
    _check_funding(source=source, status=status, amount_eur=amount_eur)
    funding.source, funding.description = source, description.strip()
    funding.amount_eur, funding.status = amount_eur, status
    funding.save()
    log_activity(actor=actor, action="strategy.update_funding", obj=group, data={"id": funding.pk})
    return funding


@transaction.atomic
def delete_funding(*, actor: Any, funding: StrategyFunding) -> None:
    group = funding.strategy.group
    _check_open(group)
    log_activity(actor=actor, action="strategy.delete_funding", obj=group, data={"id": funding.pk})
    funding.delete()
