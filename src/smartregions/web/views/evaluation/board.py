"""Staff pages of the evaluation: calls in evaluation, a call's board (panel, assignment with
each expert's load, automatic assignment, ranking) and one application's evaluation (reviews
with scores and spread, reviewers by hand, consensus, decision, audit trail)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregions.calls.domain.evaluation import assignment as assignment_domain
from smartregions.calls.domain.evaluation import decisions as decision_domain
from smartregions.calls.domain.evaluation.blinding import application_view
from smartregions.calls.domain.evaluation.conflicts import applicants_of, find_conflicts
from smartregions.calls.domain.evaluation.experts import add_to_panel, remove_from_panel
from smartregions.calls.domain.evaluation.ranking import board_row
from smartregions.calls.domain.queries.evaluation import (
    application_trail,
    applications_for_evaluation,
    calls_in_evaluation,
    candidate_experts,
    declared_review_ids,
    evaluation_board,
    expert_pool,
    panel_of,
    stage_criteria,
    submitted_applications,
)
from smartregions.calls.enums import ApplicationStatus, ConflictRule, Stage
from smartregions.calls.forms.evaluation import (
    AutoAssignForm,
    ConsensusForm,
    DecisionForm,
    ExpertChoiceForm,
    PanelForm,
    ReviewChoiceForm,
)
from smartregions.calls.models import Application, Call, CallField, Expert, Review
from smartregions.partnerships.models import Partnership
from smartregions.web.views.brokerage.common import (
    check,
    form_errors,
    require_post,
    run_and_redirect,
)
from smartregions.web.views.helpers import wants_partial


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Staff: the calls in evaluation with their counts; experts: their reviews."""
    if not request.user.has_perm("calls.manage_evaluation", None):
        check(request, "calls.view_my_reviews", None)
        return redirect("web:evaluation-my-reviews")
    return render(request, "web/evaluation/index.html", {"calls": calls_in_evaluation()})


def _stage(request: HttpRequest, call: Call) -> int:
    stage = request.GET.get("stage", "")
    if call.is_two_stage and stage == str(Stage.FULL_APPLICATION.value):
        return Stage.FULL_APPLICATION
    return Stage.EXPRESSION_OF_INTEREST


def _cutoff(request: HttpRequest, call: Call) -> Any:
    value = request.GET.get("cutoff", "")
    if not value.isdecimal():
        return None
    return call.cutoffs.filter(pk=int(value)).first()


def _panel_candidates(call: Call) -> QuerySet[Expert]:
    return expert_pool().filter(is_active=True).exclude(calls=call)


def _board_context(call: Call, *, stage: int, cutoff: Any, plan: Any = None) -> dict[str, Any]:
    board = evaluation_board(call, stage=stage, cutoff=cutoff)
    return {
        "call": call,
        "board": board,
        "assignment_rows": sorted(
            board.rows, key=lambda r: (r.application.submitted_at is None, r.application.pk)
        ),
        "auto_form": AutoAssignForm(call=call, initial={"cutoff": cutoff}),
        "plan": plan,
        "stages": [Stage.EXPRESSION_OF_INTEREST, Stage.FULL_APPLICATION]
        if call.is_two_stage
        else [],
        "cutoff": cutoff,
        "conflict_labels": [
            ConflictRule(rule).label for rule in call.conflict_rules if rule in ConflictRule.values
        ],
    }


@login_required
def call_board(request: HttpRequest, slug: str) -> HttpResponse:
    """A call's evaluation at one stage (``?stage=2`` in two-stage calls, ``?cutoff=`` for
    one cut-off of a rolling call)."""
    call = get_object_or_404(Call, slug=slug)
    check(request, "calls.manage_evaluation", call)
    context = _board_context(call, stage=_stage(request, call), cutoff=_cutoff(request, call))
    context["panel"] = panel_of(call)
    context["panel_form"] = PanelForm(experts=_panel_candidates(call))
    return render(request, "web/evaluation/call.html", context)


def _report(request: HttpRequest, plan: assignment_domain.AssignmentPlan) -> None:
    messages.success(
        request,
        ngettext("%d reviewer was assigned.", "%d reviewers were assigned.", len(plan.reviews))
        % len(plan.reviews),
    )
    for shortfall in plan.shortfalls:
        messages.error(request, f"{shortfall.application}: {shortfall.reason}")


