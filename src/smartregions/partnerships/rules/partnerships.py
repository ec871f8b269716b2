"""Who may do what with partnerships, their members, join requests, stages and expert team.

* Anyone (also anonymous) sees active and closed partnerships; a forming one is seen by its
  members, its expert team and platform staff only.
* Platform staff create partnerships (also from an accepted application) and do everything
  else; a region representative creates one that their region leads.
* The leads (users acting for the lead or a co-lead member) edit the partnership, launch and
  close it, manage members, decide join requests and run the methodology stages.
* Only staff and the users acting for the current lead member hand the lead over: making a
  member the lead, or changing or removing the lead member, needs ``hand_over_lead`` on top of
  ``manage_members`` (else a co-lead could take the lead and then remove the old lead).
* Every member's users see all contacts; a member's own users and the leads manage its
  contacts.
* A region representative or organisation member who does not act for a member yet asks to
  join for their region or organisation; the requester (or anyone acting for that party)
  withdraws the request.
* Only staff assign the expert team.

Predicates read ``partnership.members.all()`` (prefetch it on list pages).
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import (
    is_active_user,
    is_platform_staff,
    represents_any_region,
    summary_of,
)
from smartregions.partnerships.enums import JoinRequestStatus, PartnershipStatus
from smartregions.partnerships.rules.base import (
    is_partnership_lead,
    is_partnership_leader,
    is_partnership_member,
)


@rules.predicate
def is_public_partnership(user: Any, partnership: Any) -> bool:
    """An active or closed partnership (forming ones are not public yet)."""
    return partnership is not None and partnership.status != PartnershipStatus.FORMING


@rules.predicate
def is_partnership_expert(user: Any, partnership: Any) -> bool:
    """Is an expert on the partnership's expert team (reads ``expert_team`` with ``expert``)."""
    if partnership is None or not is_active_user(user):
        return False
    return any(a.expert.user_id == user.pk for a in partnership.expert_team.all())


@rules.predicate
def acts_for_party(user: Any, party: Any) -> bool:
    """Represents the region ``party`` (or one above it), or is a member of the organisation.

    ``party`` is a :class:`~smartregions.regions.models.Region`, an
    :class:`~smartregions.organisations.models.Organisation`, or a row with ``region`` /
    ``organisation`` (a member, a join request).
    """
    if party is None:
        return False
    summary = summary_of(user)
    model = party._meta.model_name
    if model == "region":
        region_id, organisation_id = party.pk, None
    elif model == "organisation":
        region_id, organisation_id = None, party.pk
    else:
        region_id = getattr(party, "region_id", None)
        organisation_id = getattr(party, "organisation_id", None)
    return (region_id is not None and region_id in summary.region_ids) or (
        organisation_id is not None and organisation_id in summary.organisation_ids
    )


@rules.predicate
def is_member_partnership_leader(user: Any, member: Any) -> bool:
    """Leads the partnership of ``member`` (a member, a contact's member, a join request)."""
    return member is not None and is_partnership_leader(user, member.partnership)


@rules.predicate
def can_ask_to_join(user: Any, partnership: Any) -> bool:
    """The partnership is not closed, the user acts for a region or organisation and not yet
    for a member (members' users change the membership through the leads instead)."""
    if partnership is None or partnership.status == PartnershipStatus.CLOSED:
        return False
    summary = summary_of(user)
    if not (summary.region_ids or summary.organisation_ids):
        return False
    return not is_partnership_member(user, partnership)


@rules.predicate
def is_join_party(user: Any, join_request: Any) -> bool:
    """Sent ``join_request`` or acts for its region or organisation (any status)."""
    if join_request is None:
        return False
    sent = getattr(user, "is_authenticated", False) and join_request.requested_by_id == user.pk
    return bool(sent) or acts_for_party(user, join_request)


@rules.predicate
def is_join_requester(user: Any, join_request: Any) -> bool:
    """Sent the waiting ``join_request`` or acts for its region or organisation."""
    return (
        join_request is not None
        and join_request.status == JoinRequestStatus.PENDING
        and is_join_party(user, join_request)
    )


@rules.predicate
def is_pending_join_request(user: Any, join_request: Any) -> bool:
    """The join request still waits for a decision."""
    return join_request is not None and join_request.status == JoinRequestStatus.PENDING


can_see_partnership = (
    is_public_partnership | is_platform_staff | is_partnership_member | is_partnership_expert
)

rules.add_perm("partnerships.view_partnership", can_see_partnership)
rules.add_perm("partnerships.add_partnership", is_platform_staff | represents_any_region)
rules.add_perm("partnerships.lead_as", is_platform_staff | acts_for_party)
rules.add_perm("partnerships.create_from_application", is_platform_staff)
rules.add_perm("partnerships.change_partnership", is_platform_staff | is_partnership_leader)
rules.add_perm("partnerships.launch_partnership", is_platform_staff | is_partnership_leader)
rules.add_perm("partnerships.close_partnership", is_platform_staff | is_partnership_leader)
rules.add_perm("partnerships.manage_members", is_platform_staff | is_partnership_leader)
rules.add_perm("partnerships.hand_over_lead", is_platform_staff | is_partnership_lead)
rules.add_perm("partnerships.view_members", is_platform_staff | is_partnership_member)
rules.add_perm(
    "partnerships.manage_contacts",
    is_platform_staff | is_member_partnership_leader | acts_for_party,
)
rules.add_perm("partnerships.request_to_join", is_active_user & can_ask_to_join)
rules.add_perm("partnerships.join_for", acts_for_party)
rules.add_perm(
    "partnerships.decide_join_request",
    is_pending_join_request & (is_platform_staff | is_member_partnership_leader),
)
rules.add_perm("partnerships.withdraw_join_request", is_join_requester)
rules.add_perm(
    "partnerships.view_join_request",
    is_platform_staff | is_member_partnership_leader | is_join_party,
)
rules.add_perm("partnerships.manage_stages", is_platform_staff | is_partnership_leader)
rules.add_perm("partnerships.manage_experts", is_platform_staff)
