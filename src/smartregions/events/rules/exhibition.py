"""Who may do what with the exhibition (stands, bookings, showcases) and the pitches.

* Everyone who may see the event reads its exhibition: the stand catalogue with each stand's
  approved exhibitor, and the approved exhibitors' showcase pages.
* The event's organisers (and platform staff) manage the stands, approve or decline booking
  requests, accept or decline pitch applications and order the accepted pitches.
* A region representative or an organisation member requests a stand for their region or
  organisation while the event is published; whoever acts for the booking's region or
  organisation sees the request and withdraws it.
* A user acting for the lead or a co-lead of an active partnership applies for a pitch slot
  for it while the event is published; the partnership's leaders see and withdraw it.

Event-level permissions are checked against the event; the others against the booking, the
pitch application, or the region / organisation / partnership acted for.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from smartregions.accounts.rules import is_active_user, summary_of
from smartregions.events.enums import BookingStatus
from smartregions.events.rules.base import (
    can_view_event,
    is_event_organiser,
    is_public_event,
    is_published_event,
)
from smartregions.partnerships.enums import LEADING_ROLES, PartnershipStatus
from smartregions.partnerships.rules.base import is_partnership_leader
from smartregions.partnerships.rules.partnerships import acts_for_party

_LEADS_MEMO = "_events_leads_active_partnership"


def _party_q(region_ids: frozenset[int], organisation_ids: frozenset[int]) -> Q:
    """Rows whose ``region`` or ``organisation`` is one of the given ids."""
    return Q(region_id__in=list(region_ids)) | Q(organisation_id__in=list(organisation_ids))


@rules.predicate
def acts_for_a_party(user: Any) -> bool:
    """Represents a region or is a member of an organisation (who may exhibit)."""
    summary = summary_of(user)
    return bool(summary.region_ids or summary.organisation_ids)


@rules.predicate
def leads_an_active_partnership(user: Any) -> bool:
    """Acts for the lead or a co-lead member of at least one active partnership (memoised)."""
    if not is_active_user(user):
        return False
    cached = getattr(user, _LEADS_MEMO, None)
    if cached is None:
        from smartregions.partnerships.models import PartnershipMember

        summary = summary_of(user)
        cached = (
            PartnershipMember.objects.filter(
                partnership__status=PartnershipStatus.ACTIVE,
                role__in=LEADING_ROLES,
                left_at__isnull=True,
            )
            .filter(_party_q(summary.region_ids, summary.organisation_ids))
            .exists()
        )
        setattr(user, _LEADS_MEMO, cached)
    return cached


@rules.predicate
def is_active_partnership(user: Any, partnership: Any) -> bool:
    return partnership is not None and partnership.status == PartnershipStatus.ACTIVE


@rules.predicate
def organises_event_of(user: Any, obj: Any) -> bool:
    """Organises the event of a booking or pitch application."""
    return obj is not None and is_event_organiser(user, obj.event)


@rules.predicate
def acts_for_exhibitor(user: Any, booking: Any) -> bool:
    """Acts for the booking's region (or one above it) or organisation."""
    return booking is not None and acts_for_party(user, booking)


@rules.predicate
def is_public_exhibitor(user: Any, booking: Any) -> bool:
    """The booking is approved and its event is public."""
    return (
        booking is not None
        and booking.status == BookingStatus.APPROVED
        and is_public_event(user, booking.event)
    )


@rules.predicate
def leads_pitching_partnership(user: Any, pitch: Any) -> bool:
    """Acts for the lead or a co-lead of the pitch application's partnership."""
    return pitch is not None and is_partnership_leader(user, pitch.partnership)


rules.add_perm("events.view_exhibition", can_view_event)
rules.add_perm("events.manage_stands", is_event_organiser)
rules.add_perm("events.request_stand", is_published_event & acts_for_a_party)
rules.add_perm("events.book_stand_for", acts_for_party)
rules.add_perm("events.view_booking", organises_event_of | acts_for_exhibitor)
rules.add_perm("events.decide_booking", organises_event_of)
rules.add_perm("events.withdraw_booking", acts_for_exhibitor)
rules.add_perm(
    "events.view_exhibitor", is_public_exhibitor | organises_event_of | acts_for_exhibitor
)

rules.add_perm("events.view_pitches", can_view_event)
rules.add_perm("events.apply_pitch", is_published_event & leads_an_active_partnership)
rules.add_perm("events.pitch_for", is_active_partnership & is_partnership_leader)
rules.add_perm("events.view_pitch", organises_event_of | leads_pitching_partnership)
rules.add_perm("events.decide_pitch", organises_event_of)
rules.add_perm("events.order_pitches", is_event_organiser)
rules.add_perm("events.withdraw_pitch", leads_pitching_partnership)
