"""The programme: rooms, sessions and speakers (organisers), and each participant's agenda.

Organisers build the programme room by room and session by session. A session lies within
the event's dates (the calendar days the event spans in its own time zone, so an evening
dinner after the last talk still fits); a room belongs to the session's event. Overlaps are
allowed while the programme takes shape: they are reported as conflicts (a room double-booked,
a speaker in two places) by
:func:`smartregions.events.domain.queries.programme.programme_conflicts`.

A confirmed participant adds sessions to a personal agenda. A session with a ``seat_limit``
holds at most that many agenda entries of confirmed participants: the session row is locked
while the seats are counted, so two people taking the last seat at once cannot both get it.
Overlapping sessions in one agenda are allowed and shown as a warning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.people import display_name
from smartregions.events.enums import EventStatus, RegistrationStatus, SessionKind
from smartregions.events.models import (
    AgendaEntry,
    Event,
    Registration,
    Room,
    Session,
    SessionSpeaker,
)

#: Session fields organisers may change with :func:`update_session`.
SESSION_FIELDS = ("room", "kind", "title", "description", "starts_at", "ends_at", "seat_limit")
#: Room fields organisers may change with :func:`update_room`.
ROOM_FIELDS = ("name", "capacity", "position")


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def event_window(event: Event) -> tuple[dt.datetime, dt.datetime]:
    """The span sessions may use: from midnight of the event's first day to midnight after
    its last day, both in the event's time zone (returned as aware datetimes)."""
    zone = ZoneInfo(event.timezone)
    first = event.starts_at.astimezone(zone).date()
    last = event.ends_at.astimezone(zone).date()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=zone),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _check_session(session: Session) -> None:
    """The rules a session obeys whatever the surface: kind, times within the event, room."""
    errors: dict[str, list[str]] = {}
    if session.kind not in SessionKind.values:
        errors["kind"] = [_("Choose a kind of session.")]
    if not (session.title or "").strip():
        errors["title"] = [_("Give the session a title.")]
    if session.ends_at <= session.starts_at:
        errors["ends_at"] = [_("A session must end after it starts.")]
    else:
        opens, closes = event_window(session.event)
        if session.starts_at < opens or session.ends_at > closes:
            first = dateformat.format(opens, "j F Y")
            last = dateformat.format(closes - dt.timedelta(days=1), "j F Y")
            field = "starts_at" if not opens <= session.starts_at < closes else "ends_at"
            errors[field] = [
                _("A session must lie within the event's dates: %(first)s to %(last)s (%(zone)s).")
                % {"first": first, "last": last, "zone": session.event.timezone}
            ]
    if session.room_id is not None and session.room.event_id != session.event_id:
        errors["room"] = [_("The room belongs to another event.")]
    if session.seat_limit is not None and session.seat_limit < 1:
        errors["seat_limit"] = [_("A seat limit is at least 1 (leave it empty for no limit).")]
    if errors:
        raise ValidationError(errors)


def seats_taken(session: Session) -> int:
    """The seats of ``session`` held by confirmed participants (a cancelled registration's
    agenda entries, should any remain, hold no seat)."""
    return AgendaEntry.objects.filter(
        session=session, registration__status=RegistrationStatus.CONFIRMED
    ).count()


def _check_room_name(event: Event, name: str, *, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the room a name.")})
    clash = Room.objects.filter(event=event, name__iexact=name).exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("The event already has a room named “%s”.") % name})
    return name


@transaction.atomic
def create_room(
    *,
    actor: Any,
    event: Event,
    name: str,
    capacity: int | None = None,
    position: int | None = None,
) -> Room:
    """Add a room to ``event`` (organisers). Names are unique per event, ignoring case.

    Without ``position`` the room goes after the others. Records ``event.room_create``.
    """
    name = _check_room_name(event, name)
    if position is None:
        position = (Room.objects.filter(event=event).aggregate(top=Max("position"))["top"] or 0) + 1
    room = Room.objects.create(event=event, name=name, capacity=capacity, position=position)
    log_activity(actor=actor, action="event.room_create", obj=room, data={"event": event.pk})
    return room


