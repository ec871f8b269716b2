"""SME groups: forming one, members, innovation-partner matching, the joint strategy editor and
its exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.brokerage.domain import groups as group_domain
from smartregions.brokerage.domain import strategy as strategy_domain
from smartregions.brokerage.domain.export import EXPORT_FORMATS, export_strategy
from smartregions.brokerage.domain.matching import suggest_group_partners
from smartregions.brokerage.domain.queries import (
    active_broker_of,
    cases_with_details,
    groups_with_details,
    strategy_with_details,
    visible_groups,
)
from smartregions.brokerage.enums import OPEN_CASE_STATUSES
from smartregions.brokerage.forms import (
    ActionForm,
    AddMemberForm,
    AddPartnerForm,
    FundingForm,
    GroupForm,
    GroupStatusForm,
    ObjectiveForm,
    PartnerStatusForm,
    StrategyForm,
)
from smartregions.brokerage.models import (
    GroupMember,
    GroupPartner,
    SmeGroup,
    StrategyAction,
    StrategyFunding,
    StrategyObjective,
)
from smartregions.organisations.models import Organisation
from smartregions.regions.domain import web_queries
from smartregions.regions.enums import TaxonomyKind
from smartregions.web.views.brokerage.common import (
    check,
    form_errors,
    posted_id,
    require_post,
    run_and_redirect,
)
from smartregions.web.views.helpers import add_domain_errors


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    """The SME groups the user leads, belongs to (through an SME) or, for staff, all."""
    context = {
        "groups": visible_groups(request.user),
        "can_add": request.user.has_perm("brokerage.add_group"),
    }
    return render(request, "web/brokerage/groups.html", context)


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    """A broker forms a group from their open cases around a shared challenge."""
    check(request, "brokerage.add_group", None)
    broker = active_broker_of(request.user)
    cases = cases_with_details().filter(broker=broker, status__in=OPEN_CASE_STATUSES)
    form = GroupForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_domain.form_group(actor=request.user, broker=broker, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The SME group “%s” was formed.") % group.name)
            return redirect("web:brokerage-group", pk=group.pk)
    context = {"form": form, "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC)}
    return render(request, "web/brokerage/group_form.html", context)


def _owners(group: SmeGroup):
    ids = [m.organisation_id for m in group.members.all()] + [
        p.organisation_id for p in group.partners.all()
    ]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The group page: members, partners, partner suggestions (``?suggest=1``), strategy."""
    group = get_object_or_404(groups_with_details(), pk=pk)
    check(request, "brokerage.view_group", group)
    can_change = request.user.has_perm("brokerage.change_group", group)
    can_edit = request.user.has_perm("brokerage.edit_strategy", group)
    strategy = strategy_with_details(group)
    suggestions = (
        suggest_group_partners(group) if can_change and request.GET.get("suggest") else None
    )
    initial = {}
    if strategy is not None:
        initial = {
            "title": strategy.title,
            "summary": strategy.summary,
            "target_value_chains": strategy.target_value_chains,
            "target_nace_codes": list(strategy.target_nace_codes.all()),
        }
    context = {
        "group": group,
        "strategy": strategy,
        "can_change": can_change,
        "can_edit": can_edit and group.status != "closed",
        "suggestions": suggestions,
        "status_form": GroupStatusForm(),
        "member_form": AddMemberForm(),
        "partner_status_form": PartnerStatusForm(),
        "strategy_form": StrategyForm(initial=initial, prefix="strategy"),
        "objective_form": ObjectiveForm(prefix="objective"),
        "action_form": ActionForm(owners=_owners(group), prefix="action"),
        "funding_form": FundingForm(prefix="funding"),
        "export_formats": EXPORT_FORMATS,
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC) if can_edit else [],
    }
    return render(request, "web/brokerage/group.html", context)


def _group_for(request: HttpRequest, pk: int, perm: str) -> SmeGroup:
    group = get_object_or_404(groups_with_details(), pk=pk)
    check(request, perm, group)
    return group


