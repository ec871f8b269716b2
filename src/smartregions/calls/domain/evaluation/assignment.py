"""Assigning reviewers to applications: by hand, or automatically for a whole call.

Both draw on the call's candidates (its panel's active experts, or the whole active pool when
it has no panel), refuse conflicts of interest (:mod:`.conflicts`) and give an expert an
application at most once per stage (a recused expert is not asked again). By hand, staff may
go beyond an expert's ``max_load``; the automatic assignment never does, counting the reviews
the expert already holds in the call. The automatic assignment is the optimal solution of
:func:`~smartregions.calls.compute.assignment.solve_assignment`: the most reviews, then the
best fit (:func:`~smartregions.calls.compute.fit.expertise_fit`), then the most even load.

The first reviewer moves an application from submitted to under review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregions.calls.compute import expertise_fit, solve_assignment
from smartregions.calls.domain.evaluation import notifications
from smartregions.calls.domain.evaluation.conflicts import applicants_of, find_conflicts
from smartregions.calls.domain.evaluation.locks import lock_application, lock_review
from smartregions.calls.domain.history import change_application_status
from smartregions.calls.domain.queries.evaluation import (
    ACTIVE_REVIEW_STATUSES,
    applications_to_assign,
    candidate_experts,
    experts_with_details,
)
from smartregions.calls.enums import ApplicationStatus, ReviewStatus
from smartregions.calls.models import Application, Call, CallCutoff, Criterion, Expert, Review
from smartregions.common.domain.activity import log_activity

#: Weight of the load-balancing term of the automatic assignment (see the kernel).
BALANCE = 0.05
#: Statuses in which an application takes reviewers.
ASSIGNABLE_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)


def _check_criteria(call: Call, stage: int) -> None:
    if not Criterion.objects.filter(call=call, stage=stage).exists():
        raise ValidationError(
            {"criteria": _("The call has no evaluation criteria for stage %d.") % stage}
        )


def _start_review(*, actor: Any, application: Application) -> None:
    if application.status == ApplicationStatus.SUBMITTED:
        change_application_status(
            application=application,
            to_status=ApplicationStatus.UNDER_REVIEW,
            by=actor,
            note=_("Reviewers assigned."),
        )


def _new_review(*, actor: Any, application: Application, expert: Expert, automatic: bool) -> Review:
    return Review(
        application=application,
        expert=expert,
        stage=application.stage,
        assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_automatic=automatic,
    )


@transaction.atomic
def assign_reviewer(*, actor: Any, application: Application, expert: Expert) -> Review:
    """Give ``application`` (submitted or under review) to ``expert`` at its stage (staff).

    Refused, naming the reason on ``expert``: an inactive expert, one not on the call's panel
    (when it has one), one already reviewing or recused, one with a conflict of interest.
    Moves a submitted application to under review. Records ``review.assign``; the expert is
    notified.
    """
    lock_application(application)
    if application.status not in ASSIGNABLE_STATUSES:
        raise ValidationError(
            {
                "status": _("A %s application takes no reviewers.")
                % application.get_status_display().lower()
            }
        )
    call = application.call
    _check_criteria(call, application.stage)
    expert = experts_with_details().get(pk=expert.pk)
    if not expert.is_active:
        raise ValidationError({"expert": _("%s is not active in the expert pool.") % expert})
    if call.panel.exists() and not call.panel.filter(pk=expert.pk).exists():
        raise ValidationError({"expert": _("%s is not on the call's panel.") % expert})
    existing = Review.objects.filter(
        application=application, expert=expert, stage=application.stage
    ).first()
    if existing is not None:
        message = (
            _("%s recused from this application.")
            if existing.status == ReviewStatus.RECUSED
            else _("%s already reviews this application.")
        )
        raise ValidationError({"expert": message % expert})
    full = applications_to_assign(call).get(pk=application.pk)
    conflicts = find_conflicts(expert, applicants_of(full), call.conflict_rules)
    if conflicts:
        raise ValidationError(
            {"expert": [_("Conflict of interest: %s") % c.reason for c in conflicts]}
        )
    review = _new_review(actor=actor, application=application, expert=expert, automatic=False)
    review.save()
    _start_review(actor=actor, application=application)
    log_activity(
        actor=actor,
        action="review.assign",
        obj=review,
        data={"expert_id": expert.pk, "how": "manual", "application_id": application.pk},
    )
    notifications.notify_reviews_assigned(expert, [review], actor=actor)
    return review


@transaction.atomic
def remove_reviewer(*, actor: Any, review: Review) -> None:
    """Take an assigned, not yet submitted review back from its expert (staff), e.g. when the
    expert is unavailable; its draft scores go with it. The application stays under review.

    Records ``review.remove`` on the application (the review row is deleted); the expert is
    notified.
    """
    lock_review(review)
    if review.status != ReviewStatus.ASSIGNED:
        raise ValidationError(
            {
                "review": _("Only an assigned review can be taken back; this one is %s.")
                % review.get_status_display().lower()
            }
        )
    application = review.application
    log_activity(
        actor=actor,
        action="review.remove",
        obj=application,
        data={"review_id": review.pk, "expert_id": review.expert_id},
    )
    notifications.notify_review_removed(review, actor=actor)
    review.delete()


def cancel_open_reviews(*, actor: Any, application: Application) -> list[Review]:
    """Take back the open (assigned) reviews of ``application`` at its stage, once it has left
    the evaluation (the applicants withdrew it): they can never be completed.

    A review has no "cancelled" state, so, as when staff take a review back
    (:func:`remove_reviewer`), each open review is deleted with its draft scores, recorded as
    ``review.remove`` on the application (with ``reason: "withdrawn"`` and how many draft
    scores went with it; the audit trail shows it) and its expert is told. Submitted and
    recused reviews stay as they are. Runs in the caller's transaction, which holds the
    application's lock. Returns the reviews taken back (no longer saved).
    """
    reviews = list(
        Review.objects.filter(
            application=application, stage=application.stage, status=ReviewStatus.ASSIGNED
        )
        .select_related("expert__user")
        .annotate(draft_scores=Count("scores"))
        .order_by("id")
    )
    for review in reviews:
        log_activity(
            actor=actor,
            action="review.remove",
            obj=application,
            data={
                "review_id": review.pk,
                "expert_id": review.expert_id,
                "reason": "withdrawn",
                "draft_scores": review.draft_scores,
            },
        )
    if reviews:
        notifications.notify_reviews_cancelled(reviews, application, actor=actor)
        Review.objects.filter(pk__in=[r.pk for r in reviews]).delete()
    return reviews


@dataclass(frozen=True)
class Shortfall:
    """An application that could not get all the reviewers it needs, and why."""

    application: Application
    missing: int
    reason: str


@dataclass
class AssignmentPlan:
    """What the automatic assignment gives (or gave): the pairs with their fit, the
    applications left short, and each candidate's load in the call afterwards."""

    call: Call
    pairs: list[tuple[Application, Expert, float]] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    load: dict[int, int] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)


