"""Pitches: lead regions of partnerships apply for a pitch slot; organisers accept them into a
pitch session (or decline) and set the order in which they are given.

Workflow of a pitch application (one function per step)::

    pending --accept_pitch--> approved   (placed last in a session of kind "pitch", if it fits)
            --decline_pitch-> declined   (with the reason)
    pending / approved --withdraw_pitch--> withdrawn   (the partnership's leaders)

A partnership has at most one pending or accepted application per event (a partial unique
constraint). Accepted pitches are numbered 1, 2, ... within their session; moving one swaps it
with its neighbour, and :func:`reorder_pitches` sets the whole order at once. Changes of one
session's order lock the session row, so two organisers reordering at once do not interleave.
The programme shows the accepted pitches under their session in that order. The organisers
hear of new and withdrawn applications, the partnership's leaders of the decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.events.domain.exhibition import organiser_users
from smartregions.events.enums import BookingStatus, EventStatus, SessionKind
from smartregions.events.models import Event, PitchApplication, Session
from smartregions.partnerships.domain.notifications_partnerships import leader_users
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.models import Partnership

#: Longest pitch one may ask for, in minutes.
MAX_PITCH_MINUTES = 30


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def pitches_url(event: Event) -> str:
    return reverse("web:event-pitches", args=[event.slug])


def _status_error(pitch: PitchApplication) -> ValidationError:
    return ValidationError(
        {"status": _("The application is already %s.") % pitch.get_status_display().lower()}
    )


@transaction.atomic
def apply_for_pitch(
    *,
    actor: Any,
    event: Event,
    partnership: Partnership,
    title: str,
    summary: str,
    duration_minutes: int = 5,
) -> PitchApplication:
    """Apply for a pitch slot at ``event`` for ``partnership``.

    The surfaces check that ``actor`` acts for the partnership's lead or a co-lead. Refused
    unless the event is published and the partnership active, while the partnership already
    has a pending or accepted application here, and for a duration outside 1 to
    :data:`MAX_PITCH_MINUTES` minutes. Records ``event.pitch_apply`` and notifies the
    organisers.
    """
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("The event does not take pitch applications."))
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ValidationError({"partnership": _("Only an active partnership may pitch.")})
    errors: dict[str, list[str]] = {}
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        errors["title"] = [_("Give the pitch a title.")]
    if not summary:
        errors["summary"] = [_("Summarise what the partnership will pitch.")]
    if not 1 <= int(duration_minutes or 0) <= MAX_PITCH_MINUTES:
        errors["duration_minutes"] = [_("A pitch lasts from 1 to %d minutes.") % MAX_PITCH_MINUTES]
    if errors:
        raise ValidationError(errors)
    taken = _("%s already applied for a pitch at this event.") % partnership.name
    if PitchApplication.objects.filter(
        event=event,
        partnership=partnership,
        status__in=[BookingStatus.PENDING, BookingStatus.APPROVED],
    ).exists():
        raise ValidationError({"partnership": taken})
    try:
        with transaction.atomic():
            pitch = PitchApplication.objects.create(
                event=event,
                partnership=partnership,
                applicant=_user_or_none(actor),
                title=title[:200],
                summary=summary,
                duration_minutes=duration_minutes,
            )
    except IntegrityError:  # a concurrent application of the same partnership won
        raise ValidationError({"partnership": taken}) from None
    log_activity(
        actor=actor, action="event.pitch_apply", obj=pitch, data={"partnership": partnership.pk}
    )
    notify(
        recipients=organiser_users(event),
        kind="event.pitch_applied",
        title=_("%(partnership)s applies to pitch at %(event)s")
        % {"partnership": partnership.name, "event": event},
        body=pitch.title,
        url=pitches_url(event),
        exclude=actor,
    )
    return pitch


def _lock(pitch: PitchApplication) -> PitchApplication:
    pitch.refresh_from_db(from_queryset=PitchApplication.objects.select_for_update())
    return pitch


def _tell_leaders(pitch: PitchApplication, *, kind: str, title: str, actor: Any) -> None:
    extra = [pitch.applicant] if pitch.applicant_id else []
    notify(
        recipients=[*leader_users(pitch.partnership), *extra],
        kind=kind,
        title=title,
        body=pitch.decision_note,
        url=pitches_url(pitch.event),
        exclude=actor,
    )


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _renumber(session_id: int) -> None:
    """Number the accepted pitches of a session 1, 2, ... in their current order."""
    pitches = PitchApplication.objects.filter(
        session_id=session_id, status=BookingStatus.APPROVED
    ).order_by("order", "id")
    for position, pitch in enumerate(pitches, start=1):
        if pitch.order != position:
            PitchApplication.objects.filter(pk=pitch.pk).update(order=position)


@transaction.atomic
def accept_pitch(
    *, actor: Any, pitch: PitchApplication, session: Session, note: str = ""
) -> PitchApplication:
    """pending -> approved, placed last in ``session`` (a pitch session of the same event).

    Refused when the session is too short for its accepted pitches with this one (their
    durations add up to more than the session lasts). Records ``event.pitch_accept`` and
    notifies the partnership's leaders.
    """
    _lock(pitch)
    if pitch.status != BookingStatus.PENDING:
        raise _status_error(pitch)
    if session.event_id != pitch.event_id or session.kind != SessionKind.PITCH:
        raise ValidationError({"session": _("Choose a pitch session of this event.")})
    session = _lock_session(session)
    accepted = PitchApplication.objects.filter(
        session=session, status=BookingStatus.APPROVED
    ).aggregate(top=Max("order"), minutes=Sum("duration_minutes"))
    top, taken = accepted["top"], accepted["minutes"] or 0
    length = int((session.ends_at - session.starts_at).total_seconds() // 60)
    if taken + pitch.duration_minutes > length:
        raise ValidationError(
            {
                "session": _(
                    "“%(session)s” lasts %(length)d minutes and its accepted pitches take "
                    "%(taken)d: a %(minutes)d-minute pitch does not fit (%(free)d minutes left)."
                )
                % {
                    "session": session.title,
                    "length": length,
                    "taken": taken,
                    "minutes": pitch.duration_minutes,
                    "free": max(length - taken, 0),
                }
            }
        )
    pitch.status = BookingStatus.APPROVED
    pitch.session = session
    pitch.order = (top or 0) + 1
    pitch.decided_by = _user_or_none(actor)
    pitch.decided_at = timezone.now()
    pitch.decision_note = (note or "").strip()[:500]
    pitch.save()
    log_activity(
        actor=actor,
        action="event.pitch_accept",
        obj=pitch,
        data={"session": session.pk, "order": pitch.order},
    )
    _tell_leaders(
        pitch,
        kind="event.pitch_accepted",
        title=_("Your pitch “%(title)s” is accepted: %(session)s")
        % {"title": pitch.title, "session": session.title},
        actor=actor,
    )
    return pitch


@transaction.atomic
def decline_pitch(*, actor: Any, pitch: PitchApplication, note: str) -> PitchApplication:
    """pending -> declined, saying why (``note`` is required). Records
    ``event.pitch_decline`` and notifies the partnership's leaders."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the application is declined.")})
    _lock(pitch)
    if pitch.status != BookingStatus.PENDING:
        raise _status_error(pitch)
    pitch.status = BookingStatus.DECLINED
    pitch.decided_by = _user_or_none(actor)
    pitch.decided_at = timezone.now()
    pitch.decision_note = note.strip()[:500]
    pitch.save()
    log_activity(actor=actor, action="event.pitch_decline", obj=pitch)
    _tell_leaders(
        pitch,
        kind="event.pitch_declined",
        title=_("Your pitch “%s” was declined") % pitch.title,
        actor=actor,
    )
    return pitch


