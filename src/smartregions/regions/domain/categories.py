"""Importing the Cohesion Policy categories of regions (less developed / transition / more
developed, and the industrial-transition flag) from a small CSV file.

No official machine-readable list ships with the reference data, so the file is the user's:
``nuts_code,category[,industrial_transition]`` with a header row. The partner finder filters
candidate regions by these fields.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.enums import RegionCategory
from smartregions.regions.models import Region

REQUIRED_COLUMNS = ("nuts_code", "category")
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "x"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n"})
# Accepted spellings of each category: the stored value, the label and a few variants.
CATEGORY_WORDS = {
    **{choice.value: choice.value for choice in RegionCategory},
    **{str(choice.label).casefold(): choice.value for choice in RegionCategory},
    "less developed": RegionCategory.LESS_DEVELOPED.value,
    "more developed": RegionCategory.MORE_DEVELOPED.value,
}


def _read_rows(path: Path, problems: ProblemCollector) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in (reader.fieldnames or [])]
            missing = [name for name in REQUIRED_COLUMNS if name not in header]
            if missing:
                problems.add(1, ", ".join(missing), "missing column(s) in the header row")
                return []
            reader.fieldnames = header
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        problems.add(None, None, f"cannot read the file: {error}")
        return []


def _wanted(path: Path, version: int) -> dict[str, tuple[str, bool]]:
    """Code -> (category, industrial_transition); ``ImportRejected`` naming every bad cell."""
    problems = ProblemCollector(str(path))
    rows = _read_rows(path, problems)
    problems.raise_if_any()
    known = set(
        Region.objects.filter(nuts_version=version, is_extra_regio=False).values_list(
            "code", flat=True
        )
    )
    wanted: dict[str, tuple[str, bool]] = {}
    for line, row in enumerate(rows, start=2):
        code = row.get("nuts_code", "").upper()
        category = CATEGORY_WORDS.get(row.get("category", "").casefold())
        flag = row.get("industrial_transition", "").casefold()
        if not code:
            problems.add(line, "nuts_code", "empty NUTS code")
        elif code not in known:
            problems.add(line, "nuts_code", f"unknown NUTS {version} region {code}")
        elif code in wanted:
            problems.add(line, "nuts_code", f"{code} is listed twice")
        if category is None:
            choices = ", ".join(choice.value for choice in RegionCategory)
            problems.add(
                line, "category", f"expected one of {choices}, got {row.get('category')!r}"
            )
        if flag not in TRUE_WORDS | FALSE_WORDS:
            problems.add(line, "industrial_transition", f"expected yes/no, got {flag!r}")
        if code and category is not None:
            wanted.setdefault(code, (category, flag in TRUE_WORDS))
    if not rows:
        problems.add(None, None, "the file lists no region")
    problems.raise_if_any()
    return wanted


@transaction.atomic
def import_region_categories(*, path: str | Path, actor: Any = None) -> ImportResult:
    """Set ``category`` and ``industrial_transition`` of the regions listed in the CSV ``path``.

    Columns: ``nuts_code`` (current NUTS version), ``category`` (``less_developed``,
    ``transition``, ``more_developed`` or their labels) and optionally
    ``industrial_transition`` (yes/no, 1/0, true/false; empty means no). All or nothing: any
    bad row raises ``ImportRejected`` naming the file, line, field and reason, and nothing is
    written. Regions not listed keep their values. Idempotent: a re-run reports them all
    unchanged. Records ``region.import_categories`` in the activity log when something changed.
    """
    path = Path(path)
    version = current_nuts_version()
    wanted = _wanted(path, version)
    result = ImportResult(source=str(path))
    changed: list[Region] = []
    for region in Region.objects.filter(nuts_version=version, code__in=wanted).order_by("code"):
        category, transition = wanted[region.code]
        if (region.category, region.industrial_transition) == (category, transition):
            result.unchanged += 1
            continue
        region.category, region.industrial_transition = category, transition
        changed.append(region)
    Region.objects.bulk_update(changed, ["category", "industrial_transition"])
    result.updated = len(changed)
    if changed:
        log_activity(
            actor=actor,
            action="region.import_categories",
            data={"file": path.name, "updated": len(changed), "unchanged": result.unchanged},
        )
    return result
