"""Benchmark: the platform dashboard and a partnership page at 500 partnerships (issue 5).

Usage: ``uv run python benchmarks/dashboard.py [--runs 30] [--backends postgres,sqlite]``
(``--partnerships 500 --regions 300 --projects 10000`` are the defaults).

For each backend a child process builds a fresh database (PostgreSQL: a dedicated
``smartregions_bench_dashboard`` database on the server of ``DATABASE_URL``, default
``postgres://postgres@localhost:5432/test``, created and dropped by the script; SQLite: a
temporary file in WAL mode), migrates it, loads the countries and the NUTS 2021 regions, and
generates a seeded population (``partnerships.domain.synthetic.generate_monitoring_data``):
500 partnerships over 300 real NUTS-2 regions, 10,000 projects with their funding mixes, stage
histories and partner regions, members with roles, and every progress report since each launch.
It then runs ``ANALYZE`` and times, with Django's test client (full request: middleware,
session, permission checks, template rendering), each page ``--runs`` times after two warm-up
requests:

* the platform dashboard (``web:monitoring-dashboard``) for a visitor and for a facilitator,
* the partnership page (``web:partnership-detail``) of the partnership with the most projects,
  for a visitor, and its progress-report page (``web:partnership-reports``) for its lead region's
  representative,
* the bare home page, as the baseline of a request through the same stack.

The query count of each page is printed. A second baseline measures the dashboard's figures
against the naive way to compute them, one partnership at a time (five queries each); both
must give the same totals (checked before timing). Exit code 1 when a page's median misses the
300 ms target.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
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

TARGET_SECONDS = 0.300
BENCH_DATABASE = "smartregions_bench_dashboard"
DEFAULT_PG_URL = "postgres://postgres@localhost:5432/test"


# --- worker (runs inside Django) --------------------------------------------------------------


def load_data(*, partnerships: int, regions: int, projects: int, seed: int) -> tuple[dict, str]:
    """Migrate, load countries and NUTS 2021, generate the population; seconds per step."""
    from django.core.management import call_command

    from smartregions.conf import data_dir
    from smartregions.partnerships.domain.synthetic import generate_monitoring_data
    from smartregions.regions.domain.countries import import_countries
    from smartregions.regions.domain.nuts import import_nuts_geojson

    summary: list[Any] = []
    steps = {
        "migrate": lambda: call_command("migrate", interactive=False, verbosity=0),
        "countries": import_countries,
        "nuts": lambda: import_nuts_geojson(
            path=data_dir() / "nuts" / "NUTS_RG_60M_2021_4326.geojson"
        ),
        "population": lambda: summary.append(
            generate_monitoring_data(
                partnerships=partnerships, regions=regions, projects=projects, seed=seed
            )
        ),
        "analyze": _analyze,
    }
    seconds = {}
    for name, step in steps.items():
        start = time.perf_counter()
        step()
        seconds[name] = time.perf_counter() - start
        log(f"  {name}: {seconds[name]:.1f} s")
    return seconds, str(summary[0])


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _server(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} (WAL)"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def naive_totals(*, staff: bool) -> tuple[int, str, str, int]:
    """The baseline: the dashboard's headline figures one partnership at a time."""
    from decimal import Decimal

    from django.db.models import Count, Q, Sum

    from smartregions.brokerage.enums import FundingStatus
    from smartregions.partnerships.domain.monitoring.dashboard import (
        dashboard_partnerships,
        project_scope,
    )
    from smartregions.partnerships.domain.monitoring.indicators import partnership_figures
    from smartregions.partnerships.models import Project

    projects, budget, secured, regions = 0, Decimal(0), Decimal(0), set()
    for partnership in dashboard_partnerships(staff=staff):
        figures = partnership_figures([partnership.pk])[partnership.pk]
        projects += figures.projects_total
        budget += figures.budget
        secured += figures.secured_total
        regions |= {region["code"] for region in figures.regions}
    platform_level = Project.objects.filter(project_scope(staff=staff), partnership__isnull=True)
    rest = platform_level.aggregate(
        n=Count("id", distinct=True),
        secured=Sum("funding__amount", filter=Q(funding__status=FundingStatus.SECURED)),
    )
    budget_rest = platform_level.aggregate(total=Sum("budget"))["total"] or 0
    return (
        projects + rest["n"],
        str(budget + budget_rest),
        str(secured + (rest["secured"] or 0)),
        len(regions),
    )


