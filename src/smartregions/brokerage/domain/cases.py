"""The brokerage case workflow: submit a needs assessment, assign, work and close a case.

Transitions (each a domain function; who may call it is checked by the surfaces with the
rules in :mod:`smartregions.brokerage.rules`)::

    new --assess--> assessed --match--> matched --start_cooperation--> in_cooperation
     \\________________\\___________________\\____________________________\\--close--> closed

``close`` needs an outcome; the SME may ``withdraw`` an open case, which closes it with the
outcome "SME withdrew". Every transition is stored as a :class:`CaseStatusChange` and e-mailed
to the SME.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.brokerage.domain import notifications
from smartregions.brokerage.domain.brokers import check_nace
from smartregions.brokerage.domain.queries import active_broker_of, covering_region_filter
from smartregions.brokerage.enums import (
    OPEN_CASE_STATUSES,
    BrokerStatus,
    CaseOutcome,
    CaseStatus,
    PartnerType,
    ReferralStatus,
    ValueChainPosition,
)
from smartregions.brokerage.models import Broker, Case, CaseStatusChange, Referral
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Country, Term, ThematicArea


def _check_assessment(
    *, organisation: Organisation, value_chain_position: str, partner_types: list[str], trl: Any
) -> None:
    errors: dict[str, str] = {}
    if organisation.type != OrganisationType.SME:
        errors["organisation"] = _("Only SMEs can request brokerage; %(name)s is a %(type)s.") % {
            "name": organisation.name,
            "type": organisation.get_type_display(),
        }
    if value_chain_position not in ValueChainPosition.values:
        errors["value_chain_position"] = _("Unknown value-chain position: %s") % (
            value_chain_position or "(empty)"
        )
    wrong = [p for p in partner_types if p not in PartnerType.values]
    if wrong:
        errors["partner_types"] = _("Unknown partner types: %s") % ", ".join(wrong)
    if trl is not None and not (isinstance(trl, int) and 1 <= trl <= 9):
        errors["trl"] = _("The TRL is a whole number from 1 to 9.")
    if errors:
        raise ValidationError(errors)


def choose_broker(case: Case) -> Broker | None:
    """The default broker of a new case, or ``None`` (staff will assign it).

    Candidates are active brokers whose region is the SME's region or one of its ancestors
    (a NUTS-2 broker covers the NUTS-3 regions below it) and who share a speciality with the
    case: its thematic area or one of its NACE codes. Among them the broker with the fewest
    open cases wins, then the lowest id, so the choice is deterministic and spreads the work.
    """
    codes = [term.pk for term in case.nace_codes.all()]
    speciality = Q(nace_codes__in=codes) if codes else Q(pk__in=[])
    if case.thematic_area_id is not None:
        speciality |= Q(thematic_areas=case.thematic_area_id)
    matching = Broker.objects.filter(
        covering_region_filter(case.organisation.region), speciality, status=BrokerStatus.ACTIVE
    ).values("pk")
    return (
        Broker.objects.filter(pk__in=matching)
        .select_related("user")
        .annotate(open_cases=Count("cases", filter=Q(cases__status__in=OPEN_CASE_STATUSES)))
        .order_by("open_cases", "pk")
        .first()
    )


def _record(*, actor: Any, case: Case, from_status: str, note: str = "") -> CaseStatusChange:
    return CaseStatusChange.objects.create(
        case=case,
        from_status=from_status,
        to_status=case.status,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note.strip(),
    )


@transaction.atomic
def submit_case(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    challenge: str,
    value_chain_position: str,
    thematic_area: ThematicArea | None = None,
    nace_codes: Sequence[Term] = (),
    keywords: Iterable[str] = (),
    target_markets: Sequence[Country] = (),
    partner_types: Iterable[str] = (),
    trl: int | None = None,
    is_synthetic: bool = False,
) -> Case:
    """Open a brokerage case from an SME's needs assessment and assign a default broker.

    The assessment is the challenge, the technology area (thematic area, NACE codes,
    keywords), target markets, position in the value chain, desired partner types and an
    optional TRL. The case starts ``new``; :func:`choose_broker` assigns it to a broker of the
    SME's region with a matching speciality (who is e-mailed), else it waits for staff.
    Records ``case.submit`` (and ``case.assign``).
    """
    partner_types = list(dict.fromkeys(partner_types))
    _check_assessment(
        organisation=organisation,
        value_chain_position=value_chain_position,
        partner_types=partner_types,
        trl=trl,
    )
    check_nace(nace_codes)
    case = Case(
        organisation=organisation,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        title=title.strip(),
        challenge=challenge.strip(),
        thematic_area=thematic_area,
        keywords=[k.strip() for k in keywords if k.strip()],
        value_chain_position=value_chain_position,
        partner_types=partner_types,
        trl=trl,
        is_synthetic=is_synthetic,
    )
    case.full_clean()
    case.save()
    case.nace_codes.set(nace_codes)
    case.target_markets.set(target_markets)
    _record(actor=actor, case=case, from_status="", note=_("Needs assessment submitted."))
    log_activity(actor=actor, action="case.submit", obj=case)
    broker = choose_broker(case)
    if broker is not None:
        _assign(actor=actor, case=case, broker=broker, how="default")
    return case


def _assign(*, actor: Any, case: Case, broker: Broker, how: str) -> Case:
    previous = case.broker_id
    case.broker = broker
    case.save(update_fields=["broker", "updated_at"])
    log_activity(
        actor=actor,
        action="case.assign",
        obj=case,
        data={"broker_id": broker.pk, "previous_broker_id": previous, "how": how},
    )
    notifications.notify_case_assigned(case, broker)
    return case


def lock_case(case: Case) -> Case:
    """Lock the case's row for the current transaction and reload ``case`` from it (in place).

    Why: the caller's copy may be stale (another request changed the case meanwhile); every
    check of a write must see the committed row, and concurrent writers wait for each other.
    """
    case.refresh_from_db(from_queryset=Case.objects.select_for_update())
    return case


def _decline_pending_referrals(*, actor: Any, case: Case, reason: str) -> None:
    """Decline the case's waiting referrals because the case was reassigned or closed."""
    pending = Referral.objects.select_for_update().filter(case=case, status=ReferralStatus.PENDING)
    for referral in pending:
        referral.status = ReferralStatus.DECLINED
        referral.answer = reason
        referral.answered_at = timezone.now()
        referral.save(update_fields=["status", "answer", "answered_at"])
        log_activity(
            actor=actor,
            action="referral.decline",
            obj=referral,
            data={"case_id": case.pk, "automatic": True},
        )


