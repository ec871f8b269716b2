"""Benchmark: the B2B meeting scheduler on real events and on large synthetic sessions (issue 6).

Usage: ``uv run python benchmarks/scheduling.py [--quick] [--limit 60] [--synthetic-limit 30]``
(the CP-SAT anchor needs the ``bench`` dependency group, ``uv sync --group bench``).

1. Real events: every ``$SMARTREGIONS_DATA_DIR/b2b_meetings/*.dzn`` instance (Bofill et al.,
   JAIR 2022: the forum-13 and tic-12 families with their forbidden-slot, fixed-meeting and
   precedence variants) solved with ``solve(time_limit=60, fairness=2, seed=0)`` (30 s for
   the 30 crafted variants, which have no published optimum to reach): placed
   meetings, the bound, total breaks, fairness, when the returned schedule was first found
   and the time spent. On the five ``.original`` instances the target is all meetings placed
   and the published optimum of breaks (forum-13 0, forum-13crafb 6, forum-13crafc 1,
   tic-12 0, tic-12crafc 0) within 60 s. An instance whose fixed meetings themselves conflict
   is reported, then solved again with those fixed meetings released.
2. Synthetic sessions (``events/compute/_synthetic.py``, seeded): 1,000 participants / 5,000
   requests / 12 slots and 5,000 / 22,000 / 16, each with ample and with binding tables.
   Ours with 30 s against the upper bound (target >= 99.5 %), and in the same run a greedy
   first-fit ("participants pick slots": requests in arrival order, first common free slot)
   and OR-Tools CP-SAT (x[m, s] booleans, maximise placed, 2 workers, the same 30 s).

``--quick`` runs the five originals and the 1,000-participant sessions. Timings are wall
clock on a shared 2-core machine; the load average is printed. Exit code 1 when a target is
missed in a full run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

from _common import load_average, machine, table
from _scheduling_baselines import cp_sat, greedy_first_fit
from smartregions.conf import data_dir
from smartregions.events.compute._synthetic import synthetic_session
from smartregions.events.compute.dzn import read_dzn
from smartregions.events.compute.scheduling import (
    InfeasibleFixedError,
    Problem,
    count_breaks,
    solve,
    upper_bound,
)

PUBLISHED = {
    "forum-13.original": 0,
    "forum-13crafb.original": 6,
    "forum-13crafc.original": 1,
    "tic-12.original": 0,
    "tic-12crafc.original": 0,
}
TARGET_SHARE = 0.995
SESSIONS = [
    # participants, requests, slots, table share (None = ample), seed
    (1000, 5000, 12, None, 11),
    (1000, 5000, 12, 0.65, 12),
    (5000, 22000, 16, None, 13),
    (5000, 22000, 16, 0.65, 14),
]


def say(message: str = "") -> None:
    print(message, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def released(problem: Problem, meetings: tuple[int, ...]) -> Problem:
    """The problem with the given fixed meetings made free again."""
    fixed = problem.fixed.copy()
    fixed[list(meetings)] = -1
    return Problem(**{**problem.__dict__, "fixed": fixed})


def solve_released(problem: Problem, limit: float) -> tuple[object, list[int]]:
    """Solve; release fixed meetings that conflict (and say which) until it works."""
    freed: list[int] = []
    while True:
        try:
            return solve(problem, time_limit=limit, fairness=2, seed=0), freed
        except InfeasibleFixedError as error:
            say(f"  InfeasibleFixedError: {error} -> released")
            freed.extend(error.meetings)
            problem = released(problem, error.meetings)


def real_events(
    files: list[Path], limit: float, variant_limit: float
) -> tuple[list[list[str]], bool]:
    rows, failed = [], False
    for path in files:
        name = path.name.removesuffix(".dzn")
        problem = read_dzn(path)
        schedule, freed = solve_released(problem, limit if name in PUBLISHED else variant_limit)
        published = PUBLISHED.get(name)
        note = f"fixed meeting(s) {', '.join(str(m + 1) for m in freed)} released" if freed else ""
        result = "-"
        if published is not None:
            ok = (
                schedule.placed == len(problem.meetings)
                and schedule.breaks <= published
                and schedule.fair
                and schedule.found_at <= limit
            )
            failed |= not ok
            result = verdict(ok)
        rows.append(
            [
                name,
                len(problem.meetings),
                schedule.placed,
                schedule.upper_bound,
                schedule.breaks,
                "-" if published is None else published,
                "yes" if schedule.fair else "no",
                "yes" if schedule.proven_optimal else "no",
                f"{schedule.found_at:.1f}",
                f"{schedule.elapsed:.1f}",
                result + (f" ({note})" if note else ""),
            ]
        )
        say("  " + " | ".join(str(c) for c in rows[-1]))
    return rows, failed


def synthetic(sessions, limit: float, with_cp_sat: bool) -> tuple[list[list[str]], bool]:
    rows, failed = [], False
    for participants, requests, slots, share, seed in sessions:
        problem = synthetic_session(
            participants=participants, requests=requests, slots=slots, seed=seed, table_share=share
        )
        label = f"{participants:,} / {len(problem.meetings):,} / {slots} slots, " + (
            "ample tables"
            if share is None
            else f"tables {share:.0%} ({int(np.sum(problem.tables)):,} seats)"
        )
        say(f"\n### {label}")
        started = time.perf_counter()
        bound = upper_bound(problem)
        bound_s = time.perf_counter() - started
        ours = solve(problem, time_limit=limit, fairness=2, seed=0)
        started = time.perf_counter()
        greedy = greedy_first_fit(problem)
        greedy_s = time.perf_counter() - started
        greedy_placed = int((greedy >= 0).sum())
        greedy_breaks = int(count_breaks(problem, greedy).sum())
        cp_placed, cp_text = None, "not run"
        if with_cp_sat:
            slot, built, status = cp_sat(problem, seconds=limit, workers=2)
            cp_placed = int((slot >= 0).sum())
            cp_text = (
                f"{cp_placed:,} ({cp_placed / bound:.1%}; {status}; model built in {built:.1f} s)"
            )
        ok = ours.placed >= TARGET_SHARE * bound
        failed |= not ok
        say(
            f"bound {bound:,} in {bound_s:.2f} s; ours {ours.placed:,} ({ours.placed / bound:.2%}) "
            f"found at {ours.found_at:.1f} s, breaks {ours.breaks:,} (fair: {ours.fair}); "
            f"greedy {greedy_placed:,} ({greedy_placed / bound:.2%}) in {greedy_s:.2f} s, "
            f"breaks {greedy_breaks:,}; CP-SAT {cp_text}"
        )
        rows.append(
            [
                label,
                f"{bound:,} ({bound_s:.1f} s)",
                f"{ours.placed:,} = {ours.placed / bound:.2%}",
                f"{greedy_placed:,} = {greedy_placed / bound:.2%}",
                "-" if cp_placed is None else f"{cp_placed:,} = {cp_placed / bound:.2%}",
                f"{ours.placed / max(greedy_placed, 1):.3f}x",
                "-" if not cp_placed else f"{ours.placed / cp_placed:.3f}x",
                f"{ours.breaks:,} vs {greedy_breaks:,}",
                verdict(ok),
            ]
        )
    return rows, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per original event")
    parser.add_argument(
        "--variant-limit", type=float, default=30.0, help="seconds per crafted variant"
    )
    parser.add_argument("--synthetic-limit", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="originals and 1,000 participants")
    parser.add_argument("--no-cp-sat", action="store_true", help="skip the CP-SAT anchor")
    args = parser.parse_args()

    began = time.perf_counter()
    say(f"# benchmarks/scheduling.py, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    say(f"machine: {machine()}; load average before: {load_average()}")
    folder = data_dir() / "b2b_meetings"
    files = sorted(folder.glob("*.dzn"), key=lambda p: (".original" not in p.name, p.name))
    if args.quick:
        files = [p for p in files if ".original" in p.name]
    say(
        f"\n## 1. Real events ({len(files)} instances; {args.limit:.0f} s each for the originals, "
        f"{args.variant_limit:.0f} s for the variants)"
    )
    real_rows, real_failed = real_events(files, args.limit, args.variant_limit)
    headers = [
        "instance",
        "meetings",
        "placed",
        "bound",
        "breaks",
        "published",
        "fair",
        "proven",
        "found at s",
        "elapsed s",
        "target",
    ]
    say()
    say(table(headers, real_rows))

    sessions = SESSIONS[:2] if args.quick else SESSIONS
    say(f"\n## 2. Synthetic sessions ({args.synthetic_limit:.0f} s each)")
    try:
        import ortools  # noqa: F401

        with_cp_sat = not args.no_cp_sat
    except ImportError:
        say("(ortools not installed: uv sync --group bench; CP-SAT skipped)")
        with_cp_sat = False
    synthetic_rows, synthetic_failed = synthetic(sessions, args.synthetic_limit, with_cp_sat)
    say()
    say(
        table(
            [
                "session",
                "bound",
                "ours",
                "greedy",
                "CP-SAT",
                "ours / greedy",
                "ours / CP-SAT",
                "breaks ours vs greedy",
                ">= 99.5 %",
            ],
            synthetic_rows,
        )
    )
    say(
        f"\nload average after: {load_average()}; total wall time "
        f"{time.perf_counter() - began:.0f} s"
    )
    if args.quick:
        say("(quick run: only reports; exit code 0)")
        return 0
    return 1 if real_failed or synthetic_failed else 0


if __name__ == "__main__":
    sys.exit(main())
