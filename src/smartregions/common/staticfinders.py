"""Serve front-end files shipped inside installed Python packages under ``vendor/``.

plotly.js comes from the ``plotly`` wheel and htmx from ``django-htmx``; we expose them under
stable names instead of copying third-party files into the repository.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# public name under STATIC_URL -> (package, path inside the package); the base names match.
VENDOR_FILES: dict[str, tuple[str, str]] = {
    "vendor/plotly.min.js": ("plotly", "package_data/plotly.min.js"),
    "vendor/htmx-2.min.js": ("django_htmx", "static/django_htmx/htmx-2.min.js"),
}


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        msg = f"package {package!r} is not installed"
        raise LookupError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / relative


class _SingleFileStorage(FileSystemStorage):
    """Storage rooted at the file's folder, so collectstatic can open it."""


class VendorFinder(BaseFinder):
    """Find the vendored files listed in :data:`VENDOR_FILES`."""

    def check(self, **kwargs: object) -> list:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: object) -> str | list[str]:
        if path in VENDOR_FILES:
            found = str(_package_file(*VENDOR_FILES[path]))
            return [found] if find_all else found
        return [] if find_all else ""

    def list(self, ignore_patterns: list[str] | None) -> Iterator[tuple[str, FileSystemStorage]]:
        for public, (package, relative) in VENDOR_FILES.items():
            source = _package_file(package, relative)
            storage = _SingleFileStorage(location=str(source.parent))
            storage.prefix = str(Path(public).parent)
            yield source.name, storage
