"""Permissions of the calls app: evaluation (django-rules).

* Platform staff (administrators, facilitators) run the evaluation: they keep the expert pool,
  put experts on a call's panel, assign reviewers, read every review, record the panel's
  consensus and the decisions.
* An active expert sees their own reviews only and the applications assigned to them (blinded
  when the call says so); they declare no conflict or recuse, score and submit while the
  review is assigned. Once they have submitted, they may read the other submitted reviews of
  the same application, never before (their judgement stays their own).
* Applicants see none of this: they hear the decision and its reasons.

Experts taken out of the pool (``is_active`` false) and deactivated users hold no permission.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.enums import Role
from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.calls.domain.queries.evaluation import active_expert_of
from smartregions.calls.enums import ReviewStatus


@rules.predicate
def is_active_expert(user: Any) -> bool:
    """Has an active profile in the expert pool."""
    return active_expert_of(user) is not None


@rules.predicate
def holds_expert_role(user: Any) -> bool:
    """Holds the expert role (granted when staff add the user to the pool); reads only the
    memoised role summary, so the navigation can ask on every page without a query."""
    return Role.EXPERT in summary_of(user).roles


@rules.predicate
def is_review_expert(user: Any, review: Any) -> bool:
    """Is the active expert ``review`` is assigned to."""
    expert = active_expert_of(user)
    return review is not None and expert is not None and review.expert_id == expert.pk


@rules.predicate
def is_open_review(user: Any, review: Any) -> bool:
    """``review`` is assigned and neither submitted nor recused."""
    return review is not None and review.status == ReviewStatus.ASSIGNED


@rules.predicate
def is_submitted_review(user: Any, review: Any) -> bool:
    """``review`` has been submitted."""
    return review is not None and review.status == ReviewStatus.SUBMITTED


rules.add_perm("calls.manage_experts", is_platform_staff)
rules.add_perm("calls.manage_evaluation", is_platform_staff)
rules.add_perm("calls.view_my_reviews", is_active_expert)
rules.add_perm("calls.see_evaluation_menu", is_platform_staff | holds_expert_role)
rules.add_perm("calls.view_review", is_platform_staff | is_review_expert)
rules.add_perm("calls.work_review", is_review_expert & is_open_review)
rules.add_perm(
    "calls.view_peer_reviews", is_platform_staff | (is_review_expert & is_submitted_review)
)
