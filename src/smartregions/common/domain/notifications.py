"""Notifying users: an in-app notification per recipient and an e-mail once the write commits.

Domain functions call :func:`notify` inside their transaction. The notification rows roll back
with the write; the e-mail copies are queued as a background task once the transaction commits
(:func:`smartregions.common.tasks.send_notification_emails`), so nothing is announced that did
not happen, a request never waits on the mail server, and a mail-server failure cannot turn a
committed write into an error page.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
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
        ids = [note.pk for note in notes if note.recipient.email]
        if ids:
            transaction.on_commit(partial(_enqueue_emails, ids))
    return notes


def _enqueue_emails(ids: list[int]) -> None:
    from smartregions.common.tasks import send_notification_emails

    send_notification_emails.enqueue(notification_ids=ids)


def send_pending_emails(*, notification_ids: Iterable[int]) -> int:
    """E-mail each of ``notification_ids`` not e-mailed yet; returns how many were sent.

    Each message carries the notification's title as subject and its body plus the absolute
    link. A notification is marked ``emailed_at`` only after its message went out, so running
    this again (a retried task) sends only what is still missing.
    """
    pending = list(
        Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for note in pending:
            if not note.recipient.email or not note.recipient.is_active:
                continue
            link = f"{settings.SITE_URL.rstrip('/')}{note.url}" if note.url else ""
            message = EmailMessage(
                subject=f"[smartregions] {note.title}",
                body="\n\n".join(part for part in (note.body, link) if part),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[note.recipient.email],
                connection=connection,
            )
            message.send(fail_silently=False)
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


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
