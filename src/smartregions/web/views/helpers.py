"""Small helpers shared by the web views: pagination, htmx partials and permission checks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def paginate(request: HttpRequest, items: Any, per_page: int) -> Page:
    """The page of ``items`` named by ``?page=`` (out-of-range numbers give the last page)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string without ``page``, for pagination links that keep the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def wants_partial(request: HttpRequest) -> bool:
    """True for an htmx request that swaps part of the page (not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page_or_partial(
    request: HttpRequest, *, page: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """Render the full ``page`` template, or only ``partial`` for an htmx filter update.

    Both variants live at the same URL, so the response varies on the ``HX-Request`` header
    (otherwise a cache or the browser's back button could show a fragment as a page).
    """
    template = partial if wants_partial(request) else page
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def check_permission(request: HttpRequest, perm: str, obj: Any) -> HttpResponse | None:
    """Send anonymous visitors to the login page; refuse (403) users lacking ``perm`` on ``obj``.

    Returns the redirect for anonymous users, ``None`` when the user may go on, and raises
    :class:`PermissionDenied` otherwise. Every edit view calls it before touching data.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return None


def add_domain_errors(form: Form, error: ValidationError) -> None:
    """Show a domain :class:`ValidationError` on ``form``: on the field it names, if the form has
    that field, else as a form-wide error. Domain functions validate again what forms checked,
    so a rule only the domain knows still reaches the user as a readable message."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
