"""Marketplace pages: search, profile pages with matches, profile editing and workflow,
expressions of interest, "My marketplace" and saved searches. Domain functions do all writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartregions.accounts.rules import is_platform_staff
from smartregions.matching.domain.marketplace import interests as interest_domain
from smartregions.matching.domain.marketplace import profiles as profile_domain
from smartregions.matching.domain.marketplace import queries
from smartregions.matching.domain.marketplace import saved_searches as search_domain
from smartregions.matching.domain.marketplace.matching import match_profile
from smartregions.matching.enums import InterestStatus, ProfileStatus
from smartregions.matching.forms import (
    AnswerForm,
    InterestForm,
    MarketplaceFilterForm,
    ProfileForm,
    RenewForm,
    SavedSearchEditForm,
    SavedSearchForm,
)
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest, SavedSearch
from smartregions.organisations.models import Organisation
from smartregions.regions.domain import web_queries
from smartregions.regions.enums import TaxonomyKind
from smartregions.web.views.helpers import (
    add_domain_errors,
    check_permission,
    paginate,
    query_without_page,
    render_page_or_partial,
)

PROFILES_PER_PAGE = 20
MATCHES_SHOWN = 5


def marketplace_list(request: HttpRequest) -> HttpResponse:
    """Live offers and requests, filtered by text, kind, type, NACE, area, country and TRL."""
    form = MarketplaceFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    criteria = form.criteria()
    context = {
        "form": form,
        "page": paginate(request, queries.search_profiles(criteria), PROFILES_PER_PAGE),
        "query": query_without_page(request),
        "can_add": request.user.has_perm("matching.add_cooperationprofile"),
        "save_form": SavedSearchForm() if request.user.is_authenticated else None,
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC),
    }
    return render_page_or_partial(
        request,
        page="web/marketplace/list.html",
        partial="web/marketplace/_list_results.html",
        context=context,
    )


def _profile_or_404(request: HttpRequest, pk: int) -> CooperationProfile:
    return get_object_or_404(queries.visible_profiles(request.user), pk=pk)


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A profile with its organisation, codes, validity, matching profiles and, for members of
    other organisations, the form to express interest."""
    profile = _profile_or_404(request, pk)
    user = request.user
    live = queries.is_live(profile)
    can_change = user.has_perm("matching.change_cooperationprofile", profile)
    senders = queries.eligible_sender_organisations(user, profile)
    can_express = live and user.has_perm("matching.express_interest", profile)
    context: dict[str, Any] = {
        "profile": profile,
        "status": queries.effective_status(profile),
        "live": live,
        "can_change": can_change,
        "matches": match_profile(profile, limit=MATCHES_SHOWN) if live or can_change else [],
        "interest_form": InterestForm(organisations=senders) if can_express else None,
        "pending": _pending_from(senders, profile),
        "renew_form": RenewForm() if can_change else None,
    }
    return render(request, "web/marketplace/detail.html", context)


def _pending_from(senders: Any, profile: CooperationProfile) -> list[ExpressionOfInterest]:
    ids = list(senders.values_list("pk", flat=True))
    if not ids:
        return []
    return list(queries.sent_interests(ids).filter(profile=profile, status=InterestStatus.PENDING))


def _creatable_organisations(request: HttpRequest) -> Any:
    if is_platform_staff(request.user):
        return Organisation.objects.order_by("name")
    return queries.user_organisations(request.user)


def _form_context(form: ProfileForm, profile: CooperationProfile | None) -> dict[str, Any]:
    return {
        "form": form,
        "profile": profile,
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC),
    }


