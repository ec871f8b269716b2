"""Writes on brokers: registration, approval, deactivation, profile changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.brokerage.domain.queries import forget_cached_broker
from smartregions.brokerage.enums import BrokerStatus
from smartregions.brokerage.models import Broker
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Region, Term, ThematicArea


def check_nace(terms: Sequence[Term], *, field: str = "nace_codes") -> None:
    """Refuse codes that are not economic-domain (NACE) codes, naming ``field``."""
    wrong = [t.code for t in terms if t.taxonomy.kind != TaxonomyKind.ECONOMIC]
    if wrong:
        raise ValidationError({field: _("Not NACE codes: %s") % ", ".join(wrong)})


def _clean_languages(languages: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(code.strip().lower() for code in languages if code.strip()))
    wrong = [code for code in cleaned if not (len(code) == 2 and code.isalpha())]
    if wrong:
        raise ValidationError(
            {"languages": _("Use two-letter ISO 639-1 codes, not: %s") % ", ".join(wrong)}
        )
    return cleaned


@transaction.atomic
def register_broker(
    *,
    actor: Any,
    user: User,
    region: Region,
    organisation: Organisation | None = None,
    thematic_areas: Sequence[ThematicArea] = (),
    nace_codes: Sequence[Term] = (),
    languages: Iterable[str] = (),
    bio: str = "",
    approve: bool = False,
    is_synthetic: bool = False,
) -> Broker:
    """Register ``user`` as a broker of ``region`` with their specialities.

    Grants the ``broker`` role (if not held yet); the profile waits for platform staff to
    approve it unless ``approve`` (for staff registering a broker, and the demo). A user has
    one broker profile. Records ``broker.register``.
    """
    if Broker.objects.filter(user=user).exists():
        raise ValidationError({"user": _("This user is already registered as a broker.")})
    if region.is_extra_regio:
        raise ValidationError({"region": _("Choose a real region, not an extra-regio code.")})
    check_nace(nace_codes)
    broker = Broker(
        user=user,
        region=region,
        organisation=organisation,
        languages=_clean_languages(languages),
        bio=bio.strip(),
        status=BrokerStatus.ACTIVE if approve else BrokerStatus.PENDING,
        is_synthetic=is_synthetic,
    )
    broker.full_clean()
    broker.save()
    broker.thematic_areas.set(thematic_areas)
    broker.nace_codes.set(nace_codes)
    if not Membership.objects.filter(user=user, role=Role.BROKER).exists():
        grant_membership(actor=actor, user=user, role=Role.BROKER)
    log_activity(actor=actor, action="broker.register", obj=broker, data={"status": broker.status})
    forget_cached_broker(user)
    return broker


@transaction.atomic
def update_broker(
    *,
    actor: Any,
    broker: Broker,
    region: Region | None = None,
    organisation: Organisation | None = None,
    thematic_areas: Sequence[ThematicArea] | None = None,
    nace_codes: Sequence[Term] | None = None,
    languages: Iterable[str] | None = None,
    bio: str | None = None,
) -> Broker:
    """Change a broker's region, agency or specialities; ``None`` keeps a value. Logs changes."""
    changed = []
    if region is not None and region != broker.region:
        broker.region, changed = region, [*changed, "region"]
    if organisation is not None and organisation != broker.organisation:
        broker.organisation, changed = organisation, [*changed, "organisation"]
    if languages is not None:
        broker.languages, changed = _clean_languages(languages), [*changed, "languages"]
    if bio is not None and bio.strip() != broker.bio:
        broker.bio, changed = bio.strip(), [*changed, "bio"]
    broker.full_clean()
    broker.save()
    if thematic_areas is not None:
        broker.thematic_areas.set(thematic_areas)
        changed.append("thematic_areas")
    if nace_codes is not None:
        check_nace(nace_codes)
        broker.nace_codes.set(nace_codes)
        changed.append("nace_codes")
    log_activity(actor=actor, action="broker.update", obj=broker, data={"changed": changed})
    forget_cached_broker(broker.user)
    return broker


def _set_status(*, actor: Any, broker: Broker, status: str, action: str) -> Broker:
    previous = broker.status
    broker.status = status
    broker.save(update_fields=["status", "updated_at"])
    log_activity(actor=actor, action=action, obj=broker, data={"from": previous, "to": status})
    forget_cached_broker(broker.user)
    if actor is not None:
        forget_cached_broker(actor)
    return broker


@transaction.atomic
def approve_broker(*, actor: Any, broker: Broker) -> Broker:
    """Make a pending or deactivated broker active (staff decision). Records ``broker.approve``."""
    if broker.status == BrokerStatus.ACTIVE:
        raise ValidationError({"status": _("The broker is already active.")})
    return _set_status(
        actor=actor, broker=broker, status=BrokerStatus.ACTIVE, action="broker.approve"
    )


@transaction.atomic
def deactivate_broker(*, actor: Any, broker: Broker) -> Broker:
    """Stop a broker from receiving and working cases; their cases stay assigned for staff to
    reassign. Records ``broker.deactivate``."""
    if broker.status == BrokerStatus.INACTIVE:
        raise ValidationError({"status": _("The broker is already deactivated.")})
    return _set_status(
        actor=actor, broker=broker, status=BrokerStatus.INACTIVE, action="broker.deactivate"
    )
