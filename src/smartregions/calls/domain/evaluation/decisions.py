"""The panel's side: the consensus score of an application, then the decision.

Once every review of an application at its stage is in (none still assigned, at least one
submitted), staff record the panel's consensus: a 0-100 score with a comment, which ranks the
application (:func:`~smartregions.calls.domain.evaluation.ranking.rank_rows`) and may be
revised until the decision. The decision needs the consensus and its reasons:

* ``accept``: under review -> accepted;
* ``reject``: under review -> rejected;
* ``advance`` (stage 1 of a two-stage call only): under review -> draft at stage 2, with the
  submission time cleared so the applicants can complete and submit the full application; the
  stage-1 snapshot (``ApplicationSubmission``) stays. A two-stage call's first stage ends in
  ``advance`` or ``reject``, never ``accept``.

The applicants are told the outcome and the reasons (``Decision.notified_at``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.calls.domain.evaluation import notifications
from smartregions.calls.domain.evaluation.locks import lock_application
from smartregions.calls.domain.evaluation.ranking import board_row, rank_rows
from smartregions.calls.domain.history import change_application_status
from smartregions.calls.domain.queries.evaluation import (
    call_applications,
    stage_criteria,
)
from smartregions.calls.enums import ApplicationStatus, DecisionOutcome, ReviewStatus, Stage
from smartregions.calls.models import Application, Decision, PanelConsensus, Review
from smartregions.common.domain.activity import log_activity

_OUTCOME_STATUS = {
    DecisionOutcome.ACCEPT: ApplicationStatus.ACCEPTED,
    DecisionOutcome.REJECT: ApplicationStatus.REJECTED,
    DecisionOutcome.ADVANCE: ApplicationStatus.DRAFT,
}


def _check_under_review(application: Application) -> None:
    if application.status != ApplicationStatus.UNDER_REVIEW:
        raise ValidationError(
            {
                "status": _("The application is %s, not under review.")
                % application.get_status_display().lower()
            }
        )


def _clean_score(score: Any) -> Decimal:
    try:
        value = Decimal(str(score))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"score": _("The consensus score is a number from 0 to 100.")})
    if value != value.quantize(Decimal("0.001")):
        raise ValidationError({"score": _("Give the score with at most three decimals.")})
    return value


@transaction.atomic
def record_consensus(
    *, actor: Any, application: Application, score: Any, comment: str
) -> PanelConsensus:
    """Record (or revise, until the decision) the panel's consensus on ``application`` at its
    stage: a 0-100 score and a comment (staff).

    Needs every review in: none still assigned and at least one submitted. Records
    ``evaluation.consensus``.
    """
    value = _clean_score(score)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Explain the panel's consensus.")})
    lock_application(application)
    _check_under_review(application)
    statuses = list(
        Review.objects.filter(application=application, stage=application.stage).values_list(
            "status", flat=True
        )
    )
    if ReviewStatus.ASSIGNED in statuses:
        raise ValidationError(
            {"reviews": _("Wait for every review, or take back the missing ones.")}
        )
    if ReviewStatus.SUBMITTED not in statuses:
        raise ValidationError({"reviews": _("No review has been submitted yet.")})
    consensus = PanelConsensus.objects.filter(
        application=application, stage=application.stage
    ).first()
    revised = consensus is not None
    if consensus is None:
        consensus = PanelConsensus(application=application, stage=application.stage)
    consensus.score = value
    consensus.comment = comment
    consensus.agreed_by = actor if getattr(actor, "is_authenticated", False) else None
    consensus.agreed_at = timezone.now()
    consensus.full_clean()
    consensus.save()
    log_activity(
        actor=actor,
        action="evaluation.consensus",
        obj=application,
        data={"stage": application.stage, "score": str(value), "revised": revised},
    )
    return consensus


def _check_outcome(application: Application, outcome: str) -> None:
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose accept, reject or advance.")})
    first_of_two = (
        application.call.is_two_stage and application.stage == Stage.EXPRESSION_OF_INTEREST
    )
    if outcome == DecisionOutcome.ADVANCE and not first_of_two:
        raise ValidationError(
            {"outcome": _("Only a two-stage call advances applications, from its first stage.")}
        )
    if outcome == DecisionOutcome.ACCEPT and first_of_two:
        raise ValidationError(
            {"outcome": _("The first stage of a two-stage call ends in advance or reject.")}
        )


def _current_rank(application: Application) -> int | None:
    criteria = stage_criteria(application.call, application.stage)
    rows = rank_rows(
        [
            board_row(a, criteria)
            for a in call_applications(
                application.call, stage=application.stage, cutoff=application.cutoff
            )
        ]
    )
    return next((r.rank for r in rows if r.application.pk == application.pk), None)


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    application: Application,
    outcome: str,
    reasons: str,
    rank: int | None = None,
) -> Decision:
    """Decide on ``application`` at its stage (staff), with reasons and a rank.

    Needs the panel's consensus; one decision per stage. ``rank`` defaults to the
    application's place in the call's ranking (within its cut-off for a rolling call). Changes
    the status as in the module docstring, tells the applicants and sets ``notified_at``.
    Records ``evaluation.decision``.
    """
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    if rank is not None and rank < 1:
        raise ValidationError({"rank": _("The rank is a whole number from 1.")})
    lock_application(application)
    _check_under_review(application)
    _check_outcome(application, outcome)
    stage = application.stage
    if not PanelConsensus.objects.filter(application=application, stage=stage).exists():
        raise ValidationError({"consensus": _("Record the panel's consensus first.")})
    if Decision.objects.filter(application=application, stage=stage).exists():
        raise ValidationError({"outcome": _("This stage has been decided already.")})
    decision = Decision.objects.create(
        application=application,
        stage=stage,
        outcome=outcome,
        reasons=reasons,
        rank=rank if rank is not None else _current_rank(application),
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if outcome == DecisionOutcome.ADVANCE:
        application.stage = Stage.FULL_APPLICATION
        application.submitted_at = None
    change_application_status(
        application=application,
        to_status=_OUTCOME_STATUS[outcome],
        by=actor,
        note=decision.get_outcome_display(),
    )
    log_activity(
        actor=actor,
        action="evaluation.decision",
        obj=application,
        data={"stage": stage, "outcome": outcome, "rank": decision.rank},
    )
    notifications.notify_decision(decision, actor=actor)
    decision.notified_at = timezone.now()
    decision.save(update_fields=["notified_at"])
    return decision
