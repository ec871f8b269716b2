"""Named, N+1-safe reads of partnerships: the list with filters, "my partnerships", the
partnership page (a fixed number of queries whatever the number of members or projects), join
requests and the members page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.brokerage.enums import FundingStatus
from smartregions.partnerships.domain.stages import next_stage
from smartregions.partnerships.enums import (
    LEADING_ROLES,
    PROJECT_STAGE_ORDER,
    STAGE_ORDER,
    ActionStatus,
    MemberRole,
    PartnershipStatus,
)
from smartregions.partnerships.models import (
    ActionPlan,
    ExpertAssignment,
    JoinRequest,
    MemberContact,
    Partnership,
    PartnershipMember,
    Project,
    ProjectFunding,
    StageRecord,
)

#: Region columns never needed by partnership pages (boundaries are large).
_HEAVY = ("region__boundary", "organisation__region__boundary")


def members_queryset(*, active_only: bool = True) -> QuerySet[PartnershipMember]:
    """Members with their region (and country) or organisation (and its region) loaded."""
    qs = PartnershipMember.objects.select_related(
        "region__country", "organisation__region__country"
    ).defer(*_HEAVY)
    if active_only:
        qs = qs.filter(left_at__isnull=True)
    return qs.order_by("id")


def _experts() -> QuerySet[ExpertAssignment]:
    return ExpertAssignment.objects.select_related(
        "expert__user", "expert__organisation", "expert__country"
    ).order_by("assigned_at", "id")


def partnerships_with_details() -> QuerySet[Partnership]:
    """Partnerships with platform, area, current members (with contacts), stages and the
    expert team loaded: what the rules and the partnership page read, in five queries."""
    return Partnership.objects.select_related(
        "thematic_platform", "thematic_area"
    ).prefetch_related(
        Prefetch(
            "members",
            queryset=members_queryset().prefetch_related(
                Prefetch("contacts", queryset=MemberContact.objects.order_by("name", "id"))
            ),
        ),
        Prefetch("stages", queryset=StageRecord.objects.order_by("started_at", "id")),
        Prefetch("expert_team", queryset=_experts()),
    )


def partnership_for_rules() -> QuerySet[Partnership]:
    """Partnerships with just what the permission rules read (members, expert team)."""
    return Partnership.objects.select_related("thematic_platform").prefetch_related(
        Prefetch("members", queryset=PartnershipMember.objects.filter(left_at__isnull=True)),
        Prefetch("expert_team", queryset=ExpertAssignment.objects.select_related("expert")),
    )


def my_partnership_ids(user: Any) -> QuerySet:
    """Ids of the partnerships ``user`` acts for a current member of (a subquery)."""
    summary = summary_of(user)
    return (
        PartnershipMember.objects.filter(left_at__isnull=True)
        .filter(
            Q(region_id__in=sorted(summary.region_ids))
            | Q(organisation_id__in=sorted(summary.organisation_ids))
        )
        .values("partnership_id")
    )


def visible_partnerships(user: Any) -> QuerySet[Partnership]:
    """Partnerships ``user`` may see: all for staff; else active and closed ones, and the
    forming ones they act for a member of or are an expert of."""
    qs = Partnership.objects.all()
    if is_platform_staff(user):
        return qs
    public = Q(status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED])
    if not getattr(user, "is_authenticated", False):
        return qs.filter(public)
    experts = ExpertAssignment.objects.filter(expert__user_id=user.pk).values("partnership_id")
    return qs.filter(public | Q(pk__in=my_partnership_ids(user)) | Q(pk__in=experts))


@dataclass(frozen=True)
class PartnershipFilters:
    """The list filters; empty values do not filter."""

    platform: Any = None
    area: Any = None
    status: str = ""
    country: Any = None
    region: str = ""
    mine: bool = False


def search_partnerships(*, user: Any, filters: PartnershipFilters) -> QuerySet[Partnership]:
    """Visible partnerships matching ``filters``, with platform, area and current members
    (``active_members``) loaded; three queries for a page (count, rows, members).

    ``country`` and ``region`` (a NUTS code; regions below it count) match a current member
    region or a current member organisation located there.
    """
    qs = visible_partnerships(user)
    if filters.mine:
        qs = qs.filter(pk__in=my_partnership_ids(user))
    if filters.platform is not None:
        qs = qs.filter(thematic_platform=filters.platform)
    if filters.area is not None:
        qs = qs.filter(thematic_area=filters.area)
    if filters.status:
        qs = qs.filter(status=filters.status)
    current = PartnershipMember.objects.filter(partnership=OuterRef("pk"), left_at__isnull=True)
    if filters.country is not None:
        qs = qs.filter(
            Exists(
                current.filter(
                    Q(region__country=filters.country)
                    | Q(organisation__region__country=filters.country)
                )
            )
        )
    if filters.region:
        code = filters.region.upper()
        qs = qs.filter(
            Exists(
                current.filter(
                    Q(region__code__startswith=code)
                    | Q(organisation__region__code__startswith=code)
                )
            )
        )
    return (
        qs.select_related("thematic_platform", "thematic_area")
        .prefetch_related(
            Prefetch("members", queryset=members_queryset(), to_attr="active_members")
        )
        .order_by("name", "id")
    )


@dataclass
class StageView:
    """One methodology stage on the page: its record when started, else ``None``."""

    stage: str
    label: str
    record: StageRecord | None
    is_current: bool


@dataclass
class PlanSummary:
    """Counts of the partnership plan's actions (one aggregate query)."""

    plan: ActionPlan
    total: int
    done: int
    in_progress: int
    blocked: int
    overdue: int