def _shortfall_reason(*, missing: int, eligible: int, need: int, conflicted: int) -> str:
    if eligible < need:
        return ngettext(
            "Only %(eligible)d candidate expert is free of conflicts and not already asked "
            "(%(conflicted)d excluded by a conflict of interest).",
            "Only %(eligible)d candidate experts are free of conflicts and not already asked "
            "(%(conflicted)d excluded by a conflict of interest).",
            eligible,
        ) % {"eligible": eligible, "conflicted": conflicted}
    return ngettext(
        "%(missing)d reviewer missing: the eligible experts have reached their maximum load.",
        "%(missing)d reviewers missing: the eligible experts have reached their maximum load.",
        missing,
    ) % {"missing": missing}


def plan_assignment(*, call: Call, cutoff: CallCutoff | None = None) -> AssignmentPlan:
    """The optimal automatic assignment for the call's waiting applications, not saved.

    Each submitted or under-review application (of ``cutoff`` if given) needs
    ``call.reviewers_per_application`` reviewers at its stage, less those assigned or
    submitted already. No side effects.
    """
    applications = list(applications_to_assign(call, cutoff=cutoff))
    experts = list(candidate_experts(call))
    plan = AssignmentPlan(call=call, experts=experts, load={e.pk: e.call_load for e in experts})
    stages = set(
        Criterion.objects.filter(call=call).order_by().values_list("stage", flat=True).distinct()
    )
    waiting, need = [], []
    for application in applications:
        held = [
            r
            for r in application.reviews.all()
            if r.stage == application.stage and r.status in ACTIVE_REVIEW_STATUSES
        ]
        missing = max(call.reviewers_per_application - len(held), 0)
        if missing and application.stage not in stages:
            reason = _("The call has no evaluation criteria for stage %d.") % application.stage
            plan.shortfalls.append(Shortfall(application, missing, reason))
        elif missing:
            waiting.append(application)
            need.append(missing)
    if not waiting:
        return plan
    allowed, conflicted = _allowed_pairs(call, waiting, experts)
    areas = [{area.pk for area in e.thematic_areas.all()} for e in experts]
    fit = expertise_fit(
        [" ".join(filter(None, [a.acronym, a.title, a.summary])) for a in waiting],
        [e.expertise for e in experts],
        np.array([[a.thematic_area_id in mine for mine in areas] for a in waiting], bool).reshape(
            len(waiting), len(experts)
        ),
    )
    capacity = [max(e.max_load - e.call_load, 0) for e in experts]
    result = solve_assignment(
        fit,
        allowed,
        np.array(need, np.int64),
        np.array(capacity, np.int64),
        held=np.array([e.call_load for e in experts], np.int64),
        balance=BALANCE,
    )
    plan.pairs = [(waiting[a], experts[e], float(fit[a, e])) for a, e in result.pairs]
    plan.load = {e.pk: int(load) for e, load in zip(experts, result.load, strict=True)}
    for index, application in enumerate(waiting):
        missing = int(result.shortfall[index])
        if missing:
            reason = _shortfall_reason(
                missing=missing,
                eligible=int(result.eligible[index]),
                need=need[index],
                conflicted=int(conflicted[index]),
            )
            plan.shortfalls.append(Shortfall(application, missing, reason))
    return plan


