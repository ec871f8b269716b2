"""Who may read and edit action plans.

* A partnership's plan: its leads and platform staff edit it; its members and its expert team
  read it (the public page shows only a summary of it).
* An industrial-transition region's plan: that region's representatives (also of a region above
  it) and staff edit it; every signed-in user reads it.

Plan predicates read ``plan.partnership`` with ``members`` and ``expert_team`` (see
:func:`~smartregions.partnerships.domain.queries.plans.plans_with_details`).
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user, is_platform_staff, summary_of
from smartregions.partnerships.rules.base import is_partnership_leader, is_partnership_member
from smartregions.partnerships.rules.partnerships import is_partnership_expert


@rules.predicate
def is_region_plan(user: Any, plan: Any) -> bool:
    return plan is not None and plan.region_id is not None


@rules.predicate
def represents_plan_region(user: Any, plan: Any) -> bool:
    """Represents the region of a transition plan (or a region above it)."""
    return is_region_plan(user, plan) and plan.region_id in summary_of(user).region_ids


@rules.predicate
def leads_plan_partnership(user: Any, plan: Any) -> bool:
    """Leads the partnership whose plan ``plan`` is."""
    return (
        plan is not None
        and plan.partnership_id is not None
        and is_partnership_leader(user, plan.partnership)
    )


@rules.predicate
def reads_plan_partnership(user: Any, plan: Any) -> bool:
    """Is a member of, or an expert of, the partnership whose plan ``plan`` is."""
    if plan is None or plan.partnership_id is None:
        return False
    return is_partnership_member(user, plan.partnership) or is_partnership_expert(
        user, plan.partnership
    )


@rules.predicate
def represents_region(user: Any, region: Any) -> bool:
    """Represents ``region`` (or a region above it)."""
    return region is not None and region.pk in summary_of(user).region_ids


can_edit_plan = is_platform_staff | leads_plan_partnership | represents_plan_region

rules.add_perm(
    "partnerships.view_plan",
    can_edit_plan | reads_plan_partnership | (is_active_user & is_region_plan),
)
rules.add_perm("partnerships.change_plan", can_edit_plan)
rules.add_perm("partnerships.add_partnership_plan", is_platform_staff | is_partnership_leader)
rules.add_perm("partnerships.add_region_plan", is_platform_staff | represents_region)
