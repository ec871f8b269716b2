from smartregions.brokerage.models.broker import Broker
from smartregions.brokerage.models.case import Case, CaseStatusChange
from smartregions.brokerage.models.group import GroupMember, GroupPartner, SmeGroup
from smartregions.brokerage.models.referral import Referral
from smartregions.brokerage.models.strategy import (
    JointStrategy,
    StrategyAction,
    StrategyFunding,
    StrategyObjective,
)

__all__ = [
    "Broker",
    "Case",
    "CaseStatusChange",
    "GroupMember",
    "GroupPartner",
    "JointStrategy",
    "Referral",
    "SmeGroup",
    "StrategyAction",
    "StrategyFunding",
    "StrategyObjective",
]
