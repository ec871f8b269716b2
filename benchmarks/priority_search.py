"""Benchmark: priority search with three filters over 10,000 priorities, SQLite and PostgreSQL.

Usage: ``uv run python benchmarks/priority_search.py [--runs 30] [--priorities 10000]``.

For each backend a child process builds a fresh database (SQLite: a temporary file in WAL mode;
PostgreSQL: a dedicated ``smartregions_bench`` database on the server of ``DATABASE_URL``, default
``postgres://postgres@localhost:5432/test``, created and dropped by the script), migrates it,
loads countries, NUTS 2021, NACE, the built-in taxonomies and thematic areas, generates a
synthetic corpus of priorities and runs ``ANALYZE``. It then times what the priority search page
does for one request: ``find_priorities(...)`` (one filtered pass), the first page of 50
priorities with their region and codes on every axis, and the per-region counts for the map.

The baseline, measured in the same process on the same data, is the naive implementation: load
every priority with its strategy and codes (``priorities_with_codes()``), filter, sort, page and
count in Python. Both produce the same matches, first page and map counts (checked before
timing). Exit code 1 when a median misses the 100 ms target.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import (
    load_average,
    log,
    machine,
    measure,
    ms,
    postgres_database,
    run_worker,
    setup_django,
    table,
    worker_env,
)

TARGET_SECONDS = 0.100
PAGE_SIZE = 50
BENCH_DATABASE = "smartregions_bench"
DEFAULT_PG_URL = "postgres://postgres@localhost:5432/test"

# name -> (description, PrioritySearch keyword arguments)
QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "text+NACE+country": (
        'text "energy", NACE section C, country DE',
        {"text": "energy", "economic": ("C",), "countries": ("DE",)},
    ),
    "NACE+policy+level": (
        "NACE section C, policy objective PO2, NUTS level 2",
        {"economic": ("C",), "policy": ("PO2",), "levels": (2,)},
    ),
}


# --- worker (runs inside Django) --------------------------------------------------------------


def _row(priority: Any) -> tuple:
    """What a result row of the search page shows."""
    region = priority.strategy.region
    return (
        priority.pk,
        priority.title,
        priority.strategy.title,
        region.code if region else "",
        [t.code for t in priority.economic_domains.all()],
        [t.code for t in priority.scientific_domains.all()],
        [t.code for t in priority.policy_objectives.all()],
        [a.name for a in priority.thematic_areas.all()],
    )


def search_page(criteria: Any) -> tuple[int, list[tuple], dict[str, int]]:
    """The platform's way, as the search page does it: ``find_priorities`` filters once, then
    the first page of 50 is loaded by id with its codes, and the map counts come from the same
    pass."""
    from django.core.paginator import Paginator

    from smartregions.regions.domain.queries import find_priorities

    results = find_priorities(criteria)
    page = Paginator(results.hits, PAGE_SIZE).get_page(1)
    rows = [_row(p) for p in page.object_list]
    return page.paginator.count, rows, results.counts_by_region


def naive_page(criteria: Any) -> tuple[int, list[tuple], dict[str, int]]:
    """The baseline: load every priority with its codes and filter, sort and count in Python."""
    from smartregions.common.text import search_tokens
    from smartregions.regions.domain.queries import priorities_with_codes
    from smartregions.regions.domain.taxonomy import descendant_term_ids
    from smartregions.regions.enums import TaxonomyKind

    wanted = {
        "economic_domains": (TaxonomyKind.ECONOMIC, criteria.economic),
        "scientific_domains": (TaxonomyKind.SCIENTIFIC, criteria.scientific),
        "policy_objectives": (TaxonomyKind.POLICY, criteria.policy),
    }
    term_ids = {
        axis: descendant_term_ids(kind=kind, codes=codes)
        for axis, (kind, codes) in wanted.items()
        if codes
    }
    tokens = search_tokens(criteria.text)

    def keep(p: Any) -> bool:
        region = p.strategy.region
        return (
            all(token in p.search_text for token in tokens)
            and all(
                any(t.pk in ids for t in getattr(p, axis).all()) for axis, ids in term_ids.items()
            )
            and (not criteria.countries or p.strategy.country.code in criteria.countries)
            and (not criteria.levels or (region is not None and region.level in criteria.levels))
            and (
                not criteria.thematic_areas
                or any(a.slug in criteria.thematic_areas for a in p.thematic_areas.all())
            )
        )

    matches = [p for p in priorities_with_codes() if keep(p)]
    matches.sort(
        key=lambda p: (
            -p.strategy.period_start,
            p.strategy.region.code if p.strategy.region else "",
            p.reference,
            p.pk,
        )
    )
    counts = Counter(p.strategy.region.code for p in matches if p.strategy.region)
    return len(matches), [_row(p) for p in matches[:PAGE_SIZE]], dict(counts)


def load_data(*, priorities: int, seed: int) -> dict[str, float]:
    """Migrate and load reference data and the corpus; returns the seconds each step took."""
    from django.core.management import call_command

    from smartregions.conf import data_dir
    from smartregions.regions.domain.countries import import_countries
    from smartregions.regions.domain.nuts import import_nuts_geojson
    from smartregions.regions.domain.synthetic import generate_priority_corpus
    from smartregions.regions.domain.taxonomies import (
        import_nace,
        load_builtin_taxonomies,
        load_thematic_areas,
    )

    data = data_dir()
    steps = {
        "migrate": lambda: call_command("migrate", interactive=False, verbosity=0),
        "countries": import_countries,
        "nuts": lambda: import_nuts_geojson(path=data / "nuts" / "NUTS_RG_60M_2021_4326.geojson"),
        "nace": lambda: import_nace(path=data / "classifications" / "nace_rev2.csv"),
        "taxonomies": load_builtin_taxonomies,
        "thematic areas": load_thematic_areas,
        "corpus": lambda: generate_priority_corpus(n=priorities, seed=seed),
        "analyze": _analyze,
    }
    seconds = {}
    for name, step in steps.items():
        start = time.perf_counter()
        step()
        seconds[name] = time.perf_counter() - start
        log(f"  {name}: {seconds[name]:.1f} s")
    return seconds


def _server(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} (WAL)"
    version = connection.pg_version  # e.g. 150020 for 15.20
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def _analyze() -> None:
    """Refresh planner statistics, as autovacuum would on a live server."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_benchmark(
    *, backend: str, runs: int, baseline_runs: int, priorities: int, seed: int
) -> dict[str, Any]:
    """Build the database, check both implementations agree, then time them (worker side)."""
    setup_django()
    from django.db import connection

    from smartregions.regions.domain.queries import PrioritySearch
    from smartregions.regions.models import Priority

    log(f"[{backend}] loading data")
    setup = load_data(priorities=priorities, seed=seed)
    result: dict[str, Any] = {
        "backend": backend,
        "server": _server(connection),
        "priorities": Priority.objects.count(),
        "setup_seconds": setup,
        "queries": [],
    }
    for name, (description, kwargs) in QUERIES.items():
        criteria = PrioritySearch(**kwargs)
        fast, slow = search_page(criteria), naive_page(criteria)
        if fast != slow:
            msg = f"{name}: the search and the naive baseline disagree"
            raise AssertionError(msg)
        log(f"[{backend}] {name}: {fast[0]} matches in {len(fast[2])} regions; timing")
        timed = measure(lambda c=criteria: search_page(c), runs=runs)
        baseline = measure(lambda c=criteria: naive_page(c), runs=baseline_runs, warmup=1)
        result["queries"].append(
            {
                "name": name,
                "description": description,
                "matches": fast[0],
                "regions": len(fast[2]),
                "load_average": load_average(),
                "search": timed.as_dict(),
                "baseline": baseline.as_dict(),
            }
        )
    return result


