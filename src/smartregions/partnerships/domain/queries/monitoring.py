"""Named, N+1-safe reads of monitoring: progress reports, who may read them, who hears of them.

Report querysets load the partnership with its current members and expert team, which the
permission predicates (:mod:`smartregions.partnerships.rules.monitoring`) read, so checking a
permission for every report on a page costs no query per report.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from smartregions.accounts.domain.queries import platform_staff_users
from smartregions.accounts.enums import Role
from smartregions.accounts.models import User
from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.common.models import ActivityLogEntry
from smartregions.partnerships.domain.monitoring.periods import period_from_code
from smartregions.partnerships.domain.monitoring.states import EDITABLE_STATUSES
from smartregions.partnerships.enums import LEADING_ROLES
from smartregions.partnerships.models import (
    ExpertAssignment,
    MemberContact,
    Partnership,
    PartnershipMember,
    ProgressReport,
)


def _partnership_access_prefetches(prefix: str = "") -> list[Prefetch]:
    """Members (current and former, as the rules filter them) and the expert team with each
    expert's user id: what the permission predicates read."""
    return [
        Prefetch(f"{prefix}members", queryset=PartnershipMember.objects.order_by("role", "id")),
        Prefetch(
            f"{prefix}expert_team",
            queryset=ExpertAssignment.objects.select_related("expert").order_by("id"),
        ),
    ]


def partnerships_for_monitoring() -> QuerySet[Partnership]:
    """Partnerships with their platform, members and expert team loaded (for the reports
    page and its permission checks)."""
    return Partnership.objects.select_related(
        "thematic_platform", "thematic_area"
    ).prefetch_related(*_partnership_access_prefetches())


def reports_with_details() -> QuerySet[ProgressReport]:
    """Reports with their partnership (platform, members, expert team), submitter and
    reviewer loaded."""
    return ProgressReport.objects.select_related(
        "partnership", "partnership__thematic_platform", "submitted_by", "reviewed_by"
    ).prefetch_related(*_partnership_access_prefetches("partnership__"))


def _member_condition(user: Any, *, prefix: str) -> Q:
    """Rows whose partnership has a current member the user acts for, or the user on its
    expert team."""
    summary = summary_of(user)
    acting = Q(
        **{
            f"{prefix}members__left_at__isnull": True,
            f"{prefix}members__region_id__in": summary.region_ids,
        }
    ) | Q(
        **{
            f"{prefix}members__left_at__isnull": True,
            f"{prefix}members__organisation_id__in": summary.organisation_ids,
        }
    )
    if getattr(user, "is_authenticated", False):
        acting |= Q(**{f"{prefix}expert_team__expert__user_id": user.pk})
    return acting


def visible_reports(user: Any) -> QuerySet[ProgressReport]:
    """The reports ``user`` may read: every report for staff; else the reports of the
    partnerships they are a member of (through a region or organisation) or an expert of."""
    qs = reports_with_details()
    if is_platform_staff(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    ids = ProgressReport.objects.filter(_member_condition(user, prefix="partnership__")).values(
        "pk"
    )
    return qs.filter(pk__in=ids)


def partnership_reports(partnership: Partnership) -> QuerySet[ProgressReport]:
    """The partnership's reports, newest period first, with submitter and reviewer."""
    return (
        ProgressReport.objects.filter(partnership=partnership)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-period_start")
    )


def report_history(report: ProgressReport) -> QuerySet[ActivityLogEntry]:
    """The activity-log entries about ``report``, oldest first, with who made them."""
    return (
        ActivityLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ProgressReport),
            object_id=str(report.pk),
        )
        .select_related("actor")
        .order_by("timestamp", "id")
    )


def leader_users(partnership: Partnership) -> list[User]:
    """The active users who act for the partnership's current lead and co-lead members.

    The same people the ``is_partnership_leader`` predicate lets manage it: representatives
    of a leading region or of a region above it (NUTS codes are hierarchical), members of a
    leading organisation, and leading members' contact persons with a platform account.
    Two queries.
    """
    leading = list(
        PartnershipMember.objects.filter(
            partnership=partnership, left_at__isnull=True, role__in=LEADING_ROLES
        ).select_related("region")
    )
    conditions = [
        Q(
            memberships__role=Role.REGION_REPRESENTATIVE,
            memberships__region__nuts_version=m.region.nuts_version,
            memberships__region__code__in=[
                m.region.code[:n] for n in range(2, len(m.region.code) + 1)
            ],
        )
        for m in leading
        if m.region is not None
    ]
    organisations = [m.organisation_id for m in leading if m.organisation_id is not None]
    if organisations:
        conditions.append(
            Q(
                memberships__role=Role.ORGANISATION_MEMBER,
                memberships__organisation_id__in=organisations,
            )
        )
    contacts = MemberContact.objects.filter(
        member__in=[m.pk for m in leading], user__isnull=False
    ).values("user_id")
    condition = reduce(or_, conditions, Q(pk__in=contacts))
    return list(User.objects.filter(condition, is_active=True).distinct().order_by("email"))


def staff_users() -> list[User]:
    """The active platform facilitators and administrators (including superusers): the
    people who review progress reports."""
    return platform_staff_users()


def filter_reports(
    reports: QuerySet[ProgressReport],
    *,
    status: str = "",
    period: str = "",
    platform: str = "",
    partnership: str = "",
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[ProgressReport]:
    """``reports`` narrowed by status, period code (``2026-H1``), thematic platform slug,
    partnership slug and "overdue" (not submitted and past the due date); empty values do
    not filter, a malformed period is a ValidationError naming ``period``. The same filters
    serve the web list, the API and the export command."""
    if status:
        reports = reports.filter(status=status)
    if period:
        reports = reports.filter(period_start=period_from_code(period).start)
    if platform:
        reports = reports.filter(partnership__thematic_platform__slug=platform)
    if partnership:
        reports = reports.filter(partnership__slug=partnership)
    if overdue:
        reports = reports.filter(
            status__in=EDITABLE_STATUSES, due_date__lt=today or timezone.localdate()
        )
    return reports
