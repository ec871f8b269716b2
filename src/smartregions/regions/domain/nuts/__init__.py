"""NUTS regions: GISCO GeoJSON and Eurostat classification imports, version changes, recoding.

The public names are re-exported here; see each module for the details.
"""

from smartregions.regions.domain.nuts.changes import import_nuts_changes
from smartregions.regions.domain.nuts.classification import import_nuts_classification
from smartregions.regions.domain.nuts.download import DownloadFailed, download_gisco_nuts
from smartregions.regions.domain.nuts.geojson import import_nuts_geojson
from smartregions.regions.domain.nuts.recode import RecodeResult, RecodeStatus, recode

__all__ = [
    "DownloadFailed",
    "RecodeResult",
    "RecodeStatus",
    "download_gisco_nuts",
    "import_nuts_changes",
    "import_nuts_classification",
    "import_nuts_geojson",
    "recode",
]
