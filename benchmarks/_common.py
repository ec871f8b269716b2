"""Shared helpers of the benchmark scripts: timing, table output, and isolated Django databases.

Each benchmark measures one backend per child process: Django reads ``DATABASE_URL`` and
``SMARTREGIONS_VAR_DIR`` once, when settings are imported, so a fresh interpreter is the simple
way to point it at a throw-away SQLite file or a dedicated PostgreSQL database. The parent
starts the children with :func:`run_worker` and reads the JSON each prints as its last line.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Timing:
    """Wall-clock samples of one measured operation, in seconds."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """95th percentile by the nearest-rank method (an observed sample, never interpolated)."""
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def min(self) -> float:
        return min(self.samples)

    def as_dict(self) -> dict[str, float | int]:
        return {"median": self.median, "p95": self.p95, "min": self.min, "runs": len(self.samples)}


def measure(operation: Callable[[], object], *, runs: int, warmup: int = 2) -> Timing:
    """Run ``operation`` ``warmup`` times untimed, then ``runs`` times timed with perf_counter."""
    for _ in range(warmup):
        operation()
    timing = Timing()
    for _ in range(runs):
        start = time.perf_counter()
        operation()
        timing.samples.append(time.perf_counter() - start)
    return timing


def ms(seconds: float) -> str:
    """Seconds as milliseconds with one decimal (``0.01234`` -> ``12.3``)."""
    return f"{seconds * 1000:.1f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (readable in a terminal and pasteable into ``docs/benchmarks.md``)."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def machine() -> str:
    """A one-line description of the machine, for the results page."""
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU cores, "
        f"Python {platform.python_version()}"
    )


def load_average() -> str:
    """The 1-minute load average: timings on a busy machine are slower, so reports say it."""
    return f"{os.getloadavg()[0]:.2f}"


def setup_django() -> None:
    """Configure Django in a worker from the environment its parent gave it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregions.settings")
    import django

    django.setup()


def worker_env(*, var_dir: Path, database_url: str | None) -> dict[str, str]:
    """The environment of a worker: its own VAR_DIR (SQLite file, secret key) and database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SMARTREGIONS_VAR_DIR"] = str(var_dir)
    env["SMARTREGIONS_DEBUG"] = "0"  # DEBUG keeps every SQL string in memory; measure prod mode
    env["DJANGO_SETTINGS_MODULE"] = "smartregions.settings"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_worker(script: Path, args: Sequence[str], env: dict[str, str]) -> dict:
    """Run ``script`` with ``args`` in a child interpreter; return the JSON of its last line.

    The child's progress messages go to stderr and pass straight through to the terminal.
    """
    completed = subprocess.run(  # noqa: S603 - our own script and arguments
        [sys.executable, str(script), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        msg = f"{script.name} {' '.join(args)} failed with exit code {completed.returncode}"
        raise RuntimeError(msg)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def log(message: str) -> None:
    """Progress output of a worker (stderr, so stdout carries only the JSON result)."""
    print(message, file=sys.stderr, flush=True)


@contextmanager
def postgres_database(server_url: str, name: str) -> Iterator[str]:
    """Create an empty database ``name`` on the server of ``server_url``; drop it afterwards.

    Connects to the server's ``postgres`` maintenance database, so the database named in
    ``server_url`` (often the test suite's) is never touched. Yields the URL of the new database.
    """
    import psycopg
    from psycopg import sql

    parts = urlsplit(server_url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    statement_drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(statement_drop)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(statement_drop)