@transaction.atomic
def update_room(*, actor: Any, room: Room, **changes: Any) -> Room:
    """Change a room's ``name``, ``capacity`` or ``position``. Records ``event.room_update``."""
    unknown = set(changes) - set(ROOM_FIELDS)
    if unknown:
        raise ValidationError(_("These room fields cannot be changed: %s") % ", ".join(unknown))
    if "name" in changes:
        changes["name"] = _check_room_name(room.event, changes["name"], exclude=room.pk)
    for field, value in changes.items():
        setattr(room, field, value)
    room.save()
    log_activity(
        actor=actor, action="event.room_update", obj=room, data={"fields": sorted(changes)}
    )
    return room


@transaction.atomic
def delete_room(*, actor: Any, room: Room) -> None:
    """Delete a room; its sessions stay in the programme without a room (shown as such).

    Records ``event.room_delete`` on the event.
    """
    event, name = room.event, room.name
    sessions = room.sessions.count()
    room.delete()
    log_activity(
        actor=actor,
        action="event.room_delete",
        obj=event,
        data={"room": name, "sessions": sessions},
    )


@transaction.atomic
def create_session(
    *,
    actor: Any,
    event: Event,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    description: str = "",
    seat_limit: int | None = None,
) -> Session:
    """Add a session to ``event``'s programme (organisers).

    Refused unless it lies within the event's dates, ends after it starts and its room is one
    of the event's. Overlaps with other sessions are allowed (they show as conflicts).
    Records ``event.session_create``.
    """
    session = Session(
        event=event,
        room=room,
        kind=kind,
        title=(title or "").strip(),
        description=(description or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        seat_limit=seat_limit,
    )
    _check_session(session)
    session.save()
    log_activity(actor=actor, action="event.session_create", obj=session, data={"kind": kind})
    return session


@transaction.atomic
def update_session(*, actor: Any, session: Session, **changes: Any) -> Session:
    """Change any of :data:`SESSION_FIELDS` of ``session`` (organisers).

    The same rules as :func:`create_session` apply; a seat limit cannot drop below the seats
    already taken (the session row is locked while they are counted). Records
    ``event.session_update`` with the changed fields.
    """
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These session fields cannot be changed: %s") % ", ".join(sorted(unknown))
        )
    session.refresh_from_db(from_queryset=Session.objects.select_for_update())
    for field, value in changes.items():
        setattr(session, field, value.strip() if isinstance(value, str) else value)
    _check_session(session)
    if session.seat_limit is not None:
        taken = seats_taken(session)
        if taken > session.seat_limit:
            raise ValidationError(
                {
                    "seat_limit": _(
                        "%(taken)d participants already hold a seat; the limit cannot be lower."
                    )
                    % {"taken": taken}
                }
            )
    session.save()
    log_activity(
        actor=actor, action="event.session_update", obj=session, data={"fields": sorted(changes)}
    )
    return session


@transaction.atomic
def delete_session(*, actor: Any, session: Session) -> None:
    """Delete a session with its speakers and agenda entries; accepted pitches keep their
    decision but lose the session. Records ``event.session_delete`` on the event."""
    event, title = session.event, session.title
    seats = session.agenda_entries.count()
    session.delete()
    log_activity(
        actor=actor,
        action="event.session_delete",
        obj=event,
        data={"session": title, "agenda_entries": seats},
    )


