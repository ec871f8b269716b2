from smartregions.partnerships.models.partnership import (
    ExpertAssignment,
    JoinRequest,
    MemberContact,
    Partnership,
    PartnershipMember,
    StageRecord,
)
from smartregions.partnerships.models.plan import Action, ActionPlan, FundingOpportunity
from smartregions.partnerships.models.project import Project, ProjectFunding, ProjectStageChange
from smartregions.partnerships.models.report import ProgressReport, ReportReminder

__all__ = [
    "Action",
    "ActionPlan",
    "ExpertAssignment",
    "FundingOpportunity",
    "JoinRequest",
    "MemberContact",
    "Partnership",
    "PartnershipMember",
    "ProgressReport",
    "Project",
    "ProjectFunding",
    "ProjectStageChange",
    "ReportReminder",
    "StageRecord",
]
