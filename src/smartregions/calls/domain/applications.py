"""The application workflow: start a draft, edit it, submit it, withdraw it.

Transitions (each a domain function; the surfaces check who may call it with
:mod:`smartregions.calls.rules.applications`)::

    (start) --> draft --submit--> submitted --(evaluation)--> under review --> accepted
                  |                   |                            |     \\--> rejected
                  +------withdraw-----+-----------withdraw---------+--> withdrawn

In a two-stage call the panel's "advance" decision (evaluation) puts a stage-1 application back
to ``draft`` at stage 2, where it is drafted and submitted again against the full-application
deadline and the stage-2 fields. Only drafts of an open call change; every status change is
written to the application's history by
:func:`~smartregions.calls.domain.history.change_application_status`. The consortium is managed
in :mod:`smartregions.calls.domain.co_applicants`, files in
:mod:`smartregions.calls.domain.attachments`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.calls.domain import notifications_applications as notifications
from smartregions.calls.domain.answers import clean_answers
from smartregions.calls.domain.eligibility import (
    Check,
    check_eligibility,
    confirmed_co_applicants,
    submission_window,
)
from smartregions.calls.domain.evaluation.assignment import cancel_open_reviews
from smartregions.calls.domain.guards import (
    check_editable,
    lock_application,
    lock_call_and_application,
)
from smartregions.calls.domain.history import change_application_status, record_application_start
from smartregions.calls.domain.queries.applications import (
    applications_with_details,
    has_been_submitted,
)
from smartregions.calls.domain.times import format_in_zone
from smartregions.calls.enums import ApplicationStatus, CallStatus
from smartregions.calls.models import Application, ApplicationSubmission, Call, CallField
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Region, ThematicArea

#: Fields :func:`update_application` may change.
EDITABLE_FIELDS = ("title", "acronym", "summary", "thematic_area", "answers")
#: States from which an application may be withdrawn (not once it has been decided).
WITHDRAWABLE_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
)


def stage_fields(application: Application) -> list[CallField]:
    """The form fields of the application's current stage (reads the call's fields)."""
    return [f for f in application.call.fields.all() if f.stage == application.stage]


def _check_area(call: Call, area: ThematicArea | None) -> None:
    if area is None:
        return
    allowed = {a.pk for a in call.thematic_areas.all()}
    if allowed and area.pk not in allowed:
        raise ValidationError(
            {"thematic_area": _("%s is not one of the call's thematic areas.") % area.name}
        )


@transaction.atomic
def start_application(
    *,
    actor: Any,
    call: Call,
    title: str,
    lead_region: Region | None = None,
    lead_organisation: Organisation | None = None,
    acronym: str = "",
    summary: str = "",
    thematic_area: ThematicArea | None = None,
    is_synthetic: bool = False,
) -> Application:
    """Start a draft application to a published call, led by a region and/or an organisation.

    The caller has checked that ``actor`` acts for the lead. The call must still take
    applications (its first deadline, or final closing, not passed). Records
    ``application.start`` and the first history row.
    """
    if call.status != CallStatus.PUBLISHED:
        raise ValidationError({"call": _("The call is not open for applications.")})
    if call.deadline is not None and timezone.now() > call.deadline:
        raise ValidationError(
            {
                "call": _("The deadline passed on %s; the call takes no new applications.")
                % format_in_zone(call.deadline, call.timezone)
            }
        )
    if lead_region is None and lead_organisation is None:
        raise ValidationError({"lead_region": _("Choose the region or organisation that leads.")})
    _check_area(call, thematic_area)
    application = Application(
        call=call,
        title=title.strip(),
        acronym=acronym.strip(),
        summary=summary.strip(),
        lead_region=lead_region,
        lead_organisation=lead_organisation,
        thematic_area=thematic_area,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_synthetic=is_synthetic,
    )
    application.full_clean()
    application.save()
    record_application_start(application=application, by=actor)
    log_activity(actor=actor, action="application.start", obj=application, data={"call": call.slug})
    return application


@transaction.atomic
def update_application(*, actor: Any, application: Application, **changes: Any) -> Application:
    """Change a draft: its title, acronym, summary, thematic area and answers.

    ``answers`` holds answers to the current stage's fields (key -> value); each given key is
    validated for its field type (:func:`~smartregions.calls.domain.answers.clean_answers`)
    and replaces the stored answer, a blank value removes it; answers of earlier stages stay as
    submitted. Records ``application.update`` with the changed fields.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    lock_application(application)
    check_editable(application)
    call = application.call
    if "thematic_area" in changes:
        _check_area(call, changes["thematic_area"])
    if "answers" in changes:
        given: Mapping[str, Any] = changes["answers"] or {}
        cleaned = clean_answers(stage_fields(application), given)
        answers = {k: v for k, v in application.answers.items() if k not in given}
        answers.update(cleaned)
        changes["answers"] = answers
    for key in ("title", "acronym", "summary"):
        if isinstance(changes.get(key), str):
            changes[key] = changes[key].strip()
    changed = sorted(k for k, v in changes.items() if getattr(application, k) != v)
    for key in changed:
        setattr(application, key, changes[key])
    application.full_clean()
    application.save()
    log_activity(
        actor=actor, action="application.update", obj=application, data={"changed": changed}
    )
    return application