@dataclass
class PipelineSummary:
    """The partnership's projects per stage with budgets, and the funding secured."""

    stages: list[tuple[str, str, int, Decimal]] = field(default_factory=list)
    projects: int = 0
    budget: Decimal = Decimal(0)
    secured: Decimal = Decimal(0)


@dataclass
class PartnershipPage:
    """Everything the partnership page shows."""

    partnership: Partnership
    members: list[PartnershipMember]
    stages: list[StageView]
    experts: list[ExpertAssignment]
    plan: PlanSummary | None
    pipeline: PipelineSummary
    next_stage: str | None

    @property
    def members_by_role(self) -> list[tuple[str, list[PartnershipMember]]]:
        """(role label, members) for each role that has members, lead first."""
        groups = []
        for role in MemberRole:
            found = [m for m in self.members if m.role == role]
            if found:
                groups.append((role.label, found))
        return groups

    @property
    def map_regions(self) -> list[Any]:
        """The distinct regions of current members (an organisation counts with its region)."""
        regions = {}
        for member in self.members:
            region = member.region or member.organisation.region
            regions.setdefault(region.pk, region)
        return sorted(regions.values(), key=lambda r: r.code)

    @property
    def countries(self) -> list[Any]:
        found = {r.country_id: r.country for r in self.map_regions}
        return sorted(found.values(), key=lambda c: c.name)


