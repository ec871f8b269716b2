"""The pipeline board with its filters, the per-partnership, platform and region pipelines, and
the CSV/XLSX download of the filtered projects."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartregions.partnerships.domain.pipeline.export import (
    EXPORT_FORMATS,
    export_filename,
    write_projects,
)
from smartregions.partnerships.domain.queries.pipeline import (
    ProjectCriteria,
    filter_projects,
    totals_of,
    visible_partnerships,
    visible_projects,
)
from smartregions.partnerships.forms.pipeline import PipelineFilterForm
from smartregions.partnerships.models import Partnership, Project
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.models import Region, ThematicPlatform
from smartregions.web.views.helpers import query_without_page, render_page_or_partial
from smartregions.web.views.pipeline.common import require, results_context

_RESULTS = "web/pipeline/_results.html"


def _filtered(request: HttpRequest) -> tuple[PipelineFilterForm, object]:
    form = PipelineFilterForm(request.GET or None, partnerships=visible_partnerships(request.user))
    if form.is_bound:
        form.is_valid()
    return form, filter_projects(visible_projects(request.user), form.criteria())


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The pipeline board of every project the visitor may see, with filters and totals."""
    form, projects = _filtered(request)
    context = {
        "form": form,
        "can_add": request.user.has_perm("partnerships.add_project", None),
        **results_context(
            request,
            projects,
            groupings=("platform", "partnership", "region"),
            export_query=query_without_page(request),
        ),
    }
    return render_page_or_partial(
        request, page="web/pipeline/board.html", partial=_RESULTS, context=context
    )


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the board's filtered projects as CSV or XLSX (public fields only)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _, projects = _filtered(request)
    stream = io.BytesIO()
    write_projects(queryset=projects, stream=stream, fmt=fmt)
    response = HttpResponse(stream.getvalue(), content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(fmt)}"'
    return response


@require_GET
def partnership_pipeline(request: HttpRequest, slug: str) -> HttpResponse:
    """One partnership's pipeline: its board, totals and totals per region."""
    partnership = get_object_or_404(
        Partnership.objects.select_related("thematic_platform").prefetch_related("members"),
        slug=slug,
    )
    if (denied := require(request, "partnerships.view_pipeline", partnership)) is not None:
        return denied
    projects = visible_projects(request.user).filter(partnership=partnership)
    context = {
        "partnership": partnership,
        "can_add": request.user.has_perm("partnerships.add_project", partnership),
        **results_context(
            request,
            projects,
            groupings=("region",),
            export_query=urlencode({"partnership": partnership.slug}),
        ),
    }
    return render_page_or_partial(
        request, page="web/pipeline/partnership.html", partial=_RESULTS, context=context
    )


@require_GET
def platform_pipeline(request: HttpRequest, slug: str) -> HttpResponse:
    """A thematic platform's pipeline: its board and totals per partnership and region."""
    platform = get_object_or_404(ThematicPlatform, slug=slug)
    projects = visible_projects(request.user).filter(thematic_platform=platform)
    context = {
        "platform": platform,
        "can_add": request.user.has_perm("partnerships.add_project", None),
        **results_context(
            request,
            projects,
            groupings=("partnership", "region"),
            export_query=urlencode({"platform": platform.slug}),
        ),
    }
    return render_page_or_partial(
        request, page="web/pipeline/platform.html", partial=_RESULTS, context=context
    )


@require_GET
def region_pipeline(request: HttpRequest, code: str) -> HttpResponse:
    """A region's pipeline: projects it leads or partners in, with both sets of totals."""
    region = get_object_or_404(
        Region.objects.select_related("country"),
        code=code.upper(),
        nuts_version=current_nuts_version(),
    )
    visible = visible_projects(request.user)
    projects = filter_projects(visible, ProjectCriteria(region_id=region.pk))
    partnering = Project.partner_regions.through.objects.filter(region=region)
    as_partner = visible.filter(pk__in=partnering.values("project_id"))
    context = {
        "region": region,
        "role_rows": [
            (_("Lead region"), totals_of(visible.filter(lead_region=region))),
            (_("Partner region"), totals_of(as_partner)),
        ],
        **results_context(
            request,
            projects,
            groupings=("platform", "partnership"),
            export_query=urlencode({"region": region.code}),
        ),
    }
    return render_page_or_partial(
        request, page="web/pipeline/region.html", partial=_RESULTS, context=context
    )