@login_required
def call_action(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    """POST panel-add, panel-remove or auto-assign on a call (staff)."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in ("panel-add", "panel-remove", "auto-assign"):
        raise Http404
    call = get_object_or_404(Call, slug=slug)
    check(request, "calls.manage_evaluation", call)
    if verb == "auto-assign":
        form = AutoAssignForm(request.POST, call=call)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("web:evaluation-call", slug=call.slug)
        cutoff = form.cleaned_data["cutoff"]
        plan = assignment_domain.auto_assign_reviewers(actor=request.user, call=call, cutoff=cutoff)
        if wants_partial(request):
            context = _board_context(call, stage=_stage(request, call), cutoff=cutoff, plan=plan)
            return render(request, "web/evaluation/_assignment.html", context)
        _report(request, plan)
        return redirect("web:evaluation-call", slug=call.slug)
    if verb == "panel-add":
        form = PanelForm(request.POST, experts=_panel_candidates(call))
        work = lambda: add_to_panel(  # noqa: E731
            actor=request.user, call=call, experts=list(form.cleaned_data["experts"])
        )
    else:
        form = ExpertChoiceForm(request.POST, experts=call.panel.all())
        work = lambda: remove_from_panel(  # noqa: E731
            actor=request.user, call=call, expert=form.cleaned_data["expert"]
        )
    if not form.is_valid():
        form_errors(request, form)
        return redirect("web:evaluation-call", slug=call.slug)
    return run_and_redirect(
        request, work, _("The panel was updated."), "web:evaluation-call", slug=call.slug
    )


def _application(pk: int, requested: str) -> tuple[Application, int]:
    """The application with its evaluation at the ``requested`` stage (default: its own); 404
    for an application never submitted."""
    current = submitted_applications().filter(pk=pk).values_list("stage", flat=True).first()
    if current is None:
        raise Http404
    stage = int(requested) if requested in ("1", "2") else current
    application = (
        applications_for_evaluation(stage=stage).prefetch_related("attachments").get(pk=pk)
    )
    return application, stage


def _reviewer_choices(application: Application, call: Call) -> tuple[list[Expert], list[Any]]:
    """Candidates staff may assign (free of conflicts, not asked yet), and those excluded with
    the reasons."""
    asked = {r.expert_id for r in application.reviews.all()}
    applicants = applicants_of(application)
    eligible, excluded = [], []
    for expert in candidate_experts(call):
        if expert.pk in asked:
            continue
        conflicts = find_conflicts(expert, applicants, call.conflict_rules)
        if conflicts:
            excluded.append((expert, [c.reason for c in conflicts]))
        else:
            eligible.append(expert)
    return eligible, excluded


@login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One application's evaluation at its stage (``?stage=`` for an earlier one; staff)."""
    application, stage = _application(pk, request.GET.get("stage", ""))
    call = application.call
    check(request, "calls.manage_evaluation", call)
    row = board_row(application, stage_criteria(call, stage))
    eligible, excluded = _reviewer_choices(application, call)
    consensus = row.consensus
    open_stage = (
        stage == application.stage
        and application.status == ApplicationStatus.UNDER_REVIEW
        and row.decision is None
    )
    fields = CallField.objects.filter(call=call).order_by("stage", "position", "id")
    accepted = application.status == ApplicationStatus.ACCEPTED
    context = {
        "call": call,
        "row": row,
        "view": application_view(application, fields=list(fields), blind=False),
        "declared": declared_review_ids([r.pk for r in row.reviews]),
        "stage": stage,
        "stages": [Stage.EXPRESSION_OF_INTEREST, Stage.FULL_APPLICATION]
        if call.is_two_stage
        else [],
        "can_assign": stage == application.stage
        and application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
        "assign_form": ExpertChoiceForm(
            experts=Expert.objects.filter(pk__in=[e.pk for e in eligible]).select_related("user")
        ),
        "eligible": eligible,
        "excluded": excluded,
        "consensus_form": ConsensusForm(
            initial={"score": consensus.score, "comment": consensus.comment} if consensus else None
        )
        if open_stage and row.submitted and not row.pending
        else None,
        "open_stage": open_stage,
        "decision_form": DecisionForm(application=application)
        if open_stage and consensus is not None
        else None,
        "trail": application_trail(application),
        # An accepted application becomes a partnership (once): link to it or to creating it.
        "partnership": Partnership.objects.filter(application=application)
        .only("slug", "name")
        .first()
        if accepted
        else None,
        "can_create_partnership": accepted
        and request.user.has_perm("partnerships.create_from_application", application),
    }
    return render(request, "web/evaluation/application.html", context)


@login_required
def application_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """POST assign, remove-reviewer, consensus or decide on an application (staff)."""
    if (refused := require_post(request)) is not None:
        return refused
    forms = {
        "assign": lambda: ExpertChoiceForm(request.POST, experts=Expert.objects.all()),
        "remove-reviewer": lambda: ReviewChoiceForm(request.POST),
        "consensus": lambda: ConsensusForm(request.POST),
        "decide": lambda: DecisionForm(request.POST, application=application),
    }
    if verb not in forms:
        raise Http404
    application = get_object_or_404(submitted_applications().select_related("call"), pk=pk)
    check(request, "calls.manage_evaluation", application.call)
    back = {"target": "web:evaluation-application", "pk": application.pk}
    form = forms[verb]()
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back["target"], pk=application.pk)
    data = form.cleaned_data
    steps = {
        "assign": (
            lambda: assignment_domain.assign_reviewer(
                actor=request.user, application=application, expert=data["expert"]
            ),
            _("The reviewer was assigned."),
        ),
        "remove-reviewer": (
            lambda: assignment_domain.remove_reviewer(
                actor=request.user,
                review=get_object_or_404(Review, pk=data["review"], application=application),
            ),
            _("The review was taken back."),
        ),
        "consensus": (
            lambda: decision_domain.record_consensus(
                actor=request.user, application=application, **data
            ),
            _("The consensus was recorded."),
        ),
        "decide": (
            lambda: decision_domain.record_decision(
                actor=request.user, application=application, **data
            ),
            _("The decision was recorded and the applicants were notified."),
        ),
    }
    work, done = steps[verb]
    return run_and_redirect(request, work, done, **back)