def fast_totals(*, staff: bool) -> tuple[int, str, str, int]:
    """The same figures as the dashboard computes them."""
    from smartregions.partnerships.domain.monitoring.dashboard import platform_dashboard

    board = platform_dashboard(staff=staff)
    return board.projects_total, str(board.budget), str(board.secured_total), len(board.regions)


def _users() -> tuple[Any, Any, Any]:
    """A facilitator, the busiest partnership and its lead region's representative."""
    from django.db.models import Count

    from smartregions.accounts.domain.memberships import grant_membership
    from smartregions.accounts.enums import Role
    from smartregions.accounts.models import User
    from smartregions.partnerships.enums import MemberRole, PartnershipStatus
    from smartregions.partnerships.models import Partnership

    facilitator = User.objects.create_user("facilitator@bench.example", None)
    grant_membership(actor=None, user=facilitator, role=Role.FACILITATOR)
    busiest = (
        Partnership.objects.filter(status=PartnershipStatus.ACTIVE)
        .annotate(n=Count("projects"))
        .order_by("-n", "id")
        .first()
    )
    lead = busiest.members.get(role=MemberRole.LEAD)
    representative = User.objects.create_user("lead@bench.example", None)
    grant_membership(
        actor=None, user=representative, role=Role.REGION_REPRESENTATIVE, region=lead.region
    )
    return facilitator, busiest, representative


