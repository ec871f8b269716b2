"""The report states, grouped by what may happen to a report in them.

::

    draft --submit--> submitted --accept--> accepted
                          |  ^
          request changes v  | submit
                    changes_requested

Partnership leaders edit and submit a report in :data:`EDITABLE_STATUSES`; facilitators review
a submitted one; an accepted report is final.
"""

from __future__ import annotations

from smartregions.partnerships.enums import ReportStatus

#: The partners may edit and submit the report.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)
#: The report's indicators are frozen (submitted, under review or accepted).
FROZEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def is_editable(report: object) -> bool:
    """Whether the partners may still change ``report``."""
    return getattr(report, "status", None) in EDITABLE_STATUSES
