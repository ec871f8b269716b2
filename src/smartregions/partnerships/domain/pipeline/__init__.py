"""The investment pipeline: bankable interregional projects, their funding mix and stages.

* :mod:`.projects`: propose, edit and delete projects;
* :mod:`.funding`: the funding mix (one line per source, with amount and status);
* :mod:`.stages`: the stage workflow (idea -> demonstration -> investment-ready -> funded ->
  implemented);
* :mod:`.checks`: the invariants every write keeps;
* :mod:`.export`: CSV and XLSX files of projects;
* :mod:`.notifications`: who is told about what.

Reads (lists, the board, totals) are in :mod:`smartregions.partnerships.domain.queries.pipeline`.
"""

from smartregions.partnerships.domain.pipeline.funding import (
    remove_project_funding,
    set_project_funding,
)
from smartregions.partnerships.domain.pipeline.projects import (
    create_project,
    delete_project,
    update_project,
)
from smartregions.partnerships.domain.pipeline.stages import (
    move_project,
    next_stage,
    previous_stage,
)

__all__ = [
    "create_project",
    "delete_project",
    "move_project",
    "next_stage",
    "previous_stage",
    "remove_project_funding",
    "set_project_funding",
    "update_project",
]
