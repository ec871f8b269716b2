"""Joint applications: the lead applicant, invited co-applicants, attachments and history."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q

from smartregions.calls.enums import (
    ApplicationStatus,
    AttachmentKind,
    CoApplicantStatus,
    Stage,
)


class Application(models.Model):
    """An application to a call, led by a region (and/or an organisation) and its co-applicants.

    ``answers`` maps the call's :class:`~smartregions.calls.models.CallField` keys to values.
    ``stage`` is the stage the application is at: in a two-stage call an application advanced
    after stage 1 goes back to ``draft`` at stage 2, and its stage-1 submission is kept as an
    :class:`ApplicationSubmission` snapshot.
    """

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="applications")
    title = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    summary = models.TextField(blank=True)
    lead_region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_applications",
    )
    lead_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_applications",
    )
    thematic_area = models.ForeignKey(
        "regions.ThematicArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    stage = models.PositiveSmallIntegerField(
        choices=Stage.choices, default=Stage.EXPRESSION_OF_INTEREST
    )
    cutoff = models.ForeignKey(
        "calls.CallCutoff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="For a rolling call: the cut-off the submission was made for.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["call", "status", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_region__isnull=False) | Q(lead_organisation__isnull=False),
                name="calls_application_has_lead",
                violation_error_message="An application is led by a region or an organisation.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
                | Q(submitted_at__isnull=False),
                name="calls_application_submitted_has_date",
                violation_error_message="A submitted application has a submission time.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.WITHDRAWN) | Q(withdrawn_at__isnull=False),
                name="calls_application_withdrawn_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.title


class CoApplicant(models.Model):
    """A region or organisation invited into an application; it confirms with a letter."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="co_applicants"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_applications",
    )
    status = models.CharField(
        max_length=20, choices=CoApplicantStatus.choices, default=CoApplicantStatus.INVITED
    )
    message = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    commitment_letter = models.ForeignKey(
        "calls.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, organisation__isnull=True)
                | Q(region__isnull=True, organisation__isnull=False),
                name="calls_coapplicant_region_xor_organisation",
                violation_error_message="A co-applicant is either a region or an organisation.",
            ),
            models.UniqueConstraint(
                fields=["application", "region"],
                condition=Q(region__isnull=False),
                name="calls_coapplicant_unique_region",
                violation_error_message="This region is already in the application.",
            ),
            models.UniqueConstraint(
                fields=["application", "organisation"],
                condition=Q(organisation__isnull=False),
                name="calls_coapplicant_unique_organisation",
                violation_error_message="This organisation is already in the application.",
            ),
            models.CheckConstraint(
                condition=~Q(status=CoApplicantStatus.INVITED) | Q(responded_at__isnull=True),
                name="calls_coapplicant_invited_not_responded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.region or self.organisation)


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Store uploads under a random name: the user's file name never reaches the file system."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"calls/applications/{instance.application_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """An uploaded file of an application, served only through a permission-checked view."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationSubmission(models.Model):
    """What was submitted at a stage: a frozen copy of the answers and the consortium."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="submissions"
    )
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["stage", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"], name="calls_submission_unique_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} (stage {self.stage})"


class ApplicationStatusChange(models.Model):
    """One step of an application's history: the audit trail shown to applicants and staff."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status or '-'} -> {self.to_status}"
