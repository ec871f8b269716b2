"""Methodology stages of a partnership (outputs and links) and its expert team."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.partnerships.domain import experts as expert_domain
from smartregions.partnerships.domain import stages as stage_domain
from smartregions.partnerships.enums import MemberRole, MethodologyStage, PartnershipStatus
from smartregions.partnerships.forms.partnerships import ExpertAssignForm, StageOutputsForm
from smartregions.partnerships.models import ExpertAssignment, StageRecord
from smartregions.web.views.brokerage.common import check, require_post, run_and_redirect
from smartregions.web.views.helpers import add_domain_errors
from smartregions.web.views.partnerships.common import signs_in_when_needed, visible_partnership


def _finder_url(partnership) -> str:
    """The region partner finder for the lead region, pre-filled with the thematic area (the
    partner-finder index when an organisation leads)."""
    lead_code = (
        partnership.members.filter(role=MemberRole.LEAD, left_at__isnull=True)
        .exclude(region=None)
        .values_list("region__code", flat=True)
        .first()
    )
    if lead_code is None:
        return reverse("web:partners")
    url = reverse("web:region-partners", args=[lead_code])
    if partnership.thematic_area is not None:
        url += "?" + urlencode({"area": partnership.thematic_area.slug})
    return url


@signs_in_when_needed
def stage_detail(request: HttpRequest, slug: str, stage: str) -> HttpResponse:
    """One stage: when it ran, what it produced, its links; the leads edit them (POST)."""
    if stage not in MethodologyStage.values:
        raise Http404
    partnership = visible_partnership(request, slug)
    record = StageRecord.objects.filter(partnership=partnership, stage=stage).first()
    can_edit = (
        record is not None
        and partnership.status != PartnershipStatus.CLOSED
        and request.user.has_perm("partnerships.manage_stages", partnership)
    )
    initial = {}
    if record is not None:
        initial = {
            "outputs": record.outputs,
            "links": StageOutputsForm.initial_links(record.links),
        }
    form = StageOutputsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        check(request, "partnerships.manage_stages", partnership)
        if record is None:
            raise Http404
        if form.is_valid():
            try:
                stage_domain.update_stage_outputs(
                    actor=request.user, record=record, **form.cleaned_data
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The stage's outputs were saved."))
                return redirect("web:partnership-stage", partnership.slug, stage)
    context = {
        "partnership": partnership,
        "stage": MethodologyStage(stage),
        "record": record,
        "form": form,
        "can_edit": can_edit,
        "finder_url": _finder_url(partnership) if stage == MethodologyStage.MAPPING else "",
    }
    return render(request, "web/partnerships/stage.html", context)


@login_required
def stage_next(request: HttpRequest, slug: str) -> HttpResponse:
    """POST: complete the current stage and start the next one (leads and staff)."""
    if (refused := require_post(request)) is not None:
        return refused
    partnership = visible_partnership(request, slug)
    check(request, "partnerships.manage_stages", partnership)
    return run_and_redirect(
        request,
        lambda: stage_domain.start_next_stage(actor=request.user, partnership=partnership),
        _("The next stage has started."),
        "web:partnership-detail",
        slug=partnership.slug,
    )


@login_required
def partnership_experts(request: HttpRequest, slug: str) -> HttpResponse:
    """The expert team with the assign form (staff)."""
    partnership = visible_partnership(request, slug)
    check(request, "partnerships.manage_experts", partnership)
    form = ExpertAssignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            expert_domain.assign_expert(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The expert joined the team."))
            return redirect("web:partnership-experts", partnership.slug)
    team = ExpertAssignment.objects.filter(partnership=partnership).select_related(
        "expert__user", "expert__organisation"
    )
    context = {"partnership": partnership, "form": form, "team": team}
    return render(request, "web/partnerships/experts.html", context)


@login_required
def expert_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: take an expert off the team (staff)."""
    if (refused := require_post(request)) is not None:
        return refused
    partnership = visible_partnership(request, slug)
    check(request, "partnerships.manage_experts", partnership)
    assignment = get_object_or_404(ExpertAssignment, partnership=partnership, pk=pk)
    return run_and_redirect(
        request,
        lambda: expert_domain.remove_expert(actor=request.user, assignment=assignment),
        _("The expert left the team."),
        "web:partnership-experts",
        slug=partnership.slug,
    )
