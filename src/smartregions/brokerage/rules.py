"""Who may do what in the innovation brokerage.

* Anyone signed in may register as a broker; platform staff (administrators, facilitators)
  approve and deactivate brokers, assign cases and see everything.
* Members of an SME submit needs assessments for it, see its cases and may withdraw them.
* The case's assigned broker works the case (assess, match, start cooperation, close, refer);
  an active broker of the SME's region may take an unassigned case; the broker a referral is
  addressed to answers it, and both brokers of a referral may read the case.
* A group's broker manages the group and its partners; the broker, the members of the group's
  SMEs and staff read the group and co-write its joint strategy.

Case and group data are private: nothing here is open to anonymous visitors.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user, is_platform_staff, summary_of
from smartregions.brokerage.domain.queries import active_broker_of, region_covers
from smartregions.brokerage.enums import OPEN_CASE_STATUSES, ReferralStatus
from smartregions.organisations.enums import OrganisationType


@rules.predicate
def is_active_broker(user: Any) -> bool:
    """Has an approved, active broker profile."""
    return active_broker_of(user) is not None


@rules.predicate
def is_sme_member(user: Any, organisation: Any) -> bool:
    """Is a member of ``organisation``, which is an SME."""
    return (
        organisation is not None
        and organisation.type == OrganisationType.SME
        and organisation.pk in summary_of(user).organisation_ids
    )


@rules.predicate
def is_case_sme_member(user: Any, case: Any) -> bool:
    """Is a member of the SME that submitted ``case``."""
    return case is not None and case.organisation_id in summary_of(user).organisation_ids


@rules.predicate
def is_case_broker(user: Any, case: Any) -> bool:
    """Is the active broker assigned to ``case``."""
    broker = active_broker_of(user)
    return case is not None and broker is not None and case.broker_id == broker.pk


@rules.predicate
def is_referral_broker(user: Any, case: Any) -> bool:
    """Sent or received a referral of ``case`` (accepted, declined or waiting)."""
    broker = active_broker_of(user)
    if case is None or broker is None:
        return False
    return any(broker.pk in (r.from_broker_id, r.to_broker_id) for r in case.referrals.all())


@rules.predicate
def can_take_case(user: Any, case: Any) -> bool:
    """An active broker of the SME's region, and the open case has no broker yet."""
    broker = active_broker_of(user)
    return (
        case is not None
        and broker is not None
        and case.broker_id is None
        and case.status in OPEN_CASE_STATUSES
        and region_covers(broker.region, case.organisation.region)
    )


@rules.predicate
def is_referral_recipient(user: Any, referral: Any) -> bool:
    """Is the broker a pending ``referral`` is addressed to."""
    broker = active_broker_of(user)
    return (
        referral is not None
        and broker is not None
        and referral.status == ReferralStatus.PENDING
        and referral.to_broker_id == broker.pk
    )


@rules.predicate
def is_group_broker(user: Any, group: Any) -> bool:
    """Is the active broker who leads ``group``."""
    broker = active_broker_of(user)
    return group is not None and broker is not None and group.broker_id == broker.pk


@rules.predicate
def is_group_sme_member(user: Any, group: Any) -> bool:
    """Is a member of one of the group's SMEs."""
    if group is None:
        return False
    mine = summary_of(user).organisation_ids
    return any(m.organisation_id in mine for m in group.members.all())


rules.add_perm("brokerage.register_broker", is_active_user)
rules.add_perm("brokerage.manage_brokers", is_platform_staff)
rules.add_perm("brokerage.view_dashboard", is_platform_staff | is_active_broker)
rules.add_perm("brokerage.submit_case", is_sme_member)
rules.add_perm(
    "brokerage.view_case",
    is_platform_staff | is_case_sme_member | is_case_broker | is_referral_broker,
)
rules.add_perm("brokerage.work_case", is_case_broker)
rules.add_perm("brokerage.withdraw_case", is_case_sme_member)
rules.add_perm("brokerage.assign_case", is_platform_staff)
rules.add_perm("brokerage.take_case", can_take_case)
rules.add_perm("brokerage.answer_referral", is_referral_recipient)
rules.add_perm("brokerage.add_group", is_active_broker)
rules.add_perm("brokerage.view_group", is_platform_staff | is_group_broker | is_group_sme_member)
rules.add_perm("brokerage.change_group", is_group_broker)
rules.add_perm("brokerage.edit_strategy", is_platform_staff | is_group_broker | is_group_sme_member)