@transaction.atomic
def add_speaker(
    *,
    actor: Any,
    session: Session,
    user: Any | None = None,
    name: str = "",
    affiliation: str = "",
    role: str = "",
) -> SessionSpeaker:
    """Add a speaker to ``session``: a platform ``user`` (named after them with
    :func:`~smartregions.events.domain.people.display_name` unless ``name`` is given) or a
    guest known by ``name``, with an affiliation and a role (e.g. moderator).

    The name is published with the programme, so it is never an e-mail address: a name
    containing "@" is refused. A user speaks at most once per session. Records
    ``event.speaker_add``.
    """
    name = (name or "").strip()
    if "@" in name:
        raise ValidationError(
            {"name": _("Give the speaker's name, not an e-mail address: the programme is public.")}
        )
    if user is not None:
        name = name or display_name(user)
        if SessionSpeaker.objects.filter(session=session, user=user).exists():
            raise ValidationError({"user": _("%s already speaks in this session.") % name})
    elif not name:
        raise ValidationError({"name": _("Name the guest speaker or choose a platform user.")})
    position = (
        SessionSpeaker.objects.filter(session=session).aggregate(top=Max("position"))["top"] or 0
    ) + 1
    speaker = SessionSpeaker(
        session=session,
        user=user,
        name=name[:120],
        affiliation=(affiliation or "").strip(),
        role=(role or "").strip(),
        position=position,
    )
    speaker.full_clean(validate_constraints=False)
    speaker.save()
    log_activity(
        actor=actor,
        action="event.speaker_add",
        obj=session,
        data={"speaker": speaker.pk, "user": getattr(user, "pk", None)},
    )
    return speaker


@transaction.atomic
def remove_speaker(*, actor: Any, speaker: SessionSpeaker) -> None:
    """Remove a speaker from their session. Records ``event.speaker_remove``."""
    session, name = speaker.session, speaker.name
    speaker.delete()
    log_activity(actor=actor, action="event.speaker_remove", obj=session, data={"speaker": name})


def _participant_registration(actor: Any, event: Event) -> Registration:
    registration = (
        Registration.objects.filter(event=event, user=actor).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants keep a personal agenda."))
    return registration


@transaction.atomic
def add_to_agenda(*, actor: Any, session: Session) -> AgendaEntry:
    """Put ``session`` in ``actor``'s personal agenda (a confirmed participant's).

    For a session with a seat limit this takes a seat: the session row is locked
    (``select_for_update``) while the seats are counted, so concurrent requests for the last
    seat are served one after the other and the second is refused. Refused while the event is
    not published. Records ``event.agenda_add``.
    """
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    event = session.event
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("The agenda of a draft or cancelled event cannot change."))
    registration = _participant_registration(actor, event)
    if AgendaEntry.objects.filter(session=session, registration=registration).exists():
        raise ValidationError({"session": _("“%s” is already in your agenda.") % session.title})
    if session.seat_limit is not None:
        taken = seats_taken(session)
        if taken >= session.seat_limit:
            raise ValidationError(
                {
                    "session": ngettext(
                        "“%(title)s” is full (%(seats)d seat).",
                        "“%(title)s” is full (%(seats)d seats).",
                        session.seat_limit,
                    )
                    % {"title": session.title, "seats": session.seat_limit}
                }
            )
    try:
        with transaction.atomic():
            entry = AgendaEntry.objects.create(session=session, registration=registration)
    except IntegrityError:  # pragma: no cover - the lock above serialises duplicates
        raise ValidationError(
            {"session": _("“%s” is already in your agenda.") % session.title}
        ) from None
    log_activity(actor=actor, action="event.agenda_add", obj=session, data={"entry": entry.pk})
    return entry


@transaction.atomic
def remove_from_agenda(*, actor: Any, session: Session) -> None:
    """Take ``session`` out of ``actor``'s agenda, freeing its seat. Records
    ``event.agenda_remove``."""
    event = session.event
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("The agenda of a draft or cancelled event cannot change."))
    registration = _participant_registration(actor, event)
    deleted, _rows = AgendaEntry.objects.filter(session=session, registration=registration).delete()
    if not deleted:
        raise ValidationError({"session": _("“%s” is not in your agenda.") % session.title})
    log_activity(actor=actor, action="event.agenda_remove", obj=session)
