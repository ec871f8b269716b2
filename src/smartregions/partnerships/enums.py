"""Enumerations of partnerships, action plans, the investment pipeline and monitoring.

Funding sources and statuses are the shared vocabulary of
:mod:`smartregions.brokerage.enums` (:class:`FundingSource`, :class:`FundingStatus`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipStatus(models.TextChoices):
    """forming -> active -> closed (a forming partnership is not listed publicly yet)."""

    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_LEAD = "co_lead", _("Co-lead")
    MEMBER = "member", _("Member")
    ASSOCIATED = "associated", _("Associated")


#: Roles whose representatives manage the partnership.
LEADING_ROLES = (MemberRole.LEAD, MemberRole.CO_LEAD)


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the leads")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MethodologyStage(models.TextChoices):
    """The stages of the S3 thematic-partnership methodology, in order."""

    SCOPING = "scoping", _("Scoping note")
    MAPPING = "mapping", _("Mapping and matching")
    LEARN = "learn", _("Learn")
    CONNECT = "connect", _("Connect")
    DEMONSTRATE = "demonstrate", _("Demonstrate")
    COMMERCIALISE = "commercialise", _("Commercialise")
    SCALE_UP = "scale_up", _("Scale-up")


#: The methodology stages in their order.
STAGE_ORDER = tuple(MethodologyStage)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TransitionPriority(models.TextChoices):
    """Priorities of an industrial-transition region's plan."""

    RESKILLING = "reskilling", _("Reskilling and upskilling")
    ENERGY_TRANSITION = "energy_transition", _("Energy transition and decarbonisation")
    INVESTMENT_BARRIERS = "investment_barriers", _("Removing investment barriers")
    DIGITALISATION = "digitalisation", _("Digitalisation")
    INNOVATION_DIFFUSION = "innovation_diffusion", _("Innovation diffusion")
    INCLUSIVE_TRANSITION = "inclusive_transition", _("Inclusive transition")


class ProjectStage(models.TextChoices):
    """idea -> demonstration -> investment-ready -> funded -> implemented."""

    IDEA = "idea", _("Idea")
    DEMONSTRATION = "demonstration", _("Demonstration")
    INVESTMENT_READY = "investment_ready", _("Investment-ready")
    FUNDED = "funded", _("Funded")
    IMPLEMENTED = "implemented", _("Implemented")


#: Project stages in their order.
PROJECT_STAGE_ORDER = tuple(ProjectStage)


class ReportStatus(models.TextChoices):
    """draft -> submitted -> accepted, or back to the partnership with changes requested."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")


class ReminderKind(models.TextChoices):
    """Reminders sent about a progress report (each at most once)."""

    UPCOMING = "upcoming", _("Due soon")
    DUE = "due", _("Due today")
    OVERDUE = "overdue", _("Overdue")
