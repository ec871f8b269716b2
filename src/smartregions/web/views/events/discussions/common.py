"""Helpers shared by the table-discussion views: loading the event a user may see, and
flashing the outcome of a domain call. The events' own helpers (``check``, ``run``,
``require_post``, ``visible_event_or_404``) live in :mod:`smartregions.web.views.events.calendar`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from smartregions.events.domain.queries.discussions import events_for_discussions
from smartregions.events.models import Event
from smartregions.web.views.events.calendar import run, visible_event_or_404


def visible_event(request: HttpRequest, slug: str) -> Event:
    """The event ``slug`` (organisers prefetched) if the user may see it, else 404.

    A draft answers 404 to anyone who may not see it, signed in or not, exactly like an
    unknown slug, so its existence is not revealed.
    """
    return visible_event_or_404(request, slug, events_for_discussions())


def posted_id(request: HttpRequest, name: str) -> int:
    """The id posted in field ``name``; 404 when it is missing or not a whole number (a
    hand-made POST must not crash the view)."""
    value = request.POST.get(name, "")
    if not value.isdecimal():
        raise Http404
    return int(value)


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


def form_errors(request: HttpRequest, form: Form) -> None:
    """Flash a bound form's errors, naming the field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def run_and_redirect(
    request: HttpRequest, work: Callable[[], Any], success: str, target: str, **kwargs: Any
) -> HttpResponse:
    """Run a domain call (flashing its success or every refusal), then redirect to
    ``target``."""
    run(request, work, success)
    return redirect(target, **kwargs)


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
