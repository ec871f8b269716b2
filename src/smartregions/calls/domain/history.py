"""The application's status history, written by every workflow step that changes the status."""

from __future__ import annotations

from typing import Any

from smartregions.calls.models import Application, ApplicationStatusChange


def change_application_status(
    *, application: Application, to_status: str, by: Any | None, note: str = ""
) -> ApplicationStatusChange:
    """Set ``application.status`` to ``to_status``, save it, and append the history row.

    The caller has locked the row and checked that the transition is allowed; this only
    records it, so every workflow (drafting, submission, evaluation, decisions) writes the
    same audit trail.
    """
    change = ApplicationStatusChange.objects.create(
        application=application,
        stage=application.stage,
        from_status=application.status,
        to_status=to_status,
        by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
    )
    application.status = to_status
    # The caller sets submission/withdrawal times and the stage together with the status.
    application.save(
        update_fields=["status", "stage", "submitted_at", "withdrawn_at", "updated_at"]
    )
    return change


def record_application_start(
    *, application: Application, by: Any | None
) -> ApplicationStatusChange:
    """Append the first history row of a new application (nothing -> draft)."""
    return ApplicationStatusChange.objects.create(
        application=application,
        stage=application.stage,
        from_status="",
        to_status=application.status,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
