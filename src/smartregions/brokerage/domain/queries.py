"""Named, N+1-safe reads of the brokerage: brokers, cases, referrals, groups, the dashboard."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from smartregions.accounts.rules import summary_of
from smartregions.brokerage.enums import (
    OPEN_CASE_STATUSES,
    BrokerStatus,
    CaseOutcome,
    CaseStatus,
    ReferralStatus,
)
from smartregions.brokerage.models import (
    Broker,
    Case,
    CaseStatusChange,
    GroupMember,
    GroupPartner,
    JointStrategy,
    Referral,
    SmeGroup,
)
from smartregions.regions.models import Region

_MEMO_ATTRIBUTE = "_smartregions_active_broker"
_NOTHING = object()


def region_covers(broker_region: Region, region: Region) -> bool:
    """Whether ``region`` is ``broker_region`` or lies below it (same NUTS version, code prefix).

    A broker of NUTS-2 ``CZ06`` covers the SMEs of NUTS-3 ``CZ064``; NUTS codes are
    hierarchical, so a prefix test is the ancestry test.
    """
    return region.nuts_version == broker_region.nuts_version and region.code.startswith(
        broker_region.code
    )


def covering_region_filter(region: Region, *, prefix: str = "region") -> Q:
    """A filter on brokers (or rows with ``<prefix>``) whose region is ``region`` or an ancestor."""
    codes = [region.code[:n] for n in range(2, len(region.code) + 1)]
    return Q(**{f"{prefix}__nuts_version": region.nuts_version, f"{prefix}__code__in": codes})


def active_broker_of(user: Any) -> Broker | None:
    """The user's active broker profile (with region), memoised on the user object.

    ``None`` for anonymous or inactive users and for brokers not (or no longer) approved. Domain
    functions that change a broker's status call :func:`forget_cached_broker`.
    """
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    found = getattr(user, _MEMO_ATTRIBUTE, _NOTHING)
    if found is _NOTHING:
        found = (
            Broker.objects.select_related("region", "region__country")
            .filter(user_id=user.pk, status=BrokerStatus.ACTIVE)
            .first()
        )
        setattr(user, _MEMO_ATTRIBUTE, found)
    return found  # type: ignore[return-value]


def forget_cached_broker(user: Any) -> None:
    """Drop the memoised broker profile from ``user`` (after a status change)."""
    if user is not None and hasattr(user, _MEMO_ATTRIBUTE):
        delattr(user, _MEMO_ATTRIBUTE)


def brokers_with_details() -> QuerySet[Broker]:
    """Brokers with user, region, country, agency and specialities loaded."""
    return Broker.objects.select_related(
        "user", "region", "region__country", "organisation"
    ).prefetch_related("thematic_areas", "nace_codes")


def cases_with_details() -> QuerySet[Case]:
    """Cases with SME, region, broker, codes, markets, referrals and history loaded.

    The history (``status_changes``) is ordered oldest first with who made each change, so
    ``case.status_changes.all()`` costs no query per case.
    """
    return Case.objects.select_related(
        "organisation",
        "organisation__region",
        "organisation__region__country",
        "broker",
        "broker__user",
        "broker__region",
        "thematic_area",
        "submitted_by",
    ).prefetch_related(
        "nace_codes",
        "target_markets",
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related(
                "from_broker__user", "to_broker__user", "to_broker__region__country"
            ),
        ),
        Prefetch(
            "status_changes",
            queryset=CaseStatusChange.objects.select_related("by").order_by("at", "id"),
        ),
    )


def case_history(case: Case) -> QuerySet[CaseStatusChange]:
    """The status changes of ``case``, oldest first, with who made them."""
    return case.status_changes.select_related("by").order_by("at", "id")


def visible_cases(user: Any) -> QuerySet[Case]:
    """Cases ``user`` may read: all for staff; else their SMEs', assigned and referred ones."""
    from smartregions.accounts.rules import is_platform_staff

    qs = cases_with_details()
    if is_platform_staff(user):
        return qs
    condition = Q(organisation_id__in=summary_of(user).organisation_ids)
    broker = active_broker_of(user)
    if broker is not None:
        condition |= Q(broker=broker)
        condition |= Q(referrals__from_broker=broker) | Q(referrals__to_broker=broker)
    return qs.filter(pk__in=Case.objects.filter(condition).values("pk"))


