"""Permissions of the calls app: calls, their setup and their questions and answers.

* Platform staff (administrators, facilitators) create, edit, publish and close calls, set up
  their forms, criteria and cut-offs, and answer questions; they also see draft calls.
* Everyone, signed in or not, reads published and closed calls and their published Q&A.
* Anyone signed in may ask a question about a published call.
* Whoever acts for a region (a representative) or an organisation (a member) may start an
  application to a published call.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user, is_platform_staff, summary_of
from smartregions.calls.enums import CallStatus


@rules.predicate
def is_public_call(user: Any, call: Any) -> bool:
    """The call is published or closed (drafts are private to staff)."""
    return call is not None and call.status in (CallStatus.PUBLISHED, CallStatus.CLOSED)


@rules.predicate
def is_open_call(user: Any, call: Any) -> bool:
    """The call is published (it takes questions and applications)."""
    return call is not None and call.status == CallStatus.PUBLISHED


@rules.predicate
def acts_for_a_party(user: Any) -> bool:
    """Represents a region or is a member of an organisation (someone who can apply)."""
    summary = summary_of(user)
    return bool(summary.region_ids or summary.organisation_ids)


rules.add_perm("calls.add_call", is_platform_staff)
rules.add_perm("calls.view_call", is_public_call | is_platform_staff)
rules.add_perm("calls.change_call", is_platform_staff)
rules.add_perm("calls.ask_question", is_active_user & is_open_call)
rules.add_perm("calls.answer_question", is_platform_staff)
rules.add_perm("calls.start_application", is_open_call & acts_for_a_party)
