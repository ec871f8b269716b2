"""Serve front-end files shipped inside installed Python packages under ``vendor/``.

plotly.js comes from the ``plotly`` wheel and htmx from ``django-htmx``; we expose them under
stable names instead of copying third-party files into the repository. plotly's two stylesheets
are extracted from its bundle (see :mod:`smartregions.common.vendor_css`) into a cache folder
keyed by the plotly version.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# public name under STATIC_URL -> (package, path inside the package); the base names match.
VENDOR_FILES: dict[str, tuple[str, str]] = {
    "vendor/plotly.min.js": ("plotly", "package_data/plotly.min.js"),
    "vendor/htmx-2.min.js": ("django_htmx", "static/django_htmx/htmx-2.min.js"),
}
GENERATED_FILES = ("vendor/plotly.css", "vendor/plotly-maplibre.css")


def package_file(package: str, relative: str) -> Path:
    """Path of ``relative`` inside the installed ``package``."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        msg = f"package {package!r} is not installed"
        raise LookupError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / relative


def generated_dir() -> Path:
    """Folder holding the extracted plotly stylesheets, written on first use."""
    from smartregions.common.vendor_css import installed_plotly_styles

    folder = Path(settings.VAR_DIR) / "vendor" / f"plotly-{importlib.metadata.version('plotly')}"
    target = folder / "plotly-maplibre.css"
    if not target.exists():
        styles = installed_plotly_styles()
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in (("plotly.css", styles.plotly_css), (target.name, styles.maplibre_css)):
            tmp = folder / f".{name}.tmp"
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(folder / name)
    return folder


class VendorFinder(BaseFinder):
    """Find the vendored files listed in :data:`VENDOR_FILES` and :data:`GENERATED_FILES`."""

    def check(self, **kwargs: object) -> list:
        return []

    def _locate(self, path: str) -> str:
        if path in VENDOR_FILES:
            return str(package_file(*VENDOR_FILES[path]))
        if path in GENERATED_FILES:
            return str(generated_dir() / Path(path).name)
        return ""

    def find(self, path: str, find_all: bool = False, **kwargs: object) -> str | list[str]:
        found = self._locate(path)
        if find_all:
            return [found] if found else []
        return found

    def list(self, ignore_patterns: list[str] | None) -> Iterator[tuple[str, FileSystemStorage]]:
        for public in [*VENDOR_FILES, *GENERATED_FILES]:
            source = Path(self._locate(public))
            storage = FileSystemStorage(location=str(source.parent))
            storage.prefix = str(Path(public).parent)
            yield source.name, storage
