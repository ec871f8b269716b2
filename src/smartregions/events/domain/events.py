"""Managing events: create, edit, publish, cancel, co-organisers; the event as iCalendar.

Transitions (the surfaces check who may call them with :mod:`smartregions.events.rules`)::

    draft --publish--> published --cancel--> cancelled

A draft is seen by its organisers only. Publishing needs a venue or an online address, a
consent text and a retention date no earlier than the event's last day. A cancelled event
stays visible (labelled) but takes no registrations and cannot change; everyone registered is
told. Whoever creates an event becomes its first named organiser; platform staff organise
every event without being named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregions.calls.domain.times import check_timezone
from smartregions.common.domain.activity import log_activity
from smartregions.events.domain import registration_notices as notices
from smartregions.events.domain.ical import IcsEvent
from smartregions.events.domain.registration import (
    ACTIVE_STATUSES,
    lock_event,
    promote_waitlisted,
)
from smartregions.events.enums import EventKind, EventStatus, ParticipantType
from smartregions.events.models import Event, Registration
from smartregions.regions.models import ThematicArea

#: Days registrations are kept after the event ends, unless the organisers say otherwise.
DEFAULT_RETENTION_DAYS = 180
#: Slugs the event pages' addresses use for themselves.
RESERVED_SLUGS = frozenset({"new", "mine", "calendar", "my-registrations"})
#: Fields :func:`create_event` and :func:`update_event` accept (with ``thematic_areas``).
EDITABLE_FIELDS = (
    "title",
    "kind",
    "summary",
    "description",
    "timezone",
    "starts_at",
    "ends_at",
    "is_online",
    "online_url",
    "venue",
    "city",
    "country",
    "region",
    "thematic_platform",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "approval_required",
    "participant_types",
    "consent_text",
    "consent_version",
    "retention_until",
    "matchmaking_enabled",
)
_TEXT_FIELDS = ("title", "summary", "description", "venue", "city", "consent_text")


def default_retention(ends_at: dt.datetime, zone: str = "UTC") -> dt.date:
    """The default retention date: 180 days after the event's last day (in its zone; UTC for
    a zone name that does not exist, which the event's checks then report)."""
    try:
        tz: dt.tzinfo = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC
    return ends_at.astimezone(tz).date() + dt.timedelta(days=DEFAULT_RETENTION_DAYS)


def _unique_slug(title: str) -> str:
    base = (slugify(title)[:70] or "event").strip("-")
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_values(values: dict[str, Any]) -> None:
    for key in _TEXT_FIELDS:
        if isinstance(values.get(key), str):
            values[key] = values[key].strip()
    if values.get("participant_types") is not None:
        values["participant_types"] = list(dict.fromkeys(values["participant_types"]))


