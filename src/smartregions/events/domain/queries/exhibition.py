"""Reads of the exhibition and the pitches: stands with their exhibitors, booking requests,
showcase pages, what an exhibitor may show, pitch applications and who may apply.

Every function loads what its page shows in a fixed number of queries
(``select_related`` / ``prefetch_related``), whatever the number of rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership
from smartregions.accounts.rules import summary_of
from smartregions.events.enums import BookingStatus
from smartregions.events.models import Event, PitchApplication, Stand, StandBooking
from smartregions.organisations.models import Organisation
from smartregions.partnerships.enums import LEADING_ROLES, PartnershipStatus
from smartregions.partnerships.models import Partnership, PartnershipMember, Project
from smartregions.regions.models import Priority, Region


def exhibitor_priorities(region: Region) -> QuerySet[Priority]:
    """S3 priorities an exhibitor of ``region`` may show: those of the strategies of the
    region and of the regions above it (NUTS codes nest: CZ064 lies in CZ06)."""
    prefixes = [region.code[:n] for n in range(2, len(region.code) + 1)]
    return (
        Priority.objects.filter(
            strategy__region__nuts_version=region.nuts_version,
            strategy__region__code__in=prefixes,
        )
        .select_related("strategy", "strategy__region")
        .order_by("strategy__region__code", "reference", "id")
    )


def exhibitor_projects(
    *, region: Region | None = None, organisation: Organisation | None = None
) -> QuerySet[Project]:
    """Partnership projects the region or organisation leads or partners in."""
    if region is not None:
        condition = Q(lead_region=region) | Q(partner_regions=region)
    elif organisation is not None:
        condition = Q(lead_organisation=organisation) | Q(partner_organisations=organisation)
    else:
        return Project.objects.none()
    ids = Project.objects.filter(condition, partnership__isnull=False).values("pk")
    return Project.objects.filter(pk__in=ids).select_related("partnership").order_by("title", "id")


def _booking_rows() -> QuerySet[StandBooking]:
    return StandBooking.objects.select_related(
        "event", "stand", "region", "organisation", "requested_by", "decided_by"
    )


def exhibition_stands(event: Event) -> QuerySet[Stand]:
    """``event``'s stands by code, each with ``approved_bookings`` (its exhibitor, if any)."""
    return (
        Stand.objects.filter(event=event)
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=StandBooking.objects.filter(status=BookingStatus.APPROVED).select_related(
                    "region", "organisation"
                ),
                to_attr="approved_bookings",
            )
        )
        .order_by("code", "id")
    )


def event_bookings(event: Event) -> QuerySet[StandBooking]:
    """Every booking request of ``event`` (for its organisers): pending ones first, then
    approved, declined and withdrawn, each oldest first."""
    rank = Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(BookingStatus.values)),
        output_field=IntegerField(),
    )
    return _booking_rows().filter(event=event).order_by(rank, "created_at", "id")


def bookings_acted_for(user: Any, event: Event) -> QuerySet[StandBooking]:
    """``event``'s bookings of the regions and organisations ``user`` acts for."""
    summary = summary_of(user)
    if not summary.region_ids and not summary.organisation_ids:
        return StandBooking.objects.none()
    return (
        _booking_rows()
        .filter(event=event)
        .filter(
            Q(region_id__in=summary.region_ids) | Q(organisation_id__in=summary.organisation_ids)
        )
        .order_by("created_at", "id")
    )


def exhibitor_page(event: Event) -> QuerySet[StandBooking]:
    """``event``'s bookings with everything their showcase page shows."""
    return (
        _booking_rows()
        .filter(event=event)
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.objects.select_related("strategy", "strategy__region").order_by(
                    "reference", "id"
                ),
            ),
            Prefetch(
                "projects",
                queryset=Project.objects.select_related("partnership").order_by("title", "id"),
            ),
        )
    )


def bookable_parties(user: Any) -> tuple[list[Region], list[Organisation]]:
    """The regions ``user`` represents and the organisations they are a member of (what
    they may book a stand for), by code and name."""
    rows = Membership.objects.filter(
        user=user, role__in=[Role.REGION_REPRESENTATIVE, Role.ORGANISATION_MEMBER]
    ).select_related("region", "organisation")
    regions = sorted({m.region for m in rows if m.region_id}, key=lambda r: r.code)
    organisations = sorted(
        {m.organisation for m in rows if m.organisation_id}, key=lambda o: o.name
    )
    return regions, organisations


# --- Pitches ---------------------------------------------------------------------------


def _pitch_rows() -> QuerySet[PitchApplication]:
    return PitchApplication.objects.select_related(
        "event", "partnership", "session", "session__room", "applicant", "decided_by"
    ).prefetch_related("partnership__members")


def event_pitches(event: Event) -> QuerySet[PitchApplication]:
    """Every pitch application of ``event`` (for its organisers), oldest first."""
    return _pitch_rows().filter(event=event).order_by("created_at", "id")


def accepted_pitches(event: Event) -> QuerySet[PitchApplication]:
    """``event``'s accepted pitches, by session start and their order in it."""
    return (
        _pitch_rows()
        .filter(event=event, status=BookingStatus.APPROVED)
        .order_by("session__starts_at", "session_id", "order", "id")
    )


def led_partnerships(user: Any) -> QuerySet[Partnership]:
    """Active partnerships whose lead or a co-lead member ``user`` acts for (by name)."""
    summary = summary_of(user)
    if not summary.region_ids and not summary.organisation_ids:
        return Partnership.objects.none()
    members = PartnershipMember.objects.filter(role__in=LEADING_ROLES, left_at__isnull=True).filter(
        Q(region_id__in=summary.region_ids) | Q(organisation_id__in=summary.organisation_ids)
    )
    return (
        Partnership.objects.filter(
            status=PartnershipStatus.ACTIVE, pk__in=members.values("partnership_id")
        )
        .prefetch_related("members")
        .order_by("name", "id")
    )


def pitches_of_partnerships(event: Event, partnerships: Any) -> QuerySet[PitchApplication]:
    """``event``'s pitch applications of ``partnerships`` (what their leaders see)."""
    return (
        _pitch_rows().filter(event=event, partnership__in=partnerships).order_by("created_at", "id")
    )