def cases_of_organisations(organisation_ids: frozenset[int]) -> QuerySet[Case]:
    """The cases submitted by the given organisations (an SME member's "my cases")."""
    return cases_with_details().filter(organisation_id__in=organisation_ids)


def unassigned_cases_for(broker: Broker) -> QuerySet[Case]:
    """Open cases without a broker from SMEs in the broker's region."""
    return cases_with_details().filter(
        broker__isnull=True,
        status__in=OPEN_CASE_STATUSES,
        organisation__region__nuts_version=broker.region.nuts_version,
        organisation__region__code__startswith=broker.region.code,
    )


def referrals_with_details() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "case",
        "case__organisation",
        "from_broker__user",
        "from_broker__region__country",
        "to_broker__user",
        "to_broker__region__country",
    )


def groups_with_details() -> QuerySet[SmeGroup]:
    """SME groups with broker, thematic area, codes, members and partners loaded."""
    return SmeGroup.objects.select_related(
        "broker", "broker__user", "broker__region", "thematic_area"
    ).prefetch_related(
        "nace_codes",
        Prefetch(
            "members",
            queryset=GroupMember.objects.select_related(
                "organisation", "organisation__region", "organisation__region__country", "case"
            ),
        ),
        Prefetch(
            "partners",
            queryset=GroupPartner.objects.select_related(
                "organisation", "organisation__region", "organisation__region__country"
            ),
        ),
    )


def visible_groups(user: Any) -> QuerySet[SmeGroup]:
    """Groups ``user`` may read: all for staff; else led by them or with one of their SMEs."""
    from smartregions.accounts.rules import is_platform_staff

    qs = groups_with_details()
    if is_platform_staff(user):
        return qs
    condition = Q(members__organisation_id__in=summary_of(user).organisation_ids)
    broker = active_broker_of(user)
    if broker is not None:
        condition |= Q(broker=broker)
    return qs.filter(pk__in=SmeGroup.objects.filter(condition).values("pk"))


def strategy_with_details(group: SmeGroup) -> JointStrategy | None:
    """The group's joint strategy with objectives, actions (and owners), funding and codes."""
    return (
        JointStrategy.objects.filter(group=group)
        .select_related("group")
        .prefetch_related("objectives", "actions", "actions__owner", "funding", "target_nace_codes")
        .first()
    )


@dataclass
class Dashboard:
    """What a broker (or staff) sees at a glance."""

    my_cases_by_status: dict[str, list[Case]] = field(default_factory=dict)
    unassigned: list[Case] = field(default_factory=list)
    referrals_waiting: list[Referral] = field(default_factory=list)
    groups: list[SmeGroup] = field(default_factory=list)
    my_outcomes: dict[str, int] = field(default_factory=dict)
    platform_outcomes: dict[str, int] | None = None

    @property
    def open_count(self) -> int:
        return sum(len(cases) for cases in self.my_cases_by_status.values())


def outcome_counts(cases: QuerySet[Case]) -> dict[str, int]:
    """Closed cases per outcome, every outcome listed (0 where none), in enum order."""
    counts = Counter(cases.filter(status=CaseStatus.CLOSED).values_list("outcome", flat=True))
    return {outcome: counts.get(outcome, 0) for outcome in CaseOutcome.values}


def broker_dashboard(user: Any) -> Dashboard:
    """Open cases by status, unassigned cases of the region, referrals waiting, groups, outcomes.

    Staff without a broker profile get the unassigned cases of every region and platform-wide
    outcome counts; a broker gets their own, and staff brokers get both.
    """
    from smartregions.accounts.rules import is_platform_staff

    broker = active_broker_of(user)
    staff = is_platform_staff(user)
    board = Dashboard()
    if broker is not None:
        mine = cases_with_details().filter(broker=broker, status__in=OPEN_CASE_STATUSES)
        for status in OPEN_CASE_STATUSES:
            board.my_cases_by_status[status] = [c for c in mine if c.status == status]
        board.unassigned = list(unassigned_cases_for(broker))
        board.referrals_waiting = list(
            referrals_with_details().filter(to_broker=broker, status=ReferralStatus.PENDING)
        )
        board.groups = list(groups_with_details().filter(broker=broker))
        board.my_outcomes = outcome_counts(Case.objects.filter(broker=broker))
    elif staff:
        board.unassigned = list(
            cases_with_details().filter(broker__isnull=True, status__in=OPEN_CASE_STATUSES)
        )
        board.groups = list(groups_with_details())
    if staff:
        board.platform_outcomes = outcome_counts(Case.objects.all())
    return board