def _check_event(event: Event) -> None:
    """The rules an event obeys whatever its status (the model checks single fields)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    try:
        check_timezone(event.timezone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if event.kind not in EventKind.values:
        add("kind", _("Choose the kind of event."))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        add("ends_at", _("An event must end after it starts."))
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        add("registration_closes_at", _("Registration must close after it opens."))
    if closes and event.ends_at and closes > event.ends_at:
        add("registration_closes_at", _("Registration must close by the end of the event."))
    if event.capacity is not None and event.capacity < 1:
        add("capacity", _("The capacity is at least 1 (leave it empty for no limit)."))
    if wrong := sorted(set(event.participant_types) - set(ParticipantType.values)):
        add("participant_types", _("Unknown participant types: %s") % ", ".join(wrong))
    if event.is_online and not event.online_url:
        add("online_url", _("An online event needs the address where it takes place."))
    if event.retention_until and event.ends_at and event.retention_until < event.ends_at.date():
        add("retention_until", _("Registrations must be kept at least until the event ends."))
    if event.matchmaking_enabled and event.kind == EventKind.WEBINAR:
        add("matchmaking_enabled", _("A webinar has no B2B meetings."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_event(
    *,
    actor: Any,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    slug: str = "",
    thematic_areas: Sequence[ThematicArea] = (),
    **fields: Any,
) -> Event:
    """Create a draft event organised by ``actor``.

    ``fields`` may set any of :data:`EDITABLE_FIELDS`; ``retention_until`` defaults to 180
    days after the event's last day. The slug is derived from the title unless given.
    Records ``event.create``.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not an event setting: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    values = {k: v for k, v in fields.items() if v is not None}
    _clean_values(values)
    slug = slug.strip()
    if slug in RESERVED_SLUGS or (slug and Event.objects.filter(slug=slug).exists()):
        raise ValidationError({"slug": _("The address “%s” is taken.") % slug})
    event = Event(
        title=title.strip(),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        slug=slug or _unique_slug(title),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    if event.retention_until is None and starts_at and ends_at:
        event.retention_until = default_retention(ends_at, event.timezone)
    _check_event(event)
    event.full_clean(exclude=["created_by"])
    event.save()
    event.thematic_areas.set(thematic_areas)
    if event.created_by is not None:
        event.organisers.add(actor)
    log_activity(actor=actor, action="event.create", obj=event, data={"kind": kind})
    return event


def _next_consent_version(version: str) -> str:
    return str(int(version) + 1) if version.isdigit() else f"{version}.1"


@transaction.atomic
def update_event(
    *,
    actor: Any,
    event: Event,
    thematic_areas: Sequence[ThematicArea] | None = None,
    **changes: Any,
) -> Event:
    """Change a draft or published event (a cancelled one is frozen).

    Changing the consent text without a new ``consent_version`` bumps the version, so each
    registration says which wording its consent was given to. A new ``retention_until``
    applies to the event's existing registrations too. A larger capacity (or none)
    confirms waitlisted registrations into the new places at once, earliest first. Records
    ``event.update`` with the changed fields.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not an event setting: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    lock_event(event)
    _clean_values(changes)
    changed = sorted(k for k, v in changes.items() if getattr(event, k) != v)
    areas_change = thematic_areas is not None and {a.pk for a in thematic_areas} != set(
        event.thematic_areas.values_list("pk", flat=True)
    )
    if event.status == EventStatus.CANCELLED and (changed or areas_change):
        raise ValidationError({"status": _("A cancelled event cannot be changed.")})
    if "consent_text" in changed and "consent_version" not in changed:
        changes["consent_version"] = _next_consent_version(event.consent_version)
        changed.append("consent_version")
    for key in changed:
        setattr(event, key, changes[key])
    _check_event(event)
    event.full_clean(exclude=["created_by"])
    event.save()
    if areas_change:
        event.thematic_areas.set(thematic_areas)
        changed.append("thematic_areas")
    if "retention_until" in changed:
        Registration.objects.filter(event=event).update(retention_until=event.retention_until)
    log_activity(actor=actor, action="event.update", obj=event, data={"changed": sorted(changed)})
    if "capacity" in changed:
        promote_waitlisted(actor=actor, event=event)
    return event


def check_publishable(event: Event) -> None:
    """Raise a ``ValidationError`` listing everything that keeps ``event`` from being
    published."""
    errors: dict[str, list[str]] = {}
    if not event.is_online and not (event.venue or event.city):
        errors["venue"] = [_("Say where the event takes place (venue or city), or make it online.")]
    if not event.consent_text.strip():
        errors["consent_text"] = [_("Write the consent text participants agree to.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publish_event(*, actor: Any, event: Event) -> Event:
    """Publish a draft event: public in the calendar and open to registration (from its
    opening date). Records ``event.publish``."""
    lock_event(event)
    if event.status != EventStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft event can be published.")})
    _check_event(event)
    check_publishable(event)
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    log_activity(actor=actor, action="event.publish", obj=event)
    return event


@transaction.atomic
def cancel_event(*, actor: Any, event: Event) -> Event:
    """Cancel a published event: it stays listed as cancelled, takes no more registrations,
    and everyone registered (confirmed, pending or waitlisted) is told. Registrations keep
    their status (for the record) until the retention purge. Records ``event.cancel``."""
    lock_event(event)
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError({"status": _("Only a published event can be cancelled.")})
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    log_activity(actor=actor, action="event.cancel", obj=event)
    registrations = Registration.objects.filter(
        event=event, status__in=ACTIVE_STATUSES
    ).select_related("user")
    notices.notify_event_cancelled(event, registrations)
    return event


@transaction.atomic
def add_organiser(*, actor: Any, event: Event, user: Any) -> Event:
    """Name ``user`` (an active account) a co-organiser of ``event``. Records
    ``event.add_organiser``."""
    lock_event(event)
    if not getattr(user, "is_active", False):
        raise ValidationError({"user": _("This account is not active.")})
    if event.organisers.filter(pk=user.pk).exists():
        raise ValidationError({"user": _("%s already organises the event.") % user})
    event.organisers.add(user)
    event.__dict__.pop("_organiser_ids", None)
    log_activity(actor=actor, action="event.add_organiser", obj=event, data={"user": user.pk})
    return event


@transaction.atomic
def remove_organiser(*, actor: Any, event: Event, user: Any) -> Event:
    """Remove ``user`` from the named organisers; the last one stays (the event would
    otherwise be left to platform staff alone). Records ``event.remove_organiser``."""
    lock_event(event)
    ids = set(event.organisers.values_list("pk", flat=True))
    if user.pk not in ids:
        raise ValidationError({"user": _("%s does not organise the event.") % user})
    if ids == {user.pk}:
        raise ValidationError({"user": _("An event keeps at least one named organiser.")})
    event.organisers.remove(user)
    event.__dict__.pop("_organiser_ids", None)
    log_activity(actor=actor, action="event.remove_organiser", obj=event, data={"user": user.pk})
    return event


def event_location(event: Event) -> str:
    """Where the event takes place, as one line: ``Online`` or venue, city, country."""
    if event.is_online:
        return _("Online")
    country = event.country.name if event.country else ""
    return ", ".join(part for part in (event.venue, event.city, country) if part)


def ics_event(event: Event, *, include_online_url: bool = False) -> IcsEvent:
    """``event`` as an iCalendar entry (reads ``event.country``).

    The online address is private to registered participants: it is written into the
    description only when ``include_online_url`` (the confirmation e-mail), never in the
    public feeds and downloads. A cancelled event is marked ``STATUS:CANCELLED``; the
    revision (``SEQUENCE``) and ``LAST-MODIFIED`` follow ``updated_at``.
    """
    url = f"{settings.SITE_URL.rstrip('/')}{notices.event_url(event)}"
    description = event.summary or ""
    if include_online_url and event.is_online and event.online_url:
        description = "\n".join(part for part in (description, event.online_url) if part)
    updated = event.updated_at
    return IcsEvent(
        uid=f"event-{event.pk}@smartregions",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description=description,
        location=event_location(event),
        url=url,
        status="CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED",
        sequence=int(updated.timestamp()) if updated else None,
        last_modified=updated,
    )
