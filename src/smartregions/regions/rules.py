"""Who may write strategies and priorities.

Platform administrators and facilitators may write any; a region representative writes those of
the region they represent and of every region below it (and, when they represent a whole country's
NUTS-0 region, the country's national strategies). Object-level permissions called without an
object are granted to platform staff only, so a forgotten object fails closed; the exception is
``regions.import_priorities``, which without a region means "may import for some region" and
obliges the caller to check each region it writes to.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_platform_staff, represents_any_region, summary_of


def _represents_strategy(user: Any, strategy: Any) -> bool:
    summary = summary_of(user)
    if strategy.region_id is not None:
        return strategy.region_id in summary.region_ids
    return strategy.country_id in summary.country_ids


@rules.predicate
def represents_region(user: Any, region: Any) -> bool:
    """``region`` is one the user represents (directly or as a sub-region)."""
    return region is not None and region.pk in summary_of(user).region_ids


@rules.predicate
def represents_strategy_region(user: Any, strategy: Any) -> bool:
    """The user represents the region (or, for a national strategy, the country) of ``strategy``."""
    return strategy is not None and _represents_strategy(user, strategy)


@rules.predicate
def represents_priority_region(user: Any, priority: Any) -> bool:
    """The user represents the region (or country) of ``priority``'s strategy."""
    return priority is not None and _represents_strategy(user, priority.strategy)


@rules.predicate
def may_import_for(user: Any, region: Any) -> bool:
    """With a region: represents it; without one: represents some region."""
    if region is None:
        return represents_any_region(user)
    return represents_region(user, region)


rules.add_perm("regions.add_strategy", is_platform_staff | represents_region)
rules.add_perm("regions.change_strategy", is_platform_staff | represents_strategy_region)
rules.add_perm("regions.add_priority", is_platform_staff | represents_strategy_region)
rules.add_perm("regions.change_priority", is_platform_staff | represents_priority_region)
rules.add_perm("regions.delete_priority", is_platform_staff | represents_priority_region)
rules.add_perm("regions.import_priorities", is_platform_staff | may_import_for)
