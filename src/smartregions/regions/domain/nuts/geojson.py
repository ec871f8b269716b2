"""Importing GISCO NUTS region files (``NUTS_RG_<scale>_<year>_4326.geojson``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult, progress
from smartregions.regions.domain.nuts._io import CODE_RE, clean_text, read_json_file
from smartregions.regions.domain.nuts.geometry import (
    DECIMALS,
    DEFAULT_TOLERANCE,
    SCALE_TOLERANCE,
    label_point,
    parse_area,
    simplified_geojson,
)
from smartregions.regions.domain.nuts.regions import RegionWriter, is_extra_regio_code
from smartregions.regions.models import Country

FILE_NAME_RE = re.compile(
    r"NUTS_(?:RG|LB)_(?:(?P<scale>\d{2}M)_)?(?P<version>\d{4})_(?P<crs>\d{4,5})"
)
CRS_RE = re.compile(r"(?:EPSG:+|EPSG/0/)(\d+)|(CRS84)$")
REQUIRED = ("NUTS_ID", "LEVL_CODE", "CNTR_CODE", "NAME_LATN", "NUTS_NAME")
TYPE_FIELDS = {
    "MOUNT_TYPE": "mountain_type",
    "URBN_TYPE": "urban_type",
    "COAST_TYPE": "coastal_type",
}


@dataclass(frozen=True)
class FileName:
    """What a GISCO file name says: scale (``60M``), NUTS version and EPSG code."""

    scale: str | None
    version: int | None
    crs: int | None

    @classmethod
    def parse(cls, path: Path) -> FileName:
        match = FILE_NAME_RE.search(path.name)
        if match is None:
            return cls(None, None, None)
        return cls(match["scale"], int(match["version"]), int(match["crs"]))


def _declared_crs(data: dict[str, Any]) -> int | None:
    """The EPSG code of a GeoJSON ``crs`` member (4326 for CRS84), or None if there is none."""
    name = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if not isinstance(name, str):
        return None
    match = CRS_RE.search(name)
    if match is None:
        return -1
    return 4326 if match[2] else int(match[1])


def _check_collection(data: Any, name: FileName, problems: ProblemCollector) -> list[Any]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.add(None, "type", "not a GeoJSON FeatureCollection")
        return []
    crs = _declared_crs(data) or name.crs
    if crs is not None and crs != 4326:
        shown = f"EPSG:{crs}" if crs > 0 else repr(data["crs"]["properties"]["name"])
        problems.add(
            None,
            "crs",
            f"coordinates are in {shown}, not EPSG:4326 (WGS84); nothing is reprojected, "
            "use the GISCO file ending in _4326",
        )
    features = data.get("features")
    if not isinstance(features, list) or not features:
        problems.add(None, "features", "no features")
        return []
    return features


def _int_or_none(value: object) -> tuple[int | None, bool]:
    if value is None:
        return None, True
    if isinstance(value, bool) or not isinstance(value, int):
        return None, False
    return value, True


def _check_code_and_level(where: str, props: dict[str, Any], problems: ProblemCollector) -> None:
    code, level = props.get("NUTS_ID"), props.get("LEVL_CODE")
    code_ok = isinstance(code, str) and CODE_RE.match(code) is not None
    if "NUTS_ID" in props and not code_ok:
        problems.add(where, "NUTS_ID", f"not a NUTS code: {code!r}")
    if "LEVL_CODE" not in props:
        return
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 3:
        problems.add(where, "LEVL_CODE", f"level must be 0, 1, 2 or 3, not {level!r}")
    elif code_ok and len(code) - 2 != level:
        problems.add(
            where, "LEVL_CODE", f"level {level} does not match code {code} (level {len(code) - 2})"
        )


def _check_country(
    where: str, props: dict[str, Any], countries: dict[str, int], problems: ProblemCollector
) -> None:
    if "CNTR_CODE" not in props:
        return
    country, code = props["CNTR_CODE"], props.get("NUTS_ID")
    if country not in countries:
        problems.add(where, "CNTR_CODE", f"unknown country {country!r} (import countries first)")
    elif isinstance(code, str) and not code.startswith(str(country)):
        problems.add(where, "CNTR_CODE", f"country {country} does not match code {code}")


def _typologies(where: str, props: dict[str, Any], problems: ProblemCollector) -> dict[str, Any]:
    types = {}
    for key, field in TYPE_FIELDS.items():
        value, ok = _int_or_none(props.get(key))
        if not ok:
            problems.add(where, key, f"not an integer: {props.get(key)!r}")
        types[field] = value
    return types


def _validate_feature(
    index: int,
    feature: Any,
    *,
    countries: dict[str, int],
    seen: dict[str, int],
    problems: ProblemCollector,
) -> dict[str, Any] | None:
    """The cleaned record of one feature, or None after adding every problem it has."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        problems.add(str(index), "properties", "feature has no properties object")
        return None
    code = props.get("NUTS_ID")
    where = f"{index} ({code})" if isinstance(code, str) else str(index)
    before = len(problems.problems)
    for key in REQUIRED:
        if key not in props:
            problems.add(where, key, "missing property")
    _check_code_and_level(where, props, problems)
    _check_country(where, props, countries, problems)
    name_latin = clean_text(props.get("NAME_LATN"))
    if "NAME_LATN" in props and not name_latin:
        problems.add(where, "NAME_LATN", "empty name")
    types = _typologies(where, props, problems)
    if isinstance(code, str):
        if code in seen:
            problems.add(where, "NUTS_ID", f"duplicate NUTS_ID, first at feature {seen[code]}")
        else:
            seen[code] = index
    geom, reason = parse_area(feature.get("geometry"))
    if reason:
        problems.add(where, "geometry", reason)
    if len(problems.problems) > before:
        return None
    return {
        "code": code,
        "level": props["LEVL_CODE"],
        "country_id": countries[props["CNTR_CODE"]],
        "name_latin": name_latin,
        "name_national": clean_text(props.get("NUTS_NAME")) or name_latin,
        "is_extra_regio": is_extra_regio_code(code),
        **types,
        "geometry": geom,
    }


