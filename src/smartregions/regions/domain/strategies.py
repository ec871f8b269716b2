"""Writes on S3 strategies: create, update."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.regions.enums import StrategyLevel, StrategyStatus
from smartregions.regions.models import Country, Region, Strategy

STRATEGY_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "document_url",
    "managing_authority",
    "status",
    "language",
)


def _validate(strategy: Strategy) -> None:
    if strategy.region is not None and strategy.region.country_id != strategy.country_id:
        raise ValidationError({"region": "The region is not in the strategy's country."})
    if strategy.period_end < strategy.period_start:
        raise ValidationError({"period_end": "The period ends before it starts."})
    strategy.full_clean()


@transaction.atomic
def create_strategy(
    *,
    actor: Any,
    title: str,
    period_start: int,
    period_end: int,
    region: Region | None = None,
    country: Country | None = None,
    document_url: str = "",
    managing_authority: str = "",
    status: str = StrategyStatus.DRAFT,
    language: str = "",
    is_synthetic: bool = False,
) -> Strategy:
    """Create the S3 strategy of ``region`` (or, with no region, of ``country``).

    Validates that the region belongs to the country and that the period is ordered; records
    ``strategy.create`` in the activity log.
    """
    if region is None and country is None:
        raise ValidationError({"region": "A strategy belongs to a region or to a country."})
    strategy = Strategy(
        country=country or region.country,  # type: ignore[union-attr]
        region=region,
        level=StrategyLevel.REGIONAL if region else StrategyLevel.NATIONAL,
        title=title,
        period_start=period_start,
        period_end=period_end,
        document_url=document_url,
        managing_authority=managing_authority,
        status=status,
        language=language,
        is_synthetic=is_synthetic,
    )
    _validate(strategy)
    strategy.save()
    log_activity(actor=actor, action="strategy.create", obj=strategy)
    return strategy


@transaction.atomic
def update_strategy(*, actor: Any, strategy: Strategy, **changes: Any) -> Strategy:
    """Change the editable fields of ``strategy`` (see ``STRATEGY_FIELDS``); logs what changed."""
    unknown = set(changes) - set(STRATEGY_FIELDS)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise ValueError(msg)
    changed = {k: v for k, v in changes.items() if getattr(strategy, k) != v}
    for key, value in changed.items():
        setattr(strategy, key, value)
    _validate(strategy)
    strategy.save()
    log_activity(
        actor=actor, action="strategy.update", obj=strategy, data={"changed": sorted(changed)}
    )
    return strategy
