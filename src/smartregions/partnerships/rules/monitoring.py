"""Permissions of the partnerships app: monitoring (progress reports and the dashboard).

* Progress reports are private to the partnership: its current members (through the regions
  and organisations their users act for), the experts of its expert team, and platform staff
  read them. Anonymous visitors and other regions do not.
* The leaders (lead and co-lead members) draft, edit and submit their partnership's reports,
  and may open a period's report early; staff may open it too.
* Platform staff (facilitators, administrators) review submitted reports: accept them or
  request changes. They alone see the monitoring part of the dashboard and export every
  report.
* The dashboard's public summary is open to everyone (no permission needed).

Object permissions take a partnership (``view_reports``, ``start_report``) or a report (the
rest); the predicates read ``partnership.members.all()`` and ``partnership.expert_team.all()``,
which :mod:`smartregions.partnerships.domain.queries.monitoring` prefetches.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_platform_staff
from smartregions.partnerships.rules.base import is_partnership_leader, is_partnership_member


@rules.predicate
def is_team_expert(user: Any, partnership: Any) -> bool:
    """Is an expert of the partnership's expert team."""
    if partnership is None or not getattr(user, "is_authenticated", False):
        return False
    return any(a.expert.user_id == user.pk for a in partnership.expert_team.all())


@rules.predicate
def leads_report_partnership(user: Any, report: Any) -> bool:
    """Acts for a lead or co-lead member of the report's partnership."""
    return report is not None and is_partnership_leader(user, report.partnership)


@rules.predicate
def reads_report_partnership(user: Any, report: Any) -> bool:
    """Acts for a member of the report's partnership, or is on its expert team."""
    if report is None:
        return False
    partnership = report.partnership
    return is_partnership_member(user, partnership) or is_team_expert(user, partnership)


rules.add_perm(
    "partnerships.view_reports", is_platform_staff | is_partnership_member | is_team_expert
)
rules.add_perm("partnerships.start_report", is_platform_staff | is_partnership_leader)
rules.add_perm("partnerships.view_report", is_platform_staff | reads_report_partnership)
rules.add_perm("partnerships.edit_report", leads_report_partnership)
rules.add_perm("partnerships.submit_report", leads_report_partnership)
rules.add_perm("partnerships.review_report", is_platform_staff)
rules.add_perm("partnerships.view_monitoring", is_platform_staff)
