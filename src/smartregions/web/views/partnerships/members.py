"""Members, contacts and join requests of a partnership."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.partnerships.domain import join_requests as join_domain
from smartregions.partnerships.domain import members as member_domain
from smartregions.partnerships.domain.queries.partnerships import (
    join_requests_for,
    join_requests_with_details,
    member_history,
)
from smartregions.partnerships.enums import JoinRequestStatus, PartnershipStatus
from smartregions.partnerships.forms.partnerships import (
    ApproveForm,
    ContactForm,
    JoinRequestForm,
    MemberForm,
    RejectForm,
    RoleForm,
)
from smartregions.partnerships.models import MemberContact, PartnershipMember
from smartregions.web.views.brokerage.common import (
    check,
    form_errors,
    posted_id,
    require_post,
    run_and_redirect,
)
from smartregions.web.views.helpers import add_domain_errors
from smartregions.web.views.partnerships.common import visible_partnership


@login_required
def partnership_members(request: HttpRequest, slug: str) -> HttpResponse:
    """Members (also those that left), every contact, and for the leads the join requests
    with the forms to manage them. Members of the partnership and staff."""
    partnership = visible_partnership(request, slug)
    check(request, "partnerships.view_members", partnership)
    user = request.user
    is_open = partnership.status != PartnershipStatus.CLOSED
    manages = is_open and user.has_perm("partnerships.manage_members", partnership)
    hands_over = manages and user.has_perm("partnerships.hand_over_lead", partnership)
    members = list(member_history(partnership))
    for member in members:
        member.partnership = partnership  # the contact rules read it; loaded already
        member.can_edit_contacts = (
            is_open
            and member.left_at is None
            and user.has_perm("partnerships.manage_contacts", member)
        )
    requests = list(join_requests_for(partnership)) if manages else []
    context = {
        "partnership": partnership,
        "members": members,
        "manages": manages,
        "hands_over": hands_over,
        "pending": [r for r in requests if r.status == JoinRequestStatus.PENDING],
        "decided": [r for r in requests if r.status != JoinRequestStatus.PENDING],
        "member_form": MemberForm(),
        "role_form": RoleForm(),
        "contact_form": ContactForm(),
        "approve_form": ApproveForm(),
        "reject_form": RejectForm(),
    }
    return render(request, "web/partnerships/members.html", context)


def _member(request: HttpRequest, partnership, perm: str) -> PartnershipMember:
    member = get_object_or_404(
        PartnershipMember.objects.select_related("region", "organisation"),
        partnership=partnership,
        pk=posted_id(request, "member"),
    )
    member.partnership = partnership
    check(request, perm, member if perm == "partnerships.manage_contacts" else partnership)
    return member


@login_required
def member_change(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    """POST add, role, remove (leads and staff; moving the lead only the lead's users and
    staff); add-contact, edit-contact, remove-contact (leads, staff and the member's own
    users)."""
    if (refused := require_post(request)) is not None:
        return refused
    partnership = visible_partnership(request, slug)
    back = {"target": "web:partnership-members", "slug": partnership.slug}
    actor = request.user
    if verb == "add":
        check(request, "partnerships.manage_members", partnership)
        form = MemberForm(request.POST)
        if form.is_valid():
            return run_and_redirect(
                request,
                lambda: member_domain.add_member(
                    actor=actor, partnership=partnership, **form.cleaned_data
                ),
                _("The member was added."),
                **back,
            )
    elif verb == "role":
        member = _member(request, partnership, "partnerships.manage_members")
        form = RoleForm(request.POST)
        if form.is_valid():
            if member_domain.touches_lead(member, form.cleaned_data["role"]):
                check(request, "partnerships.hand_over_lead", partnership)
            return run_and_redirect(
                request,
                lambda: member_domain.change_member_role(
                    actor=actor, member=member, role=form.cleaned_data["role"]
                ),
                _("The role was changed."),
                **back,
            )
    elif verb == "remove":
        member = _member(request, partnership, "partnerships.manage_members")
        if member_domain.touches_lead(member):
            check(request, "partnerships.hand_over_lead", partnership)
        return run_and_redirect(
            request,
            lambda: member_domain.remove_member(actor=actor, member=member),
            _("The member left the partnership."),
            **back,
        )
    elif verb in ("add-contact", "edit-contact", "remove-contact"):
        member = _member(request, partnership, "partnerships.manage_contacts")
        return _contact_change(request, verb, member, back)
    else:
        raise Http404
    form_errors(request, form)
    return redirect(back["target"], slug=partnership.slug)


def _contact_change(
    request: HttpRequest, verb: str, member: PartnershipMember, back: dict
) -> HttpResponse:
    actor = request.user
    if verb == "add-contact":
        form = ContactForm(request.POST)
        if form.is_valid():
            return run_and_redirect(
                request,
                lambda: member_domain.add_member_contact(
                    actor=actor, member=member, **form.cleaned_data
                ),
                _("The contact was added."),
                **back,
            )
        form_errors(request, form)
        return redirect(back["target"], slug=back["slug"])
    contact = get_object_or_404(MemberContact, member=member, pk=posted_id(request, "contact"))
    if verb == "remove-contact":
        return run_and_redirect(
            request,
            lambda: member_domain.remove_member_contact(actor=actor, contact=contact),
            _("The contact was removed."),
            **back,
        )
    form = ContactForm(request.POST)
    if form.is_valid():
        return run_and_redirect(
            request,
            lambda: member_domain.update_member_contact(
                actor=actor, contact=contact, user=contact.user, **form.cleaned_data
            ),
            _("The contact was saved."),
            **back,
        )
    form_errors(request, form)
    return redirect(back["target"], slug=back["slug"])


@login_required
def partnership_join(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to join for a region the user represents or an organisation they are in."""
    partnership = visible_partnership(request, slug)
    check(request, "partnerships.request_to_join", partnership)
    form = JoinRequestForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        party = form.cleaned_data["party"]
        check(request, "partnerships.join_for", next(iter(party.values())))
        try:
            join_domain.request_to_join(
                actor=request.user,
                partnership=partnership,
                requested_role=form.cleaned_data["requested_role"],
                message=form.cleaned_data["message"],
                **party,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the leads."))
            return redirect("web:partnership-detail", partnership.slug)
    context = {"partnership": partnership, "form": form}
    return render(request, "web/partnerships/join.html", context)


@login_required
def join_request_decide(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """POST approve or reject (leads and staff), or withdraw (the requester)."""
    if (refused := require_post(request)) is not None:
        return refused
    join_request = get_object_or_404(join_requests_with_details(), pk=pk)
    actor = request.user
    if verb == "withdraw":
        check(request, "partnerships.withdraw_join_request", join_request)
        work = lambda: join_domain.withdraw_join_request(  # noqa: E731
            actor=actor, join_request=join_request
        )
        return run_and_redirect(
            request, work, _("Your request was withdrawn."), "web:partnership-mine"
        )
    if verb not in ("approve", "reject"):
        raise Http404
    check(request, "partnerships.decide_join_request", join_request)
    back = {"target": "web:partnership-members", "slug": join_request.partnership.slug}
    form = ApproveForm(request.POST) if verb == "approve" else RejectForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back["target"], slug=back["slug"])
    if verb == "approve":
        role = form.cleaned_data.get("role") or None
        work = lambda: join_domain.approve_join_request(  # noqa: E731
            actor=actor, join_request=join_request, role=role
        )
        done = _("The request was approved.")
    else:
        reason = form.cleaned_data["reason"]
        work = lambda: join_domain.reject_join_request(  # noqa: E731
            actor=actor, join_request=join_request, reason=reason
        )
        done = _("The request was rejected.")
    return run_and_redirect(request, work, done, **back)
