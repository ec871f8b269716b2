"""Turning GISCO geometries into the small GeoJSON the maps store (no Django here)."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

# Simplification tolerance in degrees per GISCO scale. A millimetre on a 1:60M map is 60 km,
# so 0.02 degrees (about 2 km) is invisible there while it trims the all-levels 1:60M file to
# about 450 kB of stored boundaries; finer scales keep proportionally more detail.
SCALE_TOLERANCE: dict[str, float] = {
    "01M": 0.001,
    "03M": 0.002,
    "10M": 0.005,
    "20M": 0.01,
    "60M": 0.02,
}
# Unknown scale: keep the most detail rather than risk losing small regions.
DEFAULT_TOLERANCE = 0.001
DECIMALS = 4  # about 10 m, far below what any of the GISCO scales resolves
GRID = 10.0**-DECIMALS
AREA_TYPES = ("Polygon", "MultiPolygon")


def parse_area(geometry: object) -> tuple[BaseGeometry | None, str | None]:
    """A shapely (Multi)Polygon from a GeoJSON geometry, or ``(None, reason)`` if unusable."""
    if not isinstance(geometry, dict):
        return None, "missing geometry"
    if geometry.get("type") not in AREA_TYPES:
        return None, f"geometry type {geometry.get('type')!r} is not Polygon or MultiPolygon"
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError, ShapelyError) as exc:
        return None, f"invalid geometry: {exc}"
    reason = _unusable(geom)
    return (None, reason) if reason else (geom, None)


def _unusable(geom: BaseGeometry) -> str | None:
    if geom.is_empty:
        return "invalid geometry: empty"
    if not geom.is_valid:
        return f"invalid geometry: {shapely.is_valid_reason(geom)}"
    min_x, min_y, max_x, max_y = geom.bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        return (
            "coordinates outside the WGS84 range (longitude -180..180, latitude -90..90); "
            "the file looks projected, use an EPSG:4326 file"
        )
    return None


def _rounded(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_rounded(part) for part in coords]


def simplified_geojson(geom: BaseGeometry, tolerance: float) -> dict[str, Any]:
    """``geom`` simplified (topology kept) and snapped to a 4-decimal grid, as a GeoJSON dict.

    Snapping with ``set_precision`` rather than plain rounding keeps the polygon valid; if a
    tiny island collapses to nothing on the grid the merely simplified shape is kept instead.
    Lists (not tuples) make the result compare equal to what the JSON field reads back, which
    is what lets a re-import detect "unchanged".
    """
    simple = geom.simplify(tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simple, GRID)
    chosen = simple if snapped.is_empty else snapped
    data = mapping(chosen)
    return {"type": data["type"], "coordinates": _rounded(data["coordinates"])}


def label_point(geom: BaseGeometry) -> tuple[float, float]:
    """A point guaranteed inside ``geom`` (for labels and "nearby" logic), rounded like shapes."""
    point = geom.representative_point()
    return round(point.x, DECIMALS), round(point.y, DECIMALS)