def time_page(url: str, user: Any, *, runs: int) -> dict[str, Any]:
    """Median, p95 and min of ``runs`` requests, and the query count of one request."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if response.status_code != 200:
        msg = f"{url} answered {response.status_code}"
        raise AssertionError(msg)
    reset_queries()  # the log of earlier captures would hide this request's queries
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: later requests reset the log the capture reads from
    timing = measure(lambda: client.get(url), runs=runs)
    return {"url": url, "queries": queries, "bytes": len(response.content), **timing.as_dict()}


def run_benchmark(*, backend: str, runs: int, sizes: dict[str, int], seed: int) -> dict[str, Any]:
    """Build the database, check the baseline agrees, then time the pages (worker side)."""
    setup_django()
    from django.db import connection
    from django.urls import NoReverseMatch, reverse

    log(f"[{backend}] loading data")
    setup, population = load_data(seed=seed, **sizes)
    facilitator, busiest, representative = _users()
    for staff in (False, True):
        fast, slow = fast_totals(staff=staff), naive_totals(staff=staff)
        if fast != slow:
            msg = f"dashboard {fast} and naive baseline {slow} disagree (staff={staff})"
            raise AssertionError(msg)
    log(f"[{backend}] {population}; busiest partnership {busiest.slug} ({busiest.n} projects)")
    pages: list[tuple[str, str, Any]] = [
        ("home page (baseline)", reverse("web:home"), None),
        ("dashboard, visitor", reverse("web:monitoring-dashboard"), None),
        ("dashboard, facilitator", reverse("web:monitoring-dashboard"), facilitator),
    ]
    try:
        pages.append(
            (
                "partnership page, visitor",
                reverse("web:partnership-detail", args=[busiest.slug]),
                None,
            )
        )
    except NoReverseMatch:
        log(f"[{backend}] web:partnership-detail is not registered: not timed")
    pages.append(
        (
            "partnership reports, lead",
            reverse("web:partnership-reports", args=[busiest.slug]),
            representative,
        )
    )
    timed = []
    for name, url, user in pages:
        log(f"[{backend}] timing {name}: {url}")
        timed.append({"name": name, **time_page(url, user, runs=runs)})
    figures = measure(lambda: fast_totals(staff=True), runs=runs)
    naive = measure(lambda: naive_totals(staff=True), runs=max(3, runs // 5), warmup=1)
    return {
        "backend": backend,
        "server": _server(connection),
        "population": population,
        "busiest_projects": busiest.n,
        "setup_seconds": setup,
        "load_average": load_average(),
        "pages": timed,
        "figures": figures.as_dict(),
        "naive": naive.as_dict(),
    }


# --- parent (orchestrates the workers, prints the tables) ------------------------------------


def report(results: list[dict[str, Any]], skipped: list[str]) -> bool:
    """Print the results; True when every page's median meets the target."""
    ok = True
    print()
    print(f"Platform dashboard and partnership page; machine: {machine()}")
    for result in results:
        print(f"{result['backend']}: {result['server']}; {result['population']}")
        print(
            f"  busiest partnership: {result['busiest_projects']} projects; 1-minute load "
            f"average after timing: {result['load_average']}"
        )
        home = result["pages"][0]["median"]
        rows = []
        for page in result["pages"]:
            baseline = page is result["pages"][0]
            passed = baseline or page["median"] < TARGET_SECONDS
            ok &= passed
            rows.append(
                [
                    page["name"],
                    page["queries"],
                    f"{page['bytes'] / 1024:.0f} KiB",
                    ms(page["median"]),
                    ms(page["p95"]),
                    ms(page["min"]),
                    f"{page['median'] / home:.1f}x",
                    "-" if baseline else ("PASS" if passed else "FAIL"),
                ]
            )
        print()
        print(
            table(
                [
                    "page",
                    "queries",
                    "size",
                    "median ms",
                    "p95 ms",
                    "min ms",
                    "vs home page",
                    "target < 300 ms",
                ],
                rows,
            )
        )
        figures, naive = result["figures"], result["naive"]
        print()
        print(
            table(
                ["dashboard figures (staff)", "median ms", "p95 ms", "runs"],
                [
                    [
                        "platform_dashboard(): SQL aggregates",
                        ms(figures["median"]),
                        ms(figures["p95"]),
                        figures["runs"],
                    ],
                    [
                        "naive: one partnership at a time",
                        ms(naive["median"]),
                        ms(naive["p95"]),
                        naive["runs"],
                    ],
                ],
            )
        )
        print(f"  speed-up over the naive loop: {naive['median'] / figures['median']:.0f}x")
        print()
    for line in skipped:
        print(f"SKIPPED {line}")
    print(f"target < 300 ms median: {'PASS' if ok and results else 'FAIL'}")
    return ok and bool(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--partnerships", type=int, default=500)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument(
        "--backends", default="postgres,sqlite", help="comma-separated: postgres, sqlite"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_PG_URL),
        help=f"PostgreSQL server to use (a database named {BENCH_DATABASE} is created on it)",
    )
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = {"partnerships": args.partnerships, "regions": args.regions, "projects": args.projects}
    if args.worker:
        result = run_benchmark(backend=args.worker, runs=args.runs, sizes=sizes, seed=args.seed)
        print(json.dumps(result))
        return 0

    script = Path(__file__).resolve()
    worker_args = ["--runs", str(args.runs), "--seed", str(args.seed)]
    worker_args += [f"--{name}={value}" for name, value in sizes.items()]
    results, skipped = [], []
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    with tempfile.TemporaryDirectory(prefix="smartregions-bench-") as tmp:
        if "postgres" in backends:
            import psycopg

            try:
                with postgres_database(args.database_url, BENCH_DATABASE) as url:
                    env = worker_env(var_dir=Path(tmp) / "postgres", database_url=url)
                    results.append(run_worker(script, [*worker_args, "--worker", "postgres"], env))
            except psycopg.OperationalError as error:
                skipped.append(f"postgres: server not reachable ({error})".strip())
        if "sqlite" in backends:
            env = worker_env(var_dir=Path(tmp) / "sqlite", database_url=None)
            results.append(run_worker(script, [*worker_args, "--worker", "sqlite"], env))
    return 0 if report(results, skipped) else 1


if __name__ == "__main__":
    sys.exit(main())
