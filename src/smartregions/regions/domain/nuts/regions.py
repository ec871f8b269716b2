"""Bulk, idempotent writing of NUTS regions shared by the GeoJSON and classification imports."""

from __future__ import annotations

from typing import Any

from smartregions.common.imports import ImportResult
from smartregions.regions.models import Region

BATCH = 500


def is_extra_regio_code(code: str) -> bool:
    """Whether ``code`` is an extra-regio code (``BEZ``, ``BEZZ``, ``BEZZZ``): all Z after the
    country. Country codes themselves (``CZ``) are not."""
    return len(code) > 2 and set(code[2:]) == {"Z"}


class RegionWriter:
    """Creates or updates regions of one NUTS version, level by level, in bulk.

    Each record is a dict with ``code``, ``level`` and the Region field values to set (by
    attribute name, e.g. ``country_id``). A record's parent is the region ``code[:-1]`` of the
    same version, from the database or from the records written before it. Fields equal to the
    stored value count as unchanged, so writing the same records twice changes nothing.
    """

    def __init__(self, *, version: int, result: ImportResult) -> None:
        self.version = version
        self.result = result
        self.existing: dict[str, Region] = {
            region.code: region for region in Region.objects.filter(nuts_version=version)
        }
        self.ids: dict[str, int] = {code: region.pk for code, region in self.existing.items()}
        self.orphans: set[str] = set()

    def _parent_id(self, code: str, level: int) -> int | None:
        if level == 0:
            return None
        parent_id = self.ids.get(code[:-1])
        if parent_id is None:
            self.orphans.add(code)
        return parent_id

    def write(self, records: list[dict[str, Any]]) -> None:
        """Write ``records`` (parents first) and add the counts to the result."""
        for level in range(4):
            to_create: list[Region] = []
            to_update: list[Region] = []
            changed_fields: set[str] = set()
            for record in records:
                if record["level"] != level:
                    continue
                values = {k: v for k, v in record.items() if k != "code"}
                values["parent_id"] = self._parent_id(record["code"], level)
                region = self.existing.get(record["code"])
                if region is None:
                    to_create.append(
                        Region(code=record["code"], nuts_version=self.version, **values)
                    )
                    continue
                changed = [name for name, value in values.items() if getattr(region, name) != value]
                if not changed:
                    self.result.unchanged += 1
                    continue
                for name in changed:
                    setattr(region, name, values[name])
                changed_fields.update(changed)
                to_update.append(region)
            for region in Region.objects.bulk_create(to_create, batch_size=BATCH):
                self.ids[region.code] = region.pk
                self.existing[region.code] = region
            if to_update:
                Region.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH)
            self.result.created += len(to_create)
            self.result.updated += len(to_update)