@login_required
def group_change(request: HttpRequest, pk: int, verb: str) -> HttpResponse:  # noqa: PLR0911 - one branch per verb
    """POST a change to the group: status, add/remove member, add partner, partner status."""
    if (refused := require_post(request)) is not None:
        return refused
    group = _group_for(request, pk, "brokerage.change_group")
    back = {"target": "web:brokerage-group", "pk": group.pk}
    actor = request.user
    if verb == "status":
        form = GroupStatusForm(request.POST)
        if form.is_valid():
            return run_and_redirect(
                request,
                lambda: group_domain.change_group_status(
                    actor=actor, group=group, **form.cleaned_data
                ),
                _("The group's status was changed."),
                **back,
            )
    elif verb == "add-member":
        form = AddMemberForm(request.POST)
        if form.is_valid():
            return run_and_redirect(
                request,
                lambda: group_domain.add_group_member(
                    actor=actor, group=group, **form.cleaned_data
                ),
                _("The SME joined the group."),
                **back,
            )
    elif verb == "remove-member":
        member = get_object_or_404(GroupMember, group=group, pk=posted_id(request, "member"))
        return run_and_redirect(
            request,
            lambda: group_domain.remove_group_member(actor=actor, member=member),
            _("The SME left the group."),
            **back,
        )
    elif verb == "add-partner":
        form = AddPartnerForm(request.POST)
        if form.is_valid():
            return run_and_redirect(
                request,
                lambda: group_domain.add_group_partner(
                    actor=actor, group=group, **form.cleaned_data
                ),
                _("%s was added as a partner.") % form.cleaned_data["organisation"],
                **back,
            )
    elif verb == "partner-status":
        partner = get_object_or_404(GroupPartner, group=group, pk=posted_id(request, "partner"))
        form = PartnerStatusForm(request.POST)
        if form.is_valid():
            return run_and_redirect(
                request,
                lambda: group_domain.set_partner_status(
                    actor=actor, partner=partner, **form.cleaned_data
                ),
                _("The partner's status was changed."),
                **back,
            )
    else:
        return redirect(back["target"], pk=group.pk)
    form_errors(request, form)
    return redirect(back["target"], pk=group.pk)


_ITEM_MODELS = {
    "objective": StrategyObjective,
    "action": StrategyAction,
    "funding": StrategyFunding,
}
#: The item kinds that have a position (move up/down); funding lines do not.
_ORDERED_KINDS = ("objective", "action")


@login_required
def strategy_change(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """POST a change to the joint strategy: save, add objective/action/funding, move, delete."""
    if (refused := require_post(request)) is not None:
        return refused
    group = _group_for(request, pk, "brokerage.edit_strategy")
    back = {"target": "web:brokerage-group", "pk": group.pk}
    actor = request.user
    saved = _("The joint strategy was saved.")
    forms_by_verb = {
        "save": (StrategyForm, "strategy", strategy_domain.save_strategy),
        "add-objective": (ObjectiveForm, "objective", strategy_domain.add_objective),
        "add-funding": (FundingForm, "funding", strategy_domain.add_funding),
    }
    if verb in forms_by_verb:
        form_class, prefix, step = forms_by_verb[verb]
        form = form_class(request.POST, prefix=prefix)
    elif verb == "add-action":
        form, step = ActionForm(request.POST, prefix="action", owners=_owners(group)), None
        step = strategy_domain.add_action
    elif verb in ("move-up", "move-down", "delete"):
        kind = request.POST.get("kind", "")
        model = _ITEM_MODELS.get(kind)
        if model is None or (verb != "delete" and kind not in _ORDERED_KINDS):
            raise Http404  # unknown kind, or funding (it has no order to move in)
        item = get_object_or_404(
            model.objects.select_related("strategy__group"),
            Q(strategy__group=group),
            pk=posted_id(request, "item"),
        )
        if verb == "delete":
            remove = getattr(strategy_domain, f"delete_{kind}")
            return run_and_redirect(
                request, lambda: remove(actor=actor, **{kind: item}), saved, **back
            )
        return run_and_redirect(
            request,
            lambda: strategy_domain.move_item(actor=actor, item=item, up=verb == "move-up"),
            saved,
            **back,
        )
    else:
        return redirect(back["target"], pk=group.pk)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back["target"], pk=group.pk)
    return run_and_redirect(
        request, lambda: step(actor=actor, group=group, **form.cleaned_data), saved, **back
    )


@login_required
def strategy_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Download the joint strategy as Markdown or PDF."""
    group = _group_for(request, pk, "brokerage.view_group")
    try:
        export = export_strategy(group, format=fmt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("web:brokerage-group", pk=group.pk)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
