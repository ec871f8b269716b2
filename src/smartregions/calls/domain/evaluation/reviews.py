"""The expert's side of a review: declare no conflict or recuse, score, save drafts, submit.

A review is worked while it is assigned and its application is under review at the review's
stage. The expert first declares that they have no conflict of interest (kept in the activity
log as ``review.declare_no_conflict``: the declaration is the audit record) or recuses with a
reason, after which staff assign someone else. They then score each of the stage's criteria
from 0 to its maximum, with a comment, saving drafts as often as they like; submitting needs
every criterion scored and stores the 0-100 total (:func:`.scoring.review_total`).

Each write locks the application, then the review (:mod:`.locks`): two experts submitting
reviews of one application at the same moment both land, and exactly one of them sees that
the application's reviews are complete and tells the staff.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.calls.domain.evaluation import notifications
from smartregions.calls.domain.evaluation.locks import lock_review
from smartregions.calls.domain.evaluation.scoring import review_total
from smartregions.calls.domain.queries.evaluation import (
    DECLARE_ACTION,
    declared_review_ids,
    stage_criteria,
)
from smartregions.calls.enums import ApplicationStatus, ReviewStatus
from smartregions.calls.models import Review, Score
from smartregions.common.domain.activity import log_activity


class Mark(NamedTuple):
    """An expert's score on one criterion (``None``: not scored yet) and comment."""

    score: int | None
    comment: str = ""


def _check_open(review: Review) -> None:
    """The review (locked) can be worked: assigned, and its application under review at its
    stage."""
    if review.status != ReviewStatus.ASSIGNED:
        raise ValidationError(
            {"status": _("The review is %s.") % review.get_status_display().lower()}
        )
    application = review.application
    if application.status != ApplicationStatus.UNDER_REVIEW or application.stage != review.stage:
        raise ValidationError(
            {"status": _("The application is no longer under review at this stage.")}
        )


def _check_declared(review: Review) -> None:
    if review.pk not in declared_review_ids([review.pk]):
        raise ValidationError(
            {"declaration": _("First declare that you have no conflict of interest.")}
        )


@transaction.atomic
def declare_no_conflict(*, actor: Any, review: Review) -> Review:
    """The expert declares they have no conflict of interest with the application.

    Needed once before scoring. Records ``review.declare_no_conflict``.
    """
    lock_review(review)
    _check_open(review)
    if review.pk in declared_review_ids([review.pk]):
        raise ValidationError({"declaration": _("You have already made this declaration.")})
    log_activity(actor=actor, action=DECLARE_ACTION, obj=review)
    return review


@transaction.atomic
def recuse_review(*, actor: Any, review: Review, reason: str) -> Review:
    """The expert recuses (a conflict of interest) with the reason: assigned -> recused.

    Allowed until submission, also after a declaration (a conflict may come to light later).
    Draft scores are deleted. Staff are notified to assign another reviewer. Records
    ``review.recuse``.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"recusal_reason": _("Say why you recuse.")})
    lock_review(review)
    _check_open(review)
    review.scores.all().delete()
    review.status = ReviewStatus.RECUSED
    review.recusal_reason = reason
    review.comment = ""
    review.save(update_fields=["status", "recusal_reason", "comment"])
    log_activity(actor=actor, action="review.recuse", obj=review, data={"reason": reason})
    notifications.notify_recused(review, actor=actor)
    return review


def _write_scores(review: Review, marks: Mapping[int, Mark]) -> None:
    criteria = {c.pk: c for c in stage_criteria(review.application.call, review.stage)}
    errors: list[str] = []
    unknown = sorted(set(marks) - set(criteria))
    if unknown:
        errors.append(_("Not a criterion of this stage: %s") % ", ".join(str(pk) for pk in unknown))
    for pk, mark in marks.items():
        criterion = criteria.get(pk)
        if criterion is None:
            continue
        if mark.score is None and mark.comment.strip():
            errors.append(_("%s: give a score with your comment.") % criterion.name)
        elif mark.score is not None and not 0 <= mark.score <= criterion.max_score:
            errors.append(
                _("%(criterion)s: the score is a whole number from 0 to %(max)d.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
    if errors:
        raise ValidationError({"scores": errors})
    existing = {s.criterion_id: s for s in review.scores.all()}
    for pk, mark in marks.items():
        score = existing.get(pk)
        if mark.score is None:
            if score is not None:
                score.delete()
        elif score is None:
            Score.objects.create(
                review=review, criterion_id=pk, score=mark.score, comment=mark.comment.strip()
            )
        elif (score.score, score.comment) != (mark.score, mark.comment.strip()):
            score.score, score.comment = mark.score, mark.comment.strip()
            score.save(update_fields=["score", "comment"])


@transaction.atomic
def save_review(
    *, actor: Any, review: Review, marks: Mapping[int, Mark], comment: str | None = None
) -> Review:
    """Save the expert's draft: scores and comments per criterion (criterion id -> mark; a
    ``None`` score clears one) and the overall comment (``None`` keeps it).

    Needs the declaration of no conflict. Scores must lie between 0 and the criterion's
    maximum. Records ``review.save``.
    """
    lock_review(review)
    _check_open(review)
    _check_declared(review)
    _write_scores(review, marks)
    if comment is not None:
        review.comment = comment.strip()
        review.save(update_fields=["comment"])
    log_activity(actor=actor, action="review.save", obj=review, data={"criteria": sorted(marks)})
    return review


@transaction.atomic
def submit_review(
    *,
    actor: Any,
    review: Review,
    marks: Mapping[int, Mark] | None = None,
    comment: str | None = None,
) -> Review:
    """Submit the review: assigned -> submitted, with its 0-100 total.

    ``marks`` and ``comment``, if given, are saved first (as :func:`save_review`). Every
    criterion of the stage needs a score. When this was the application's last open review,
    staff are told the panel can meet. Records ``review.submit``.
    """
    lock_review(review)
    _check_open(review)
    _check_declared(review)
    if marks:
        _write_scores(review, marks)
    if comment is not None:
        review.comment = comment.strip()
    criteria = stage_criteria(review.application.call, review.stage)
    scores = {s.criterion_id: s.score for s in Score.objects.filter(review=review)}
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise ValidationError({"scores": _("Score every criterion: %s") % ", ".join(missing)})
    review.total = review_total(criteria, scores)
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.full_clean()
    review.save(update_fields=["status", "total", "submitted_at", "comment"])
    log_activity(actor=actor, action="review.submit", obj=review, data={"total": str(review.total)})
    application = review.application
    if not Review.objects.filter(
        application=application, stage=review.stage, status=ReviewStatus.ASSIGNED
    ).exists():
        notifications.notify_reviews_complete(application, actor=actor)
    return review
