"""Enumerations of the calls app: call types and the states of calls, applications and reviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallType(models.TextChoices):
    """The kinds of call the platform runs (each with its own default eligibility rules)."""

    PARTNERSHIP_EOI = "partnership_eoi", _("Expression of interest for a thematic partnership")
    INDUSTRIAL_TRANSITION = (
        "industrial_transition",
        _("Tailored support for industrial-transition regions"),
    )
    INVESTMENT_PROJECTS = "investment_projects", _("Interregional innovation investment projects")


class CallStatus(models.TextChoices):
    """draft -> published -> closed. Only a published call takes submissions."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class FieldType(models.TextChoices):
    """The input type of a call's custom form field."""

    TEXT = "text", _("Short text")
    TEXTAREA = "textarea", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    CHECKBOX = "checkbox", _("Yes / no")
    URL = "url", _("Web address")


class Stage(models.IntegerChoices):
    """The stage of a two-stage call; single-stage calls only have the first."""

    EXPRESSION_OF_INTEREST = 1, _("Expression of interest")
    FULL_APPLICATION = 2, _("Full application")


class ApplicationStatus(models.TextChoices):
    """draft -> submitted -> under review -> accepted / rejected; withdrawn from draft/submitted.

    In a two-stage call, a stage-1 application that is advanced returns to ``draft`` at stage 2.
    """

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: States in which the applicants may still edit the application.
EDITABLE_APPLICATION_STATUSES = (ApplicationStatus.DRAFT,)
#: States that end an application.
FINAL_APPLICATION_STATUSES = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
)


class CoApplicantStatus(models.TextChoices):
    """A co-applicant is invited, then confirms (with a commitment letter) or declines."""

    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class AttachmentKind(models.TextChoices):
    COMMITMENT_LETTER = "commitment_letter", _("Signed commitment letter")
    BUDGET = "budget", _("Budget")
    WORK_PLAN = "work_plan", _("Work plan")
    OTHER = "other", _("Other annex")


class ReviewStatus(models.TextChoices):
    """assigned -> submitted; or the expert declares a conflict of interest (recused)."""

    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")
    RECUSED = "recused", _("Recused (conflict of interest)")


class DecisionOutcome(models.TextChoices):
    """What the panel decided for an application at a stage."""

    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    ADVANCE = "advance", _("Invite to the full application")


class ConflictRule(models.TextChoices):
    """Which relation between an expert and an applicant excludes the expert."""

    ORGANISATION = "organisation", _("Same organisation")
    REGION = "region", _("Same region")
    COUNTRY = "country", _("Same country")
