"""The exhibition: the stand catalogue (organisers) and stand bookings by regions and
organisations, whose approved ones are the exhibitors' showcase pages.

Workflow of a booking (one function per step)::

    pending --approve_booking--> approved   (a stand is assigned; organisers, with a note)
            --decline_booking--> declined   (organisers, with the reason)
    pending / approved --withdraw_booking--> withdrawn   (whoever acts for the exhibitor)

A stand has at most one approved booking (a partial unique constraint; approving locks the
stand row first, so two organisers approving two requests for one stand at once cannot both
succeed) and a region or an organisation has at most one pending or approved booking per
event. The showcase shows the S3 priorities of the exhibitor's region (for an organisation: of
the region it is in), including its NUTS parents' strategies, and projects of the partnerships'
pipeline that the region or organisation leads or partners in. The organisers hear of new and
withdrawn requests; whoever acts for the exhibitor hears of the decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.accounts.domain.queries import platform_staff_users, users_acting_for
from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.events.domain.queries.exhibition import (
    exhibitor_priorities,
    exhibitor_projects,
)
from smartregions.events.enums import BookingStatus, EventStatus
from smartregions.events.models import Event, Stand, StandBooking
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Region

#: Stand fields organisers may change with :func:`update_stand`.
STAND_FIELDS = ("code", "size_m2", "location", "description")
#: Showcase fields the exhibitor may change with :func:`update_showcase`.
SHOWCASE_FIELDS = (
    "showcase_title",
    "showcase_text",
    "priorities",
    "projects",
    "contact_name",
    "contact_email",
    "website",
)
#: Bookings that hold a party's place at the event.
ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.APPROVED)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def organiser_users(event: Event) -> list[Any]:
    """The event's active organisers; platform staff when it names none."""
    users = list(event.organisers.filter(is_active=True).order_by("email"))
    return users or platform_staff_users()


def exhibitor_users(booking: StandBooking) -> list[Any]:
    """Users acting for the booking's region or organisation, and whoever requested it."""
    users = users_acting_for(
        regions=[booking.region] if booking.region_id else [],
        organisation_ids=[booking.organisation_id] if booking.organisation_id else [],
    )
    return [*users, *([booking.requested_by] if booking.requested_by_id else [])]


def exhibition_url(event: Event) -> str:
    return reverse("web:event-exhibition", args=[event.slug])


def exhibitor_url(booking: StandBooking) -> str:
    return reverse("web:event-exhibitor", args=[booking.event.slug, booking.pk])


# --- Stands --------------------------------------------------------------------------------


