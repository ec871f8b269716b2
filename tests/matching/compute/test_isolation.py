"""The compute package stays pure: importing it loads neither Django, pandas nor sklearn."""

import pkgutil
import subprocess
import sys

from smartregions.matching import compute


def test_compute_modules_import_without_django_pandas_or_sklearn():
    modules = [f"{compute.__name__}.{info.name}" for info in pkgutil.iter_modules(compute.__path__)]
    assert len(modules) >= 4
    script = "\n".join(
        [
            "import importlib, sys",
            f"importlib.import_module({compute.__name__!r})",
            *[f"importlib.import_module({name!r})" for name in modules],
            "leaked = sorted(m for m in ('django', 'pandas', 'sklearn') if m in sys.modules)",
            "print(','.join(leaked))",
        ]
    )

    completed = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )

    assert completed.stdout.strip() == ""
