"""Action plans: a partnership's plan, and an industrial-transition region's transition plan.

A region's plan carries its self-assessment (weaknesses and assets), its transition priorities
(:class:`~smartregions.partnerships.enums.TransitionPriority`), its regional team of experts and
the funding opportunities identified; a partnership's plan has actions and funding
opportunities too, while its experts are the partnership's expert team. The actions live in
:mod:`.actions`. A closed partnership's plan is frozen.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.calls.models import Expert
from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.partnerships.domain.partnerships import check_not_closed
from smartregions.partnerships.enums import TransitionPriority
from smartregions.partnerships.models import ActionPlan, FundingOpportunity, Partnership
from smartregions.regions.models import Region


def plan_url(plan: ActionPlan) -> str:
    """The site-relative link of a plan's page."""
    return reverse("web:plan-detail", args=[plan.pk])


def lock_plan(plan: ActionPlan) -> ActionPlan:
    """Lock the plan's row and reload ``plan``; refuse when its partnership has closed.

    Why: writes to one plan (actions and their dependencies above all) must see each other's
    committed rows, or two concurrent dependency changes could close a cycle.
    """
    plan.refresh_from_db(from_queryset=ActionPlan.objects.select_for_update())
    if plan.partnership_id is not None:
        check_not_closed(Partnership.objects.only("status").get(pk=plan.partnership_id))
    return plan


