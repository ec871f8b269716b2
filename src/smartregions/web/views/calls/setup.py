"""The call editor's setup steps (staff, draft calls): form fields, criteria and cut-offs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.calls.domain import call_setup
from smartregions.calls.forms.calls import CallFieldForm, CriterionForm, CutoffForm
from smartregions.calls.models import Call, CallCutoff, CallField, Criterion
from smartregions.web.views.calls.common import (
    check,
    flash_form_errors,
    require_post,
    run,
    visible_call_or_404,
)
from smartregions.web.views.helpers import add_domain_errors


def _managed_call(request: HttpRequest, slug: str) -> Call:
    call = visible_call_or_404(request, slug)
    check(request, "calls.change_call", call)
    return call


def _back(call: Call) -> HttpResponse:
    return redirect("web:call-edit", slug=call.slug)


@login_required
def field_add(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a new question of the call's application form."""
    if (refused := require_post(request)) is not None:
        return refused
    call = _managed_call(request, slug)
    form = CallFieldForm(request.POST, call=call, prefix="field")
    if form.is_valid():
        run(
            request,
            lambda: call_setup.add_call_field(actor=request.user, call=call, **form.cleaned_data),
            _("The question was added."),
        )
    else:
        flash_form_errors(request, form)
    return _back(call)


@login_required
def field_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit one question of the form (its key and stage stay)."""
    call = _managed_call(request, slug)
    field = get_object_or_404(CallField, call=call, pk=pk)
    form = CallFieldForm(request.POST or None, call=call, field=field)
    if request.method == "POST" and form.is_valid():
        try:
            call_setup.update_call_field(actor=request.user, field=field, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The question was saved."))
            return _back(call)
    context = {"call": call, "form": form, "item": field, "kind": "field"}
    return render(request, "web/calls/setup_item.html", context)


def _move(items: list, pk: int, up: bool) -> list[int]:
    ids = [item.pk for item in items]
    i = ids.index(pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    return ids


@login_required
def field_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST move-up, move-down or delete for one question of the form."""
    if (refused := require_post(request)) is not None:
        return refused
    call = _managed_call(request, slug)
    field = get_object_or_404(CallField, call=call, pk=pk)
    actor = request.user
    if verb == "delete":
        run(
            request,
            lambda: call_setup.remove_call_field(actor=actor, field=field),
            _("The question was removed."),
        )
    elif verb in ("move-up", "move-down"):
        order = _move(list(call.fields.filter(stage=field.stage)), field.pk, verb == "move-up")
        run(
            request,
            lambda: call_setup.reorder_call_fields(
                actor=actor, call=call, stage=field.stage, ids=order
            ),
            _("The questions were reordered."),
        )
    else:
        raise Http404
    return _back(call)


@login_required
def criterion_add(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a new evaluation criterion."""
    if (refused := require_post(request)) is not None:
        return refused
    call = _managed_call(request, slug)
    form = CriterionForm(request.POST, call=call, prefix="criterion")
    if form.is_valid():
        run(
            request,
            lambda: call_setup.add_criterion(actor=request.user, call=call, **form.cleaned_data),
            _("The criterion was added."),
        )
    else:
        flash_form_errors(request, form)
    return _back(call)


@login_required
def criterion_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit one evaluation criterion."""
    call = _managed_call(request, slug)
    criterion = get_object_or_404(Criterion, call=call, pk=pk)
    form = CriterionForm(request.POST or None, call=call, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            call_setup.update_criterion(
                actor=request.user, criterion=criterion, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The criterion was saved."))
            return _back(call)
    context = {"call": call, "form": form, "item": criterion, "kind": "criterion"}
    return render(request, "web/calls/setup_item.html", context)


@login_required
def criterion_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST move-up, move-down or delete for one criterion."""
    if (refused := require_post(request)) is not None:
        return refused
    call = _managed_call(request, slug)
    criterion = get_object_or_404(Criterion, call=call, pk=pk)
    actor = request.user
    if verb == "delete":
        run(
            request,
            lambda: call_setup.remove_criterion(actor=actor, criterion=criterion),
            _("The criterion was removed."),
        )
    elif verb in ("move-up", "move-down"):
        siblings = list(call.criteria.filter(stage=criterion.stage))
        order = _move(siblings, criterion.pk, verb == "move-up")
        run(
            request,
            lambda: call_setup.reorder_criteria(
                actor=actor, call=call, stage=criterion.stage, ids=order
            ),
            _("The criteria were reordered."),
        )
    else:
        raise Http404
    return _back(call)


@login_required
def cutoff_add(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a cut-off of a rolling call (typed in the call's time zone)."""
    if (refused := require_post(request)) is not None:
        return refused
    call = _managed_call(request, slug)
    form = CutoffForm(request.POST, call=call, prefix="cutoff")
    if form.is_valid():
        run(
            request,
            lambda: call_setup.add_cutoff(actor=request.user, call=call, **form.cleaned_data),
            _("The cut-off was added."),
        )
    else:
        flash_form_errors(request, form)
    return _back(call)


@login_required
def cutoff_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST: remove a cut-off."""
    if (refused := require_post(request)) is not None:
        return refused
    call = _managed_call(request, slug)
    cutoff = get_object_or_404(CallCutoff, call=call, pk=pk)
    run(
        request,
        lambda: call_setup.remove_cutoff(actor=request.user, cutoff=cutoff),
        _("The cut-off was removed."),
    )
    return _back(call)