def _check_stand(stand: Stand) -> None:
    errors: dict[str, list[str]] = {}
    stand.code = (stand.code or "").strip()
    stand.location = (stand.location or "").strip()
    if not stand.code:
        errors["code"] = [_("Give the stand a code, e.g. A12.")]
    elif (
        Stand.objects.filter(event_id=stand.event_id, code__iexact=stand.code)
        .exclude(pk=stand.pk)
        .exists()
    ):
        errors["code"] = [_("The event already has a stand %s.") % stand.code]
    if stand.size_m2 is None or Decimal(stand.size_m2) <= 0:
        errors["size_m2"] = [_("The size is a positive number of square metres.")]
    if not stand.location:
        errors["location"] = [_("Say where the stand is (hall, floor or area).")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_stand(
    *,
    actor: Any,
    event: Event,
    code: str,
    size_m2: Decimal,
    location: str,
    description: str = "",
) -> Stand:
    """Add a stand to ``event``'s catalogue (organisers); codes are unique per event.
    Records ``event.stand_create``."""
    stand = Stand(
        event=event,
        code=code,
        size_m2=size_m2,
        location=location,
        description=(description or "").strip(),
    )
    _check_stand(stand)
    stand.save()
    log_activity(actor=actor, action="event.stand_create", obj=stand, data={"event": event.pk})
    return stand


@transaction.atomic
def update_stand(*, actor: Any, stand: Stand, **changes: Any) -> Stand:
    """Change a stand's code, size, location or description. Records ``event.stand_update``."""
    unknown = set(changes) - set(STAND_FIELDS)
    if unknown:
        raise ValidationError(_("These stand fields cannot be changed: %s") % ", ".join(unknown))
    for name, value in changes.items():
        setattr(stand, name, value)
    _check_stand(stand)
    stand.save()
    log_activity(
        actor=actor, action="event.stand_update", obj=stand, data={"fields": sorted(changes)}
    )
    return stand


@transaction.atomic
def delete_stand(*, actor: Any, stand: Stand) -> None:
    """Remove a stand from the catalogue; refused while it has an approved booking (decline
    or withdraw that first). Pending requests for it keep their showcase without a stand.
    Records ``event.stand_delete`` on the event."""
    stand = Stand.objects.select_for_update().get(pk=stand.pk)
    if stand.bookings.filter(status=BookingStatus.APPROVED).exists():
        raise ValidationError(
            {"stand": _("Stand %s is booked; the booking must be withdrawn first.") % stand.code}
        )
    event, code = stand.event, stand.code
    stand.delete()
    log_activity(actor=actor, action="event.stand_delete", obj=event, data={"stand": code})


# --- Bookings ------------------------------------------------------------------------------


def _party(booking: StandBooking) -> Region | Organisation:
    return booking.region if booking.region_id else booking.organisation


def _check_showcase(
    booking: StandBooking, priorities: Iterable[Any], projects: Iterable[Any]
) -> tuple[list[Any], list[Any]]:
    """The showcase rules: a title, and priorities and projects of the exhibitor's own."""
    errors: dict[str, list[str]] = {}
    booking.showcase_title = (booking.showcase_title or "").strip()
    if not booking.showcase_title:
        errors["showcase_title"] = [_("Give the showcase a title.")]
    priorities, projects = list(priorities), list(projects)
    region = booking.region or booking.organisation.region
    allowed = set(exhibitor_priorities(region).values_list("pk", flat=True))
    if wrong := [p for p in priorities if p.pk not in allowed]:
        errors["priorities"] = [
            _("Not S3 priorities of %(region)s: %(titles)s.")
            % {"region": region, "titles": ", ".join(str(p.title) for p in wrong)}
        ]
    allowed = set(
        exhibitor_projects(region=booking.region, organisation=booking.organisation).values_list(
            "pk", flat=True
        )
    )
    if wrong := [p for p in projects if p.pk not in allowed]:
        errors["projects"] = [
            _("Not partnership projects of %(party)s: %(titles)s.")
            % {"party": _party(booking), "titles": ", ".join(str(p) for p in wrong)}
        ]
    try:
        booking.full_clean(
            exclude=["event", "stand", "region", "organisation", "requested_by", "decided_by"],
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name not in errors:  # our own message already names the problem
                errors[name] = messages
    if errors:
        raise ValidationError(errors)
    return priorities, projects


def _check_stand_free(stand: Stand, *, booking: StandBooking | None = None) -> None:
    taken = stand.bookings.filter(status=BookingStatus.APPROVED)
    if booking is not None:
        taken = taken.exclude(pk=booking.pk)
    if taken.exists():
        raise ValidationError({"stand": _("Stand %s is already booked.") % stand.code})


@transaction.atomic
def request_stand(
    *,
    actor: Any,
    event: Event,
    showcase_title: str,
    region: Region | None = None,
    organisation: Organisation | None = None,
    stand: Stand | None = None,
    message: str = "",
    showcase_text: str = "",
    priorities: Iterable[Any] = (),
    projects: Iterable[Any] = (),
    contact_name: str = "",
    contact_email: str = "",
    website: str = "",
) -> StandBooking:
    """Ask for a stand at ``event`` for ``region`` or ``organisation`` (exactly one), with the
    showcase to publish once approved; ``stand`` is the one wished for (optional).

    The surfaces check that ``actor`` acts for the region or organisation. Refused unless the
    event is published, while the party already has a pending or approved booking there,
    for a stand of another event or one already booked, and for priorities or projects that
    are not the party's. Records ``event.stand_request`` and notifies the organisers.
    """
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("The event does not take stand bookings."))
    if (region is None) == (organisation is None):
        raise ValidationError({"region": _("Book for one region or for one organisation.")})
    field = "region" if region is not None else "organisation"
    party = region or organisation
    if StandBooking.objects.filter(
        event=event, status__in=ACTIVE_STATUSES, **{field: party}
    ).exists():
        raise ValidationError({field: _("%s already has a stand booking at this event.") % party})
    if stand is not None:
        if stand.event_id != event.pk:
            raise ValidationError({"stand": _("The stand belongs to another event.")})
        _check_stand_free(stand)
    booking = StandBooking(
        event=event,
        stand=stand,
        region=region,
        organisation=organisation,
        requested_by=_user_or_none(actor),
        message=(message or "").strip(),
        showcase_title=showcase_title,
        showcase_text=(showcase_text or "").strip(),
        contact_name=(contact_name or "").strip(),
        contact_email=(contact_email or "").strip(),
        website=(website or "").strip(),
    )
    priorities, projects = _check_showcase(booking, priorities, projects)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:  # a concurrent request of the same party won
        raise ValidationError(
            {field: _("%s already has a stand booking at this event.") % party}
        ) from None
    booking.priorities.set(priorities)
    booking.projects.set(projects)
    log_activity(
        actor=actor,
        action="event.stand_request",
        obj=booking,
        data={"event": event.pk, "stand": getattr(stand, "pk", None)},
    )
    notify(
        recipients=organiser_users(event),
        kind="event.stand_requested",
        title=_("%(party)s asks for a stand at %(event)s") % {"party": party, "event": event},
        body=booking.message,
        url=exhibition_url(event),
        exclude=actor,
    )
    return booking


@transaction.atomic
def update_showcase(*, actor: Any, booking: StandBooking, **changes: Any) -> StandBooking:
    """Change the showcase of a pending or approved booking (the exhibitor).

    Takes any of :data:`SHOWCASE_FIELDS`; the same rules as at the request apply. Records
    ``event.showcase_update``.
    """
    unknown = set(changes) - set(SHOWCASE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These showcase fields cannot be changed: %s") % ", ".join(sorted(unknown))
        )
    booking.refresh_from_db(from_queryset=StandBooking.objects.select_for_update())
    if booking.status not in ACTIVE_STATUSES:
        raise ValidationError(_("A declined or withdrawn booking cannot change."))
    priorities = changes.pop("priorities", None)
    projects = changes.pop("projects", None)
    for name, value in changes.items():
        setattr(booking, name, value.strip() if isinstance(value, str) else value)
    checked_priorities, checked_projects = _check_showcase(
        booking,
        booking.priorities.all() if priorities is None else priorities,
        booking.projects.all() if projects is None else projects,
    )
    booking.save()
    if priorities is not None:
        booking.priorities.set(checked_priorities)
    if projects is not None:
        booking.projects.set(checked_projects)
    lists = [
        name
        for name, value in (("priorities", priorities), ("projects", projects))
        if value is not None
    ]
    fields = sorted([*changes, *lists])
    log_activity(actor=actor, action="event.showcase_update", obj=booking, data={"fields": fields})
    return booking


def _lock_pending(booking: StandBooking) -> StandBooking:
    booking.refresh_from_db(from_queryset=StandBooking.objects.select_for_update())
    if booking.status != BookingStatus.PENDING:
        raise ValidationError(
            {"status": _("The booking is already %s.") % booking.get_status_display().lower()}
        )
    return booking


def _decide(booking: StandBooking, *, actor: Any, status: str, note: str) -> None:
    booking.status = status
    booking.decided_by = _user_or_none(actor)
    booking.decided_at = timezone.now()
    booking.decision_note = (note or "").strip()[:500]
    booking.save(update_fields=["status", "stand", "decided_by", "decided_at", "decision_note"])


@transaction.atomic
def approve_booking(
    *, actor: Any, booking: StandBooking, stand: Stand | None = None, note: str = ""
) -> StandBooking:
    """pending -> approved on ``stand`` (default: the stand asked for), with a note.

    The stand row is locked before it is checked, so one stand never gets two approved
    bookings (the database refuses it too). The showcase becomes public. Records
    ``event.stand_approve`` and notifies the exhibitor.
    """
    _lock_pending(booking)
    if stand is None:
        stand = booking.stand
    if stand is None:
        raise ValidationError({"stand": _("Choose the stand to assign.")})
    stand = Stand.objects.select_for_update().get(pk=stand.pk)
    if stand.event_id != booking.event_id:
        raise ValidationError({"stand": _("The stand belongs to another event.")})
    _check_stand_free(stand, booking=booking)
    booking.stand = stand
    try:
        with transaction.atomic():
            _decide(booking, actor=actor, status=BookingStatus.APPROVED, note=note)
    except IntegrityError:  # pragma: no cover - the stand lock serialises approvals
        raise ValidationError({"stand": _("Stand %s is already booked.") % stand.code}) from None
    log_activity(actor=actor, action="event.stand_approve", obj=booking, data={"stand": stand.code})
    notify(
        recipients=exhibitor_users(booking),
        kind="event.stand_approved",
        title=_("Your stand at %(event)s is confirmed: %(stand)s")
        % {"event": booking.event, "stand": stand.code},
        body=booking.decision_note,
        url=exhibitor_url(booking),
        exclude=actor,
    )
    return booking


@transaction.atomic
def decline_booking(*, actor: Any, booking: StandBooking, note: str) -> StandBooking:
    """pending -> declined, saying why (``note`` is required). Records
    ``event.stand_decline`` and notifies the exhibitor."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the request is declined.")})
    _lock_pending(booking)
    _decide(booking, actor=actor, status=BookingStatus.DECLINED, note=note)
    log_activity(actor=actor, action="event.stand_decline", obj=booking)
    notify(
        recipients=exhibitor_users(booking),
        kind="event.stand_declined",
        title=_("Your stand request at %s was declined") % booking.event,
        body=booking.decision_note,
        url=exhibition_url(booking.event),
        exclude=actor,
    )
    return booking


@transaction.atomic
def withdraw_booking(*, actor: Any, booking: StandBooking) -> StandBooking:
    """pending or approved -> withdrawn (the exhibitor); an approved stand becomes free.
    Records ``event.stand_withdraw`` and notifies the organisers."""
    booking.refresh_from_db(from_queryset=StandBooking.objects.select_for_update())
    if booking.status not in ACTIVE_STATUSES:
        raise ValidationError(
            {"status": _("The booking is already %s.") % booking.get_status_display().lower()}
        )
    was = booking.status
    booking.status = BookingStatus.WITHDRAWN
    booking.save(update_fields=["status"])
    log_activity(actor=actor, action="event.stand_withdraw", obj=booking, data={"was": was})
    notify(
        recipients=organiser_users(booking.event),
        kind="event.stand_withdrawn",
        title=_("%(party)s withdrew its stand booking at %(event)s")
        % {"party": _party(booking), "event": booking.event},
        url=exhibition_url(booking.event),
        exclude=actor,
    )
    return booking