def profile_create(request: HttpRequest) -> HttpResponse:
    """Create a draft profile for one of the user's organisations."""
    if (denied := check_permission(request, "matching.add_cooperationprofile", None)) is not None:
        return denied
    organisations = _creatable_organisations(request)
    initial = {
        "valid_from": queries.today(),
        "valid_until": queries.today() + dt.timedelta(days=365),
        "organisation": organisations.first(),
    }
    form = ProfileForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if not request.user.has_perm("matching.add_cooperationprofile", organisation):
            raise PermissionDenied
        try:
            profile = profile_domain.create_profile(
                actor=request.user, organisation=organisation, **data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("The draft “%s” was saved. Publish it when it is ready.") % profile
            )
            return redirect("web:marketplace-profile", pk=profile.pk)
    return render(request, "web/marketplace/form.html", _form_context(form, None))


def _editable(request: HttpRequest, pk: int) -> tuple[CooperationProfile | None, Any]:
    profile = _profile_or_404(request, pk)
    denied = check_permission(request, "matching.change_cooperationprofile", profile)
    return profile, denied


def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft or published profile; members of its organisation and staff only."""
    profile, denied = _editable(request, pk)
    if denied is not None:
        return denied
    initial = {
        "kind": profile.kind,
        "cooperation_type": profile.cooperation_type,
        "title": profile.title,
        "summary": profile.summary,
        "description": profile.description,
        "keywords": ", ".join(profile.keywords),
        "nace_codes": list(profile.nace_codes.all()),
        "thematic_areas": list(profile.thematic_areas.all()),
        "trl": profile.trl,
        "target_countries": list(profile.target_countries.all()),
        "valid_from": profile.valid_from,
        "valid_until": profile.valid_until,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_domain.update_profile(actor=request.user, profile=profile, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The profile “%s” was saved.") % profile)
            return redirect("web:marketplace-profile", pk=profile.pk)
    return render(request, "web/marketplace/form.html", _form_context(form, profile))


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def profile_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft (after the publication checks)."""
    profile, denied = _editable(request, pk)
    if denied is not None:
        return denied
    try:
        profile_domain.publish_profile(actor=request.user, profile=profile)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The profile is published in the marketplace."))
    return redirect("web:marketplace-profile", pk=profile.pk)


