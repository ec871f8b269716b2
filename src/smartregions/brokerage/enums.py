"""Enumerations of the brokerage app (TIBS).

The funding-source and funding-status enums are shared vocabulary: the calls and partnerships
pipeline reuses :class:`FundingSource` and :class:`FundingStatus`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BrokerStatus(models.TextChoices):
    """A broker registers (pending), platform staff approve (active) or deactivate them."""

    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Deactivated")


class CaseStatus(models.TextChoices):
    """The life of a brokerage case: new -> assessed -> matched -> in cooperation -> closed."""

    NEW = "new", _("New")
    ASSESSED = "assessed", _("Assessed")
    MATCHED = "matched", _("Matched")
    IN_COOPERATION = "in_cooperation", _("In cooperation")
    CLOSED = "closed", _("Closed")


#: States a case can still change from.
OPEN_CASE_STATUSES = (
    CaseStatus.NEW,
    CaseStatus.ASSESSED,
    CaseStatus.MATCHED,
    CaseStatus.IN_COOPERATION,
)


class CaseOutcome(models.TextChoices):
    """What a closed case achieved."""

    COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")
    JOINT_PROJECT = "joint_project", _("Joint project application")
    TECHNOLOGY_TRANSFER = "technology_transfer", _("Licensing / technology transfer")
    SUPPLIER_CUSTOMER = "supplier_customer", _("Supplier-customer relation")
    NO_SUITABLE_PARTNER = "no_suitable_partner", _("No suitable partner found")
    SME_WITHDREW = "sme_withdrew", _("SME withdrew")


class ValueChainPosition(models.TextChoices):
    """Where the SME sits in its value chain."""

    RESEARCH = "research_development", _("Research & development")
    DESIGN = "design_engineering", _("Design & engineering")
    PRODUCTION = "production", _("Production")
    DISTRIBUTION = "distribution_logistics", _("Distribution & logistics")
    SERVICES = "services", _("Services")
    END_USE = "end_use", _("End use / market")


class PartnerType(models.TextChoices):
    """Kinds of partner an SME may look for (organisation types of the partner)."""

    RESEARCH = "research", _("Research organisation")
    CLUSTER = "cluster", _("Cluster")
    TECHNOLOGY_CENTRE = "technology_centre", _("Technology centre")
    LARGE_COMPANY = "large_company", _("Large company")
    SME = "sme", _("SME")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class GroupStatus(models.TextChoices):
    """An SME group forms (members join), is active (works with partners), then closes."""

    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class GroupPartnerStatus(models.TextChoices):
    """An innovation partner is proposed, contacted, then confirms or declines."""

    PROPOSED = "proposed", _("Proposed")
    CONTACTED = "contacted", _("Contacted")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FundingSource(models.TextChoices):
    """Where money for a joint action can come from (reused by the calls/partnerships pipeline)."""

    ERDF_INTERREG = "erdf_interreg", _("ERDF / Interreg")
    I3 = "i3", _("Interregional innovation investments (I3)")
    HORIZON_EUROPE = "horizon_europe", _("Horizon Europe")
    INVESTEU_EIB = "investeu_eib", _("InvestEU / EIB")
    NATIONAL_REGIONAL = "national_regional", _("National or regional funding")
    PRIVATE = "private", _("Private funding")


class FundingStatus(models.TextChoices):
    """How far a funding source is (reused by the calls/partnerships pipeline)."""

    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    APPLIED = "applied", _("Applied")
    SECURED = "secured", _("Secured")


#: Organisation types that count as innovation partners of an SME group.
INNOVATION_PARTNER_TYPES = ("research", "cluster", "technology_centre", "intermediary")
