"""Guards every application write starts with: lock the row, then check it may still change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smartregions.calls.enums import ApplicationStatus, CallStatus
from smartregions.calls.models import Application, Call


def lock_application(application: Application) -> Application:
    """Lock the application's row for this transaction and reload it in place (with its call).

    Why: the caller's copy may be stale (a co-applicant confirmed, the lead submitted in another
    tab); every check must see the committed row, and concurrent writers queue behind the lock.
    """
    application.refresh_from_db(from_queryset=Application.objects.select_for_update())
    application.call = Call.objects.get(pk=application.call_id)
    return application


def lock_call_and_application(application: Application) -> Application:
    """Lock the call's row, then the application's, and reload both in place.

    For the steps that depend on the call's status at the moment they commit (submission):
    closing a call locks its row too (:func:`~smartregions.calls.domain.calls.close_call`), so
    a submission and the closing of its call run one after the other, never interleaved.
    Always the call first, then the application (also the automatic assignment's order), so
    two such steps cannot deadlock.
    """
    call = Call.objects.select_for_update().get(pk=application.call_id)
    application.refresh_from_db(from_queryset=Application.objects.select_for_update())
    application.call = call
    return application


def check_editable(application: Application) -> None:
    """Refuse changes unless the application is a draft of a published (open) call.

    After submission nothing is editable; a two-stage application advanced to the full
    application is a draft again and may change.
    """
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            {
                "status": _("The application is %s; it can no longer be changed.")
                % application.get_status_display().lower()
            }
        )
    if application.call.status != CallStatus.PUBLISHED:
        raise ValidationError({"status": _("The call is closed; the application cannot change.")})
