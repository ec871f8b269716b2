"""Action plans: a partnership's plan and the industrial-transition regions' plans.

The plan page lists the actions (owner, deadline, status, what each waits for; overdue ones
are marked), the funding opportunities and, for a region, its self-assessment, transition
priorities and regional expert team. An action's status changes in place with htmx.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.accounts.models import User
from smartregions.partnerships.domain import actions as action_domain
from smartregions.partnerships.domain import plans as plan_domain
from smartregions.partnerships.domain.queries.plans import (
    plan_actions,
    plans_for_rules,
    plans_with_details,
    priority_labels,
    region_plans,
    transition_regions_without_plan,
)
from smartregions.partnerships.enums import ActionStatus
from smartregions.partnerships.forms.plans import (
    ActionForm,
    ActionStatusForm,
    FundingOpportunityForm,
    PlanExpertsForm,
    PlanForm,
)
from smartregions.partnerships.models import Action, ActionPlan, FundingOpportunity
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.models import Region
from smartregions.web.views.brokerage.common import (
    check,
    form_errors,
    posted_id,
    require_post,
    run_and_redirect,
)
from smartregions.web.views.helpers import add_domain_errors, wants_partial
from smartregions.web.views.partnerships.common import visible_partnership


def _owners(plan: ActionPlan) -> QuerySet[User]:
    """Who may own an action: users acting for a member (partnership plan) or for the region."""
    users = action_domain.owner_candidates(plan)
    return User.objects.filter(pk__in=[u.pk for u in users]).order_by("full_name", "email")


def _others(plan: ActionPlan, action: Action | None = None) -> QuerySet[Action]:
    qs = Action.objects.filter(plan=plan).order_by("position", "id")
    return qs.exclude(pk=action.pk) if action is not None else qs


@login_required
def partnership_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's plan page; POST starts the plan (leads and staff)."""
    partnership = visible_partnership(request, slug)
    plan = ActionPlan.objects.filter(partnership=partnership).first()
    if plan is not None:
        return redirect("web:plan-detail", plan.pk)
    check(request, "partnerships.add_partnership_plan", partnership)
    if request.method != "POST":
        raise Http404
    try:
        plan = plan_domain.create_partnership_plan(actor=request.user, partnership=partnership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("web:partnership-detail", partnership.slug)
    messages.success(request, _("The action plan was started."))
    return redirect("web:plan-detail", plan.pk)


def _plan_context(
    request: HttpRequest, plan: ActionPlan, *, with_forms: bool = True
) -> dict[str, Any]:
    can_edit = request.user.has_perm("partnerships.change_plan", plan)
    context: dict[str, Any] = {
        "plan": plan,
        "actions": plan_actions(plan),
        "can_edit": can_edit,
        "priorities": priority_labels(plan),
        "statuses": ActionStatus.choices,
    }
    if can_edit and with_forms:
        is_region = plan.region_id is not None
        context.update(
            plan_form=PlanForm(
                is_region=is_region,
                initial={
                    "title": plan.title,
                    "weaknesses": plan.weaknesses,
                    "assets": plan.assets,
                    "transition_priorities": plan.transition_priorities,
                },
                prefix="plan",
            ),
            experts_form=PlanExpertsForm(
                initial={"experts": [e.pk for e in plan.experts.all()]}, prefix="experts"
            )
            if is_region
            else None,
            action_form=ActionForm(owners=_owners(plan), others=_others(plan), prefix="action"),
            funding_form=FundingOpportunityForm(prefix="funding"),
        )
    return context


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan: actions, funding opportunities and (regions) self-assessment and experts."""
    plan = get_object_or_404(plans_with_details(), pk=pk)
    check(request, "partnerships.view_plan", plan)
    return render(request, "web/partnerships/plan.html", _plan_context(request, plan))


def _actions_table(request: HttpRequest, plan: ActionPlan, *, error: str) -> HttpResponse:
    """The actions table alone (after an htmx status change), freshly loaded, with the
    refusal if there was one."""
    plan = plans_with_details().get(pk=plan.pk)
    context = {**_plan_context(request, plan, with_forms=False), "status_error": error}
    return render(request, "web/partnerships/_actions_table.html", context)


@login_required
def plan_change(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """POST a change: save, experts, add-action, action-status, delete-action, add-funding,
    delete-funding (plan editors)."""
    if (refused := require_post(request)) is not None:
        return refused
    plan = get_object_or_404(plans_for_rules(), pk=pk)
    check(request, "partnerships.change_plan", plan)
    back = {"target": "web:plan-detail", "pk": plan.pk}
    actor = request.user
    saved = _("The plan was saved.")
    if verb == "save":
        form = PlanForm(request.POST, is_region=plan.region_id is not None, prefix="plan")
        step = lambda: plan_domain.update_plan(actor=actor, plan=plan, **form.cleaned_data)  # noqa: E731
    elif verb == "experts":
        form = PlanExpertsForm(request.POST, prefix="experts")
        step = lambda: plan_domain.set_plan_experts(actor=actor, plan=plan, **form.cleaned_data)  # noqa: E731
    elif verb == "add-action":
        form = ActionForm(request.POST, owners=_owners(plan), others=_others(plan), prefix="action")
        step = lambda: action_domain.add_action(actor=actor, plan=plan, **form.cleaned_data)  # noqa: E731
    elif verb == "add-funding":
        form = FundingOpportunityForm(request.POST, prefix="funding")
        step = lambda: plan_domain.add_funding_opportunity(  # noqa: E731
            actor=actor, plan=plan, **form.cleaned_data
        )
    elif verb == "action-status":
        return _action_status(request, plan)
    elif verb == "delete-action":
        action = get_object_or_404(Action, plan=plan, pk=posted_id(request, "action"))
        return run_and_redirect(
            request, lambda: action_domain.delete_action(actor=actor, action=action), saved, **back
        )
    elif verb == "delete-funding":
        item = get_object_or_404(FundingOpportunity, plan=plan, pk=posted_id(request, "item"))
        return run_and_redirect(
            request,
            lambda: plan_domain.delete_funding_opportunity(actor=actor, opportunity=item),
            saved,
            **back,
        )
    else:
        raise Http404
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back["target"], pk=plan.pk)
    return run_and_redirect(request, step, saved, **back)


def _action_status(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    """Change one action's status; htmx gets the refreshed actions table back."""
    action = get_object_or_404(Action, plan=plan, pk=posted_id(request, "action"))
    form = ActionStatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            action_domain.change_action_status(
                actor=request.user, action=action, status=form.cleaned_data["status"]
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if wants_partial(request):
        return _actions_table(request, plan, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The action's status was changed."))
    return redirect("web:plan-detail", plan.pk)


@login_required
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Edit an action (title, description, owner, deadline) and what it waits for."""
    plan = get_object_or_404(plans_for_rules(), pk=pk)
    check(request, "partnerships.change_plan", plan)
    action = get_object_or_404(
        Action.objects.prefetch_related("depends_on"), plan=plan, pk=action_pk
    )
    initial = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner_id,
        "owner_name": action.owner_name,
        "deadline": action.deadline,
        "depends_on": [d.pk for d in action.depends_on.all()],
    }
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        owners=_owners(plan),
        others=_others(plan, action),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        depends_on = data.pop("depends_on", [])
        try:
            action_domain.update_action(actor=request.user, action=action, **data)
            action_domain.set_action_dependencies(
                actor=request.user, action=action, depends_on=depends_on
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect("web:plan-detail", plan.pk)
    context = {"plan": plan, "action": action, "form": form}
    return render(request, "web/partnerships/action_form.html", context)


@login_required
def funding_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Edit a funding opportunity of the plan."""
    plan = get_object_or_404(plans_for_rules(), pk=pk)
    check(request, "partnerships.change_plan", plan)
    item = get_object_or_404(FundingOpportunity, plan=plan, pk=item_pk)
    initial = {
        f: getattr(item, f) for f in ("title", "source", "amount", "deadline", "url", "notes")
    }
    form = FundingOpportunityForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_domain.update_funding_opportunity(
                actor=request.user, opportunity=item, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The funding opportunity was saved."))
            return redirect("web:plan-detail", plan.pk)
    context = {"plan": plan, "item": item, "form": form}
    return render(request, "web/partnerships/funding_form.html", context)


@login_required
def region_plan_list(request: HttpRequest) -> HttpResponse:
    """The transition plans of industrial-transition regions, and the regions without one
    that the user may start a plan for."""
    startable = [
        region
        for region in transition_regions_without_plan()
        if request.user.has_perm("partnerships.add_region_plan", region)
    ]
    context = {"plans": region_plans(), "startable": startable}
    return render(request, "web/partnerships/region_plans.html", context)


@login_required
def region_plan_start(request: HttpRequest, code: str) -> HttpResponse:
    """POST: start the transition plan of an industrial-transition region."""
    if (refused := require_post(request)) is not None:
        return refused
    region = get_object_or_404(
        Region.objects.defer("boundary"), code=code.upper(), nuts_version=current_nuts_version()
    )
    check(request, "partnerships.add_region_plan", region)
    try:
        plan = plan_domain.create_region_plan(actor=request.user, region=region)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("web:region-plans")
    messages.success(request, _("The transition plan was started."))
    return redirect("web:plan-detail", plan.pk)
