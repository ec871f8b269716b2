"""Named, N+1-safe reads of the evaluation: experts, reviews, the call board and the audit trail.

Every list here loads its relations in a fixed number of queries, whatever the number of rows
(the page tests assert the exact counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from smartregions.calls.domain.evaluation.ranking import (
    BoardRow,
    board_row,
    rank_rows,
    scores_in_order,
)
from smartregions.calls.domain.queries.applications import SUBMITTED_AT_SOME_STAGE
from smartregions.calls.enums import ApplicationStatus, CallStatus, ReviewStatus
from smartregions.calls.models import (
    Application,
    ApplicationStatusChange,
    Attachment,
    Call,
    CoApplicant,
    Criterion,
    Decision,
    Expert,
    PanelConsensus,
    Review,
    Score,
)
from smartregions.common.models import ActivityLogEntry

#: Application states shown on a call's evaluation board.
EVALUATED_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.REJECTED,
)
#: Reviews that count: assigned (being worked) or submitted; recused ones do not.
ACTIVE_REVIEW_STATUSES = (ReviewStatus.ASSIGNED, ReviewStatus.SUBMITTED)
#: The activity-log action recording an expert's declaration of no conflict of interest.
DECLARE_ACTION = "review.declare_no_conflict"

_MEMO_ATTRIBUTE = "_smartregions_active_expert"
_NOTHING = object()


def active_expert_of(user: Any) -> Expert | None:
    """The user's active expert profile, memoised on the user object (``None`` if none).

    ``None`` for anonymous and deactivated users and for experts taken out of the pool.
    Domain functions that change an expert call :func:`forget_cached_expert`.
    """
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    found = getattr(user, _MEMO_ATTRIBUTE, _NOTHING)
    if found is _NOTHING:
        found = Expert.objects.filter(user_id=user.pk, is_active=True).first()
        setattr(user, _MEMO_ATTRIBUTE, found)
    return found  # type: ignore[return-value]


def forget_cached_expert(user: Any) -> None:
    """Drop the memoised expert profile from ``user`` (after a change to it)."""
    if user is not None and hasattr(user, _MEMO_ATTRIBUTE):
        delattr(user, _MEMO_ATTRIBUTE)


def experts_with_details() -> QuerySet[Expert]:
    """Experts with user, affiliations (and their countries) and thematic areas loaded."""
    return Expert.objects.select_related(
        "user",
        "organisation",
        "organisation__region",
        "organisation__region__country",
        "region",
        "region__country",
        "country",
    ).prefetch_related("thematic_areas")


def expert_pool() -> QuerySet[Expert]:
    """The whole pool, active first, each with ``open_reviews`` (assigned, not yet submitted)."""
    return (
        experts_with_details()
        .annotate(open_reviews=Count("reviews", filter=Q(reviews__status=ReviewStatus.ASSIGNED)))
        .order_by("-is_active", "user__full_name", "user__email", "id")
    )


def with_call_load(experts: QuerySet[Expert], call: Call) -> QuerySet[Expert]:
    """``experts`` annotated with ``call_load``: their assigned or submitted reviews in ``call``."""
    return experts.annotate(
        call_load=Count(
            "reviews",
            filter=Q(reviews__application__call=call, reviews__status__in=ACTIVE_REVIEW_STATUSES),
        )
    )


def panel_of(call: Call) -> QuerySet[Expert]:
    """The experts on the call's panel (active or not), with their load in the call."""
    return with_call_load(experts_with_details().filter(calls=call), call).order_by(
        "user__full_name", "user__email", "id"
    )


def candidate_experts(call: Call) -> QuerySet[Expert]:
    """Who may review the call: its panel's active experts, or the whole active pool when the
    call has no panel. With ``call_load``; ordered by name."""
    experts = experts_with_details().filter(is_active=True)
    if call.panel.exists():
        experts = experts.filter(calls=call)
    return with_call_load(experts, call).order_by("user__full_name", "user__email", "id")


