"""Background tasks of the events app (Django Tasks API): thin wrappers that take ids or ISO
dates, call the domain, and are safe to run twice."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_registration_confirmation(registration_id: int) -> bool:
    """E-mail the participant their confirmation with the event's ``.ics`` file attached.

    Queued once a confirmation commits (see
    :func:`~smartregions.events.domain.registration_notices.queue_confirmation_email`). A
    registration that was deleted, is no longer confirmed or was already e-mailed is skipped
    (returns ``False``).
    """
    from smartregions.events.domain.registration_notices import send_confirmation_email

    return send_confirmation_email(registration_id=registration_id)


@task()
def purge_registrations(today: str | None = None) -> dict[str, int]:
    """Delete the registrations whose retention date has passed (GDPR); returns the counts.

    ``today`` is an ISO date (default: today, UTC). Deleting again finds nothing more.
    """
    from smartregions.events.domain.registration import purge_expired_registrations

    return purge_expired_registrations(
        actor=None, today=dt.date.fromisoformat(today) if today else None
    )


@task()
def schedule_meetings(run_id: int) -> str:
    """Run the queued scheduler run ``run_id`` and write its schedule; returns its status.

    Queued by :func:`~smartregions.events.domain.scheduling.runs.run_scheduler` once the run
    commits. A run that already ran (or was claimed by another worker) is left as it is.
    """
    from smartregions.events.domain.scheduling.runs import perform_schedule_run

    return perform_schedule_run(run_id=run_id).status
