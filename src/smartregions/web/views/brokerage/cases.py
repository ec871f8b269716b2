"""Broker registration and administration, needs assessments, cases, referrals, dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.brokerage.domain import cases as case_domain
from smartregions.brokerage.domain import referrals as referral_domain
from smartregions.brokerage.domain.brokers import approve_broker, deactivate_broker, register_broker
from smartregions.brokerage.domain.matching import suggest_case_partners
from smartregions.brokerage.domain.queries import (
    active_broker_of,
    broker_dashboard,
    brokers_with_details,
    case_history,
    cases_with_details,
    referrals_with_details,
    visible_cases,
)
from smartregions.brokerage.enums import (
    BrokerStatus,
    CaseOutcome,
    CaseStatus,
    PartnerType,
    ReferralStatus,
)
from smartregions.brokerage.forms import (
    AnswerForm,
    AssignForm,
    BrokerForm,
    CloseForm,
    NeedsAssessmentForm,
    NoteForm,
    ReferForm,
)
from smartregions.brokerage.models import Broker
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.domain import web_queries
from smartregions.regions.enums import TaxonomyKind
from smartregions.web.views.brokerage.common import (
    check,
    form_errors,
    require_post,
    run_and_redirect,
)
from smartregions.web.views.helpers import add_domain_errors


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The broker dashboard (brokers and staff); SMEs are sent to their cases."""
    if not request.user.has_perm("brokerage.view_dashboard"):
        return redirect("web:brokerage-cases")
    board = broker_dashboard(request.user)
    platform = board.platform_outcomes or {}
    rows = [
        (CaseOutcome(outcome).label, count, platform.get(outcome, 0))
        for outcome, count in (board.my_outcomes or dict.fromkeys(CaseOutcome.values, 0)).items()
    ]
    context = {"board": board, "broker": active_broker_of(request.user), "outcome_rows": rows}
    return render(request, "web/brokerage/dashboard.html", context)


@login_required
def broker_register(request: HttpRequest) -> HttpResponse:
    """Register as a broker; the profile waits for staff approval."""
    check(request, "brokerage.register_broker", None)
    existing = Broker.objects.filter(user=request.user).first()
    form = BrokerForm(request.POST or None)
    if existing is None and request.method == "POST" and form.is_valid():
        try:
            register_broker(actor=request.user, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. Platform staff will approve your broker profile.")
            )
            return redirect("web:brokerage-dashboard")
    context = {
        "form": form,
        "existing": existing,
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC),
    }
    return render(request, "web/brokerage/broker_form.html", context)


@login_required
def broker_list(request: HttpRequest) -> HttpResponse:
    """All brokers with approve/deactivate buttons (staff)."""
    check(request, "brokerage.manage_brokers", None)
    brokers = brokers_with_details().order_by("status", "region__code", "id")
    return render(request, "web/brokerage/brokers.html", {"brokers": brokers})


