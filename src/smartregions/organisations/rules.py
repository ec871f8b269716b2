"""Who may register and edit organisations.

Any signed-in (active) user may register an organisation; its members, platform administrators
and facilitators may edit it. Editing without an organisation object is for platform staff only.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user, is_platform_staff, summary_of


@rules.predicate
def is_organisation_member(user: Any, organisation: Any) -> bool:
    """The user is a member of ``organisation``."""
    return organisation is not None and organisation.pk in summary_of(user).organisation_ids


rules.add_perm("organisations.add_organisation", is_active_user)
rules.add_perm("organisations.change_organisation", is_platform_staff | is_organisation_member)