def _label_points(path: Path, version: int, result: ImportResult) -> dict[str, tuple[float, float]]:
    """GISCO's own label points from ``NUTS_LB_<version>_4326.geojson`` beside ``path``, if any."""
    label_path = path.with_name(f"NUTS_LB_{version}_4326.geojson")
    if not label_path.is_file():
        return {}
    problems = ProblemCollector(str(label_path))
    data = read_json_file(label_path, problems)
    points = {}
    for feature in (data or {}).get("features") or []:
        try:
            code = feature["properties"]["NUTS_ID"]
            lon, lat = feature["geometry"]["coordinates"][:2]
            points[code] = (round(float(lon), DECIMALS), round(float(lat), DECIMALS))
        except (KeyError, TypeError, ValueError):
            continue
    if points:
        result.notes.append(f"label points from {label_path.name} ({len(points)} points)")
    else:
        result.notes.append(f"{label_path.name} ignored: no usable points")
    return points


@transaction.atomic
def import_nuts_geojson(
    *, path: Path, version: int | None = None, actor: Any = None, show_progress: bool = False
) -> ImportResult:
    """Create or update the NUTS regions of one version from a GISCO ``NUTS_RG`` GeoJSON file.

    Works for any GISCO region file in EPSG:4326 (2016/2021/2024, any scale, all levels or
    one). The NUTS version is ``version`` or is read from the file name. Every feature is
    validated first (missing property, bad level, code/level mismatch, unknown country,
    duplicate code, invalid geometry); any problem raises ``ImportRejected`` listing all of them
    and nothing is written. Boundaries are simplified per scale and stored as GeoJSON with
    4-decimal coordinates; label points come from a ``NUTS_LB_<version>_4326.geojson`` beside the
    file or else from ``representative_point()``. Parents are linked by code within the version.
    Writes in bulk, level by level, in one transaction; a re-run on the same file reports every
    region unchanged. Regions of the version absent from the file are kept (they may come from
    the classification import). Records ``nuts.import_geojson`` in the activity log when
    something changed.
    """
    path = Path(path)
    problems = ProblemCollector(str(path))
    name = FileName.parse(path)
    if version is None:
        version = name.version
        if version is None:
            problems.add(None, "version", "no NUTS version given and none in the file name")
    elif name.version is not None and name.version != version:
        problems.add(None, "version", f"version {version} given, the file name says {name.version}")
    data = read_json_file(path, problems)
    problems.raise_if_any()
    features = _check_collection(data, name, problems)
    problems.raise_if_any()

    countries = dict(Country.objects.values_list("code", "pk"))
    seen: dict[str, int] = {}
    records = []
    for index, feature in progress(
        enumerate(features), enabled=show_progress, total=len(features), desc="check features"
    ):
        record = _validate_feature(
            index, feature, countries=countries, seen=seen, problems=problems
        )
        if record is not None:
            records.append(record)
    problems.raise_if_any()

    result = ImportResult(source=str(path))
    labels = _label_points(path, version, result)
    tolerance = SCALE_TOLERANCE.get(name.scale or "", DEFAULT_TOLERANCE)
    for record in progress(records, enabled=show_progress, total=len(records), desc="simplify"):
        geom = record.pop("geometry")
        record["boundary"] = simplified_geojson(geom, tolerance)
        record["label_lon"], record["label_lat"] = labels.get(record["code"]) or label_point(geom)

    writer = RegionWriter(version=version, result=result)
    writer.write(records)
    if writer.orphans:
        result.notes.append(
            f"{len(writer.orphans)} region(s) without their parent in this file or the database"
            f" (e.g. {', '.join(sorted(writer.orphans)[:3])})"
        )
    if result.changed:
        log_activity(
            actor=actor,
            action="nuts.import_geojson",
            data={**result.as_dict(), "version": version},
        )
    return result