@transaction.atomic
def withdraw_pitch(*, actor: Any, pitch: PitchApplication) -> PitchApplication:
    """pending or approved -> withdrawn (the partnership's leaders); the pitches after it in
    its session move up. Records ``event.pitch_withdraw`` and notifies the organisers."""
    _lock(pitch)
    if pitch.status not in (BookingStatus.PENDING, BookingStatus.APPROVED):
        raise _status_error(pitch)
    session_id = pitch.session_id
    if session_id is not None:
        _lock_session(Session(pk=session_id))
    was = pitch.status
    pitch.status = BookingStatus.WITHDRAWN
    pitch.order = None
    pitch.save(update_fields=["status", "order"])
    if session_id is not None:
        _renumber(session_id)
    log_activity(actor=actor, action="event.pitch_withdraw", obj=pitch, data={"was": was})
    notify(
        recipients=organiser_users(pitch.event),
        kind="event.pitch_withdrawn",
        title=_("%(partnership)s withdrew its pitch “%(title)s”")
        % {"partnership": pitch.partnership.name, "title": pitch.title},
        url=pitches_url(pitch.event),
        exclude=actor,
    )
    return pitch


@transaction.atomic
def move_pitch(*, actor: Any, pitch: PitchApplication, offset: int) -> PitchApplication:
    """Move an accepted pitch one place earlier (``offset=-1``) or later (``+1``) in its
    session, swapping it with its neighbour. Records ``event.pitch_move``."""
    if offset not in (-1, 1):
        raise ValidationError({"offset": _("Move a pitch one place up (-1) or down (+1).")})
    if pitch.session_id is None or pitch.status != BookingStatus.APPROVED:
        raise ValidationError(_("Only an accepted pitch has a place to move from."))
    _lock_session(Session(pk=pitch.session_id))
    _renumber(pitch.session_id)
    pitch.refresh_from_db()
    neighbour = PitchApplication.objects.filter(
        session_id=pitch.session_id, status=BookingStatus.APPROVED, order=pitch.order + offset
    ).first()
    if neighbour is None:
        raise ValidationError(
            _("“%s” is already first.") % pitch.title
            if offset < 0
            else _("“%s” is already last.") % pitch.title
        )
    PitchApplication.objects.filter(pk=neighbour.pk).update(order=pitch.order)
    PitchApplication.objects.filter(pk=pitch.pk).update(order=neighbour.order)
    pitch.refresh_from_db()
    log_activity(actor=actor, action="event.pitch_move", obj=pitch, data={"order": pitch.order})
    return pitch


@transaction.atomic
def reorder_pitches(*, actor: Any, session: Session, pitch_ids: Sequence[int]) -> list[int]:
    """Set the order of ``session``'s accepted pitches to ``pitch_ids`` (each exactly once).

    Returns the ids in their new order. Records ``event.pitch_reorder`` on the session.
    """
    session = _lock_session(session)
    current = set(
        PitchApplication.objects.filter(session=session, status=BookingStatus.APPROVED).values_list(
            "pk", flat=True
        )
    )
    wanted = [int(pk) for pk in pitch_ids]
    if len(wanted) != len(set(wanted)) or set(wanted) != current:
        raise ValidationError(
            {
                "pitches": _("List each accepted pitch of “%s” exactly once, in the order wanted.")
                % session.title
            }
        )
    for position, pk in enumerate(wanted, start=1):
        PitchApplication.objects.filter(pk=pk).update(order=position)
    log_activity(actor=actor, action="event.pitch_reorder", obj=session, data={"order": wanted})
    return wanted
