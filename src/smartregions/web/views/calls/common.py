"""Helpers of the calls pages: the call lookup, POST-only steps that run a domain call and
report back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from smartregions.calls.models import Call


def visible_call_or_404(
    request: HttpRequest, slug: str, calls: QuerySet[Call] | None = None
) -> Call:
    """The call ``slug`` (from ``calls``, default all) if the user may see it, else 404.

    Why: a draft call is private to staff; answering 403 or a sign-in page for it would tell
    anyone that it exists. Look the call up with this before checking what the user may do.
    """
    call = get_object_or_404(Call.objects.all() if calls is None else calls, slug=slug)
    if not request.user.has_perm("calls.view_call", call):
        raise Http404
    return call


def require_post(request: HttpRequest) -> HttpResponse | None:
    """``None`` for a POST, else the 405 response to return."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def check(request: HttpRequest, perm: str, obj: Any) -> None:
    """403 unless the user holds ``perm`` on ``obj`` (views sign anonymous users in first)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


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


def flash_form_errors(request: HttpRequest, form: Form) -> None:
    """Flash a bound form's errors, naming the field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
