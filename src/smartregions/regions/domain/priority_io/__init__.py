"""Import and export of S3 priorities in the open template (CSV or XLSX, one row per priority).

The template is documented in ``docs/priority-template.md``. An import reads the whole file,
checks every row, and either refuses it with every problem found (nothing written) or stores it
in one transaction with bulk writes. An export writes the same columns, so an exported file
imports back to exactly the same strategies, priorities and codes.

- ``template``: the columns and how codes are written (``nace-rev2`` codes bare, others
  ``slug:code`` when not the axis's default taxonomy);
- ``reading``: :func:`import_priorities`;
- ``store``: the bulk create-or-update shared with the Czech importer;
- ``export``: :func:`export_priorities` and :func:`write_priorities`.
"""

from smartregions.regions.domain.priority_io.export import (
    FORMATS,
    export_priorities,
    export_queryset,
    write_priorities,
)
from smartregions.regions.domain.priority_io.reading import import_priorities
from smartregions.regions.domain.priority_io.store import (
    PrioritySpec,
    StoreCounts,
    StrategySpec,
    record_import,
    store_priorities,
)
from smartregions.regions.domain.priority_io.template import (
    AXES,
    COLUMNS,
    REQUIRED_COLUMNS,
    SEPARATOR,
    CodeLookup,
    format_code,
    normalise_nace_code,
    split_list,
)

__all__ = [
    "AXES",
    "COLUMNS",
    "FORMATS",
    "REQUIRED_COLUMNS",
    "SEPARATOR",
    "CodeLookup",
    "PrioritySpec",
    "StoreCounts",
    "StrategySpec",
    "export_priorities",
    "export_queryset",
    "format_code",
    "import_priorities",
    "normalise_nace_code",
    "record_import",
    "split_list",
    "store_priorities",
    "write_priorities",
]
