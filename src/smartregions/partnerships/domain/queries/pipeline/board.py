"""The pipeline board: a column per stage with the first cards and the column totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from smartregions.partnerships.domain.queries.pipeline.projects import with_secured
from smartregions.partnerships.domain.queries.pipeline.totals import PipelineTotals, StageTotals
from smartregions.partnerships.enums import PROJECT_STAGE_ORDER, ProjectStage
from smartregions.partnerships.models import Project

#: Cards shown per board column; the column's totals always count every project.
BOARD_CARDS_PER_STAGE = 50


@dataclass
class BoardColumn:
    """One stage of the board: its totals (all projects) and the first cards."""

    stage: str
    totals: StageTotals
    projects: list[Project]

    @property
    def label(self) -> str:
        return str(ProjectStage(self.stage).label)

    @property
    def hidden(self) -> int:
        """Projects at this stage without a card on the board."""
        return self.totals.count - len(self.projects)


def secured_percent(project: Project) -> int | None:
    """Secured share of the budget in whole percent (capped at 100) of a project annotated with
    ``secured_amount``; ``None`` without a budget."""
    if not project.budget:
        return None
    return int(min(project.secured_amount / project.budget, Decimal(1)) * 100)


def pipeline_board(
    projects: QuerySet[Project],
    *,
    totals: PipelineTotals,
    cards_per_stage: int = BOARD_CARDS_PER_STAGE,
) -> list[BoardColumn]:
    """The board of ``projects``: a column per stage with up to ``cards_per_stage`` cards
    (alphabetical) and the column totals from ``totals`` (see :func:`totals_of`).

    Two queries whatever the number of projects: the cards of every column at once (a window
    function ranks each stage's projects) and the members of their partnerships (for the
    permission rules). Each card has ``secured_amount`` and ``secured_percent``.
    """
    ranked = (
        with_secured(
            Project.objects.filter(pk__in=projects.order_by().values("pk")).select_related(
                "partnership", "lead_region"
            )
        )
        .annotate(
            card_rank=Window(
                RowNumber(), partition_by=[F("stage")], order_by=[F("title").asc(), F("pk").asc()]
            )
        )
        .filter(card_rank__lte=cards_per_stage)
        .prefetch_related("partnership__members")
        .order_by("title", "pk")
    )
    cards: dict[str, list[Project]] = {stage: [] for stage in ProjectStage.values}
    for project in ranked:
        project.secured_percent = secured_percent(project)
        cards[project.stage].append(project)
    return [
        BoardColumn(stage=str(stage), totals=totals.stages[stage], projects=cards[stage])
        for stage in PROJECT_STAGE_ORDER
    ]
