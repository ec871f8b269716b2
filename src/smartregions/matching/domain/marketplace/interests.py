"""Expressions of interest: express, accept, decline, withdraw, with e-mail notices.

An organisation tells a profile's owner it wants to cooperate; the owner's members accept or
decline with a response; the sender may withdraw while the expression is pending. Each step
e-mails the other side after the transaction commits. The owner's contact details are shown to
the sender only once the expression is accepted
(:func:`~smartregions.matching.domain.marketplace.queries.owner_contact`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from smartregions.common.domain.activity import log_activity
from smartregions.matching.domain.marketplace.mail import absolute_url, queue_mail
from smartregions.matching.domain.marketplace.queries import (
    is_live,
    organisation_member_emails,
    pending_interest,
)
from smartregions.matching.enums import InterestStatus
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest
from smartregions.organisations.models import Organisation

MAX_MESSAGE = 4000


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_pending(interest: ExpressionOfInterest, verb: str) -> None:
    if interest.status != InterestStatus.PENDING:
        label = InterestStatus(interest.status).label.lower()
        msg = f"Only a pending expression of interest can be {verb}; this one is {label}."
        raise ValidationError({"status": msg})


def _sender_emails(interest: ExpressionOfInterest) -> list[str]:
    sender = interest.sent_by
    if sender is not None and sender.is_active:
        return [sender.email]
    return organisation_member_emails(interest.organisation_id)


@transaction.atomic
def express_interest(
    *,
    actor: Any,
    profile: CooperationProfile,
    organisation: Organisation,
    message: str,
) -> ExpressionOfInterest:
    """``organisation`` tells the owner of ``profile`` it is interested; records
    ``interest.express`` and e-mails the owner organisation's members.

    Refused (``ValidationError`` naming the field) when the profile is not live, belongs to
    ``organisation`` itself, the message is empty or too long, or ``organisation`` already has
    a pending expression in this profile.
    """
    text = message.strip()
    if not text:
        raise ValidationError({"message": "Write a short message to the profile's owner."})
    if len(text) > MAX_MESSAGE:
        raise ValidationError({"message": f"Keep the message under {MAX_MESSAGE} characters."})
    if organisation.pk == profile.organisation_id:
        raise ValidationError(
            {"organisation": "An organisation cannot express interest in its own profile."}
        )
    # Lock the profile row: a concurrent withdrawal must not slip between check and insert.
    locked = CooperationProfile.objects.select_for_update().get(pk=profile.pk)
    if not is_live(locked):
        raise ValidationError({"profile": "The profile is not published or no longer valid."})
    if pending_interest(profile=locked, organisation=organisation) is not None:
        raise ValidationError(
            {
                "organisation": (
                    "This organisation already has an open expression of interest in the "
                    "profile; wait for the answer or withdraw it first."
                )
            }
        )
    interest = ExpressionOfInterest.objects.create(
        profile=locked, organisation=organisation, sent_by=_user_or_none(actor), message=text
    )
    log_activity(actor=actor, action="interest.express", obj=interest)
    queue_mail(
        subject=f"{organisation.name} is interested in “{locked.title}”",
        body=(
            f"{organisation.name} expressed interest in your cooperation profile "
            f"“{locked.title}”.\n\nTheir message:\n{text}\n\n"
            f"Accept or decline it in My marketplace: {absolute_url('web:marketplace-mine')}\n"
        ),
        recipients=organisation_member_emails(locked.organisation_id),
    )
    return interest


def _answer(
    *, actor: Any, interest: ExpressionOfInterest, status: str, response: str, verb: str
) -> ExpressionOfInterest:
    locked = (
        ExpressionOfInterest.objects.select_for_update(of=("self",))
        .select_related("profile", "organisation", "sent_by")
        .get(pk=interest.pk)
    )
    _check_pending(locked, verb)
    locked.status = status
    locked.response = response.strip()
    locked.responded_by = _user_or_none(actor)
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "response", "responded_by", "responded_at"])
    action = "interest.accept" if status == InterestStatus.ACCEPTED else "interest.decline"
    log_activity(actor=actor, action=action, obj=locked)
    profile = locked.profile
    if status == InterestStatus.ACCEPTED:
        subject = f"Your interest in “{profile.title}” was accepted"
        outcome = (
            f"{profile.organisation.name} accepted your expression of interest in "
            f"“{profile.title}”. Their contact details are now shown in My marketplace."
        )
    else:
        subject = f"Your interest in “{profile.title}” was declined"
        outcome = (
            f"{profile.organisation.name} declined your expression of interest in "
            f"“{profile.title}”."
        )
    answer = f"\n\nTheir response:\n{locked.response}" if locked.response else ""
    queue_mail(
        subject=subject,
        body=f"{outcome}{answer}\n\nMy marketplace: {absolute_url('web:marketplace-mine')}\n",
        recipients=_sender_emails(locked),
    )
    interest.refresh_from_db()
    return locked


@transaction.atomic
def accept_interest(
    *, actor: Any, interest: ExpressionOfInterest, response: str = ""
) -> ExpressionOfInterest:
    """Accept a pending expression; records ``interest.accept`` and e-mails the sender.

    From now on the sender sees the owner's contact details; the two organisations count as
    cooperating (the region partner finder counts accepted expressions as ties).
    """
    return _answer(
        actor=actor,
        interest=interest,
        status=InterestStatus.ACCEPTED,
        response=response,
        verb="accepted",
    )


@transaction.atomic
def decline_interest(
    *, actor: Any, interest: ExpressionOfInterest, response: str = ""
) -> ExpressionOfInterest:
    """Decline a pending expression; records ``interest.decline`` and e-mails the sender."""
    return _answer(
        actor=actor,
        interest=interest,
        status=InterestStatus.DECLINED,
        response=response,
        verb="declined",
    )


@transaction.atomic
def withdraw_interest(*, actor: Any, interest: ExpressionOfInterest) -> ExpressionOfInterest:
    """The sender takes back a pending expression; records ``interest.withdraw``. No e-mail:
    the owner simply no longer sees it as waiting."""
    locked = ExpressionOfInterest.objects.select_for_update().get(pk=interest.pk)
    _check_pending(locked, "withdrawn")
    locked.status = InterestStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    log_activity(actor=actor, action="interest.withdraw", obj=locked)
    interest.refresh_from_db()
    return locked
