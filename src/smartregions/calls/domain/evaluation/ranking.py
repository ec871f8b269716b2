"""The panel's view of an application at a stage: its reviews summarised per criterion (mean,
spread, threshold), and the ranking of a call's applications.

Pure functions over applications loaded by
:func:`~smartregions.calls.domain.queries.evaluation.applications_for_evaluation` (reviews of
one stage with their scores, the consensus and the decision prefetched): no query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from smartregions.calls.domain.evaluation.scoring import mean, spread
from smartregions.calls.enums import ReviewStatus
from smartregions.calls.models import Application, Criterion, Decision, PanelConsensus, Review


@dataclass
class CriterionSummary:
    """How the submitted reviews scored one criterion of one application."""

    criterion: Criterion
    scores: list[int]
    mean: Decimal | None
    spread: Decimal | None
    below_threshold: bool


@dataclass
class BoardRow:
    """One application on the evaluation board, with its reviews summarised.

    ``score_table`` lists each review with its scores in the criteria's order (``None`` where
    a criterion is not scored yet).
    """

    application: Application
    reviews: list[Review]
    submitted: list[Review]
    pending: int
    mean_total: Decimal | None
    spread: Decimal | None
    criteria: list[CriterionSummary]
    consensus: PanelConsensus | None
    decision: Decision | None
    score_table: list[tuple[Review, list[int | None]]] = field(default_factory=list)
    rank: int | None = None

    @property
    def flagged(self) -> list[Criterion]:
        """Criteria whose mean score is below their threshold."""
        return [c.criterion for c in self.criteria if c.below_threshold]


def board_row(application: Application, criteria: list[Criterion]) -> BoardRow:
    """Summarise an application loaded by :func:`applications_for_evaluation` (no query)."""
    reviews = list(application.reviews.all())
    submitted = [r for r in reviews if r.status == ReviewStatus.SUBMITTED]
    by_criterion: dict[int, list[int]] = {c.pk: [] for c in criteria}
    for review in submitted:
        for score in review.scores.all():
            by_criterion.setdefault(score.criterion_id, []).append(score.score)
    summaries = []
    for criterion in criteria:
        values = by_criterion[criterion.pk]
        average = mean(values)
        summaries.append(
            CriterionSummary(
                criterion=criterion,
                scores=values,
                mean=average,
                spread=spread(values),
                below_threshold=criterion.threshold is not None
                and average is not None
                and average < criterion.threshold,
            )
        )
    consensus = next(iter(application.consensus.all()), None)
    return BoardRow(
        application=application,
        reviews=reviews,
        submitted=submitted,
        pending=sum(r.status == ReviewStatus.ASSIGNED for r in reviews),
        mean_total=mean(r.total for r in submitted),
        spread=spread(r.total for r in submitted),
        criteria=summaries,
        consensus=consensus,
        decision=next(iter(application.decisions.all()), None),
        score_table=[(r, scores_in_order(r, criteria)) for r in reviews],
    )


def scores_in_order(review: Review, criteria: list[Criterion]) -> list[int | None]:
    """The review's scores in the order of ``criteria`` (``None`` where not scored)."""
    scores = {s.criterion_id: s.score for s in review.scores.all()}
    return [scores.get(c.pk) for c in criteria]


def rank_rows(rows: list[BoardRow]) -> list[BoardRow]:
    """Rows in ranking order, ranks set: by consensus score, then mean review total (higher
    first), then submission order. Rows with neither score come last, unranked."""

    def key(row: BoardRow) -> tuple:
        consensus = row.consensus.score if row.consensus is not None else None
        return (
            consensus is None,
            -(consensus or 0),
            row.mean_total is None,
            -(row.mean_total or 0),
            row.application.submitted_at is None,
            row.application.submitted_at,
            row.application.pk,
        )

    ordered = sorted(rows, key=key)
    for position, row in enumerate(ordered, start=1):
        scored = row.consensus is not None or row.mean_total is not None
        row.rank = position if scored else None
    return ordered