# --- parent (orchestrates the workers, prints the table) -------------------------------------


def report(results: list[dict[str, Any]], skipped: list[str]) -> bool:
    """Print the results table; True when every median meets the target."""
    rows, ok = [], True
    for result in results:
        for q in result["queries"]:
            search, baseline = q["search"], q["baseline"]
            passed = search["median"] < TARGET_SECONDS
            ok &= passed
            rows.append(
                [
                    result["backend"],
                    q["name"],
                    q["matches"],
                    ms(search["median"]),
                    ms(search["p95"]),
                    ms(search["min"]),
                    ms(baseline["median"]),
                    f"{baseline['median'] / search['median']:.1f}x",
                    "PASS" if passed else "FAIL",
                ]
            )
    headers = [
        "backend",
        "query",
        "matches",
        "median ms",
        "p95 ms",
        "min ms",
        "baseline median ms",
        "speed-up",
        "target < 100 ms median",
    ]
    print()
    print(f"Priority search, {results[0]['priorities'] if results else 0} priorities")
    print(f"Machine: {machine()}")
    for result in results:
        first = result["queries"][0]
        print(
            f"{result['backend']}: {result['server']}; {first['search']['runs']} timed runs of "
            f"the search, {first['baseline']['runs']} of the baseline; 1-minute load average "
            f"{', '.join(q['load_average'] for q in result['queries'])} after each query"
        )
    for q_name, (description, _) in QUERIES.items():
        print(f"  {q_name}: {description}")
    print()
    print(table(headers, rows))
    for line in skipped:
        print(f"SKIPPED {line}")
    print()
    print(f"target < 100 ms median: {'PASS' if ok and rows else 'FAIL'}")
    return ok and bool(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measurement")
    parser.add_argument(
        "--baseline-runs", type=int, default=30, help="timed runs of the (slow) naive baseline"
    )
    parser.add_argument("--priorities", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--backends", default="sqlite,postgres", help="comma-separated: sqlite, postgres"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_PG_URL),
        help="PostgreSQL server to use (a database named smartregions_bench is created on it)",
    )
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if min(args.runs, args.baseline_runs) < 1:
        parser.error("--runs and --baseline-runs must be at least 1")
    if args.worker:
        result = run_benchmark(
            backend=args.worker,
            runs=args.runs,
            baseline_runs=args.baseline_runs,
            priorities=args.priorities,
            seed=args.seed,
        )
        print(json.dumps(result))
        return 0

    script = Path(__file__).resolve()
    worker_args = ["--runs", str(args.runs), "--baseline-runs", str(args.baseline_runs)]
    worker_args += ["--priorities", str(args.priorities), "--seed", str(args.seed)]
    results, skipped = [], []
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    with tempfile.TemporaryDirectory(prefix="smartregions-bench-") as tmp:
        if "sqlite" in backends:
            env = worker_env(var_dir=Path(tmp) / "sqlite", database_url=None)
            results.append(run_worker(script, [*worker_args, "--worker", "sqlite"], env))
        if "postgres" in backends:
            import psycopg

            try:
                with postgres_database(args.database_url, BENCH_DATABASE) as url:
                    env = worker_env(var_dir=Path(tmp) / "postgres", database_url=url)
                    results.append(run_worker(script, [*worker_args, "--worker", "postgres"], env))
            except psycopg.OperationalError as error:
                skipped.append(f"postgres: server not reachable ({error})".strip())
    return 0 if report(results, skipped) else 1


if __name__ == "__main__":
    sys.exit(main())
