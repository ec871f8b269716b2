"""Background tasks of the common app (Django Tasks API): they take ids and are idempotent."""

from __future__ import annotations

from django_tasks import task

from smartregions.common.domain.notifications import send_pending_emails


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the e-mail copies of ``notification_ids`` that have not gone out yet.

    Queued by :func:`~smartregions.common.domain.notifications.notify` once the write that
    caused the notifications commits. A mail-server failure fails this task (and is recorded
    with it), never the user's request; a retry sends only the messages still missing.
    """
    return send_pending_emails(notification_ids=notification_ids)