def plan_summary(partnership: Partnership, *, today: dt.date | None = None) -> PlanSummary | None:
    """The counts of the partnership plan's actions, or ``None`` without a plan (one query)."""
    today = today or timezone.localdate()
    open_work = ~Q(actions__status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
    plan = (
        ActionPlan.objects.filter(partnership=partnership)
        .annotate(
            n_total=Count("actions"),
            n_done=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
            n_progress=Count("actions", filter=Q(actions__status=ActionStatus.IN_PROGRESS)),
            n_blocked=Count("actions", filter=Q(actions__status=ActionStatus.BLOCKED)),
            n_overdue=Count("actions", filter=open_work & Q(actions__deadline__lt=today)),
        )
        .first()
    )
    if plan is None:
        return None
    return PlanSummary(
        plan=plan,
        total=plan.n_total,
        done=plan.n_done,
        in_progress=plan.n_progress,
        blocked=plan.n_blocked,
        overdue=plan.n_overdue,
    )


def pipeline_summary(partnership: Partnership) -> PipelineSummary:
    """Projects per stage (every stage listed) with budgets, and the secured funding (two
    grouped queries on indexed columns, whatever the number of projects)."""
    rows = {
        stage: (n, budget or Decimal(0))
        for stage, n, budget in Project.objects.filter(partnership=partnership)
        .values("stage")
        .annotate(n=Count("id"), budget=Sum("budget"))
        .order_by()
        .values_list("stage", "n", "budget")
    }
    secured = ProjectFunding.objects.filter(
        project__partnership=partnership, status=FundingStatus.SECURED
    ).aggregate(total=Sum("amount"))["total"]
    summary = PipelineSummary(secured=secured or Decimal(0))
    for stage in PROJECT_STAGE_ORDER:
        n, budget = rows.get(stage, (0, Decimal(0)))
        summary.stages.append((stage.value, stage.label, n, budget))
        summary.projects += n
        summary.budget += budget
    return summary


def partnership_page(partnership: Partnership) -> PartnershipPage:
    """The page of ``partnership`` (loaded by :func:`partnerships_with_details`): three more
    queries (plan counts, projects per stage, secured funding)."""
    records = {record.stage: record for record in partnership.stages.all()}
    stages = [
        StageView(
            stage=stage.value,
            label=stage.label,
            record=records.get(stage.value),
            is_current=stage.value == partnership.current_stage,
        )
        for stage in STAGE_ORDER
    ]
    members = sorted(
        partnership.members.all(),
        key=lambda m: (list(MemberRole.values).index(m.role), str(m.region or m.organisation)),
    )
    return PartnershipPage(
        partnership=partnership,
        members=members,
        stages=stages,
        experts=list(partnership.expert_team.all()),
        plan=plan_summary(partnership),
        pipeline=pipeline_summary(partnership),
        next_stage=next_stage(partnership.current_stage),
    )


def join_requests_for(partnership: Partnership) -> QuerySet[JoinRequest]:
    """The partnership's join requests, newest first, with party, requester and decider."""
    qs = (
        JoinRequest.objects.filter(partnership=partnership)
        .select_related("region__country", "organisation__region", "requested_by", "decided_by")
        .defer(*_HEAVY)
    )
    return qs.order_by("-requested_at", "-id")


def join_requests_of_user(user: Any) -> QuerySet[JoinRequest]:
    """Requests ``user`` sent or that concern a region or organisation they act for."""
    if not getattr(user, "is_authenticated", False):
        return JoinRequest.objects.none()
    summary = summary_of(user)
    condition = Q(requested_by_id=user.pk) | Q(region_id__in=sorted(summary.region_ids))
    condition |= Q(organisation_id__in=sorted(summary.organisation_ids))
    return (
        JoinRequest.objects.filter(condition)
        .select_related("partnership", "region", "organisation", "requested_by", "decided_by")
        .defer(*_HEAVY)
        .order_by("-requested_at", "-id")
    )


def join_requests_visible_to(user: Any) -> QuerySet[JoinRequest]:
    """Join requests ``user`` may read: all for staff; else their own (sent, or for a region
    or organisation they act for) and those to the partnerships they lead."""
    qs = join_requests_with_details().order_by("-requested_at", "-id")
    if is_platform_staff(user):
        return qs
    summary = summary_of(user)
    led = (
        PartnershipMember.objects.filter(left_at__isnull=True, role__in=LEADING_ROLES)
        .filter(
            Q(region_id__in=sorted(summary.region_ids))
            | Q(organisation_id__in=sorted(summary.organisation_ids))
        )
        .values("partnership_id")
    )
    own = join_requests_of_user(user).values("pk")
    return qs.filter(Q(pk__in=own) | Q(partnership_id__in=led))


def join_requests_with_details() -> QuerySet[JoinRequest]:
    """Join requests with what their rules read (the partnership with its members)."""
    return (
        JoinRequest.objects.select_related("partnership", "region", "organisation", "requested_by")
        .defer(*_HEAVY)
        .prefetch_related(
            Prefetch(
                "partnership__members",
                queryset=PartnershipMember.objects.filter(left_at__isnull=True),
            )
        )
    )


def member_history(partnership: Partnership) -> QuerySet[PartnershipMember]:
    """Every member the partnership ever had (those that left last), for the members page."""
    return (
        members_queryset(active_only=False)
        .filter(partnership=partnership)
        .order_by(F("left_at").asc(nulls_first=True), "id")
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=MemberContact.objects.select_related("user").order_by("name", "id"),
            )
        )
    )
