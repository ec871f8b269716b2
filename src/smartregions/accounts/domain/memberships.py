"""Writes on memberships: granting and revoking roles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.accounts.domain.queries import forget_cached_roles
from smartregions.accounts.enums import ORGANISATION_SCOPED_ROLES, REGION_SCOPED_ROLES, Role
from smartregions.accounts.models import Membership, User
from smartregions.common.domain.activity import log_activity


def _check_scope(*, role: str, region: Any, organisation: Any) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    if role in REGION_SCOPED_ROLES:
        if region is None:
            raise ValidationError({"region": _("A region representative needs a region.")})
        if organisation is not None:
            raise ValidationError(
                {"organisation": _("A region representative acts for a region only.")}
            )
    elif role in ORGANISATION_SCOPED_ROLES:
        if organisation is None:
            raise ValidationError(
                {"organisation": _("An organisation member needs an organisation.")}
            )
        if region is not None:
            raise ValidationError(
                {"region": _("An organisation member acts for an organisation only.")}
            )
    elif region is not None or organisation is not None:
        raise ValidationError(
            {"role": _("This role applies to the whole platform; give no region or organisation.")}
        )


@transaction.atomic
def grant_membership(
    *,
    actor: Any,
    user: User,
    role: str,
    region: Any = None,
    organisation: Any = None,
) -> Membership:
    """Give ``user`` the ``role``, scoped to ``region`` or ``organisation`` where the role needs it.

    A region representative must name a region, an organisation member an organisation, and every
    other role neither; a membership the user already holds is refused. Records
    ``membership.grant`` and drops the user's memoised roles so the new permission applies at once.
    Permission to grant is checked by the caller (``accounts.manage_memberships``).
    """
    _check_scope(role=role, region=region, organisation=organisation)
    if Membership.objects.filter(
        user=user, role=role, region=region, organisation=organisation
    ).exists():
        raise ValidationError({"role": _("The user already holds this role.")})
    membership = Membership.objects.create(
        user=user, role=role, region=region, organisation=organisation
    )
    log_activity(
        actor=actor,
        action="membership.grant",
        obj=membership,
        data={
            "user_id": user.pk,
            "role": role,
            "region_id": getattr(region, "pk", None),
            "organisation_id": getattr(organisation, "pk", None),
        },
    )
    forget_cached_roles(user)
    return membership


@transaction.atomic
def revoke_membership(*, actor: Any, membership: Membership) -> None:
    """Delete ``membership``; the activity log keeps who held which role where.

    Drops the memoised roles of the membership's user so the revocation applies at once.
    """
    log_activity(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        data={
            "user_id": membership.user_id,
            "role": membership.role,
            "region_id": membership.region_id,
            "organisation_id": membership.organisation_id,
        },
    )
    forget_cached_roles(membership.user)
    membership.delete()
