"""Predicates shared by every partnerships permission: who leads and who belongs.

A user acts for a partnership through the regions they represent and the organisations they
are a member of (their :func:`~smartregions.accounts.rules.summary_of`). Members that left
(``left_at`` set) no longer count. The predicates read ``partnership.members.all()``, so list
pages should prefetch ``members`` to check many partnerships without a query each.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import summary_of
from smartregions.partnerships.enums import LEADING_ROLES, MemberRole


def _acting_members(user: Any, partnership: Any) -> list[Any]:
    if partnership is None:
        return []
    summary = summary_of(user)
    if not summary.region_ids and not summary.organisation_ids:
        return []
    return [
        member
        for member in partnership.members.all()
        if member.left_at is None
        and (
            (member.region_id is not None and member.region_id in summary.region_ids)
            or (
                member.organisation_id is not None
                and member.organisation_id in summary.organisation_ids
            )
        )
    ]


def region_lies_in(region: Any, area: Any) -> bool:
    """Whether ``region`` is ``area`` or lies inside it (NUTS codes nest: CZ064 is in CZ06)."""
    return region.nuts_version == area.nuts_version and region.code.startswith(area.code)


@rules.predicate
def is_partnership_leader(user: Any, partnership: Any) -> bool:
    """Represents the lead or a co-lead region, or is in the lead or a co-lead organisation."""
    return any(member.role in LEADING_ROLES for member in _acting_members(user, partnership))


@rules.predicate
def is_partnership_lead(user: Any, partnership: Any) -> bool:
    """Represents the lead region or is in the lead organisation (not a co-lead)."""
    return any(member.role == MemberRole.LEAD for member in _acting_members(user, partnership))


@rules.predicate
def is_partnership_member(user: Any, partnership: Any) -> bool:
    """Represents a member region or is in a member organisation (any role)."""
    return bool(_acting_members(user, partnership))
