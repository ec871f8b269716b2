"""E-mail notices of the marketplace, sent after the surrounding transaction commits."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

#: Base of the links in e-mails when the ``SITE_URL`` setting is not configured.
DEFAULT_SITE_URL = "http://localhost:8000"
SUBJECT_PREFIX = "[smartregions] "


def absolute_url(view_name: str, *args: object) -> str:
    """The absolute URL of a web page, for links in e-mails (``SITE_URL`` + path)."""
    base = getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL
    return base.rstrip("/") + reverse(view_name, args=args)


def queue_mail(*, subject: str, body: str, recipients: Sequence[str]) -> None:
    """Send a plain-text e-mail once the current transaction commits (never for a rollback).

    Nothing is queued without recipients. Each recipient gets a separate message, so no
    address is disclosed to the others.
    """
    for recipient in sorted(set(recipients)):
        transaction.on_commit(
            partial(
                send_mail,
                SUBJECT_PREFIX + subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient],
                fail_silently=False,
            )
        )