def _check_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("The case is closed.")})


@transaction.atomic
def assign_case(*, actor: Any, case: Case, broker: Broker) -> Case:
    """Assign (or reassign) an open case to an active broker (staff). E-mails the broker.

    Waiting referrals of the case are declined (the referring broker no longer has the case).
    """
    lock_case(case)
    _check_open(case)
    if broker.status != BrokerStatus.ACTIVE:
        raise ValidationError({"broker": _("%s is not an active broker.") % broker})
    if case.broker_id == broker.pk:
        raise ValidationError({"broker": _("The case is already assigned to %s.") % broker})
    _decline_pending_referrals(
        actor=actor, case=case, reason=_("The case was assigned to another broker meanwhile.")
    )
    return _assign(actor=actor, case=case, broker=broker, how="staff")


@transaction.atomic
def take_case(*, actor: Any, case: Case) -> Case:
    """The acting broker takes an unassigned open case of their region."""
    lock_case(case)
    _check_open(case)
    broker = active_broker_of(actor)
    if broker is None:
        raise ValidationError({"broker": _("Only active brokers can take cases.")})
    if case.broker_id is not None:
        raise ValidationError({"broker": _("The case already has a broker.")})
    return _assign(actor=actor, case=case, broker=broker, how="taken")


def _transition(
    *, actor: Any, case: Case, to: str, allowed_from: tuple[str, ...], note: str, action: str
) -> Case:
    """Move ``case`` (already locked by :func:`lock_case`) to ``to`` and record the change."""
    if case.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A %(from)s case cannot become %(to)s.")
                % {"from": case.get_status_display().lower(), "to": CaseStatus(to).label.lower()}
            }
        )
    previous = case.status
    case.status = to
    case.full_clean()
    case.save(update_fields=["status", "outcome", "outcome_notes", "closed_at", "updated_at"])
    if to == CaseStatus.CLOSED:
        _decline_pending_referrals(
            actor=actor, case=case, reason=_("The case was closed meanwhile.")
        )
    change = _record(actor=actor, case=case, from_status=previous, note=note)
    log_activity(actor=actor, action=action, obj=case, data={"from": previous, "to": to})
    notifications.notify_case_status(case, change)
    return case


def _needs_broker(case: Case) -> None:
    if case.broker_id is None:
        raise ValidationError({"broker": _("Assign a broker to the case first.")})


@transaction.atomic
def assess_case(*, actor: Any, case: Case, note: str = "") -> Case:
    """The broker has assessed the SME's needs: new -> assessed. E-mails the SME."""
    lock_case(case)
    _needs_broker(case)
    return _transition(
        actor=actor,
        case=case,
        to=CaseStatus.ASSESSED,
        allowed_from=(CaseStatus.NEW,),
        note=note,
        action="case.assess",
    )


@transaction.atomic
def match_case(*, actor: Any, case: Case, note: str = "") -> Case:
    """Partners were found for the SME: assessed -> matched. E-mails the SME."""
    lock_case(case)
    return _transition(
        actor=actor,
        case=case,
        to=CaseStatus.MATCHED,
        allowed_from=(CaseStatus.ASSESSED,),
        note=note,
        action="case.match",
    )


@transaction.atomic
def start_cooperation(*, actor: Any, case: Case, note: str = "") -> Case:
    """The SME and its partners work together: matched -> in cooperation. E-mails the SME."""
    lock_case(case)
    return _transition(
        actor=actor,
        case=case,
        to=CaseStatus.IN_COOPERATION,
        allowed_from=(CaseStatus.MATCHED,),
        note=note,
        action="case.start_cooperation",
    )


@transaction.atomic
def close_case(*, actor: Any, case: Case, outcome: str, note: str = "") -> Case:
    """Close an open case with its outcome (required) and notes. E-mails the SME."""
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the case.")})
    lock_case(case)
    _check_open(case)
    case.outcome = outcome
    case.outcome_notes = note.strip()
    case.closed_at = timezone.now()
    return _transition(
        actor=actor,
        case=case,
        to=CaseStatus.CLOSED,
        allowed_from=OPEN_CASE_STATUSES,
        note=note,
        action="case.close",
    )


@transaction.atomic
def withdraw_case(*, actor: Any, case: Case, note: str = "") -> Case:
    """The SME withdraws its open case: closed with the outcome "SME withdrew"."""
    lock_case(case)
    _check_open(case)
    case.outcome = CaseOutcome.SME_WITHDREW
    case.outcome_notes = note.strip()
    case.closed_at = timezone.now()
    return _transition(
        actor=actor,
        case=case,
        to=CaseStatus.CLOSED,
        allowed_from=OPEN_CASE_STATUSES,
        note=note,
        action="case.withdraw",
    )
