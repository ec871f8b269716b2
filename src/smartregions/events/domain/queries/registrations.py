"""Named reads of registrations: an event's registrants with filters, the waiting list, a
person's own registrations, and what the retention purge deletes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from smartregions.common.text import search_tokens
from smartregions.events.enums import RegistrationStatus
from smartregions.events.models import Event, Registration


@dataclass(frozen=True)
class RegistrantFilters:
    """The organisers' registrant list filters; empty values mean "any"."""

    status: str = ""
    participant_type: str = ""
    checked_in: bool | None = None
    q: str = ""


def registrations_with_people() -> QuerySet[Registration]:
    """Registrations with their user, organisation, region and the region's country loaded."""
    return Registration.objects.select_related(
        "user",
        "organisation",
        "organisation__region__country",
        "region",
        "region__country",
    )


def event_registrations(event: Event, filters: RegistrantFilters | None = None) -> QuerySet:
    """``event``'s registrations filtered, in registration order (name search: every word of
    ``q`` in the badge name or e-mail address)."""
    filters = filters or RegistrantFilters()
    rows = registrations_with_people().filter(event=event)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.participant_type:
        rows = rows.filter(participant_type=filters.participant_type)
    if filters.checked_in is not None:
        rows = rows.filter(checked_in_at__isnull=not filters.checked_in)
    for token in search_tokens(filters.q):
        rows = rows.filter(Q(badge_name__icontains=token) | Q(user__email__icontains=token))
    return rows.order_by("registered_at", "id")


def waiting_list(event: Event) -> QuerySet[Registration]:
    """``event``'s waitlisted registrations, first come first served (a row without a
    waiting time, written outside the domain, queues last on every database)."""
    return Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).order_by(
        F("waitlisted_at").asc(nulls_last=True), "id"
    )


def badge_registrations(event: Event, participant_type: str = "") -> QuerySet[Registration]:
    """The confirmed registrations that get a badge, by name (optionally of one type)."""
    rows = registrations_with_people().filter(event=event, status=RegistrationStatus.CONFIRMED)
    if participant_type:
        rows = rows.filter(participant_type=participant_type)
    return rows.order_by("badge_name", "id")


def my_registrations(user: Any) -> QuerySet[Registration]:
    """``user``'s registrations with their event, the soonest event first."""
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "event__country", "user", "organisation", "region")
        .order_by("event__starts_at", "event_id")
    )


def expired_registrations(today: dt.date) -> QuerySet[Registration]:
    """Registrations whose retention date is before ``today`` (the purge deletes them)."""
    return Registration.objects.filter(retention_until__lt=today)


def country_of(registration: Registration) -> Any | None:
    """The country a registrant comes from: their region's, else their organisation's."""
    if registration.region is not None:
        return registration.region.country
    organisation = registration.organisation
    if organisation is not None and organisation.region is not None:
        return organisation.region.country
    return None
