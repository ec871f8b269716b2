"""The call list, the call page with its questions and answers, and the call editor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartregions.accounts.rules import is_platform_staff
from smartregions.calls.domain import calls as call_domain
from smartregions.calls.domain import questions as question_domain
from smartregions.calls.domain.queries.applications import my_applications
from smartregions.calls.domain.queries.calls import call_list as call_list_query
from smartregions.calls.domain.queries.calls import call_with_questions, calls_with_details
from smartregions.calls.domain.times import timezone_names
from smartregions.calls.enums import CallStatus, Stage
from smartregions.calls.forms.calls import (
    AnswerForm,
    CallCreateForm,
    CallFieldForm,
    CallFilterForm,
    CallForm,
    CriterionForm,
    CutoffForm,
    QuestionForm,
)
from smartregions.calls.models import Call, CallQuestion
from smartregions.regions.enums import RegionCategory
from smartregions.web.views.calls.common import (
    check,
    flash_form_errors,
    require_post,
    run,
    visible_call_or_404,
)
from smartregions.web.views.helpers import (
    add_domain_errors,
    check_permission,
    paginate,
    query_without_page,
    render_page_or_partial,
)

CALLS_PER_PAGE = 20


def call_list(request: HttpRequest) -> HttpResponse:
    """Published and closed calls (staff also see drafts), filtered by type, status, platform."""
    staff = is_platform_staff(request.user)
    form = CallFilterForm(request.GET or None, staff=staff)
    calls = call_list_query(request.user, form.filters())
    context = {
        "form": form,
        "page": paginate(request, calls, CALLS_PER_PAGE),
        "query": query_without_page(request),
        "can_add": request.user.has_perm("calls.add_call"),
    }
    return render_page_or_partial(
        request, page="web/calls/list.html", partial="web/calls/_list_results.html", context=context
    )


def _by_stage(items: Any) -> list[tuple[str, list[Any]]]:
    groups: dict[int, list[Any]] = {}
    for item in items:
        groups.setdefault(item.stage, []).append(item)
    return [(Stage(stage).label, rows) for stage, rows in sorted(groups.items())]


def _publish_problems(call: Call) -> list[str]:
    if call.status != CallStatus.DRAFT:
        return []
    try:
        call_domain.check_publishable(call)
    except ValidationError as error:
        return error.messages
    return []


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A call: its texts, timetable in the call's time zone, eligibility rules, the questions
    applicants answer, the criteria, the published Q&A; actions for staff and applicants."""
    staff = is_platform_staff(request.user)
    call = visible_call_or_404(
        request, slug, call_with_questions(calls_with_details(), staff=staff)
    )
    user = request.user
    can_manage = user.has_perm("calls.change_call", call)
    context = {
        "call": call,
        "fields_by_stage": _by_stage(call.fields.all()),
        "criteria_by_stage": _by_stage(call.criteria.all()),
        "categories": [RegionCategory(c).label for c in call.region_categories],
        "can_manage": can_manage,
        "can_apply": user.has_perm("calls.start_application", call)
        and (call.deadline is None or timezone.now() <= call.deadline),
        "can_ask": user.has_perm("calls.ask_question", call),
        "can_answer": user.has_perm("calls.answer_question", call),
        "question_form": QuestionForm(),
        "answer_form": AnswerForm(),
        "applications": list(my_applications(user).filter(call=call)),
        "publish_problems": _publish_problems(call) if can_manage else [],
    }
    return render(request, "web/calls/detail.html", context)


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    """A facilitator creates a draft call; the type's eligibility presets apply."""
    check(request, "calls.add_call", None)
    form = CallCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = call_domain.create_call(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The draft call “%s” was created.") % call.title)
            return redirect("web:call-edit", slug=call.slug)
    return render(request, "web/calls/create.html", {"form": form, "timezones": timezone_names()})


@login_required
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The call editor: settings (texts only once published) and, for a draft, its form
    fields, evaluation criteria and cut-offs."""
    call = visible_call_or_404(request, slug, calls_with_details())
    check(request, "calls.change_call", call)
    if call.status == CallStatus.CLOSED:
        messages.error(request, _("A closed call cannot be changed."))
        return redirect("web:call-detail", slug=call.slug)
    form = CallForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            call_domain.update_call(actor=request.user, call=call, **form.changes())
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("web:call-edit", slug=call.slug)
    draft = call.status == CallStatus.DRAFT
    context = {
        "call": call,
        "form": form,
        "draft": draft,
        "timezones": timezone_names() if draft else [],
        "fields_by_stage": _by_stage(call.fields.all()),
        "criteria_by_stage": _by_stage(call.criteria.all()),
        "field_form": CallFieldForm(call=call, prefix="field"),
        "criterion_form": CriterionForm(call=call, prefix="criterion"),
        "cutoff_form": CutoffForm(call=call, prefix="cutoff"),
        "publish_problems": _publish_problems(call),
    }
    return render(request, "web/calls/edit.html", context)


_TRANSITIONS = {
    "publish": (call_domain.publish_call, gettext_lazy("The call is published.")),
    "close": (call_domain.close_call, gettext_lazy("The call is closed.")),
    "delete": (call_domain.delete_call, gettext_lazy("The draft call was deleted.")),
}


@login_required
def call_transition(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    """POST publish, close or (a draft) delete."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in _TRANSITIONS:
        raise Http404
    call = visible_call_or_404(request, slug)
    check(request, "calls.change_call", call)
    step, done = _TRANSITIONS[verb]
    if run(request, lambda: step(actor=request.user, call=call), str(done)) and verb == "delete":
        return redirect("web:call-list")
    return redirect("web:call-detail", slug=call.slug)


def question_ask(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a question about a published call (signed-in users); 404 for a call the user may
    not see."""
    if (refused := require_post(request)) is not None:
        return refused
    call = visible_call_or_404(request, slug)
    if (login := check_permission(request, "calls.ask_question", call)) is not None:
        return login
    form = QuestionForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: question_domain.ask_question(
                actor=request.user, call=call, **form.cleaned_data
            ),
            _("Thank you. The answer will be published on this page."),
        )
    else:
        flash_form_errors(request, form)
    return redirect("web:call-detail", slug=call.slug)


@login_required
def question_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST the answer to a question (staff), published or kept private."""
    if (refused := require_post(request)) is not None:
        return refused
    question = get_object_or_404(
        CallQuestion.objects.select_related("call"), call__slug=slug, pk=pk
    )
    check(request, "calls.answer_question", question.call)
    form = AnswerForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: question_domain.answer_question(
                actor=request.user, question=question, **form.cleaned_data
            ),
            _("The answer was saved."),
        )
    else:
        flash_form_errors(request, form)
    return redirect("web:call-detail", slug=slug)
