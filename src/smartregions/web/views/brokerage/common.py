"""Helpers shared by the brokerage views: permission-checked POST handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect


def require_post(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def posted_id(request: HttpRequest, name: str) -> int:
    """The id posted in field ``name``; 404 when it is missing or not a whole number (a
    hand-made POST must not crash the view)."""
    value = request.POST.get(name, "")
    if not value.isdecimal():
        raise Http404
    return int(value)


def check(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 unless the signed-in user holds ``perm`` on ``obj`` (anonymous users are sent to the
    login page by the ``login_required`` decorator first)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def run_and_redirect(
    request: HttpRequest, work: Callable[[], Any], success: str, target: str, **kwargs: Any
) -> HttpResponse:
    """Run a domain call; flash its success or every validation message, then redirect."""
    try:
        work()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(target, **kwargs)


def form_errors(request: HttpRequest, form: Any) -> None:
    """Flash a bound form's errors, naming the field."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
