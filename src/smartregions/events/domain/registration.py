"""Registration: register, approve or decline, the waiting list, cancel, check in, purge.

Statuses (:class:`~smartregions.events.enums.RegistrationStatus`)::

    register --(approval mode)--> pending --approve--> confirmed | waitlisted (if full)
                                          --decline--> declined
    register --(open)-----------> confirmed | waitlisted (if full)
    waitlisted --(a place opens)--> confirmed         (automatic, earliest first)
    pending | confirmed | waitlisted --cancel--> cancelled

Every write that can change the number of confirmed places starts by locking the event's row
(:func:`lock_event`): two people taking the last place, or a cancellation racing a new
registration, are serialised, so the event is never overbooked and the waiting list is
promoted exactly once per free place. A place freed by a cancellation (or by a larger
capacity, :func:`promote_waitlisted`) goes to the earliest waitlisted registration in the same
transaction, and its holder is told.

Registering records the participant's consent to the event's consent text (time, version
and the exact wording) and copies the event's retention date;
:func:`purge_expired_registrations` deletes registrations after that date (GDPR). A
cancelled or declined registration gives up what it held: its personal agenda, its
discussion-table seats and its open meeting requests and meetings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.accounts.domain.queries import organisation_ids
from smartregions.calls.domain.times import format_in_zone
from smartregions.common.domain.activity import log_activity
from smartregions.common.models import ActivityLogEntry, Notification
from smartregions.events.domain import registration_notices as notices
from smartregions.events.domain.matchmaking.requests import OPEN, cancel_meeting_request
from smartregions.events.domain.queries.events import registration_window
from smartregions.events.domain.queries.registrations import expired_registrations, waiting_list
from smartregions.events.domain.registration_answers import clean_answers
from smartregions.events.enums import (
    EventStatus,
    MeetingAttendance,
    ParticipantType,
    RegistrationStatus,
)
from smartregions.events.models import (
    AgendaEntry,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
    TableSeat,
)
from smartregions.events.rules.base import is_event_organiser
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Region

#: Statuses that hold or wait for a place (a registration in one of them is "active").
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


def lock_event(event: Event) -> Event:
    """Lock the event's row for this transaction and reload ``event`` from it (in place)."""
    event.refresh_from_db(from_queryset=Event.objects.select_for_update())
    return event


def _lock_registration(registration: Registration) -> Registration:
    """Lock the event, then the registration (always in this order), and reload both."""
    lock_event(registration.event)
    registration.refresh_from_db(from_queryset=Registration.objects.select_for_update())
    return registration


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _set_status(registration: Registration, status: str, now: dt.datetime) -> None:
    registration.status = status
    registration.status_changed_at = now
    if status == RegistrationStatus.WAITLISTED:
        registration.waitlisted_at = now
    if status == RegistrationStatus.CONFIRMED:
        registration.confirmation_emailed_at = None


def _check_participant_type(actor: Any, event: Event, participant_type: str) -> None:
    if participant_type not in ParticipantType.values:
        raise ValidationError({"participant_type": _("Choose a participant type.")})
    if participant_type == ParticipantType.ORGANISER:
        if not is_event_organiser(actor, event):
            raise ValidationError(
                {"participant_type": _("Only the organisers grant the organiser type.")}
            )
        return
    if participant_type not in event.offered_participant_types():
        raise ValidationError(
            {
                "participant_type": _("This event does not take %s registrations.")
                % ParticipantType(participant_type).label.lower()
            }
        )


def _check_organisation(actor: Any, organisation: Organisation | None) -> None:
    """A participant registers for an organisation they are a member of (any region: it is
    where they come from)."""
    if organisation is not None and organisation.pk not in organisation_ids(actor):
        raise ValidationError(
            {"organisation": _("You can only register for an organisation you are a member of.")}
        )


def _check_window(event: Event, now: dt.datetime) -> None:
    window = registration_window(event, now=now)
    if window.state == "not_published":
        raise ValidationError({"event": _("The event does not take registrations.")})
    if window.state == "not_yet":
        raise ValidationError(
            {
                "event": _("Registration opens on %s.")
                % format_in_zone(window.opens_at, event.timezone)
            }
        )
    if window.state == "closed":
        raise ValidationError({"event": _("Registration is closed.")})