def _stage_reviews(stage: int) -> Prefetch:
    return Prefetch(
        "reviews",
        queryset=Review.objects.filter(stage=stage)
        .select_related("expert", "expert__user")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("criterion_id")))
        .order_by("assigned_at", "id"),
    )


def submitted_applications() -> QuerySet[Application]:
    """Applications submitted at some stage: the only ones an application's evaluation page
    and API open. A first draft (withdrawn or not) is private to its consortium, also from
    platform staff."""
    return Application.objects.filter(SUBMITTED_AT_SOME_STAGE)


def applications_for_evaluation(*, stage: int) -> QuerySet[Application]:
    """Applications with applicants, the ``stage``'s reviews (with scores), consensus and
    decision loaded: everything the board, the conflict checks and the ranking read."""
    return Application.objects.select_related(
        "call",
        "lead_region",
        "lead_region__country",
        "lead_organisation",
        "lead_organisation__region",
        "lead_organisation__region__country",
        "thematic_area",
        "cutoff",
    ).prefetch_related(
        Prefetch(
            "co_applicants",
            queryset=CoApplicant.objects.select_related(
                "region", "region__country", "organisation", "organisation__region"
            ),
        ),
        _stage_reviews(stage),
        Prefetch("consensus", queryset=PanelConsensus.objects.filter(stage=stage)),
        Prefetch("decisions", queryset=Decision.objects.filter(stage=stage)),
    )


def call_applications(call: Call, *, stage: int, cutoff: Any = None) -> QuerySet[Application]:
    """The call's applications evaluated at ``stage`` (optionally of one ``cutoff``).

    Those at that stage and past drafting, plus those decided at it (an application invited to
    the full application is back in draft at stage 2, but its stage-1 evaluation stays).
    """
    condition = Q(stage=stage, status__in=EVALUATED_STATUSES) | Q(decisions__stage=stage)
    ids = Application.objects.filter(condition, call=call).values("pk")
    applications = applications_for_evaluation(stage=stage).filter(pk__in=ids)
    if cutoff is not None:
        applications = applications.filter(cutoff=cutoff)
    return applications.order_by("submitted_at", "id")


def stage_criteria(call: Call, stage: int) -> list[Criterion]:
    """The call's criteria of ``stage`` in their order."""
    return list(Criterion.objects.filter(call=call, stage=stage).order_by("position", "id"))


@dataclass
class EvaluationBoard:
    """A call's evaluation at one stage: rows in ranking order, criteria and expert loads."""

    call: Call
    stage: int
    criteria: list[Criterion]
    rows: list[BoardRow]
    experts: list[Expert] = field(default_factory=list)


def evaluation_board(call: Call, *, stage: int, cutoff: Any = None) -> EvaluationBoard:
    """The call's board at ``stage`` (one cut-off of a rolling call if given), ranked, with
    the candidate experts and their load in the call."""
    criteria = stage_criteria(call, stage)
    rows = [board_row(a, criteria) for a in call_applications(call, stage=stage, cutoff=cutoff)]
    return EvaluationBoard(
        call=call,
        stage=stage,
        criteria=criteria,
        rows=rank_rows(rows),
        experts=list(candidate_experts(call)),
    )


def reviews_with_details() -> QuerySet[Review]:
    """Reviews with the application, its call and applicants, attachments and scores loaded."""
    return Review.objects.select_related(
        "expert",
        "expert__user",
        "application",
        "application__call",
        "application__thematic_area",
        "application__lead_region",
        "application__lead_organisation",
    ).prefetch_related(
        "scores",
        Prefetch(
            "application__co_applicants",
            queryset=CoApplicant.objects.select_related("region", "organisation"),
        ),
        Prefetch("application__attachments", queryset=Attachment.objects.order_by("id")),
    )


def reviews_of(expert: Expert) -> QuerySet[Review]:
    """The expert's reviews ("My reviews"): open ones first, newest assignment first."""
    return (
        Review.objects.filter(expert=expert)
        .select_related("application", "application__call")
        .order_by("submitted_at", "-assigned_at", "-id")
    )


