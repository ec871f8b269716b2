"""Recording activity-log entries; every domain write calls :func:`log_activity`."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from smartregions.common.models import ActivityLogEntry


def log_activity(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLogEntry:
    """Append an entry to the activity log.

    ``action`` is a dotted verb such as ``"priority.update"``; ``actor`` is the user (or ``None``
    for system work such as a command-line import); ``data`` holds a small JSON summary (changed
    fields, row counts). Runs inside the caller's transaction, so a rolled-back write leaves no
    entry behind.
    """
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = ActivityLogEntry(actor=actor_obj, action=action, data=data or {})
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:300]
    entry.save()
    return entry
