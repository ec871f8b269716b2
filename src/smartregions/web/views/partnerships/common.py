"""Helpers shared by the partnership views: loading a partnership the user may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from smartregions.partnerships.domain.queries.partnerships import partnership_for_rules
from smartregions.partnerships.models import Partnership


class LoginNeeded(Exception):  # noqa: N818 - a control-flow signal, not an error
    """An anonymous visitor asked for something only some signed-in users may see."""


def signs_in_when_needed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send anonymous visitors to the login page when the view raises :class:`LoginNeeded`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LoginNeeded:
            return redirect_to_login(request.get_full_path())

    return wrapped


def visible_partnership(request: HttpRequest, slug: str, queryset: Any = None) -> Partnership:
    """The partnership ``slug`` if the user may see it (``partnerships.view_partnership``).

    A forming partnership is hidden: anonymous visitors are asked to sign in (it may be
    theirs: :func:`signs_in_when_needed`), other users get a 404, so its existence is not
    revealed.
    """
    partnership = get_object_or_404(
        queryset if queryset is not None else partnership_for_rules(), slug=slug
    )
    if request.user.has_perm("partnerships.view_partnership", partnership):
        return partnership
    if not request.user.is_authenticated:
        raise LoginNeeded
    raise Http404