def _clean_priorities(values: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    unknown = [v for v in values if v not in TransitionPriority.values]
    if unknown:
        raise ValidationError(
            {
                "transition_priorities": _("Unknown transition priorities: %(values)s.")
                % {"values": ", ".join(unknown)}
            }
        )
    return values


@transaction.atomic
def create_partnership_plan(*, actor: Any, partnership: Partnership, title: str = "") -> ActionPlan:
    """Start the action plan of a partnership (leaders and staff); one per partnership.

    Records ``plan.create``.
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    check_not_closed(partnership)
    if ActionPlan.objects.filter(partnership=partnership).exists():
        raise ValidationError({"partnership": _("The partnership already has an action plan.")})
    plan = ActionPlan(
        partnership=partnership,
        title=title.strip() or _("Action plan of %(name)s") % {"name": partnership.name},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    plan.full_clean()
    plan.save()
    log_activity(
        actor=actor, action="plan.create", obj=plan, data={"partnership_id": partnership.pk}
    )
    return plan


@transaction.atomic
def create_region_plan(
    *,
    actor: Any,
    region: Region,
    title: str = "",
    weaknesses: str = "",
    assets: str = "",
    transition_priorities: Iterable[str] = (),
) -> ActionPlan:
    """Start the transition plan of an industrial-transition region (its representatives and
    staff); one per region. Refused for other regions. Records ``plan.create``."""
    region = Region.objects.select_for_update().get(pk=region.pk)
    if not region.industrial_transition:
        raise ValidationError(
            {"region": _("%(region)s is not an industrial-transition region.") % {"region": region}}
        )
    if ActionPlan.objects.filter(region=region).exists():
        raise ValidationError(
            {"region": _("%(region)s already has a transition plan.") % {"region": region}}
        )
    plan = ActionPlan(
        region=region,
        title=title.strip() or _("Transition plan of %(region)s") % {"region": region.name_latin},
        weaknesses=weaknesses.strip(),
        assets=assets.strip(),
        transition_priorities=_clean_priorities(transition_priorities),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    plan.full_clean()
    plan.save()
    log_activity(actor=actor, action="plan.create", obj=plan, data={"region_id": region.pk})
    return plan


@transaction.atomic
def update_plan(
    *,
    actor: Any,
    plan: ActionPlan,
    title: str,
    weaknesses: str = "",
    assets: str = "",
    transition_priorities: Iterable[str] = (),
) -> ActionPlan:
    """Change a plan's title, self-assessment and transition priorities. Records
    ``plan.update`` with the changed fields."""
    lock_plan(plan)
    values = {
        "title": title.strip(),
        "weaknesses": weaknesses.strip(),
        "assets": assets.strip(),
        "transition_priorities": _clean_priorities(transition_priorities),
    }
    changed = sorted(field for field, value in values.items() if getattr(plan, field) != value)
    for field, value in values.items():
        setattr(plan, field, value)
    plan.full_clean()
    plan.save()
    log_activity(actor=actor, action="plan.update", obj=plan, data={"changed": changed})
    return plan


@transaction.atomic
def set_plan_experts(*, actor: Any, plan: ActionPlan, experts: Iterable[Expert]) -> ActionPlan:
    """Set a region plan's regional team of experts (active experts of the pool).

    A partnership's experts are its expert team, so partnership plans refuse this. Records
    ``plan.experts`` and notifies the experts who joined.
    """
    lock_plan(plan)
    if plan.region_id is None:
        raise ValidationError(
            {"experts": _("A partnership's experts are its expert team, not the plan's.")}
        )
    chosen = list(Expert.objects.filter(pk__in=[e.pk for e in experts]).select_related("user"))
    inactive = [str(e) for e in chosen if not e.is_active]
    if inactive:
        raise ValidationError(
            {
                "experts": _("Not active in the expert pool: %(names)s.")
                % {"names": ", ".join(inactive)}
            }
        )
    before = set(plan.experts.values_list("pk", flat=True))
    plan.experts.set(chosen)
    added = [e for e in chosen if e.pk not in before]
    log_activity(
        actor=actor,
        action="plan.experts",
        obj=plan,
        data={"experts": sorted(e.pk for e in chosen)},
    )
    notify(
        recipients=[e.user for e in added],
        kind="plan.expert_added",
        title=_("You joined the regional expert team of %(plan)s") % {"plan": plan.title},
        url=plan_url(plan),
        exclude=actor,
    )
    return plan


def _opportunity(opportunity: FundingOpportunity) -> FundingOpportunity:
    opportunity.title = opportunity.title.strip()
    opportunity.url = opportunity.url.strip()
    opportunity.notes = opportunity.notes.strip()
    opportunity.full_clean()
    opportunity.save()
    return opportunity


@transaction.atomic
def add_funding_opportunity(
    *,
    actor: Any,
    plan: ActionPlan,
    title: str,
    source: str,
    amount: Decimal | None = None,
    deadline: Any = None,
    url: str = "",
    notes: str = "",
) -> FundingOpportunity:
    """Add a funding opportunity identified for the plan. Records ``plan.funding_add``."""
    lock_plan(plan)
    opportunity = _opportunity(
        FundingOpportunity(
            plan=plan,
            title=title,
            source=source,
            amount=amount,
            deadline=deadline,
            url=url,
            notes=notes,
        )
    )
    log_activity(
        actor=actor, action="plan.funding_add", obj=plan, data={"opportunity_id": opportunity.pk}
    )
    return opportunity


@transaction.atomic
def update_funding_opportunity(
    *,
    actor: Any,
    opportunity: FundingOpportunity,
    title: str,
    source: str,
    amount: Decimal | None = None,
    deadline: Any = None,
    url: str = "",
    notes: str = "",
) -> FundingOpportunity:
    """Change a funding opportunity. Records ``plan.funding_update``."""
    plan = lock_plan(ActionPlan(pk=opportunity.plan_id))
    opportunity.refresh_from_db()
    opportunity.title, opportunity.source, opportunity.amount = title, source, amount
    opportunity.deadline, opportunity.url, opportunity.notes = deadline, url, notes
    _opportunity(opportunity)
    log_activity(
        actor=actor,
        action="plan.funding_update",
        obj=plan,
        data={"opportunity_id": opportunity.pk},
    )
    return opportunity


@transaction.atomic
def delete_funding_opportunity(*, actor: Any, opportunity: FundingOpportunity) -> None:
    """Delete a funding opportunity. Records ``plan.funding_delete``."""
    plan = lock_plan(ActionPlan(pk=opportunity.plan_id))
    log_activity(
        actor=actor,
        action="plan.funding_delete",
        obj=plan,
        data={"opportunity_id": opportunity.pk, "title": opportunity.title},
    )
    opportunity.delete()
