"""The report states, grouped by what may happen to a report in them.

::

    draft --submit--> submitted --accept--> accepted
                          |  ^
          request changes v  | submit
                    changes_requested

Partnership leaders edit and submit a report in :data:`EDITABLE_STATUSES`; facilitators review
a submitted one; an accepted report is final.

Once a partnership has closed, its partners still edit and submit its **final report** (the one
of the period in which it closed: the last half-year's work should be reported), but no other:
reports of earlier periods left unsubmitted stay as they are, and no new period is opened (only
active partnerships get reports).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from smartregions.partnerships.enums import PartnershipStatus, ReportStatus

#: The partners may edit and submit the report.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)
#: The report's indicators are frozen (submitted, under review or accepted).
FROZEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def is_editable(report: object) -> bool:
    """Whether the partners may still change ``report``."""
    return getattr(report, "status", None) in EDITABLE_STATUSES


def is_final_report(report: Any, partnership: Any) -> bool:
    """Whether ``report`` covers the day ``partnership`` closed (False while it is open)."""
    if partnership.closed_at is None:
        return False
    closed_on = timezone.localdate(partnership.closed_at)
    return report.period_start <= closed_on <= report.period_end


def accepts_partner_work(report: Any, partnership: Any = None) -> bool:
    """Whether the partners may still edit and submit ``report``: its status allows it, and its
    partnership (default ``report.partnership``) is not closed, or this is its final report."""
    partnership = partnership if partnership is not None else report.partnership
    if not is_editable(report):
        return False
    return partnership.status != PartnershipStatus.CLOSED or is_final_report(report, partnership)
