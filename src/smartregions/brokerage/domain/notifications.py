"""E-mails of the brokerage, sent once the write that caused them has been committed.

Recipients are read inside the transaction; the mail goes out in ``transaction.on_commit``,
so a rolled-back write never announces something that did not happen.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership
from smartregions.brokerage.models import Broker, Case, CaseStatusChange, Referral


def _send_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    recipients = sorted({address for address in recipients if address})
    if recipients:
        transaction.on_commit(
            partial(
                send_mail,
                subject=f"[smartregions] {subject}",
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
                fail_silently=False,
            )
        )


def sme_addresses(case: Case) -> list[str]:
    """E-mail addresses of the active members of the case's SME and of its submitter."""
    addresses = list(
        Membership.objects.filter(
            organisation_id=case.organisation_id,
            role=Role.ORGANISATION_MEMBER,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )
    if case.submitted_by is not None and case.submitted_by.is_active:
        addresses.append(case.submitted_by.email)
    return addresses


def notify_case_assigned(case: Case, broker: Broker) -> None:
    """Tell ``broker`` they have a new case."""
    _send_on_commit(
        f"New brokerage case: {case.title}",
        f"The case “{case.title}” of {case.organisation} was assigned to you.\n\n"
        f"Challenge:\n{case.challenge}\n",
        [broker.user.email],
    )


def notify_case_status(case: Case, change: CaseStatusChange) -> None:
    """Tell the SME that its case changed state (with the broker's note)."""
    body = (
        f"Your brokerage case “{case.title}” is now: {case.get_status_display()}.\n"
        + (f"Outcome: {case.get_outcome_display()}\n" if case.outcome else "")
        + (f"\nNote: {change.note}\n" if change.note else "")
    )
    _send_on_commit(
        f"Your case is {case.get_status_display().lower()}: {case.title}", body, sme_addresses(case)
    )


def notify_referral(referral: Referral) -> None:
    """Tell the receiving broker that a case was referred to them."""
    _send_on_commit(
        f"Case referred to you: {referral.case.title}",
        f"{referral.from_broker} ({referral.from_broker.region.name_latin}) refers the case "
        f"“{referral.case.title}” of {referral.case.organisation} to you.\n\n"
        f"Message:\n{referral.message}\n",
        [referral.to_broker.user.email],
    )


def notify_referral_answer(referral: Referral) -> None:
    """Tell the referring broker whether the referral was accepted or declined."""
    _send_on_commit(
        f"Referral {referral.get_status_display().lower()}: {referral.case.title}",
        f"{referral.to_broker} answered your referral of “{referral.case.title}”: "
        f"{referral.get_status_display()}.\n"
        + (f"\nAnswer: {referral.answer}\n" if referral.answer else ""),
        [referral.from_broker.user.email],
    )
