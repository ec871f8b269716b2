"""The programme pages: the timetable (grid and list) with conflicts for organisers, its
iCalendar file, and the personal agenda with its private calendar feed. The organisers' editor
is :mod:`smartregions.web.views.events.programme_editor`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from smartregions.events.domain import programme as programme_domain
from smartregions.events.domain.ical import CONTENT_TYPE
from smartregions.events.domain.queries.programme import (
    agenda_feed_token,
    agenda_ics,
    agenda_session_ids,
    agenda_sessions,
    overlapping_pairs,
    programme_conflicts,
    programme_ics,
    programme_sessions,
    registration_for_feed_token,
    timetable,
)
from smartregions.events.models import Event, Session
from smartregions.events.rules.base import can_view_event, is_event_organiser, registration_of
from smartregions.web.views.helpers import check_permission, wants_partial


def event_or_404(request: HttpRequest, slug: str) -> Event:
    """The event ``slug`` if the user may see it, else 404 (a draft's existence stays private)."""
    event = get_object_or_404(Event.objects.select_related("country"), slug=slug)
    if not can_view_event(request.user, event):
        raise Http404
    return event


def event_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    """What the event layout needs (``event``, ``is_organiser``) plus ``extra``."""
    return {"event": event, "is_organiser": is_event_organiser(request.user, event), **extra}


def require_post(request: HttpRequest) -> HttpResponse | None:
    """``None`` for a POST, else the 405 response to return."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def run(request: HttpRequest, work: Callable[[], Any], success: str) -> bool:
    """Run a domain call; flash ``success`` or every validation message. True if it worked."""
    try:
        work()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def flash_form_errors(request: HttpRequest, form: Any) -> None:
    """Flash a bound form's errors, naming the field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` field of the POST if it is a link within this site, else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- The timetable -------------------------------------------------------------------------


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    """The timetable by day: a rooms x time grid on wide screens and a list (always with
    ``?view=list``), times in the event's zone; conflicts for organisers; agenda buttons for
    confirmed participants."""
    event = event_or_404(request, slug)
    user = request.user
    sessions = list(programme_sessions(event))
    organiser = user.has_perm("events.manage_programme", event)
    has_agenda = user.has_perm("events.view_agenda", event)
    context = event_context(
        request,
        event,
        days=timetable(event, sessions),
        view="list" if request.GET.get("view") == "list" else "grid",
        can_manage=organiser,
        conflicts=programme_conflicts(sessions)
        if user.has_perm("events.view_programme_conflicts", event)
        else [],
        has_agenda=has_agenda,
        can_change_agenda=user.has_perm("events.change_agenda", event),
        in_agenda=agenda_session_ids(registration_of(user, event)) if has_agenda else frozenset(),
    )
    return render(request, "web/events/programme/programme.html", context)


def programme_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole programme as an iCalendar file."""
    event = event_or_404(request, slug)
    url = request.build_absolute_uri(reverse("web:event-programme", args=[event.slug]))
    body = programme_ics(event, programme_sessions(event), url=url)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-programme.ics"'
    return response


# --- The personal agenda -------------------------------------------------------------------


def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """A confirmed participant's agenda: their sessions, a warning for each overlapping pair,
    the download and the private feed address to subscribe to."""
    event = event_or_404(request, slug)
    if (login := check_permission(request, "events.view_agenda", event)) is not None:
        return login
    registration = registration_of(request.user, event)
    sessions = list(agenda_sessions(registration))
    token = agenda_feed_token(registration)
    feed = request.build_absolute_uri(reverse("web:event-agenda-feed", args=[event.slug, token]))
    context = event_context(
        request,
        event,
        sessions=sessions,
        in_agenda=frozenset(session.pk for session in sessions),
        overlaps=overlapping_pairs(sessions),
        feed_url=feed,
        can_change_agenda=request.user.has_perm("events.change_agenda", event),
    )
    return render(request, "web/events/programme/agenda.html", context)


def agenda_change(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    """POST add or remove a session to/from the user's agenda. An htmx request gets the
    session's agenda button back, with the outcome announced; others go back to ``next``."""
    if (refused := require_post(request)) is not None:
        return refused
    if verb not in ("add", "remove"):
        raise Http404
    event = event_or_404(request, slug)
    session = get_object_or_404(Session.objects.filter(event=event), pk=pk)
    if (login := check_permission(request, "events.change_agenda", event)) is not None:
        return login
    step = programme_domain.add_to_agenda if verb == "add" else programme_domain.remove_from_agenda
    done = (
        _("“%s” is in your agenda.") if verb == "add" else _("“%s” left your agenda.")
    ) % session.title
    error = ""
    try:
        step(actor=request.user, session=session)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if wants_partial(request):
        registration = registration_of(request.user, event)
        session = programme_sessions(event).get(pk=session.pk)
        context = {
            "event": event,
            "session": session,
            "in_agenda": agenda_session_ids(registration),
            "can_change_agenda": True,
            "next_url": safe_next(request, reverse("web:event-programme", args=[event.slug])),
            "outcome": error or done,
            "failed": bool(error),
        }
        return render(request, "web/events/programme/_agenda_button.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(safe_next(request, reverse("web:event-agenda", args=[event.slug])))


def agenda_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The agenda as an iCalendar feed at a private address (no sign-in: the signed token
    names the registration). 404 for a bad token, a registration no longer confirmed or
    registered again since, and from 30 days after the event's end."""
    event = get_object_or_404(Event, slug=slug)
    registration = registration_for_feed_token(token, event)
    if registration is None:
        raise Http404
    url = request.build_absolute_uri(reverse("web:event-programme", args=[event.slug]))
    body = agenda_ics(registration, agenda_sessions(registration), url=url)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{event.slug}-agenda.ics"'
    return response
