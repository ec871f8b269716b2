"""What participants and organisers hear about registrations (in-app and by e-mail).

Every notice is created inside the write's transaction by
:func:`~smartregions.common.domain.notifications.notify`, whose e-mails go out after commit.
A confirmation (direct, after approval, or on promotion from the waiting list) is announced
in-app only: its e-mail is the confirmation with the event's calendar file attached, queued
by :func:`queue_confirmation_email` once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.calls.domain.times import format_in_zone
from smartregions.common.domain.notifications import notify
from smartregions.events.domain.ical import CONTENT_TYPE as ICS_CONTENT_TYPE
from smartregions.events.domain.ical import calendar
from smartregions.events.domain.people import event_organiser_users
from smartregions.events.enums import ParticipantType, RegistrationStatus
from smartregions.events.models import Event, Registration


def event_url(event: Event) -> str:
    """The site-relative link of an event's page."""
    return reverse("web:event-detail", args=[event.slug])


def when(event: Event) -> str:
    """The event's start, labelled with its zone: ``10 March 2027, 09:00 CET (Europe/Brussels)``."""
    return format_in_zone(event.starts_at, event.timezone)


def _enqueue_confirmation(registration_id: int) -> None:
    from smartregions.events.tasks import send_registration_confirmation

    send_registration_confirmation.enqueue(registration_id=registration_id)


def queue_confirmation_email(registration: Registration) -> None:
    """Send the confirmation e-mail with the calendar file once the transaction commits."""
    transaction.on_commit(partial(_enqueue_confirmation, registration.pk))


def _tell(registration: Registration, kind: str, title: str, body: str, *, email: bool) -> None:
    notify(
        recipients=[registration.user],
        kind=kind,
        title=title,
        body=body,
        url=event_url(registration.event),
        email=email,
    )


def notify_confirmed(registration: Registration, *, how: str) -> None:
    """Tell the participant they have a place: ``how`` is ``registered``, ``approved`` or
    ``promoted`` (from the waiting list); the confirmation e-mail follows after commit."""
    event = registration.event
    kinds = {
        "registered": ("event.registration_confirmed", _("Registration confirmed: %s")),
        "approved": ("event.registration_approved", _("Registration approved: %s")),
        "promoted": (
            "event.registration_promoted",
            _("A place opened up: you are confirmed for %s"),
        ),
    }
    kind, title = kinds[how]
    _tell(
        registration,
        kind,
        title % event.title,
        _("The event starts on %s.") % when(event),
        email=False,
    )
    queue_confirmation_email(registration)


def notify_waitlisted(registration: Registration, *, approved: bool = False) -> None:
    """Tell the participant they are on the waiting list (after approval, if ``approved``)."""
    event = registration.event
    body = (
        _("The organisers approved your registration, but the event is full.")
        if approved
        else _("The event is full.")
    )
    _tell(
        registration,
        "event.registration_waitlisted",
        _("On the waiting list: %s") % event.title,
        body + " " + _("You will be confirmed automatically when a place opens up."),
        email=True,
    )


def notify_declined(registration: Registration, *, reason: str = "") -> None:
    event = registration.event
    _tell(
        registration,
        "event.registration_declined",
        _("Registration declined: %s") % event.title,
        reason or _("The organisers declined your registration."),
        email=True,
    )


def notify_cancelled_by_organiser(registration: Registration) -> None:
    event = registration.event
    _tell(
        registration,
        "event.registration_cancelled",
        _("Registration cancelled: %s") % event.title,
        _("The organisers cancelled your registration."),
        email=True,
    )


def notify_pending(registration: Registration) -> None:
    """Tell the event's organisers (in-app) that a registration awaits their approval: its
    named organisers, else the platform staff
    (:func:`~smartregions.events.domain.people.event_organiser_users`)."""
    event = registration.event
    notify(
        recipients=event_organiser_users(event),
        kind="event.registration_pending",
        title=_("Registration to approve: %(name)s for %(event)s")
        % {"name": registration.badge_name, "event": event.title},
        url=reverse("web:event-registrations", args=[event.slug]),
        email=False,
        exclude=registration.user,
    )


def notify_event_cancelled(event: Event, registrations: Iterable[Registration]) -> None:
    """Tell everyone still registered (confirmed, pending or waitlisted) that ``event`` is off."""
    notify(
        recipients=[registration.user for registration in registrations],
        kind="event.cancelled",
        title=_("Event cancelled: %s") % event.title,
        body=_("%(title)s, planned for %(when)s, is cancelled.")
        % {"title": event.title, "when": when(event)},
        url=event_url(event),
    )


def confirmation_message(registration: Registration) -> EmailMessage:
    """The confirmation e-mail of ``registration`` with the event's ``event.ics`` attached."""
    # imported here: the events module imports this one
    from smartregions.events.domain.events import event_location, ics_event

    event = registration.event
    place = event_location(event)
    body = "\n".join(
        [
            _("Your registration for %(title)s is confirmed (%(type)s).")
            % {
                "title": event.title,
                "type": ParticipantType(registration.participant_type).label.lower(),
            },
            "",
            _("Starts: %s") % format_in_zone(event.starts_at, event.timezone),
            _("Ends: %s") % format_in_zone(event.ends_at, event.timezone),
            _("Where: %s") % (place or "-"),
            "",
            _("The attached calendar file adds the event to your calendar."),
            f"{settings.SITE_URL.rstrip('/')}{event_url(event)}",
        ]
    )
    message = EmailMessage(
        subject=f"[smartregions] {_('Registration confirmed: %s') % event.title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.user.email],
    )
    message.attach(
        "event.ics",
        calendar([ics_event(event, include_online_url=True)], name=event.title),
        ICS_CONTENT_TYPE,
    )
    return message


def send_confirmation_email(*, registration_id: int) -> bool:
    """E-mail the confirmation of a confirmed registration once (``confirmation_emailed_at``).

    Returns ``False`` (and sends nothing) when the registration is gone, no longer
    confirmed, already confirmed by e-mail, or its person has no address; so a retried or
    repeated task sends at most one message per confirmation.
    """
    registration = (
        Registration.objects.select_related("event", "event__country", "user")
        .filter(pk=registration_id)
        .first()
    )
    if (
        registration is None
        or registration.status != RegistrationStatus.CONFIRMED
        or registration.confirmation_emailed_at is not None
        or not registration.user.email
        or not registration.user.is_active
    ):
        return False
    confirmation_message(registration).send(fail_silently=False)
    Registration.objects.filter(pk=registration.pk).update(confirmation_emailed_at=timezone.now())
    return True
