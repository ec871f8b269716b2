"""The application's consortium and files: invite, answer an invitation, remove a
co-applicant; upload, download (permission-checked) and delete attachments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from smartregions.calls.domain import attachments as attachment_domain
from smartregions.calls.domain import co_applicants as co_domain
from smartregions.calls.forms.applications import (
    AttachmentForm,
    ConfirmForm,
    DeclineForm,
    InviteForm,
)
from smartregions.calls.models import Application, Attachment, CoApplicant
from smartregions.web.views.calls.common import check, flash_form_errors, require_post, run


def _application(request: HttpRequest, pk: int, perm: str) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("call").prefetch_related("co_applicants"), pk=pk
    )
    check(request, perm, application)
    return application


def _back(application: Application) -> HttpResponse:
    return redirect("web:application-detail", pk=application.pk)


@login_required
def co_applicant_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: the applicants invite a region or an organisation."""
    if (refused := require_post(request)) is not None:
        return refused
    application = _application(request, pk, "calls.edit_application")
    form = InviteForm(request.POST, prefix="invite")
    if form.is_valid():
        run(
            request,
            lambda: co_domain.invite_co_applicant(
                actor=request.user, application=application, **form.cleaned_data
            ),
            _("The invitation was sent."),
        )
    else:
        flash_form_errors(request, form)
    return _back(application)


@login_required
def co_applicant_action(request: HttpRequest, pk: int, co_pk: int, verb: str) -> HttpResponse:
    """POST confirm or decline (the invited side) or remove (the applicants)."""
    if (refused := require_post(request)) is not None:
        return refused
    co_applicant = get_object_or_404(
        CoApplicant.objects.select_related("application__call", "region", "organisation"),
        application_id=pk,
        pk=co_pk,
    )
    application = co_applicant.application
    actor = request.user
    if verb == "remove":
        _application(request, pk, "calls.edit_application")
        run(
            request,
            lambda: co_domain.remove_co_applicant(actor=actor, co_applicant=co_applicant),
            _("%s was removed from the application.") % co_applicant,
        )
        return _back(application)
    if verb not in ("confirm", "decline"):
        raise Http404
    check(request, "calls.answer_invitation", co_applicant)
    if verb == "confirm":
        form = ConfirmForm(
            request.POST, request.FILES, call=application.call, prefix=f"confirm-{co_pk}"
        )
        if form.is_valid():
            run(
                request,
                lambda: co_domain.confirm_co_applicant(
                    actor=actor, co_applicant=co_applicant, **form.cleaned_data
                ),
                _("You confirmed your participation."),
            )
        else:
            flash_form_errors(request, form)
    else:
        form = DeclineForm(request.POST, prefix=f"decline-{co_pk}")
        if form.is_valid():
            run(
                request,
                lambda: co_domain.decline_co_applicant(
                    actor=actor, co_applicant=co_applicant, **form.cleaned_data
                ),
                _("You declined the invitation."),
            )
        else:
            flash_form_errors(request, form)
    return _back(application)


@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """POST (multipart): the applicants add a file to the draft."""
    if (refused := require_post(request)) is not None:
        return refused
    application = _application(request, pk, "calls.edit_application")
    form = AttachmentForm(request.POST, request.FILES, call=application.call, prefix="attachment")
    if form.is_valid():
        run(
            request,
            lambda: attachment_domain.upload_attachment(
                actor=request.user, application=application, **form.cleaned_data
            ),
            _("The file was attached."),
        )
    else:
        flash_form_errors(request, form)
    return _back(application)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Send an attachment as a download to whoever may read the application."""
    application = _application(request, pk, "calls.view_application")
    attachment = get_object_or_404(Attachment, application=application, pk=attachment_pk)
    return attachment_domain.download_response(attachment)


@login_required
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """POST: the applicants remove a file from the draft."""
    if (refused := require_post(request)) is not None:
        return refused
    application = _application(request, pk, "calls.edit_application")
    attachment = get_object_or_404(Attachment, application=application, pk=attachment_pk)
    run(
        request,
        lambda: attachment_domain.delete_attachment(actor=request.user, attachment=attachment),
        _("The file was removed."),
    )
    return _back(application)
