"""Named, N+1-safe reads of the investment pipeline.

* :mod:`.projects`: filters (:class:`ProjectCriteria`), who sees which projects, projects with
  their details, the stage history;
* :mod:`.totals`: counts by stage, budget and funding by source and status, aggregated in SQL
  (:func:`pipeline_totals` for dashboards and reports), also per partnership, platform or region;
* :mod:`.board`: the board's columns and cards.
"""

from smartregions.partnerships.domain.queries.pipeline.board import (
    BOARD_CARDS_PER_STAGE,
    BoardColumn,
    pipeline_board,
    secured_percent,
)
from smartregions.partnerships.domain.queries.pipeline.projects import (
    HistoryRow,
    ProjectCriteria,
    export_projects,
    filter_projects,
    member_partnership_ids,
    organisation_candidates,
    projects_with_details,
    resolve_criteria,
    stage_history,
    visible_partnerships,
    visible_projects,
)
from smartregions.partnerships.domain.queries.pipeline.totals import (
    GROUPINGS,
    REGION_ROLES,
    GroupTotals,
    PipelineTotals,
    RegionTotals,
    StageTotals,
    grouped_totals,
    pipeline_totals,
    region_totals,
    totals_of,
)

__all__ = [
    "BOARD_CARDS_PER_STAGE",
    "GROUPINGS",
    "REGION_ROLES",
    "BoardColumn",
    "GroupTotals",
    "HistoryRow",
    "PipelineTotals",
    "ProjectCriteria",
    "RegionTotals",
    "StageTotals",
    "export_projects",
    "filter_projects",
    "grouped_totals",
    "member_partnership_ids",
    "organisation_candidates",
    "pipeline_board",
    "pipeline_totals",
    "projects_with_details",
    "region_totals",
    "resolve_criteria",
    "secured_percent",
    "stage_history",
    "totals_of",
    "visible_partnerships",
    "visible_projects",
]