def build_snapshot(application: Application, checks: list[Check]) -> dict[str, Any]:
    """What is frozen at submission: texts, answers with their questions, consortium, files."""
    lead_org = application.lead_organisation
    return {
        "call": application.call.slug,
        "stage": application.stage,
        "title": application.title,
        "acronym": application.acronym,
        "summary": application.summary,
        "thematic_area": application.thematic_area.slug if application.thematic_area else None,
        "lead_region": application.lead_region.code if application.lead_region_id else None,
        "lead_organisation": lead_org.name if lead_org is not None else None,
        "fields": [
            {"key": f.key, "label": f.label, "type": f.type, "stage": f.stage}
            for f in application.call.fields.all()
            if f.stage <= application.stage
        ],
        "answers": application.answers,
        "co_applicants": [
            {
                "region": co.region.code if co.region_id else None,
                "organisation": co.organisation.name if co.organisation_id else None,
                "commitment_letter": co.commitment_letter.sha256 if co.commitment_letter else None,
            }
            for co in confirmed_co_applicants(application)
        ],
        "attachments": [
            {
                "id": a.pk,
                "kind": a.kind,
                "name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in application.attachments.all()
        ],
        "eligibility": [check.as_dict() for check in checks],
    }


@transaction.atomic
def submit_application(*, actor: Any, application: Application) -> Application:
    """Submit a draft at its current stage, if it is eligible and on time.

    The time of the submission is taken first, when the request reaches this function, before
    waiting for any lock: a submission that arrives before the deadline but queues behind other
    submissions (or behind the closing of the call) is judged by when it arrived, not by when
    its turn came. The server's clock decides: a submission at the deadline is on time, one
    after it is refused. For a rolling call the submission goes to the next cut-off.

    Then it locks the call's row and the application's (:func:`lock_call_and_application`) and
    re-reads everything: two submits at once give one submission (the second sees a submitted
    application), a co-applicant's last-second change is seen, and a submission racing
    :func:`~smartregions.calls.domain.calls.close_call` either lands before the call closes or
    sees it closed and is refused. Freezes an :class:`ApplicationSubmission` snapshot, moves to
    ``submitted``, notifies applicants, confirmed co-applicants and platform staff. Records
    ``application.submit``.
    """
    now = timezone.now()
    lock_call_and_application(application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            {
                "status": _("The application is already %s.")
                % application.get_status_display().lower()
            }
        )
    fresh = applications_with_details().get(pk=application.pk)
    window = submission_window(fresh, now)
    if not window.ok:
        raise ValidationError({"deadline": _("Not submitted: %s") % window.message})
    checks = check_eligibility(fresh, now=now)
    failing = [check.message for check in checks if not check.ok]
    if failing:
        raise ValidationError({"eligibility": failing})
    application.submitted_at = now
    application.cutoff = window.cutoff
    application.save(update_fields=["cutoff"])
    ApplicationSubmission.objects.create(
        application=application,
        stage=application.stage,
        submitted_at=now,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        snapshot={
            **build_snapshot(fresh, checks),
            "submitted_at": now.isoformat(),
            "cutoff": window.cutoff.at.isoformat() if window.cutoff else None,
        },
    )
    change_application_status(
        application=application, to_status=ApplicationStatus.SUBMITTED, by=actor
    )
    log_activity(
        actor=actor,
        action="application.submit",
        obj=application,
        data={"stage": application.stage, "cutoff": window.cutoff.pk if window.cutoff else None},
    )
    notifications.notify_submitted(application, actor=actor)
    return application


@transaction.atomic
def withdraw_application(*, actor: Any, application: Application, reason: str) -> Application:
    """Withdraw a draft, submitted or under-review application, giving the reason.

    Not possible once decided (accepted or rejected). The open reviews of an application under
    review are taken back and their experts told
    (:func:`~smartregions.calls.domain.evaluation.assignment.cancel_open_reviews`). Notifies
    applicants and confirmed co-applicants, and platform staff if it had been submitted.
    Records ``application.withdraw``.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application is withdrawn.")})
    lock_application(application)
    if application.status not in WITHDRAWABLE_STATUSES:
        raise ValidationError(
            {
                "status": _("A %s application cannot be withdrawn.")
                % application.get_status_display().lower()
            }
        )
    was_submitted = has_been_submitted(application)
    under_review = application.status == ApplicationStatus.UNDER_REVIEW
    application.withdrawn_at = timezone.now()
    change_application_status(
        application=application, to_status=ApplicationStatus.WITHDRAWN, by=actor, note=reason
    )
    log_activity(actor=actor, action="application.withdraw", obj=application)
    if under_review:
        cancel_open_reviews(actor=actor, application=application)
    notifications.notify_withdrawn(
        application, actor=actor, note=reason, was_submitted=was_submitted
    )
    return application
