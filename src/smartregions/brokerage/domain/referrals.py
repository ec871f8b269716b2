"""Referrals of a case to a broker in another country.

Decision: accepting a referral *hands the case over*: the receiving broker becomes the case's
(only) broker and works it from then on. A case has one responsible broker at a time, which
keeps the workflow rules simple (only the assigned broker moves a case on). The referring
broker keeps read access through the referral, so both sides can follow up; the referral
history (who referred to whom, the message, the answer and when) is kept on the case.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.brokerage.domain import notifications
from smartregions.brokerage.domain.cases import lock_case
from smartregions.brokerage.enums import BrokerStatus, CaseStatus, ReferralStatus
from smartregions.brokerage.models import Broker, Case, Referral
from smartregions.common.domain.activity import log_activity


@transaction.atomic
def refer_case(*, actor: Any, case: Case, to_broker: Broker, message: str) -> Referral:
    """The case's broker offers the case to an active broker in another country.

    Refused for closed or unassigned cases, a broker in the same country, an inactive
    broker, an empty message and a case with a referral still waiting. E-mails the receiver.
    Records ``referral.create``.
    """
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"case": _("A closed case cannot be referred.")})
    if case.broker is None:
        raise ValidationError({"case": _("Only an assigned case can be referred.")})
    if not message.strip():
        raise ValidationError({"message": _("Tell the other broker why you refer the case.")})
    if to_broker.status != BrokerStatus.ACTIVE:
        raise ValidationError({"to_broker": _("%s is not an active broker.") % to_broker})
    if to_broker.region.country_id == case.broker.region.country_id:
        raise ValidationError(
            {
                "to_broker": _("Refer cases to a broker in another country; %s works in yours.")
                % to_broker
            }
        )
    if case.referrals.filter(status=ReferralStatus.PENDING).exists():
        raise ValidationError(
            {"case": _("This case already has a referral waiting for an answer.")}
        )
    referral = Referral(
        case=case, from_broker=case.broker, to_broker=to_broker, message=message.strip()
    )
    referral.full_clean()
    referral.save()
    log_activity(
        actor=actor,
        action="referral.create",
        obj=referral,
        data={"case_id": case.pk, "to_broker_id": to_broker.pk},
    )
    notifications.notify_referral(referral)
    return referral


def _lock_referral(referral: Referral) -> Referral:
    """Lock the referral's row and reload ``referral`` from it (in place), so a stale copy
    cannot answer a referral twice."""
    referral.refresh_from_db(from_queryset=Referral.objects.select_for_update())
    return referral


def _answer(*, actor: Any, referral: Referral, status: str, answer: str) -> Referral:
    if referral.status != ReferralStatus.PENDING:
        raise ValidationError({"status": _("The referral was already answered.")})
    referral.status = status
    referral.answer = answer.strip()
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "answer", "answered_at"])
    log_activity(
        actor=actor,
        action=f"referral.{'accept' if status == ReferralStatus.ACCEPTED else 'decline'}",
        obj=referral,
        data={"case_id": referral.case_id},
    )
    notifications.notify_referral_answer(referral)
    return referral


@transaction.atomic
def accept_referral(*, actor: Any, referral: Referral, answer: str = "") -> Referral:
    """The receiving broker accepts and becomes the case's broker (handover, see module doc).

    Refused when the case was closed or given to another broker meanwhile. E-mails the
    referring broker.
    """
    _lock_referral(referral)
    case = lock_case(referral.case)
    if referral.status == ReferralStatus.PENDING:
        if case.status == CaseStatus.CLOSED:
            raise ValidationError({"case": _("The case was closed meanwhile.")})
        if case.broker_id != referral.from_broker_id:
            raise ValidationError({"case": _("The case was assigned to another broker meanwhile.")})
    _answer(actor=actor, referral=referral, status=ReferralStatus.ACCEPTED, answer=answer)
    previous = case.broker_id
    case.broker = referral.to_broker
    case.save(update_fields=["broker", "updated_at"])
    log_activity(
        actor=actor,
        action="case.assign",
        obj=case,
        data={
            "broker_id": referral.to_broker_id,
            "previous_broker_id": previous,
            "how": "referral",
        },
    )
    return referral


@transaction.atomic
def decline_referral(*, actor: Any, referral: Referral, answer: str = "") -> Referral:
    """The receiving broker declines; the case stays with the referring broker."""
    _lock_referral(referral)
    return _answer(actor=actor, referral=referral, status=ReferralStatus.DECLINED, answer=answer)
