"""The expert pool (staff): list, register, edit, deactivate and reactivate experts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.calls.domain.evaluation.experts import (
    deactivate_expert,
    reactivate_expert,
    register_expert,
    update_expert,
)
from smartregions.calls.domain.queries.evaluation import expert_pool, experts_with_details
from smartregions.calls.forms.evaluation import ExpertForm
from smartregions.web.views.brokerage.common import check, require_post, run_and_redirect
from smartregions.web.views.helpers import add_domain_errors


@login_required
def expert_list(request: HttpRequest) -> HttpResponse:
    """Every expert with affiliations, areas, load and status (staff)."""
    check(request, "calls.manage_experts", None)
    return render(request, "web/evaluation/experts.html", {"experts": expert_pool()})


@login_required
def expert_create(request: HttpRequest) -> HttpResponse:
    """Register an existing user as an expert (staff)."""
    check(request, "calls.manage_experts", None)
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            expert = register_expert(actor=request.user, **form.domain_arguments())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("%s joined the expert pool.") % expert)
            return redirect("web:evaluation-experts")
    return render(request, "web/evaluation/expert_form.html", {"form": form, "expert": None})


@login_required
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an expert's affiliations, areas, expertise and load (staff)."""
    check(request, "calls.manage_experts", None)
    expert = get_object_or_404(experts_with_details(), pk=pk)
    form = ExpertForm(request.POST or None, expert=expert)
    if request.method == "POST" and form.is_valid():
        try:
            update_expert(actor=request.user, expert=expert, **form.domain_arguments())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("%s was updated.") % expert)
            return redirect("web:evaluation-experts")
    return render(request, "web/evaluation/expert_form.html", {"form": form, "expert": expert})


@login_required
def expert_status(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Deactivate or reactivate an expert (staff, POST)."""
    if (refused := require_post(request)) is not None:
        return refused
    check(request, "calls.manage_experts", None)
    verbs = {
        "deactivate": (deactivate_expert, _("%s was taken out of the pool.")),
        "reactivate": (reactivate_expert, _("%s is back in the pool.")),
    }
    if verb not in verbs:
        raise Http404
    change, done = verbs[verb]
    expert = get_object_or_404(experts_with_details(), pk=pk)
    return run_and_redirect(
        request,
        lambda: change(actor=request.user, expert=expert),
        done % expert,
        "web:evaluation-experts",
    )
