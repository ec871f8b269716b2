"""The consortium of an application: invite co-applicants, who confirm or decline; removal.

Transitions of a co-applicant (only while the application is a draft of an open call)::

    (invite) --> invited --confirm--> confirmed
                    \\----decline--> declined --(invite again)--> invited

The lead may remove a co-applicant in any state, except one that confirmed an earlier
submission (in a two-stage call, a partner of the submitted expression of interest): the
submission's record keeps it and its letter. Confirming needs the signed commitment letter
when the call asks for letters; the letter is stored as the application's attachment. Every
step notifies the other side.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.calls.domain import notifications_applications as notifications
from smartregions.calls.domain.attachments import (
    delete_file_later,
    file_removed_on_failure,
    store_attachment,
)
from smartregions.calls.domain.guards import check_editable, lock_application
from smartregions.calls.domain.queries.applications import submitted_record
from smartregions.calls.enums import AttachmentKind, CoApplicantStatus
from smartregions.calls.models import Application, CoApplicant
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Region

#: Longest invitation or decline message.
MAX_MESSAGE = 2000


def _clean_message(message: str) -> str:
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError({"message": _("Keep the message under %d characters.") % MAX_MESSAGE})
    return message


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def invite_co_applicant(
    *,
    actor: Any,
    application: Application,
    region: Region | None = None,
    organisation: Organisation | None = None,
    message: str = "",
) -> CoApplicant:
    """Invite a region or an organisation into a draft application; notify the people acting
    for it. A co-applicant that declined may be invited again. Records
    ``application.invite``."""
    lock_application(application)
    check_editable(application)
    message = _clean_message(message)
    if (region is None) == (organisation is None):
        raise ValidationError({"region": _("Invite either a region or an organisation.")})
    if region is not None and region.pk == application.lead_region_id:
        raise ValidationError({"region": _("%s already leads the application.") % region})
    if organisation is not None and organisation.pk == application.lead_organisation_id:
        raise ValidationError(
            {"organisation": _("%s already leads the application.") % organisation}
        )
    party = {"region": region} if region is not None else {"organisation": organisation}
    co_applicant = (
        CoApplicant.objects.select_for_update().filter(application=application, **party).first()
    )
    if co_applicant is not None and co_applicant.status != CoApplicantStatus.DECLINED:
        field = next(iter(party))
        raise ValidationError(
            {field: _("%s is already in the application.") % (region or organisation)}
        )
    if co_applicant is None:
        co_applicant = CoApplicant(application=application, **party)
    co_applicant.status = CoApplicantStatus.INVITED
    co_applicant.message = message
    co_applicant.invited_by = _user(actor)
    co_applicant.invited_at = timezone.now()
    co_applicant.responded_by = None
    co_applicant.responded_at = None
    co_applicant.full_clean(exclude=["invited_at"])
    co_applicant.save()
    co_applicant.application = application
    log_activity(
        actor=actor,
        action="application.invite",
        obj=application,
        data={"co_applicant": co_applicant.pk, "party": str(co_applicant)},
    )
    notifications.notify_invited(co_applicant, actor=actor)
    return co_applicant


def _lock(co_applicant: CoApplicant) -> tuple[Application, CoApplicant]:
    """Lock the application, then the co-applicant row (always in this order: no deadlock)."""
    application = lock_application(co_applicant.application)
    check_editable(application)
    locked = CoApplicant.objects.select_for_update(of=("self",)).select_related(
        "region", "organisation"
    )
    co_applicant.refresh_from_db(from_queryset=locked)
    co_applicant.application = application
    return application, co_applicant


def _check_invited(co_applicant: CoApplicant) -> None:
    if co_applicant.status != CoApplicantStatus.INVITED:
        raise ValidationError(
            {
                "status": _("The invitation was already answered (%s).")
                % co_applicant.get_status_display().lower()
            }
        )


@transaction.atomic
def confirm_co_applicant(
    *, actor: Any, co_applicant: CoApplicant, commitment_letter: UploadedFile | None = None
) -> CoApplicant:
    """Accept an invitation: invited -> confirmed, with the signed commitment letter.

    The letter is required when the call asks for commitment letters (and kept if given
    otherwise); it is checked like any attachment and stored with the application. The
    applicants are notified. Records ``application.co_applicant_confirm``.
    """
    application, co_applicant = _lock(co_applicant)
    _check_invited(co_applicant)
    if commitment_letter is None and application.call.requires_commitment_letters:
        raise ValidationError(
            {"commitment_letter": _("Upload the signed commitment letter to confirm.")}
        )
    letter = None
    if commitment_letter is not None:
        try:
            letter = store_attachment(
                actor=actor,
                application=application,
                kind=AttachmentKind.COMMITMENT_LETTER,
                file=commitment_letter,
            )
        except ValidationError as error:
            raise ValidationError(
                {"commitment_letter": error.message_dict.get("file", error.messages)}
            ) from None
    with file_removed_on_failure(letter):
        if letter is not None:
            co_applicant.commitment_letter = letter
        co_applicant.status = CoApplicantStatus.CONFIRMED
        co_applicant.responded_by = _user(actor)
        co_applicant.responded_at = timezone.now()
        co_applicant.save()
        log_activity(
            actor=actor,
            action="application.co_applicant_confirm",
            obj=application,
            data={"co_applicant": co_applicant.pk, "letter": co_applicant.commitment_letter_id},
        )
        notifications.notify_invitation_answered(co_applicant, actor=actor)
    return co_applicant


@transaction.atomic
def decline_co_applicant(
    *, actor: Any, co_applicant: CoApplicant, message: str = ""
) -> CoApplicant:
    """Refuse an invitation: invited -> declined, with an optional message to the applicants
    (who are notified). Records ``application.co_applicant_decline``."""
    message = _clean_message(message)
    application, co_applicant = _lock(co_applicant)
    _check_invited(co_applicant)
    co_applicant.status = CoApplicantStatus.DECLINED
    if message:
        co_applicant.message = message
    co_applicant.responded_by = _user(actor)
    co_applicant.responded_at = timezone.now()
    co_applicant.save()
    log_activity(
        actor=actor,
        action="application.co_applicant_decline",
        obj=application,
        data={"co_applicant": co_applicant.pk},
    )
    notifications.notify_invitation_answered(co_applicant, actor=actor)
    return co_applicant


@transaction.atomic
def remove_co_applicant(*, actor: Any, co_applicant: CoApplicant) -> None:
    """The lead removes a co-applicant (invited, confirmed or declined) from a draft; its
    commitment letter is deleted with it and its people are notified. Records
    ``application.co_applicant_remove``.

    Refused for a co-applicant that confirmed an earlier submission: its confirmation and
    letter are evidence of what was submitted (see
    :func:`~smartregions.calls.domain.queries.applications.submitted_record`).
    """
    application, co_applicant = _lock(co_applicant)
    if co_applicant.pk in submitted_record(application).co_applicant_ids:
        raise ValidationError(
            {
                "co_applicant": _(
                    "%s confirmed an earlier submission of this application; it stays in the "
                    "consortium of record and cannot be removed."
                )
                % co_applicant
            }
        )
    letter = co_applicant.commitment_letter
    notifications.notify_co_applicant_removed(co_applicant, actor=actor)
    data = {"co_applicant": co_applicant.pk, "party": str(co_applicant)}
    co_applicant.delete()
    if letter is not None:
        delete_file_later(letter)
        letter.delete()
    log_activity(actor=actor, action="application.co_applicant_remove", obj=application, data=data)
