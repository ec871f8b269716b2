"""Notifying users: an in-app notification per recipient and an e-mail once the write commits.

Domain functions call :func:`notify` inside their transaction. The notification rows roll back
with the write; the e-mail goes out in ``transaction.on_commit``, so nothing is announced that
did not happen.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from smartregions.common.models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    exclude: Any | None = None,
) -> list[Notification]:
    """Notify each active user in ``recipients`` (deduplicated; ``exclude`` is skipped).

    Creates one :class:`Notification` per user and, when ``email`` is true, sends each an
    e-mail with the title as subject and the body plus the absolute link, after commit.
    Returns the notifications created.
    """
    users = {}
    for user in recipients:
        if user is None or not getattr(user, "is_active", False):
            continue
        if exclude is not None and user.pk == getattr(exclude, "pk", None):
            continue
        users[user.pk] = user
    if not users:
        return []
    notes = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, title=title[:300], body=body, url=url)
            for user in users.values()
        ]
    )
    if email:
        link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else ""
        text = "\n\n".join(part for part in (body, link) if part)
        messages = tuple(
            (f"[smartregions] {title}", text, settings.DEFAULT_FROM_EMAIL, [user.email])
            for user in users.values()
            if user.email
        )
        if messages:
            transaction.on_commit(partial(send_mass_mail, messages, fail_silently=False))
    return notes


@transaction.atomic
def mark_notifications_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications ``ids`` (all unread ones when ``None``) as read.

    Returns how many changed. Other users' notifications are never touched.
    """
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def unread_count(user: Any) -> int:
    """How many unread notifications ``user`` has (0 for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