@transaction.atomic
def register_for_event(
    *,
    actor: Any,
    event: Event,
    consent: bool,
    participant_type: str = ParticipantType.DELEGATE,
    badge_name: str = "",
    job_title: str = "",
    organisation: Organisation | None = None,
    region: Region | None = None,
    answers: Mapping[str, Any] | None = None,
) -> Registration:
    """Register ``actor`` for ``event``; returns the registration (reused if they had
    cancelled before).

    Refused unless the event is published and registration is open (between its opening and
    closing dates), ``consent`` is given to the event's consent text, the participant type is
    offered (the organiser type only when an organiser registers), the organisation (if
    any) is one ``actor`` is a member of (the region may be any), and the answers are valid
    (:func:`~smartregions.events.domain.registration_answers.clean_answers`). A registration
    declined by the organisers cannot be renewed. The status is *pending* in approval mode,
    else *confirmed* while places are left and *waitlisted* once the event is full. Records
    the consent (time, version and the wording agreed to) and the event's retention date;
    notifies the participant (or, when pending, the organisers). Records ``registration.create``.
    """
    if not getattr(actor, "is_authenticated", False):
        raise ValidationError(_("Sign in to register."))
    lock_event(event)
    now = timezone.now()
    _check_window(event, now)
    if not consent:
        raise ValidationError(
            {"consent": _("Registering requires your consent to the terms shown.")}
        )
    _check_participant_type(actor, event, participant_type)
    _check_organisation(actor, organisation)
    cleaned = clean_answers(event.questions.all(), answers)
    registration = Registration.objects.select_for_update().filter(event=event, user=actor).first()
    if registration is not None and registration.status in ACTIVE_STATUSES:
        raise ValidationError({"event": _("You are already registered for this event.")})
    if registration is not None and registration.status == RegistrationStatus.DECLINED:
        raise ValidationError({"event": _("The organisers declined your registration.")})
    registration = registration or Registration(event=event, user=actor)
    registration.participant_type = participant_type
    registration.badge_name = (badge_name or actor.get_full_name()).strip()[:120]
    registration.job_title = job_title.strip()
    registration.organisation = organisation
    registration.region = region
    registration.answers = cleaned
    registration.consent_given_at = now
    registration.consent_version = event.consent_version
    registration.consent_text = event.consent_text
    registration.retention_until = event.retention_until
    registration.checked_in_at = None
    if event.approval_required:
        status = RegistrationStatus.PENDING
    elif _has_place(event):
        status = RegistrationStatus.CONFIRMED
    else:
        status = RegistrationStatus.WAITLISTED
    _set_status(registration, status, now)
    registration.full_clean(exclude=["event", "user", "registered_at", "status_changed_at"])
    registration.save()
    log_activity(
        actor=actor,
        action="registration.create",
        obj=registration,
        data={"event": event.slug, "status": status, "type": participant_type},
    )
    if status == RegistrationStatus.CONFIRMED:
        notices.notify_confirmed(registration, how="registered")
    elif status == RegistrationStatus.WAITLISTED:
        notices.notify_waitlisted(registration)
    else:
        notices.notify_pending(registration)
    return registration


def promote_waitlisted(*, actor: Any, event: Event) -> list[Registration]:
    """Confirm waitlisted registrations of ``event``, earliest first, while places are left.

    The caller holds the event's lock (:func:`lock_event`) inside its transaction. A
    cancelled or draft event promotes nobody. Each promoted participant is notified and
    gets the confirmation e-mail. Records ``registration.promote`` per registration; returns
    the promoted ones.
    """
    if event.status != EventStatus.PUBLISHED:
        return []
    free = None if event.capacity is None else event.capacity - _confirmed_count(event)
    candidates = waiting_list(event).select_for_update(of=("self",)).select_related("user", "event")
    if free is not None:
        if free <= 0:
            return []
        candidates = candidates[:free]
    promoted = []
    now = timezone.now()
    for registration in candidates:
        _set_status(registration, RegistrationStatus.CONFIRMED, now)
        registration.save(update_fields=["status", "status_changed_at", "confirmation_emailed_at"])
        log_activity(actor=actor, action="registration.promote", obj=registration)
        notices.notify_confirmed(registration, how="promoted")
        promoted.append(registration)
    return promoted


