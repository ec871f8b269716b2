"""Named reads of events: the calendar with its filters, one event with its details, places.

The calendar lists public events (published or cancelled); organisers also see their drafts,
platform staff every draft. Upcoming events (not yet ended) come first by start; the past
toggle lists ended events, the latest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from smartregions.accounts.rules import is_platform_staff
from smartregions.events.enums import EventStatus, RegistrationStatus
from smartregions.events.models import Event

#: Statuses everyone may see; drafts are for their organisers.
PUBLIC_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@dataclass(frozen=True)
class EventFilters:
    """The calendar's filters; empty values mean "any". ``past`` lists ended events instead."""

    platform: str = ""
    area: str = ""
    country: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    past: bool = False


def visible_events(user: Any) -> QuerySet[Event]:
    """Events ``user`` may read: public ones, plus the drafts they organise (staff: all)."""
    events = Event.objects.all()
    if is_platform_staff(user):
        return events
    public = Q(status__in=PUBLIC_EVENT_STATUSES)
    if getattr(user, "is_authenticated", False):
        mine = Event.organisers.through.objects.filter(user_id=user.pk).values("event_id")
        return events.filter(public | Q(pk__in=mine))
    return events.filter(public)


def filter_events(
    events: QuerySet[Event], filters: EventFilters, *, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """``events`` narrowed by ``filters`` and ordered for the calendar.

    Upcoming: events that have not ended by ``now``, soonest first; past: ended ones, latest
    first. ``date_from``/``date_to`` keep the events running on at least one day of the range
    (days in UTC).
    """
    now = now or timezone.now()
    if filters.platform:
        events = events.filter(thematic_platform__slug=filters.platform)
    if filters.area:
        areas = Event.thematic_areas.through.objects.filter(thematicarea__slug=filters.area)
        events = events.filter(pk__in=areas.values("event_id"))
    if filters.country:
        events = events.filter(country__code=filters.country)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.date_from:
        events = events.filter(ends_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(starts_at__date__lte=filters.date_to)
    if filters.past:
        return events.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    return events.filter(ends_at__gt=now).order_by("starts_at", "id")


def event_list(user: Any, filters: EventFilters, *, now: dt.datetime | None = None) -> QuerySet:
    """The calendar page: visible events filtered, with country, platform and areas loaded."""
    events = visible_events(user).select_related("country", "thematic_platform")
    return filter_events(events, filters, now=now).prefetch_related("thematic_areas")


def public_feed_events(filters: EventFilters, *, now: dt.datetime | None = None) -> QuerySet:
    """The events of the public iCalendar feed: published and cancelled ones (a cancelled
    event is written with ``STATUS:CANCELLED``, so subscribed calendars drop it), filtered
    like the calendar page."""
    events = Event.objects.filter(status__in=PUBLIC_EVENT_STATUSES).select_related("country")
    return filter_events(events, filters, now=now)


def events_with_details() -> QuerySet[Event]:
    """Events with country, host region, platform, areas, organisers and questions loaded."""
    return Event.objects.select_related(
        "country", "region", "region__country", "thematic_platform"
    ).prefetch_related("thematic_areas", "organisers", "questions")


def with_registration_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` annotated with ``confirmed_count``, ``pending_count``, ``waitlisted_count``."""

    def count(status: str) -> Count:
        return Count("registrations", filter=Q(registrations__status=status), distinct=True)

    return events.annotate(
        confirmed_count=count(RegistrationStatus.CONFIRMED),
        pending_count=count(RegistrationStatus.PENDING),
        waitlisted_count=count(RegistrationStatus.WAITLISTED),
    )


def confirmed_count(event: Event) -> int:
    """How many registrations of ``event`` are confirmed (uses the annotation if present)."""
    annotated = getattr(event, "confirmed_count", None)
    if annotated is not None:
        return annotated
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def places_left(event: Event, confirmed: int | None = None) -> int | None:
    """Confirmed places still free (``None``: no capacity limit; never below 0)."""
    if event.capacity is None:
        return None
    taken = confirmed_count(event) if confirmed is None else confirmed
    return max(event.capacity - taken, 0)


@dataclass(frozen=True)
class RegistrationWindow:
    """Whether registration is open at a moment, and if not, why (``state``)."""

    state: str  # "open", "not_yet", "closed", "not_published"
    opens_at: dt.datetime | None
    closes_at: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def registration_window(event: Event, *, now: dt.datetime | None = None) -> RegistrationWindow:
    """When ``event`` takes registrations: from ``registration_opens_at`` (none: as soon as it
    is published) until ``registration_closes_at`` (none: until the event starts)."""
    now = now or timezone.now()
    closes = event.registration_closes_at or event.starts_at
    if event.status != EventStatus.PUBLISHED:
        state = "not_published"
    elif event.registration_opens_at is not None and now < event.registration_opens_at:
        state = "not_yet"
    elif now >= closes:
        state = "closed"
    else:
        state = "open"
    return RegistrationWindow(state=state, opens_at=event.registration_opens_at, closes_at=closes)
