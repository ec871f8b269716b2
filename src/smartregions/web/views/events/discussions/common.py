"""Helpers shared by the table-discussion views: loading the event a user may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from smartregions.events.domain.queries.discussions import event_for_discussions
from smartregions.events.models import Event
from smartregions.web.views.brokerage.common import form_errors, run_and_redirect


class LoginNeeded(Exception):  # noqa: N818 - a control-flow signal, not an error
    """An anonymous visitor asked for a page only some signed-in users may see."""


def signs_in_when_needed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send anonymous visitors to the login page when the view raises :class:`LoginNeeded`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LoginNeeded:
            return redirect_to_login(request.get_full_path())

    return wrapped


def visible_event(request: HttpRequest, slug: str) -> Event:
    """The event ``slug`` if the user may see its discussions (``events.view_discussions``).

    A draft is hidden: anonymous visitors are asked to sign in (they may organise it), other
    users get a 404, so its existence is not revealed.
    """
    try:
        event = event_for_discussions(slug)
    except Event.DoesNotExist:
        raise Http404 from None
    if request.user.has_perm("events.view_discussions", event):
        return event
    if not request.user.is_authenticated:
        raise LoginNeeded
    raise Http404


def event_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    """What the event layout needs (``event``, ``is_organiser``) plus ``extra``."""
    return {
        "event": event,
        "is_organiser": request.user.has_perm("events.manage_discussions", event),
        **extra,
    }


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """Flash every message of a domain refusal."""
    for message in error.messages:
        messages.error(request, message)


def run_form(
    request: HttpRequest,
    form: Form,
    work: Callable[[dict[str, Any]], Any],
    success: str,
    target: str,
    **kwargs: Any,
) -> HttpResponse:
    """Validate ``form``, then run ``work(cleaned_data)``; flash the outcome and redirect to
    ``target`` either way."""
    if not form.is_valid():
        form_errors(request, form)
        return redirect(target, **kwargs)
    return run_and_redirect(request, lambda: work(form.cleaned_data), success, target, **kwargs)
