"""Environment-driven configuration helpers (``SMARTREGIONS_*`` variables).

Kept free of Django imports so settings, benchmarks and the pure compute package can use it.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def env(name: str, default: str = "") -> str:
    """Return ``SMARTREGIONS_<name>`` from the environment, or ``default``."""
    return os.environ.get(f"SMARTREGIONS_{name}", default)


def env_bool(name: str, *, default: bool) -> bool:
    """Read a boolean ``SMARTREGIONS_<name>``; accepts 1/0, true/false, yes/no, on/off."""
    raw = env(name, "")
    if not raw:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    msg = f"SMARTREGIONS_{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)"
    raise ValueError(msg)


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated ``SMARTREGIONS_<name>`` into a list of non-empty items."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def data_dir() -> Path:
    """Directory of reference data files (``SMARTREGIONS_DATA_DIR``, default ``../shared/data``).

    The default is the ``shared/data`` folder beside the checkout, which is where tests, CI and
    the demo find the official Eurostat/GISCO files.
    """
    configured = env("DATA_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    return (PROJECT_ROOT.parent / "shared" / "data").resolve()
