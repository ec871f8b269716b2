"""The compute package stays pure: importing it loads neither Django nor pandas."""

import pkgutil
import subprocess
import sys

from smartregions.analytics import compute


def test_compute_modules_import_without_django_or_pandas():
    modules = [f"{compute.__name__}.{info.name}" for info in pkgutil.iter_modules(compute.__path__)]
    assert len(modules) >= 10
    script = "\n".join(
        [
            "import importlib, sys",
            *[f"importlib.import_module({name!r})" for name in modules],
            "leaked = sorted(m for m in ('django', 'pandas') if m in sys.modules)",
            "print(','.join(leaked))",
        ]
    )

    completed = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )

    assert completed.stdout.strip() == ""