@require_POST
def profile_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a profile for good (pending expressions of interest are declined)."""
    profile, denied = _editable(request, pk)
    if denied is not None:
        return denied
    try:
        profile_domain.withdraw_profile(actor=request.user, profile=profile)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The profile was withdrawn."))
    return redirect("web:marketplace-profile", pk=profile.pk)


@require_POST
def profile_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Republish an expired profile with a new validity date."""
    profile, denied = _editable(request, pk)
    if denied is not None:
        return denied
    form = RenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new validity date."))
        return redirect("web:marketplace-profile", pk=profile.pk)
    try:
        profile_domain.renew_profile(
            actor=request.user, profile=profile, valid_until=form.cleaned_data["valid_until"]
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The profile is published again."))
    return redirect("web:marketplace-profile", pk=profile.pk)


@require_POST
def interest_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an expression of interest in a live profile for one of the user's organisations."""
    profile = _profile_or_404(request, pk)
    if (denied := check_permission(request, "matching.express_interest", profile)) is not None:
        return denied
    senders = queries.eligible_sender_organisations(request.user, profile)
    form = InterestForm(request.POST, organisations=senders)
    if form.is_valid():
        try:
            interest_domain.express_interest(
                actor=request.user, profile=profile, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your expression of interest was sent to the owner."))
            return redirect("web:marketplace-mine")
    context = {
        "profile": profile,
        "status": queries.effective_status(profile),
        "live": queries.is_live(profile),
        "can_change": False,
        "matches": [],
        "interest_form": form,
        "pending": [],
        "renew_form": None,
    }
    return render(request, "web/marketplace/detail.html", context, status=400)


def _answer(request: HttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    interest = get_object_or_404(queries.interests_with_details(), pk=pk)
    if (denied := check_permission(request, "matching.answer_interest", interest)) is not None:
        return denied
    form = AnswerForm(request.POST)
    response = form.cleaned_data["response"] if form.is_valid() else ""
    answer = interest_domain.accept_interest if accept else interest_domain.decline_interest
    try:
        answer(actor=request.user, interest=interest, response=response)
    except ValidationError as error:
        _report(request, error)
    else:
        text = (
            _("You accepted the expression of interest.")
            if accept
            else _("You declined the expression of interest.")
        )
        messages.success(request, text)
    return redirect("web:marketplace-mine")


@require_POST
def interest_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a received expression of interest (with an optional response)."""
    return _answer(request, pk, accept=True)


@require_POST
def interest_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline a received expression of interest (with an optional response)."""
    return _answer(request, pk, accept=False)


@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a pending expression of interest the user's organisation sent."""
    interest = get_object_or_404(ExpressionOfInterest, pk=pk)
    if (denied := check_permission(request, "matching.withdraw_interest", interest)) is not None:
        return denied
    try:
        interest_domain.withdraw_interest(actor=request.user, interest=interest)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Your expression of interest was withdrawn."))
    return redirect("web:marketplace-mine")


@login_required
def my_marketplace(request: HttpRequest) -> HttpResponse:
    """The user's organisations' profiles by status, received and sent expressions of interest."""
    organisation_ids = list(queries.user_organisations(request.user).values_list("pk", flat=True))
    groups: dict[str, list[CooperationProfile]] = {status: [] for status in ProfileStatus.values}
    for profile in queries.organisation_profiles(organisation_ids):
        groups[queries.effective_status(profile)].append(profile)
    sent = list(queries.sent_interests(organisation_ids))
    context = {
        "profile_groups": [
            (ProfileStatus(status).label, profiles) for status, profiles in groups.items()
        ],
        "has_profiles": any(groups.values()),
        "received": queries.received_interests(organisation_ids),
        "sent": [(interest, queries.owner_contact(interest)) for interest in sent],
        "answer_form": AnswerForm(),
        "can_add": request.user.has_perm("matching.add_cooperationprofile"),
    }
    return render(request, "web/marketplace/mine.html", context)


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    """The user's saved searches with their criteria, frequency and state."""
    searches = SavedSearch.objects.filter(user=request.user).order_by("name", "id")
    rows = [(s, search_domain.criteria_of(s)) for s in searches]
    return render(request, "web/marketplace/saved_searches.html", {"rows": rows})


@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    """Save the marketplace search in the posted filter fields under a name."""
    if (denied := check_permission(request, "matching.add_savedsearch", None)) is not None:
        return denied
    form = SavedSearchForm(request.POST)
    filters = MarketplaceFilterForm(request.POST)
    filters.is_valid()
    if form.is_valid():
        try:
            search_domain.save_search(
                actor=request.user, criteria=filters.criteria(), **form.cleaned_data
            )
        except ValidationError as error:
            _report(request, error)
            return redirect("web:marketplace-list")
        messages.success(request, _("The search was saved; new matches will be e-mailed."))
        return redirect("web:marketplace-saved-searches")
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect("web:marketplace-list")


def _own_search(request: HttpRequest, pk: int) -> tuple[SavedSearch, HttpResponse | None]:
    saved = get_object_or_404(SavedSearch, pk=pk)
    return saved, check_permission(request, "matching.change_savedsearch", saved)


def saved_search_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a saved search, change its frequency or pause it."""
    saved, denied = _own_search(request, pk)
    if denied is not None:
        return denied
    initial = {"name": saved.name, "frequency": saved.frequency, "is_active": saved.is_active}
    form = SavedSearchEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            search_domain.update_saved_search(
                actor=request.user, saved_search=saved, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The saved search was updated."))
            return redirect("web:marketplace-saved-searches")
    return render(request, "web/marketplace/saved_search_form.html", {"form": form, "saved": saved})


@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a saved search."""
    saved, denied = _own_search(request, pk)
    if denied is not None:
        return denied
    search_domain.delete_saved_search(actor=request.user, saved_search=saved)
    messages.success(request, _("The saved search was deleted."))
    return redirect("web:marketplace-saved-searches")
