"""The notifications page, the header badge (loaded by htmx) and marking notifications read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from smartregions.common.domain.notifications import mark_notifications_read, unread_count
from smartregions.common.models import Notification
from smartregions.web.views.helpers import paginate, query_without_page

PER_PAGE = 30


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; ``?unread=1`` shows only unread ones."""
    only_unread = request.GET.get("unread") == "1"
    notes = Notification.objects.filter(recipient=request.user)
    if only_unread:
        notes = notes.filter(read_at__isnull=True)
    return render(
        request,
        "web/notifications/list.html",
        {
            "page": paginate(request, notes, PER_PAGE),
            "only_unread": only_unread,
            "unread": unread_count(request.user),
            "query": query_without_page(request),
        },
    )


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The header link with the unread count; swapped in by htmx after the page loads.

    Loading it separately keeps every page's own queries independent of notifications.
    """
    return render(request, "web/notifications/_badge.html", {"unread": unread_count(request.user)})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark the posted notification ids (or, with none, all) of the user as read."""
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    mark_notifications_read(user=request.user, ids=ids or None)
    return redirect("web:notification-list")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to the page it links to (site-relative links only)."""
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_notifications_read(user=request.user, ids=[note.pk])
    safe = note.url and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(note.url if safe else "web:notification-list")
