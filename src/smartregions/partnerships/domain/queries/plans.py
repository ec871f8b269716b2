"""Named, N+1-safe reads of action plans: a plan page (actions with owners and dependencies,
funding opportunities, experts) and the list of industrial-transition regions' plans."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from smartregions.calls.models import Expert
from smartregions.partnerships.domain.actions import CLOSED_ACTION_STATUSES
from smartregions.partnerships.enums import ActionStatus, TransitionPriority
from smartregions.partnerships.models import (
    Action,
    ActionPlan,
    ExpertAssignment,
    FundingOpportunity,
    PartnershipMember,
)
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.models import Region


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("owner").prefetch_related(
        Prefetch("depends_on", queryset=Action.objects.only("id", "title", "status", "plan_id"))
    )


def plans_with_details() -> QuerySet[ActionPlan]:
    """Plans with partnership (members and expert team, for the rules) or region, actions
    (owners, dependencies), funding opportunities and experts: eight queries per plan page."""
    return (
        ActionPlan.objects.select_related("partnership", "region__country")
        .defer("region__boundary")
        .prefetch_related(
            Prefetch(
                "partnership__members",
                queryset=PartnershipMember.objects.filter(left_at__isnull=True),
            ),
            Prefetch(
                "partnership__expert_team",
                queryset=ExpertAssignment.objects.select_related("expert__user"),
            ),
            Prefetch("actions", queryset=_actions()),
            Prefetch("funding_opportunities", queryset=FundingOpportunity.objects.all()),
            Prefetch("experts", queryset=Expert.objects.select_related("user", "organisation")),
        )
    )


def plans_for_rules() -> QuerySet[ActionPlan]:
    """Plans with only what the plan rules read (for writes that check a permission)."""
    return (
        ActionPlan.objects.select_related("partnership", "region")
        .defer("region__boundary")
        .prefetch_related(
            Prefetch(
                "partnership__members",
                queryset=PartnershipMember.objects.filter(left_at__isnull=True),
            ),
            Prefetch(
                "partnership__expert_team",
                queryset=ExpertAssignment.objects.select_related("expert"),
            ),
        )
    )


def is_overdue(action: Action, today: dt.date) -> bool:
    """Open work (not done or cancelled) whose deadline has passed."""
    return (
        action.deadline is not None
        and action.deadline < today
        and action.status not in CLOSED_ACTION_STATUSES
    )


def plan_actions(plan: ActionPlan, *, today: dt.date | None = None) -> list[Action]:
    """The loaded actions of ``plan`` with ``is_overdue`` and ``waiting_for`` (the titles of
    dependencies not done yet) set on each."""
    today = today or timezone.localdate()
    actions = list(plan.actions.all())
    for action in actions:
        action.is_overdue = is_overdue(action, today)
        action.waiting_for = [d for d in action.depends_on.all() if d.status != ActionStatus.DONE]
    return actions


def priority_labels(plan: ActionPlan) -> list[str]:
    """The labels of the plan's transition priorities, in the order chosen."""
    return [
        TransitionPriority(value).label
        for value in plan.transition_priorities
        if value in TransitionPriority.values
    ]


def region_plans() -> QuerySet[ActionPlan]:
    """Industrial-transition regions' plans with region, country and action counts."""
    return (
        ActionPlan.objects.filter(region__isnull=False)
        .select_related("region__country")
        .defer("region__boundary")
        .annotate(
            n_actions=Count("actions"),
            n_done=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
        )
        .order_by("region__code")
    )


def transition_regions_without_plan() -> QuerySet[Region]:
    """Industrial-transition regions of the current NUTS version that have no plan yet."""
    return (
        Region.objects.filter(
            nuts_version=current_nuts_version(),
            industrial_transition=True,
            transition_plan__isnull=True,
        )
        .select_related("country")
        .defer("boundary")
        .order_by("code")
    )