def _cancellable_requests(registration: Registration) -> list[MeetingRequest]:
    """The open meeting requests of ``registration`` (either side) that can still be
    cancelled: pending, or accepted with a meeting that has neither started nor been
    recorded as attended or missed."""
    requests = MeetingRequest.objects.filter(
        Q(requester=registration) | Q(recipient=registration), status__in=OPEN
    ).order_by("pk")
    done = Meeting.objects.filter(request__in=requests).filter(
        ~Q(attendance=MeetingAttendance.PLANNED) | Q(slot__starts_at__lte=timezone.now())
    )
    return list(requests.exclude(pk__in=done.values("request_id")))


def _release_places(actor: Any, registration: Registration) -> dict[str, int]:
    """Give up what ``registration`` holds: its agenda entries and table seats are deleted,
    its open meeting requests and meetings cancelled (the other party, and the organisers
    for a locked meeting, are told by the matchmaking domain). Called while the
    registration still has its old status, so a participant cancelling is named as the
    one who cancelled. Returns the counts for the activity log (recorded when not all
    zero)."""
    agenda = AgendaEntry.objects.filter(registration=registration).delete()[0]
    seats = TableSeat.objects.filter(registration=registration).delete()[0]
    requests = _cancellable_requests(registration)
    for meeting_request in requests:
        cancel_meeting_request(actor=actor, meeting_request=meeting_request)
    return {"agenda_entries": agenda, "table_seats": seats, "meeting_requests": len(requests)}


@transaction.atomic
def approve_registration(*, actor: Any, registration: Registration) -> Registration:
    """Approve a pending registration: confirmed if a place is left, else waitlisted (and
    confirmed automatically later). Notifies the participant. Records
    ``registration.approve``."""
    _lock_registration(registration)
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError({"status": _("Only a pending registration can be approved.")})
    event = registration.event
    status = RegistrationStatus.CONFIRMED if _has_place(event) else RegistrationStatus.WAITLISTED
    _set_status(registration, status, timezone.now())
    registration.save()
    log_activity(
        actor=actor, action="registration.approve", obj=registration, data={"status": status}
    )
    if status == RegistrationStatus.CONFIRMED:
        notices.notify_confirmed(registration, how="approved")
    else:
        notices.notify_waitlisted(registration, approved=True)
    return registration


@transaction.atomic
def decline_registration(
    *, actor: Any, registration: Registration, reason: str = ""
) -> Registration:
    """Decline a pending registration (the person cannot register again); whatever it held
    is released (:func:`_release_places`). Notifies them with ``reason`` if given. Records
    ``registration.decline``."""
    _lock_registration(registration)
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError({"status": _("Only a pending registration can be declined.")})
    released = _release_places(actor, registration)
    _set_status(registration, RegistrationStatus.DECLINED, timezone.now())
    registration.save()
    log_activity(
        actor=actor,
        action="registration.decline",
        obj=registration,
        data={"released": released} if any(released.values()) else None,
    )
    notices.notify_declined(registration, reason=reason.strip())
    return registration


