"""Named reads of applications: one with everything its page shows, the lists people see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.calls.enums import ApplicationStatus, CoApplicantStatus, Stage
from smartregions.calls.models import (
    Application,
    ApplicationStatusChange,
    ApplicationSubmission,
    Attachment,
    CallCutoff,
    CallField,
    CoApplicant,
    Decision,
)

#: Co-applicant states in which the co-applicant side may read the application.
READING_CO_APPLICANT_STATUSES = (CoApplicantStatus.INVITED, CoApplicantStatus.CONFIRMED)
#: Applications submitted at some stage: a submission time (kept when withdrawn; every state
#: past drafting has one, a database constraint says so), or advanced to the full application
#: (whose stage-1 submission time is cleared). A first draft, even withdrawn, has neither.
SUBMITTED_AT_SOME_STAGE = Q(submitted_at__isnull=False) | Q(stage__gt=Stage.EXPRESSION_OF_INTEREST)


def has_been_submitted(application: Application) -> bool:
    """Whether ``application`` was submitted at some stage (:data:`SUBMITTED_AT_SOME_STAGE`).

    Why: platform staff read applications only from their first submission on; a first draft,
    and a first draft withdrawn before it was ever submitted, stay private to the consortium.
    """
    return application.submitted_at is not None or application.stage > Stage.EXPRESSION_OF_INTEREST


def applications_with_details() -> QuerySet[Application]:
    """Applications with what their page, API detail and eligibility checklist read.

    The call (its fields, thematic areas and cut-offs), the lead region and organisation with
    their regions (and NUTS-2 parents for categories), co-applicants with their regions,
    organisations and letters, attachments, the status history with who made each change, and
    the decisions.
    """
    region_bits = ("country", "parent")
    return Application.objects.select_related(
        "call",
        "call__thematic_platform",
        "thematic_area",
        "cutoff",
        "created_by",
        *(f"lead_region__{bit}" for bit in region_bits),
        *(f"lead_organisation__region__{bit}" for bit in region_bits),
    ).prefetch_related(
        "call__thematic_areas",
        Prefetch("call__fields", queryset=CallField.objects.order_by("stage", "position", "id")),
        Prefetch("call__cutoffs", queryset=CallCutoff.objects.order_by("at")),
        Prefetch(
            "co_applicants",
            queryset=CoApplicant.objects.select_related(
                "region__country",
                "region__parent",
                "organisation__region__country",
                "organisation__region__parent",
                "commitment_letter",
            ).order_by("invited_at", "id"),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "id")),
        Prefetch(
            "status_changes",
            queryset=ApplicationStatusChange.objects.select_related("by").order_by("at", "id"),
        ),
        Prefetch("decisions", queryset=Decision.objects.order_by("stage", "decided_at")),
    )


def shown_decisions(application: Application, *, staff: bool) -> list[Decision]:
    """The decisions on ``application`` (prefetched, oldest stage first); applicants see only
    those they were notified of (the panel may record a decision before announcing it)."""
    return [d for d in application.decisions.all() if staff or d.notified_at is not None]


def _acting_for(user: Any) -> tuple[Q, Q]:
    """Conditions on applications: led by the user's side; co-applied for by the user's side."""
    summary = summary_of(user)
    lead = Q(lead_region_id__in=summary.region_ids) | Q(
        lead_organisation_id__in=summary.organisation_ids
    )
    party = Q(region_id__in=summary.region_ids) | Q(organisation_id__in=summary.organisation_ids)
    co = Q(
        pk__in=CoApplicant.objects.filter(party, status__in=READING_CO_APPLICANT_STATUSES).values(
            "application_id"
        )
    )
    return lead, co


def _list_queryset() -> QuerySet[Application]:
    return Application.objects.select_related(
        "call", "lead_region", "lead_organisation", "thematic_area"
    ).order_by("-updated_at", "-id")


def my_applications(user: Any) -> QuerySet[Application]:
    """Applications ``user``'s regions or organisations lead or are invited into (whoever
    started one reads it only while they still act for its lead)."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    lead, co = _acting_for(user)
    return _list_queryset().filter(lead | co)


def visible_applications(user: Any) -> QuerySet[Application]:
    """Applications ``user`` may read: their own (:func:`my_applications`) and, for platform
    staff, every application that has been submitted at some stage."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    lead, co = _acting_for(user)
    condition = lead | co
    if is_platform_staff(user):
        condition |= SUBMITTED_AT_SOME_STAGE
    return _list_queryset().filter(condition)


def pending_invitations(user: Any) -> QuerySet[CoApplicant]:
    """Invitations waiting for an answer from ``user``'s regions or organisations."""
    if not getattr(user, "is_authenticated", False):
        return CoApplicant.objects.none()
    summary = summary_of(user)
    party = Q(region_id__in=summary.region_ids) | Q(organisation_id__in=summary.organisation_ids)
    return (
        CoApplicant.objects.filter(
            party,
            status=CoApplicantStatus.INVITED,
            application__status=ApplicationStatus.DRAFT,
        )
        .select_related("application__call", "region", "organisation")
        .order_by("invited_at", "id")
    )


@dataclass(frozen=True)
class SubmittedRecord:
    """What the earlier submissions of an application hold as evidence: the attachments in
    their snapshots and the co-applicants confirmed when one was made."""

    attachment_ids: frozenset[int] = frozenset()
    co_applicant_ids: frozenset[int] = frozenset()


def submitted_record(application: Application) -> SubmittedRecord:
    """The evidence of ``application``'s earlier submissions (one query; none for a stage-1
    draft, which has never been submitted). Reads ``application.co_applicants.all()``.

    A co-applicant counts when it is confirmed and confirmed no later than a submission: a
    confirmation is final, and the consortium only changes while the application is a draft,
    so it was part of that submission.
    """
    if application.stage == Stage.EXPRESSION_OF_INTEREST and application.submitted_at is None:
        return SubmittedRecord()
    submissions = list(
        ApplicationSubmission.objects.filter(application=application).only(
            "submitted_at", "snapshot"
        )
    )
    if not submissions:
        return SubmittedRecord()
    last = max(s.submitted_at for s in submissions)
    return SubmittedRecord(
        attachment_ids=frozenset(
            item["id"]
            for s in submissions
            for item in s.snapshot.get("attachments", [])
            if isinstance(item.get("id"), int)
        ),
        co_applicant_ids=frozenset(
            co.pk
            for co in application.co_applicants.all()
            if co.status == CoApplicantStatus.CONFIRMED
            and co.responded_at is not None
            and co.responded_at <= last
        ),
    )
