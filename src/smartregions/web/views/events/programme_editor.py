"""The organisers' programme editor: rooms, sessions and their speakers, with the
programme's conflicts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.events.domain import programme as programme_domain
from smartregions.events.domain.queries.programme import (
    event_rooms,
    programme_conflicts,
    programme_sessions,
)
from smartregions.events.forms.programme import RoomForm, SessionForm, SpeakerForm
from smartregions.events.models import Event, Room, Session, SessionSpeaker
from smartregions.web.views.events.programme import (
    event_context,
    event_or_404,
    require_post,
    run,
)
from smartregions.web.views.helpers import add_domain_errors, check_permission


def _managed_event(request: HttpRequest, slug: str) -> tuple[Event, HttpResponse | None]:
    event = event_or_404(request, slug)
    return event, check_permission(request, "events.manage_programme", event)


def _manage_page(
    request: HttpRequest,
    event: Event,
    *,
    room_form: RoomForm | None = None,
    session_form: SessionForm | None = None,
) -> HttpResponse:
    sessions = list(programme_sessions(event))
    context = event_context(
        request,
        event,
        rooms=list(event_rooms(event)),
        sessions=sessions,
        conflicts=programme_conflicts(sessions),
        room_form=room_form or RoomForm(prefix="room"),
        session_form=session_form or SessionForm(event=event, prefix="session"),
    )
    return render(request, "web/events/programme/manage.html", context)


def programme_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers' programme editor: rooms, sessions, conflicts, and forms to add more."""
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    return _manage_page(request, event)


def _manage_url(event: Event) -> str:
    return reverse("web:event-programme-manage", args=[event.slug])


def room_add(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a new room; the editor again with the errors if it is refused."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    form = RoomForm(request.POST, prefix="room")
    if form.is_valid():
        try:
            room = programme_domain.create_room(
                actor=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The room “%s” was added.") % room.name)
            return redirect(_manage_url(event))
    return _manage_page(request, event, room_form=form)


def _event_row(model: type, event: Event, pk: int) -> Any:
    return get_object_or_404(model.objects.filter(event=event), pk=pk)


def room_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Rename a room, change its capacity or position."""
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    room = _event_row(Room, event, pk)
    form = RoomForm(request.POST or None, room=room)
    if request.method == "POST" and form.is_valid():
        try:
            programme_domain.update_room(actor=request.user, room=room, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The room was saved."))
            return redirect(_manage_url(event))
    return render(
        request,
        "web/events/programme/room.html",
        event_context(request, event, room=room, form=form),
    )


def room_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST delete a room (its sessions stay, without a room)."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    room = _event_row(Room, event, pk)
    run(
        request,
        lambda: programme_domain.delete_room(actor=request.user, room=room),
        _("The room was deleted."),
    )
    return redirect(_manage_url(event))


def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    """POST a new session; then its page, to add speakers."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    form = SessionForm(request.POST, event=event, prefix="session")
    if form.is_valid():
        try:
            session = programme_domain.create_session(
                actor=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The session “%s” was added.") % session.title)
            return redirect("web:event-session-edit", slug=event.slug, pk=session.pk)
    return _manage_page(request, event, session_form=form)


def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A session's settings and its speakers."""
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    session = _event_row(Session, event, pk)
    form = SessionForm(request.POST or None, event=event, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            programme_domain.update_session(
                actor=request.user, session=session, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("web:event-session-edit", slug=event.slug, pk=session.pk)
    return _session_page(request, event, session, form=form)


def _session_page(
    request: HttpRequest,
    event: Event,
    session: Session,
    *,
    form: SessionForm | None = None,
    speaker_form: SpeakerForm | None = None,
) -> HttpResponse:
    context = event_context(
        request,
        event,
        session=session,
        speakers=list(session.speakers.select_related("user")),
        form=form or SessionForm(event=event, session=session),
        speaker_form=speaker_form or SpeakerForm(prefix="speaker"),
    )
    return render(request, "web/events/programme/session.html", context)


def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST delete a session with its speakers and agenda entries."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    session = _event_row(Session, event, pk)
    run(
        request,
        lambda: programme_domain.delete_session(actor=request.user, session=session),
        _("The session was deleted."),
    )
    return redirect(_manage_url(event))


def speaker_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST a speaker (a platform user by e-mail, or a guest) to a session."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    session = _event_row(Session, event, pk)
    form = SpeakerForm(request.POST, prefix="speaker")
    if form.is_valid():
        try:
            speaker = programme_domain.add_speaker(
                actor=request.user, session=session, **form.speaker()
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("%s was added as a speaker.") % speaker.name)
            return redirect("web:event-session-edit", slug=event.slug, pk=session.pk)
    return _session_page(request, event, session, speaker_form=form)


def speaker_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """POST remove a speaker from their session."""
    if (refused := require_post(request)) is not None:
        return refused
    event, login = _managed_event(request, slug)
    if login is not None:
        return login
    speaker = get_object_or_404(SessionSpeaker.objects.filter(session__event=event), pk=pk)
    session_pk = speaker.session_id
    run(
        request,
        lambda: programme_domain.remove_speaker(actor=request.user, speaker=speaker),
        _("The speaker was removed."),
    )
    return redirect("web:event-session-edit", slug=event.slug, pk=session_pk)