@login_required
def broker_set_status(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Approve or deactivate a broker (staff, POST)."""
    if (refused := require_post(request)) is not None:
        return refused
    check(request, "brokerage.manage_brokers", None)
    verbs = {
        "approve": (approve_broker, BrokerStatus.ACTIVE),
        "deactivate": (deactivate_broker, BrokerStatus.INACTIVE),
    }
    if verb not in verbs:
        raise Http404
    change, new_status = verbs[verb]
    broker = get_object_or_404(Broker.objects.select_related("user"), pk=pk)
    return run_and_redirect(
        request,
        lambda: change(actor=request.user, broker=broker),
        _("%(broker)s is now %(status)s.") % {"broker": broker, "status": new_status.label},
        "web:brokerage-brokers",
    )


def _my_smes(user) -> object:
    return Organisation.objects.filter(
        pk__in=summary_of(user).organisation_ids, type=OrganisationType.SME
    ).order_by("name")


@login_required
def case_request(request: HttpRequest) -> HttpResponse:
    """ "Request brokerage": an SME member submits a needs assessment."""
    smes = _my_smes(request.user)
    form = NeedsAssessmentForm(request.POST or None, organisations=smes)
    if request.method == "POST" and form.is_valid():
        check(request, "brokerage.submit_case", form.cleaned_data["organisation"])
        try:
            case = case_domain.submit_case(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your request “%s” was submitted.") % case.title)
            return redirect("web:brokerage-case", pk=case.pk)
    context = {
        "form": form,
        "has_sme": smes.exists(),
        "nace_terms": web_queries.terms_of_kind(TaxonomyKind.ECONOMIC),
    }
    return render(request, "web/brokerage/request.html", context)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases the user may see: their SMEs' (my cases), assigned, referred; all for staff."""
    cases = visible_cases(request.user)
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    context = {"cases": cases, "statuses": CaseStatus.choices, "status": status}
    return render(request, "web/brokerage/cases.html", context)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case: the assessment, its history, workflow buttons, referrals and partner ideas."""
    case = get_object_or_404(cases_with_details(), pk=pk)
    check(request, "brokerage.view_case", case)
    user = request.user
    can_work = user.has_perm("brokerage.work_case", case)
    pending = [r for r in case.referrals.all() if r.status == ReferralStatus.PENDING]
    refer_form = None
    if can_work and case.is_open and not pending and case.broker is not None:
        brokers = (
            Broker.objects.filter(status=BrokerStatus.ACTIVE)
            .exclude(region__country_id=case.broker.region.country_id)
            .select_related("user", "region", "region__country")
            .order_by("region__country__name", "region__code")
        )
        refer_form = ReferForm(brokers=brokers)
    context = {
        "case": case,
        "history": case_history(case),
        "can_work": can_work and case.is_open,
        "can_withdraw": user.has_perm("brokerage.withdraw_case", case) and case.is_open,
        "can_take": user.has_perm("brokerage.take_case", case),
        "can_assign": user.has_perm("brokerage.assign_case", case) and case.is_open,
        "answerable": [r for r in pending if user.has_perm("brokerage.answer_referral", r)],
        "note_form": NoteForm(),
        "close_form": CloseForm(),
        "assign_form": AssignForm(),
        "answer_form": AnswerForm(),
        "refer_form": refer_form,
        "suggestions": suggest_case_partners(case) if can_work or is_platform_staff(user) else [],
        "next_step": _NEXT_STEP.get(case.status),
        "partner_type_labels": [
            PartnerType(p).label for p in case.partner_types if p in PartnerType.values
        ],
    }
    return render(request, "web/brokerage/case.html", context)


# The forward transition offered on a case page, per state: (url verb, button label).
_NEXT_STEP = {
    CaseStatus.NEW: ("assess", "Mark as assessed"),
    CaseStatus.ASSESSED: ("match", "Mark as matched"),
    CaseStatus.MATCHED: ("start-cooperation", "Start cooperation"),
}
_VERBS = {
    "assess": (case_domain.assess_case, "brokerage.work_case"),
    "match": (case_domain.match_case, "brokerage.work_case"),
    "start-cooperation": (case_domain.start_cooperation, "brokerage.work_case"),
    "withdraw": (case_domain.withdraw_case, "brokerage.withdraw_case"),
}


@login_required
def case_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:  # noqa: PLR0911 - one branch per workflow verb
    """POST one workflow verb on a case (assess, match, start-cooperation, withdraw, close,
    take, assign, refer)."""
    if (refused := require_post(request)) is not None:
        return refused
    case = get_object_or_404(cases_with_details(), pk=pk)
    back = {"target": "web:brokerage-case", "pk": case.pk}
    done = _("The case was updated.")
    if verb in _VERBS:
        step, perm = _VERBS[verb]
        check(request, perm, case)
        form = NoteForm(request.POST)
        form.is_valid()
        note = form.cleaned_data.get("note", "")
        return run_and_redirect(
            request, lambda: step(actor=request.user, case=case, note=note), done, **back
        )
    if verb == "close":
        check(request, "brokerage.work_case", case)
        form = CloseForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect(back["target"], pk=case.pk)
        return run_and_redirect(
            request,
            lambda: case_domain.close_case(actor=request.user, case=case, **form.cleaned_data),
            done,
            **back,
        )
    if verb == "take":
        check(request, "brokerage.take_case", case)
        work = lambda: case_domain.take_case(actor=request.user, case=case)  # noqa: E731
        return run_and_redirect(request, work, _("You took the case."), **back)
    if verb == "assign":
        check(request, "brokerage.assign_case", case)
        form = AssignForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect(back["target"], pk=case.pk)
        return run_and_redirect(
            request,
            lambda: case_domain.assign_case(actor=request.user, case=case, **form.cleaned_data),
            _("The case was assigned."),
            **back,
        )
    if verb == "refer":
        check(request, "brokerage.work_case", case)
        form = ReferForm(request.POST, brokers=Broker.objects.filter(status=BrokerStatus.ACTIVE))
        if not form.is_valid():
            form_errors(request, form)
            return redirect(back["target"], pk=case.pk)
        return run_and_redirect(
            request,
            lambda: referral_domain.refer_case(actor=request.user, case=case, **form.cleaned_data),
            _("The case was referred."),
            **back,
        )
    return redirect(back["target"], pk=case.pk)


@login_required
def referral_answer(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """Accept or decline a referral (the receiving broker, POST)."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in ("accept", "decline"):
        raise Http404
    referral = get_object_or_404(referrals_with_details(), pk=pk)
    check(request, "brokerage.answer_referral", referral)
    form = AnswerForm(request.POST)
    form.is_valid()
    answer = form.cleaned_data.get("answer", "")
    step = referral_domain.accept_referral if verb == "accept" else referral_domain.decline_referral
    return run_and_redirect(
        request,
        lambda: step(actor=request.user, referral=referral, answer=answer),
        _("You accepted the case.") if verb == "accept" else _("You declined the referral."),
        "web:brokerage-case" if verb == "accept" else "web:brokerage-dashboard",
        **({"pk": referral.case_id} if verb == "accept" else {}),
    )