def _allowed_pairs(
    call: Call, applications: list[Application], experts: list[Expert]
) -> tuple[np.ndarray, np.ndarray]:
    """Which pairs may be assigned, and per application how many experts a conflict excludes."""
    allowed = np.ones((len(applications), len(experts)), bool)
    conflicted = np.zeros(len(applications), np.int64)
    for row, application in enumerate(applications):
        asked = {r.expert_id for r in application.reviews.all() if r.stage == application.stage}
        applicants = applicants_of(application)
        for column, expert in enumerate(experts):
            if expert.pk in asked:
                allowed[row, column] = False
            elif find_conflicts(expert, applicants, call.conflict_rules):
                allowed[row, column] = False
                conflicted[row] += 1
    return allowed, conflicted


@transaction.atomic
def auto_assign_reviewers(
    *, actor: Any, call: Call, cutoff: CallCutoff | None = None
) -> AssignmentPlan:
    """Assign reviewers to all the call's waiting applications (staff, or the
    ``assign_reviewers`` command) by :func:`plan_assignment`, and save it.

    Locks the call (one automatic assignment at a time) and the applications, so the plan is
    made from committed rows. Applications that got a first reviewer move to under review;
    each expert is notified once with their new reviews. Records ``review.assign`` per review
    and ``call.auto_assign`` with the totals. Returns the plan with the saved ``reviews``.
    """
    Call.objects.select_for_update().get(pk=call.pk)
    waiting = applications_to_assign(call, cutoff=cutoff).select_for_update(of=("self",))
    list(waiting.values_list("pk", flat=True))
    plan = plan_assignment(call=call, cutoff=cutoff)
    by_expert: dict[int, list[Review]] = defaultdict(list)
    for application, expert, fit in plan.pairs:
        review = _new_review(actor=actor, application=application, expert=expert, automatic=True)
        review.save()
        plan.reviews.append(review)
        by_expert[expert.pk].append(review)
        log_activity(
            actor=actor,
            action="review.assign",
            obj=review,
            data={
                "expert_id": expert.pk,
                "how": "automatic",
                "fit": round(fit, 4),
                "application_id": application.pk,
            },
        )
    started = {pair[0].pk: pair[0] for pair in plan.pairs}
    for application in started.values():
        _start_review(actor=actor, application=application)
    log_activity(
        actor=actor,
        action="call.auto_assign",
        obj=call,
        data={
            "cutoff_id": getattr(cutoff, "pk", None),
            "reviews": len(plan.reviews),
            "applications": len(started),
            "short": [s.application.pk for s in plan.shortfalls],
        },
    )
    experts = {e.pk: e for e in plan.experts}
    for expert_id, reviews in by_expert.items():
        notifications.notify_reviews_assigned(experts[expert_id], reviews, actor=actor)
    return plan
