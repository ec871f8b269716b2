"""Permission predicates shared by every app, and the accounts app's own permissions.

Roles come from :class:`~smartregions.accounts.models.Membership` rows. Each predicate reads the
user's :class:`~smartregions.accounts.domain.queries.RoleSummary`, memoised on the user object, so
checking a permission for every row of a list page costs two queries in total. Inactive users hold
no permission at all.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.domain.queries import EMPTY_SUMMARY, RoleSummary, cached_role_summary
from smartregions.accounts.enums import Role


def _is_active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def summary_of(user: Any) -> RoleSummary:
    """The memoised role summary of ``user`` (empty for anonymous or inactive users)."""
    return cached_role_summary(user) if _is_active(user) else EMPTY_SUMMARY


@rules.predicate
def is_active_user(user: Any) -> bool:
    """Signed in with an account that has not been deactivated."""
    return _is_active(user)


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    """Holds the platform_admin role, or is a Django superuser."""
    return Role.PLATFORM_ADMIN in summary_of(user).roles


@rules.predicate
def is_facilitator(user: Any) -> bool:
    """Holds the platform facilitator role."""
    return Role.FACILITATOR in summary_of(user).roles


@rules.predicate
def represents_any_region(user: Any) -> bool:
    """Represents at least one region."""
    return bool(summary_of(user).region_ids)


#: Platform administrators and facilitators may do everything.
is_platform_staff = is_platform_admin | is_facilitator

rules.add_perm("accounts.manage_memberships", is_platform_staff)
