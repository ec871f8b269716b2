"""Fetching GISCO NUTS GeoJSON files from the official distribution, with a local cache."""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from smartregions.conf import env

DEFAULT_BASE_URL = "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson"
TIMEOUT_SECONDS = 60
CHUNK = 1 << 16


class DownloadFailed(Exception):  # noqa: N818 - names the outcome, like ImportRejected
    """The GISCO file could not be fetched; nothing was written to the cache."""


def gisco_file_name(*, version: int, scale: str = "60M", crs: int = 4326) -> str:
    """GISCO's name for a regions file, e.g. ``NUTS_RG_60M_2021_4326.geojson``."""
    return f"NUTS_RG_{scale}_{version}_{crs}.geojson"


def download_gisco_nuts(
    *,
    version: int,
    scale: str = "60M",
    crs: int = 4326,
    cache_dir: Path | None = None,
    base_url: str | None = None,
) -> Path:
    """Return a local copy of GISCO's NUTS regions file, downloading it only if not cached.

    The URL is ``{base_url}/NUTS_RG_{scale}_{version}_{crs}.geojson``; ``base_url`` defaults to
    ``SMARTREGIONS_GISCO_BASE_URL`` or the official GISCO address. The file lands in
    ``cache_dir`` (default ``<VAR_DIR>/cache/gisco``), written to a temporary file and renamed,
    so an interrupted download never leaves a partial file that a later call would trust.
    Raises :class:`DownloadFailed` on a network or HTTP error. Does not import anything.
    """
    name = gisco_file_name(version=version, scale=scale, crs=crs)
    cache = Path(cache_dir) if cache_dir is not None else Path(settings.VAR_DIR) / "cache" / "gisco"
    target = cache / name
    if target.is_file():
        return target
    base = (base_url or env("GISCO_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/{name}"
    if not url.startswith(("http://", "https://")):
        msg = f"{url}: only http and https URLs are supported"
        raise DownloadFailed(msg)
    cache.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=cache, prefix=f".{name}.", suffix=".part")
    try:
        # The scheme is checked above, so urlopen cannot be pointed at file:// or the like.
        response = urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS)  # noqa: S310
        with os.fdopen(handle, "wb") as out, response:
            while chunk := response.read(CHUNK):
                out.write(chunk)
        os.replace(temp_name, target)
    except (urllib.error.URLError, OSError) as exc:
        Path(temp_name).unlink(missing_ok=True)
        reason = getattr(exc, "reason", None) or exc
        if isinstance(exc, urllib.error.HTTPError):
            reason = f"HTTP {exc.code} {exc.reason}"
        msg = f"could not download {url}: {reason}"
        raise DownloadFailed(msg) from exc
    return target
