"""The applicants' pages: start an application, "My applications", the application workspace
(draft form, live eligibility checklist, history, decision), submit and withdraw."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from smartregions.accounts.rules import is_platform_staff
from smartregions.calls.domain import applications as application_domain
from smartregions.calls.domain.applications import WITHDRAWABLE_STATUSES, stage_fields
from smartregions.calls.domain.eligibility import check_eligibility, is_eligible
from smartregions.calls.domain.queries.applications import (
    SubmittedRecord,
    applications_with_details,
    my_applications,
    pending_invitations,
    shown_decisions,
    submitted_record,
)
from smartregions.calls.enums import (
    ApplicationStatus,
    CallStatus,
    CoApplicantStatus,
    FieldType,
    Stage,
)
from smartregions.calls.forms.applications import (
    ApplicationForm,
    AttachmentForm,
    ConfirmForm,
    DeclineForm,
    InviteForm,
    StartApplicationForm,
    WithdrawForm,
)
from smartregions.calls.models import Application, Call, CallField
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
    wants_partial,
)

APPLICATIONS_PER_PAGE = 30


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """ "My applications": those the user's regions or organisations lead or joined, and the
    invitations waiting for their answer."""
    context = {
        "page": paginate(request, my_applications(request.user), APPLICATIONS_PER_PAGE),
        "query": query_without_page(request),
        "invitations": list(pending_invitations(request.user)),
    }
    return render(request, "web/calls/applications.html", context)


def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start an application to a published call, led by one's region or organisation; 404 for
    a call the user may not see."""
    call = visible_call_or_404(request, slug, Call.objects.prefetch_related("thematic_areas"))
    if (login := check_permission(request, "calls.start_application", call)) is not None:
        return login
    form = StartApplicationForm(request.POST or None, call=call, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for lead in (data["lead_region"], data["lead_organisation"]):
            if lead is not None:
                check(request, "calls.lead_application", lead)
        try:
            application = application_domain.start_application(
                actor=request.user, call=call, **data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your draft application was created."))
            return redirect("web:application-detail", pk=application.pk)
    return render(request, "web/calls/start.html", {"call": call, "form": form})


def _application(request: HttpRequest, pk: int, perm: str) -> Application:
    application = get_object_or_404(applications_with_details(), pk=pk)
    check(request, perm, application)
    return application


def _shown(field: CallField, value: Any) -> str:
    if field.type == FieldType.CHECKBOX:
        return _("Yes") if value else _("No")
    if field.type == FieldType.MULTIPLE_CHOICE:
        return ", ".join(value)
    return str(value)


def answer_rows(application: Application) -> list[tuple[str, list[tuple[CallField, str]]]]:
    """The answers by stage, as (stage label, [(field, shown value or "")])."""
    rows: dict[int, list[tuple[CallField, str]]] = {}
    for field in application.call.fields.all():
        if field.stage > application.stage:
            continue
        value = application.answers.get(field.key)
        shown = "" if value is None else _shown(field, value)
        rows.setdefault(field.stage, []).append((field, shown))
    return [(Stage(stage).label, items) for stage, items in sorted(rows.items())]


def _editable(application: Application) -> bool:
    return (
        application.status == ApplicationStatus.DRAFT
        and application.call.status == CallStatus.PUBLISHED
    )


def _context(request: HttpRequest, application: Application, form: Any = None) -> dict[str, Any]:
    user = request.user
    call = application.call
    editable = _editable(application)
    can_edit = editable and user.has_perm("calls.edit_application", application)
    co_applicants = list(application.co_applicants.all())
    my_invitations = [
        co
        for co in co_applicants
        if co.status == CoApplicantStatus.INVITED
        and editable
        and user.has_perm("calls.answer_invitation", co)
    ]
    draft = application.status == ApplicationStatus.DRAFT
    checks = check_eligibility(application) if draft else []
    if can_edit and form is None:
        form = ApplicationForm(application=application, fields=stage_fields(application))
    return {
        "application": application,
        "call": call,
        "co_applicants": co_applicants,
        "letters": {co.commitment_letter_id for co in co_applicants if co.commitment_letter_id},
        # Files and co-applicants of an earlier submission stay: no remove button for them.
        "record": submitted_record(application) if can_edit else SubmittedRecord(),
        "attachments": list(application.attachments.all()),
        "history": list(application.status_changes.all()),
        "decisions": shown_decisions(application, staff=is_platform_staff(user)),
        "answer_rows": answer_rows(application),
        "checks": checks,
        "eligible": is_eligible(checks),
        "can_edit": can_edit,
        "can_submit": can_edit and user.has_perm("calls.submit_application", application),
        "can_withdraw": application.status in WITHDRAWABLE_STATUSES
        and user.has_perm("calls.withdraw_application", application),
        "invitations": [
            (
                co,
                ConfirmForm(call=call, prefix=f"confirm-{co.pk}"),
                DeclineForm(prefix=f"decline-{co.pk}"),
            )
            for co in my_invitations
        ],
        "form": form,
        "invite_form": InviteForm(prefix="invite") if can_edit else None,
        "attachment_form": AttachmentForm(call=call, prefix="attachment") if can_edit else None,
        "withdraw_form": WithdrawForm(prefix="withdraw"),
    }


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The application workspace (applicants), or its read-only page (co-applicants, staff)."""
    application = _application(request, pk, "calls.view_application")
    return render(request, "web/calls/application.html", _context(request, application))


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """POST the draft's texts and answers; htmx swaps the form and refreshes the checklist."""
    if (refused := require_post(request)) is not None:
        return refused
    application = _application(request, pk, "calls.edit_application")
    fields = stage_fields(application)
    form = ApplicationForm(request.POST, application=application, fields=fields)
    saved = False
    if form.is_valid():
        try:
            application_domain.update_application(
                actor=request.user, application=application, **form.changes()
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            saved = True
            form = ApplicationForm(application=application, fields=fields)
    if wants_partial(request):
        context = {"application": application, "form": form, "saved": saved}
        response = render(request, "web/calls/_application_form.html", context)
        if saved:
            response["HX-Trigger"] = "eligibility-changed"
        return response
    if saved:
        messages.success(request, _("Your draft was saved."))
        return redirect("web:application-detail", pk=application.pk)
    return render(request, "web/calls/application.html", _context(request, application, form))


@login_required
def application_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    """The live eligibility checklist (an htmx fragment, refreshed after edits and each minute)."""
    application = _application(request, pk, "calls.view_application")
    checks = check_eligibility(application) if application.status == ApplicationStatus.DRAFT else []
    context = {"application": application, "checks": checks, "eligible": is_eligible(checks)}
    return render(request, "web/calls/_eligibility.html", context)


@login_required
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: submit the draft (the server re-checks eligibility and the deadline)."""
    if (refused := require_post(request)) is not None:
        return refused
    application = _application(request, pk, "calls.submit_application")
    run(
        request,
        lambda: application_domain.submit_application(actor=request.user, application=application),
        _("Your application was submitted. A confirmation was sent to you."),
    )
    return redirect("web:application-detail", pk=application.pk)


@login_required
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: withdraw the application with a reason."""
    if (refused := require_post(request)) is not None:
        return refused
    application = _application(request, pk, "calls.withdraw_application")
    form = WithdrawForm(request.POST, prefix="withdraw")
    if form.is_valid():
        run(
            request,
            lambda: application_domain.withdraw_application(
                actor=request.user, application=application, **form.cleaned_data
            ),
            _("The application was withdrawn."),
        )
    else:
        flash_form_errors(request, form)
    return redirect("web:application-detail", pk=application.pk)
