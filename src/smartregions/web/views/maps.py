"""GeoJSON of NUTS regions for the maps that our own ``maps.js`` draws with plotly."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET

from smartregions.regions.domain import web_queries
from smartregions.regions.domain.queries import current_nuts_version

MAX_CODES = 2000
CACHE_SECONDS = 3600


def _split(value: str) -> tuple[str, ...]:
    return tuple(sorted({part.strip().upper() for part in value.split(",") if part.strip()}))


@require_GET
def regions_geojson(request: HttpRequest) -> HttpResponse:
    """A FeatureCollection of region boundaries: ``?version=&level=&codes=A,B&countries=CZ``.

    Each feature has ``id`` and ``properties.code`` (what plotly's ``featureidkey`` matches),
    plus the names and level. Responses carry a content ETag and ``Cache-Control: public`` so
    browsers and proxies re-use boundaries, which are large and rarely change; a matching
    ``If-None-Match`` gets ``304 Not Modified``.
    """
    version_raw = request.GET.get("version", "")
    level_raw = request.GET.get("level", "")
    if (version_raw and not version_raw.isdigit()) or (
        level_raw and level_raw not in {"0", "1", "2", "3"}
    ):
        return HttpResponseBadRequest("version must be a year and level one of 0-3")
    codes = _split(request.GET.get("codes", ""))
    countries = _split(request.GET.get("countries", ""))
    if len(codes) > MAX_CODES:
        return HttpResponseBadRequest(f"at most {MAX_CODES} codes")
    if not (codes or countries or level_raw):
        return HttpResponseBadRequest("give level, codes or countries")
    regions = web_queries.map_regions(
        version=int(version_raw) if version_raw else current_nuts_version(),
        level=int(level_raw) if level_raw else None,
        codes=codes,
        countries=countries,
    )
    features = [
        {
            "type": "Feature",
            "id": region.code,
            "properties": {
                "code": region.code,
                "name": region.name_latin,
                "name_national": region.name_national,
                "level": region.level,
                "country": region.country.code,
            },
            "geometry": region.boundary,
        }
        for region in regions.order_by("code")
    ]
    body = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