def declared_review_ids(review_ids: list[int]) -> set[int]:
    """Which of ``review_ids`` have a declaration of no conflict of interest (one query)."""
    if not review_ids:
        return set()
    found = ActivityLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Review),
        object_id__in=[str(pk) for pk in review_ids],
        action=DECLARE_ACTION,
    ).values_list("object_id", flat=True)
    return {int(pk) for pk in found}


@dataclass(frozen=True)
class PeerReview:
    """Another expert's submitted review as a reviewer who has submitted may read it:
    anonymised ("Reviewer 1" ...), scores in the criteria's order."""

    label: str
    total: Decimal
    comment: str
    scores: list[int | None]


def peer_reviews(review: Review, criteria: list[Criterion]) -> list[PeerReview]:
    """The other submitted reviews of the same application and stage (two queries)."""
    others = (
        Review.objects.filter(
            application_id=review.application_id,
            stage=review.stage,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(pk=review.pk)
        .prefetch_related("scores")
        .order_by("submitted_at", "id")
    )
    return [
        PeerReview(_("Reviewer %d") % number, r.total, r.comment, scores_in_order(r, criteria))
        for number, r in enumerate(others, start=1)
    ]


@dataclass(frozen=True)
class TrailEntry:
    """One line of an application's audit trail."""

    at: Any
    action: str
    by: Any
    detail: str
    data: dict = field(default_factory=dict)


def application_trail(application: Application) -> list[TrailEntry]:
    """The application's audit trail, oldest first: its status changes, and the activity-log
    entries of the application and of its reviews (also reviews removed since). Four queries.
    """
    changes = ApplicationStatusChange.objects.filter(application=application).select_related("by")
    entries = [
        TrailEntry(
            c.at,
            "status",
            c.by,
            f"{c.get_from_status_display() or '-'} -> {c.get_to_status_display()}"
            + (f": {c.note}" if c.note else ""),
        )
        for c in changes
    ]
    types = ContentType.objects.get_for_models(Application, Review)
    own = list(
        ActivityLogEntry.objects.filter(
            content_type=types[Application], object_id=str(application.pk)
        ).select_related("actor")
    )
    review_ids = {
        str(pk)
        for pk in Review.objects.filter(application=application).values_list("pk", flat=True)
    }
    review_ids |= {str(e.data["review_id"]) for e in own if "review_id" in e.data}
    of_reviews = ActivityLogEntry.objects.filter(
        content_type=types[Review], object_id__in=sorted(review_ids)
    ).select_related("actor")
    entries.extend(
        TrailEntry(entry.timestamp, entry.action, entry.actor, entry.object_repr, entry.data)
        for entry in [*own, *of_reviews]
    )
    return sorted(entries, key=lambda e: e.at)


def applications_to_assign(call: Call, *, cutoff: Any = None) -> QuerySet[Application]:
    """The call's applications waiting for reviewers (submitted or under review), with their
    applicants and all their reviews loaded, oldest submission first."""
    applications = (
        Application.objects.filter(
            call=call, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
        )
        .select_related(
            "call",
            "lead_region",
            "lead_region__country",
            "lead_organisation",
            "lead_organisation__region",
            "lead_organisation__region__country",
        )
        .prefetch_related(
            Prefetch(
                "co_applicants",
                queryset=CoApplicant.objects.select_related(
                    "region", "region__country", "organisation", "organisation__region"
                ),
            ),
            "reviews",
        )
    )
    if cutoff is not None:
        applications = applications.filter(cutoff=cutoff)
    return applications.order_by("submitted_at", "id")


def calls_in_evaluation() -> QuerySet[Call]:
    """Published and closed calls, newest first, each with ``waiting`` (submitted),
    ``under_review`` and ``decided`` (accepted or rejected) application counts."""
    return (
        Call.objects.exclude(status=CallStatus.DRAFT)
        .annotate(
            waiting=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)
            ),
            under_review=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.UNDER_REVIEW)
            ),
            decided=Count(
                "applications",
                filter=Q(
                    applications__status__in=[
                        ApplicationStatus.ACCEPTED,
                        ApplicationStatus.REJECTED,
                    ]
                ),
            ),
        )
        .order_by("-opens_at", "-id")
    )
