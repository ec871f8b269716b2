"""Organisation pages: the directory, an organisation's page, registering and editing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.organisations.domain import organisations as organisation_domain
from smartregions.organisations.domain.queries import (
    organisations_with_details,
    search_organisations,
)
from smartregions.organisations.forms import OrganisationForm
from smartregions.organisations.models import Organisation
from smartregions.regions.domain import web_queries
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.enums import TaxonomyKind
from smartregions.web.forms import OrganisationFilterForm
from smartregions.web.views.helpers import (
    add_domain_errors,
    check_permission,
    paginate,
    query_without_page,
    render_page_or_partial,
)

ORGANISATIONS_PER_PAGE = 30


def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisation directory, filtered by type, country and text."""
    form = OrganisationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = search_organisations(
        text=data.get("q", ""),
        types=(data["type"],) if data.get("type") else (),
        countries=(data["country"],) if data.get("country") else (),
    )
    context = {
        "form": form,
        "page": paginate(request, qs, ORGANISATIONS_PER_PAGE),
        "query": query_without_page(request),
        "can_add": request.user.has_perm("organisations.add_organisation"),
        "current_version": current_nuts_version(),
    }
    return render_page_or_partial(
        request,
        page="web/organisations/list.html",
        partial="web/organisations/_list_results.html",
        context=context,
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's profile with its region, activities and thematic areas."""
    organisation = get_object_or_404(organisations_with_details(), slug=slug)
    context = {
        "organisation": organisation,
        "can_change": request.user.has_perm("organisations.change_organisation", organisation),
        "current_version": current_nuts_version(),
    }
    return render(request, "web/organisations/detail.html", context)


def _form_context(form: OrganisationForm, organisation: Organisation | None) -> dict:
    return {
        "form": form,
        "organisation": organisation,
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC),
    }


def organisation_create(request: HttpRequest) -> HttpResponse:
    """Register an organisation; any logged-in user may."""
    if (denied := check_permission(request, "organisations.add_organisation", None)) is not None:
        return denied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_domain.create_organisation(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The organisation “%s” was registered.") % organisation)
            return redirect("web:organisation-detail", slug=organisation.slug)
    return render(request, "web/organisations/form.html", _form_context(form, None))


def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit an organisation's profile; its members and platform staff only."""
    organisation = get_object_or_404(organisations_with_details(), slug=slug)
    if (
        denied := check_permission(request, "organisations.change_organisation", organisation)
    ) is not None:
        return denied
    initial = {
        "name": organisation.name,
        "type": organisation.type,
        "region": organisation.region.code,
        "size": organisation.size,
        "website": organisation.website,
        "description": organisation.description,
        "keywords": ", ".join(organisation.keywords),
        "nace_codes": sorted(organisation.nace_codes.all(), key=lambda t: t.code),
        "thematic_areas": list(organisation.thematic_areas.all()),
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_domain.update_organisation(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The organisation “%s” was saved.") % organisation)
            return redirect("web:organisation-detail", slug=organisation.slug)
    return render(request, "web/organisations/form.html", _form_context(form, organisation))
