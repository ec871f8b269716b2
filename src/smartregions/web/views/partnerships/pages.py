"""The partnership list, "my partnerships", the public partnership page, creating (directly or
from an accepted application), editing, launching and closing a partnership."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.accounts.rules import is_platform_staff
from smartregions.calls.models import Application
from smartregions.partnerships.domain import partnerships as partnership_domain
from smartregions.partnerships.domain.queries.partnerships import (
    join_requests_of_user,
    partnership_page,
    partnerships_with_details,
    search_partnerships,
)
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.forms.partnerships import (
    CloseForm,
    FromApplicationForm,
    PartnershipFilterForm,
    PartnershipForm,
)
from smartregions.web.views.brokerage.common import check, require_post, run_and_redirect
from smartregions.web.views.helpers import (
    add_domain_errors,
    check_permission,
    paginate,
    query_without_page,
    render_page_or_partial,
)
from smartregions.web.views.partnerships.common import signs_in_when_needed, visible_partnership

PARTNERSHIPS_PER_PAGE = 25


def _list(request: HttpRequest, *, mine: bool) -> HttpResponse:
    form = PartnershipFilterForm(request.GET or None)
    partnerships = search_partnerships(user=request.user, filters=form.filters(mine=mine))
    context = {
        "form": form,
        "page": paginate(request, partnerships, PARTNERSHIPS_PER_PAGE),
        "query": query_without_page(request),
        "mine": mine,
        "can_add": request.user.has_perm("partnerships.add_partnership"),
        "list_url": reverse("web:partnership-mine" if mine else "web:partnership-list"),
        "join_requests": list(join_requests_of_user(request.user)[:50]) if mine else [],
    }
    return render_page_or_partial(
        request,
        page="web/partnerships/list.html",
        partial="web/partnerships/_list_results.html",
        context=context,
    )


def partnership_list(request: HttpRequest) -> HttpResponse:
    """Active and closed partnerships (and the user's own forming ones), with filters."""
    return _list(request, mine=False)


@login_required
def partnership_mine(request: HttpRequest) -> HttpResponse:
    """The partnerships the user acts for a member of, and their join requests."""
    return _list(request, mine=True)


def _map_context(page) -> dict[str, str]:
    regions = page.map_regions
    if not regions:
        return {}
    version = regions[0].nuts_version
    codes = ",".join(r.code for r in regions if r.nuts_version == version)
    query = urlencode({"version": version, "codes": codes})
    return {"map_geojson_url": f"{reverse('web:map-regions')}?{query}"}


@signs_in_when_needed
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public partnership page: description, members by role with a map, contacts,
    stages with their outputs, expert team, action-plan and pipeline summaries. A fixed number
    of queries whatever the number of members or projects."""
    partnership = visible_partnership(request, slug, partnerships_with_details())
    page = partnership_page(partnership)
    user = request.user
    sees_members = user.has_perm("partnerships.view_members", partnership)
    plan = page.plan.plan if page.plan else None
    if plan is not None:
        plan.partnership = partnership  # the rules read it; it is loaded already
    context = {
        "page": page,
        "partnership": partnership,
        "sees_all_contacts": sees_members,
        "contacts": [
            (member, contact)
            for member in page.members
            for contact in member.contacts.all()
            if contact.is_public or sees_members
        ],
        "can_change": user.has_perm("partnerships.change_partnership", partnership),
        "can_launch": partnership.status == PartnershipStatus.FORMING
        and user.has_perm("partnerships.launch_partnership", partnership),
        "can_close": partnership.status == PartnershipStatus.ACTIVE
        and user.has_perm("partnerships.close_partnership", partnership),
        "can_view_members": sees_members,
        "can_view_reports": user.has_perm("partnerships.view_reports", partnership),
        "can_join": user.has_perm("partnerships.request_to_join", partnership),
        "can_manage_stages": partnership.status != PartnershipStatus.CLOSED
        and user.has_perm("partnerships.manage_stages", partnership),
        "can_manage_experts": partnership.status != PartnershipStatus.CLOSED
        and user.has_perm("partnerships.manage_experts", partnership),
        "can_view_plan": plan is not None and user.has_perm("partnerships.view_plan", plan),
        "can_add_plan": plan is None
        and partnership.status != PartnershipStatus.CLOSED
        and user.has_perm("partnerships.add_partnership_plan", partnership),
        "close_form": CloseForm(),
        "map_label": _("Map of the member regions of %(name)s") % {"name": partnership.name},
        **_map_context(page),
    }
    return render(request, "web/partnerships/detail.html", context)


def _lead_of(request: HttpRequest, form: PartnershipForm) -> dict | None:
    """The lead fields of a valid creation form, checked against ``partnerships.lead_as``."""
    data = form.cleaned_data
    region, organisation = data.get("lead_region"), data.get("lead_organisation")
    if (region is None) == (organisation is None):
        form.add_error("lead_region", _("Name the lead: one region or one organisation."))
        return None
    party = region or organisation
    if not request.user.has_perm("partnerships.lead_as", party):
        field = "lead_region" if region is not None else "lead_organisation"
        form.add_error(field, _("You do not act for %(party)s.") % {"party": party})
        return None
    return {"lead_region": region, "lead_organisation": organisation}


def partnership_create(request: HttpRequest) -> HttpResponse:
    """Create a partnership: staff for anyone; a region representative for their region."""
    if (denied := check_permission(request, "partnerships.add_partnership", None)) is not None:
        return denied
    lead = "any" if is_platform_staff(request.user) else "region"
    form = PartnershipForm(request.POST if request.method == "POST" else None, lead=lead)
    if request.method == "POST" and form.is_valid() and (leads := _lead_of(request, form)):
        fields = {k: v for k, v in form.cleaned_data.items() if not k.startswith("lead_")}
        try:
            partnership = partnership_domain.create_partnership(
                actor=request.user, **fields, **leads
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The partnership %s was created.") % partnership.name)
            return redirect("web:partnership-detail", partnership.slug)
    return render(request, "web/partnerships/form.html", {"form": form, "partnership": None})


@signs_in_when_needed
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the partnership's description, platform, area and website (leads and staff)."""
    partnership = visible_partnership(request, slug)
    check(request, "partnerships.change_partnership", partnership)
    initial = {
        "name": partnership.name,
        "acronym": partnership.acronym,
        "description": partnership.description,
        "thematic_platform": partnership.thematic_platform_id,
        "thematic_area": partnership.thematic_area_id,
        "website": partnership.website,
    }
    form = PartnershipForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partnership_domain.update_partnership(
                actor=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The partnership was saved."))
            return redirect("web:partnership-detail", partnership.slug)
    context = {"form": form, "partnership": partnership}
    return render(request, "web/partnerships/form.html", context)


@login_required
def partnership_status(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    """POST launch or close (leads and staff)."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in ("launch", "close"):
        raise Http404
    partnership = visible_partnership(request, slug)
    check(request, f"partnerships.{verb}_partnership", partnership)
    if verb == "launch":
        work = lambda: partnership_domain.launch_partnership(  # noqa: E731
            actor=request.user, partnership=partnership
        )
        done = _("The partnership was launched: its page is public now.")
    else:
        form = CloseForm(request.POST)
        form.is_valid()
        reason = form.cleaned_data.get("reason", "")
        work = lambda: partnership_domain.close_partnership(  # noqa: E731
            actor=request.user, partnership=partnership, reason=reason
        )
        done = _("The partnership was closed.")
    return run_and_redirect(request, work, done, "web:partnership-detail", slug=partnership.slug)


@login_required
def partnership_from_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Create the partnership of an accepted application (staff)."""
    application = get_object_or_404(
        Application.objects.select_related("call__thematic_platform", "lead_region"), pk=pk
    )
    if not request.user.has_perm("partnerships.create_from_application", application):
        raise PermissionDenied
    form = FromApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = partnership_domain.create_partnership_from_application(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The partnership %s was created.") % partnership.name)
            return redirect("web:partnership-detail", partnership.slug)
    context = {"form": form, "application": application}
    return render(request, "web/partnerships/from_application.html", context)
