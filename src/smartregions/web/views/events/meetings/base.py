"""What every B2B meeting page shares: the event lookup (404 for an event without
matchmaking or one the user may not see), the permission check (anonymous visitors sign in,
others get 403), POST-only steps that run a domain call and flash its outcome."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect

from smartregions.events.domain.queries import matchmaking as queries
from smartregions.events.models import Event, Meeting, MeetingSession, Registration
from smartregions.events.rules.base import is_event_organiser


def matchmaking_event(request: HttpRequest, slug: str) -> Event:
    """The matchmaking event ``slug`` if the user may see the event, else 404."""
    event = queries.visible_matchmaking_event(request.user, slug)
    if event is None:
        raise Http404
    return event


def allow(request: HttpRequest, perm: str, obj: Any) -> None:
    """Anonymous users sign in first (raised as a redirect); others without ``perm`` get 403."""
    if not request.user.is_authenticated:
        raise SignIn
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


class SignIn(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised by :func:`allow` for anonymous visitors; :func:`page` turns it into a redirect."""


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send anonymous visitors who need to sign in to the login page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except SignIn:
            return redirect_to_login(request.get_full_path())

    return wrapped


def post_only(request: HttpRequest) -> HttpResponse | None:
    """``None`` for a POST, else the 405 response to return."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def event_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    """What the event layout needs (``event``, ``is_organiser``) plus ``extra``."""
    return {"event": event, "is_organiser": is_event_organiser(request.user, event), **extra}


def run(request: HttpRequest, work: Callable[[], Any], success: str) -> bool:
    """Run a domain call; flash ``success`` or each validation message. True if it worked."""
    try:
        work()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def flash_form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def me_in(request: HttpRequest, event: Event) -> Registration | None:
    return queries.participant_registration(request.user, event)


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page named by the form's ``next`` (a local path), else ``fallback``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


def meeting_session_of(event: Event, session_pk: int) -> MeetingSession:
    return get_object_or_404(
        MeetingSession.objects.select_related("event"), pk=session_pk, event=event
    )


def meeting_of(request: HttpRequest, event: Event, pk: int, perm: str) -> Meeting:
    meeting = queries.event_meeting(event, pk)
    if meeting is None:
        raise Http404
    allow(request, perm, meeting)
    return meeting
