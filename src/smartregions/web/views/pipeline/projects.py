"""One project: its page, proposing and editing it, moving it between stages, its funding mix."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartregions.partnerships.domain import pipeline as domain
from smartregions.partnerships.domain.pipeline.checks import is_archived
from smartregions.partnerships.domain.queries.partnerships import visible_partnerships
from smartregions.partnerships.domain.queries.pipeline import (
    organisation_candidates,
    projects_with_details,
    secured_percent,
    stage_history,
)
from smartregions.partnerships.enums import PROJECT_STAGE_ORDER
from smartregions.partnerships.forms.pipeline import (
    FundingLineForm,
    MoveProjectForm,
    ProjectForm,
)
from smartregions.partnerships.models import Partnership, Project, ProjectFunding
from smartregions.web.views.helpers import add_domain_errors, wants_partial
from smartregions.web.views.pipeline.common import require, safe_next


def _project(pk: int) -> Project:
    return get_object_or_404(projects_with_details(), pk=pk)


def _flash_errors(request: HttpRequest, form: Any = None, error: ValidationError | None = None):
    """Flash a bound form's errors (naming the field) or a domain error's messages."""
    if error is not None:
        for message in error.messages:
            messages.error(request, message)
        return
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)


def _funding_rows(project: Project) -> list[dict[str, Any]]:
    rows = []
    for line in project.funding.all():
        share = (line.amount / project.budget * 100) if project.budget else None
        percent = share.quantize(Decimal(1)) if share is not None else None
        rows.append({"line": line, "percent": percent})
    return rows


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A project: its facts, funding mix, stage (with the moves the viewer may make), history.
    A closed partnership's project is shown without any control (its pipeline is an archive)."""
    project = _project(pk)
    if (denied := require(request, "partnerships.view_project", project)) is not None:
        return denied
    user = request.user
    internals = user.has_perm("partnerships.view_project_internals", project)
    archived = is_archived(project)
    can_move = not archived and user.has_perm("partnerships.move_project", project)
    context = {
        "project": project,
        "internals": internals,
        "archived": archived,
        "can_change": not archived and user.has_perm("partnerships.change_project", project),
        "can_delete": not archived and user.has_perm("partnerships.delete_project", project),
        "move_next": domain.next_stage(project.stage) if can_move else None,
        "move_back": domain.previous_stage(project.stage) if can_move else None,
        "stages": PROJECT_STAGE_ORDER,
        "funding_rows": _funding_rows(project),
        "funding_total": sum((line.amount for line in project.funding.all()), Decimal(0)),
        "secured_percent": secured_percent(project),
        "funding_form": FundingLineForm(prefix="funding"),
        "history": stage_history(project, with_reasons=internals),
    }
    return render(request, "web/pipeline/project_detail.html", context)


def _form_page(
    request: HttpRequest, form: ProjectForm, partnership: Partnership | None, project: Any
) -> HttpResponse:
    context = {
        "form": form,
        "partnership": partnership,
        "project": project,
        "organisations": organisation_candidates(partnership),
    }
    return render(request, "web/pipeline/project_form.html", context)


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Propose a project for a partnership (members, staff) or, without one, for a platform
    (staff). Every project starts as an idea. A partnership the user may not see answers 404,
    whether or not it exists."""
    partnership = None
    if slug is not None:
        partnership = get_object_or_404(
            visible_partnerships(request.user)
            .select_related("thematic_platform")
            .prefetch_related("members"),
            slug=slug,
        )
    if (denied := require(request, "partnerships.add_project", partnership)) is not None:
        return denied
    form = ProjectForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            project = domain.create_project(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The project “%s” was added as an idea.") % project.title)
            return redirect("web:project-detail", pk=project.pk)
    return _form_page(request, form, partnership, None)


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a project's fields and partners (leaders, staff, lead-region representatives)."""
    project = _project(pk)
    if (denied := require(request, "partnerships.change_project", project)) is not None:
        return denied
    form = ProjectForm(
        request.POST or None,
        partnership=project.partnership,
        initial=ProjectForm.initial_for(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_project(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("web:project-detail", pk=project.pk)
    return _form_page(request, form, project.partnership, project)


def _pipeline_url(project: Project) -> str:
    if project.partnership is not None:
        return reverse("web:partnership-pipeline", args=[project.partnership.slug])
    return reverse("web:pipeline-board")


@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a project idea (leaders, staff)."""
    project = _project(pk)
    if (denied := require(request, "partnerships.delete_project", project)) is not None:
        return denied
    back = _pipeline_url(project)
    try:
        domain.delete_project(actor=request.user, project=project)
    except ValidationError as error:
        _flash_errors(request, error=error)
        return redirect("web:project-detail", pk=pk)
    messages.success(request, _("The project “%s” was deleted.") % project.title)
    return redirect(back)


@require_POST
def project_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a project one stage on or back (leaders, staff).

    From the board (htmx) the answer is empty with an ``HX-Trigger: pipeline-changed`` header:
    the board reloads itself and shows the outcome; without JavaScript the browser is sent
    back to the page it came from (``next``) or to the project.
    """
    project = _project(pk)
    if (denied := require(request, "partnerships.move_project", project)) is not None:
        return denied
    form = MoveProjectForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
    else:
        try:
            domain.move_project(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error=error)
        else:
            messages.success(
                request,
                _("“%(title)s” is now at the %(stage)s stage.")
                % {"title": project.title, "stage": project.get_stage_display()},
            )
    if wants_partial(request):
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "pipeline-changed"
        return response
    return redirect(safe_next(request, reverse("web:project-detail", args=[pk])))


@require_POST
def funding_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a source to the funding mix or change its line (the project's editors)."""
    project = _project(pk)
    if (denied := require(request, "partnerships.change_project", project)) is not None:
        return denied
    form = FundingLineForm(request.POST, prefix="funding")
    if not form.is_valid():
        _flash_errors(request, form)
    else:
        try:
            domain.set_project_funding(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error=error)
        else:
            messages.success(request, _("The funding mix was saved."))
    return redirect(reverse("web:project-detail", args=[pk]) + "#funding")


@require_POST
def funding_remove(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    """Remove one source from the funding mix (the project's editors)."""
    project = _project(pk)
    if (denied := require(request, "partnerships.change_project", project)) is not None:
        return denied
    funding = get_object_or_404(ProjectFunding, pk=line, project=project)
    try:
        domain.remove_project_funding(actor=request.user, funding=funding)
    except ValidationError as error:
        _flash_errors(request, error=error)
    else:
        messages.success(request, _("The funding line was removed."))
    return redirect(reverse("web:project-detail", args=[pk]) + "#funding")