@transaction.atomic
def cancel_registration(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a pending, confirmed or waitlisted registration.

    The participant may cancel until the event starts; the organisers at any time (the
    participant is then told). Its agenda entries and table seats are deleted and its open
    meeting requests and meetings cancelled (:func:`_release_places`). A confirmed place
    that frees up goes to the earliest waitlisted registration in the same transaction.
    Records ``registration.cancel``.
    """
    _lock_registration(registration)
    if registration.status not in ACTIVE_STATUSES:
        raise ValidationError({"status": _("The registration is not active.")})
    by_participant = getattr(actor, "pk", None) == registration.user_id
    event = registration.event
    if by_participant and timezone.now() >= event.starts_at:
        raise ValidationError({"status": _("The event has started; ask the organisers to cancel.")})
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    released = _release_places(actor, registration)
    _set_status(registration, RegistrationStatus.CANCELLED, timezone.now())
    registration.save()
    data: dict[str, Any] = {"by": "participant" if by_participant else "organiser"}
    if any(released.values()):
        data["released"] = released
    log_activity(actor=actor, action="registration.cancel", obj=registration, data=data)
    if not by_participant:
        notices.notify_cancelled_by_organiser(registration)
    if was_confirmed:
        promote_waitlisted(actor=actor, event=event)
    return registration


@transaction.atomic
def check_in_registration(*, actor: Any, registration: Registration) -> Registration:
    """Record that a confirmed participant arrived (``checked_in_at``, once). Records
    ``registration.check_in``."""
    _lock_registration(registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError({"status": _("Only a confirmed participant can be checked in.")})
    if registration.checked_in_at is not None:
        raise ValidationError({"checked_in_at": _("The participant is already checked in.")})
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    log_activity(actor=actor, action="registration.check_in", obj=registration)
    return registration


@transaction.atomic
def change_participant_type(
    *, actor: Any, registration: Registration, participant_type: str
) -> Registration:
    """Organisers set a registration's participant type (any type, the organiser type
    included). Records ``registration.change_type``."""
    _lock_registration(registration)
    if participant_type not in ParticipantType.values:
        raise ValidationError({"participant_type": _("Choose a participant type.")})
    old = registration.participant_type
    registration.participant_type = participant_type
    registration.save(update_fields=["participant_type"])
    log_activity(
        actor=actor,
        action="registration.change_type",
        obj=registration,
        data={"from": old, "to": participant_type},
    )
    return registration


def _forget_purged(purged: list[tuple[int, int, int, str]]) -> dict[str, int]:
    """Remove the personal data the purged registrations left elsewhere: ``purged`` holds
    (registration id, event id, user id, event slug) rows.

    The in-app notifications about those events (links under ``/events/<slug>/``) are
    deleted for the purged people, and for everyone once an event has no registration
    left (the organisers' notices name participants); the scheduler runs of those events
    lose their unplaced-meeting and error texts (they name participants); activity-log
    entries about the registrations keep only ids.
    """
    slugs: dict[int, str] = {}
    users: dict[int, set[int]] = {}
    ids: dict[int, list[str]] = {}
    for pk, event_id, user_id, slug in purged:
        slugs[event_id] = slug
        users.setdefault(event_id, set()).add(user_id)
        ids.setdefault(event_id, []).append(str(pk))
    remaining = set(
        Registration.objects.filter(event_id__in=slugs).values_list("event_id", flat=True)
    )
    about = Q(pk__in=[])
    for event_id, slug in slugs.items():
        prefix = Q(url__startswith=reverse("web:event-detail", args=[slug]))
        about |= prefix & Q(recipient_id__in=users[event_id]) if event_id in remaining else prefix
    notices_deleted = Notification.objects.filter(about).delete()[0]
    runs_blanked = ScheduleRun.objects.filter(meeting_session__event_id__in=slugs).update(
        unplaced=[], error=""
    )
    registration_type = ContentType.objects.get_for_model(Registration)
    for event_id, pks in ids.items():
        ActivityLogEntry.objects.filter(content_type=registration_type, object_id__in=pks).update(
            object_repr=Concat(
                Value("registration "), F("object_id"), Value(f" @ event {event_id}")
            )
        )
    return {"notifications": notices_deleted, "schedule_runs_blanked": runs_blanked}


@transaction.atomic
def purge_expired_registrations(*, actor: Any, today: dt.date | None = None) -> dict[str, int]:
    """Delete every registration whose ``retention_until`` is before ``today`` (default: today,
    UTC), with the rows that depend on it (agenda entries, table seats, matchmaking profile
    and meetings) by cascade, and the personal data left about them elsewhere
    (:func:`_forget_purged`: notifications, scheduler texts, activity-log labels). Returns
    the deleted rows per model label (e.g. ``{"events.Registration": 3}``). Records
    ``registration.purge`` with the counts."""
    today = today or timezone.now().date()
    expired = expired_registrations(today)
    purged = list(expired.values_list("pk", "event_id", "user_id", "event__slug"))
    _, counts = expired.delete()
    counts = {label: n for label, n in sorted(counts.items()) if n}
    cleaned = _forget_purged(purged) if purged else {}
    log_activity(
        actor=actor,
        action="registration.purge",
        data={"before": today.isoformat(), "deleted": counts, "cleaned": cleaned},
    )
    return counts
