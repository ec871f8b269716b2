"""Benchmark: matching organisation cooperation profiles at a million profiles (issue 4, item 6).

Usage: ``uv run python benchmarks/matching.py [--profiles 1000000] [--quick]``
(needs the ``bench`` dependency group for the anchor, ``uv sync --group bench``).

1. A seeded synthetic population (:mod:`_matching_data`): EEN-style offers and requests in
   eight EU languages, Zipfian words, heavy-tailed NACE codes, countries by population, TRL,
   kind; plus planted request/offer pairs mixed in.
2. Index build, timed: character 4-gram TF-IDF of every profile with near-stopword n-grams
   dropped (``CharNgramVectorizer(min_n=4, max_n=4, max_df=0.02)``) and the inverted index
   (``CosineIndex``). Peak RSS and the index's size.
3. Single-query top-10 latency (median, p95) on fresh query profiles: no filter, a NACE
   section of about 10 % of the profiles, a country group of about 10 %, offers only.
4. A 1,000-query batch against the anchor on the same vectors, at the same thread count:
   ``sparse_dot_topn.sp_matmul_topn`` (sparse vectors, so the sparse anchor).
5. Recall@10 against exact scoring of the same score: brute-force ``X @ q`` for a sample of
   queries (tie-tolerant: a returned profile counts when its exact score reaches the exact
   10th score), with and without a filter.
6. Quality: recall@10 of the planted offer for each planted request (offers only).
7. Region ranking (:mod:`_matching_regions`): every NUTS-2 region x 20 thematic areas with
   the vectorised finder kernel, against a per-candidate loop measured on a sample.
8. Quality: recall@10 of a planted complementary partner region for every focal region.

Timings are ``time.perf_counter``; the cores are shared with other work, so the load
average is printed. Exit code 1 when a target is missed at full scale (smaller runs, e.g.
``--quick`` with 20,000 profiles in about 10 s, only report).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import sys
import time
from pathlib import Path

import numpy as np

from _common import Timing, load_average, machine, table
from _matching_data import POPULATION_SEED, QUERY_SEED, Lexicon, Profiles, concatenate
from _matching_regions import measure_planted_regions, measure_region_ranking
from smartregions.matching.compute import CharNgramVectorizer, CosineIndex

TARGET_P95_S = 0.050
TARGET_RECALL = 0.99
TARGET_BUILD_S = 120.0
TARGET_PLANTED = 0.9
SLOW_RUN_S = 20.0
FULL_SCALE = 1_000_000
K = 10
VECTORIZER = {"min_n": 4, "max_n": 4, "max_df": 0.02}
COUNTRY_GROUP = ("FR", "BE", "LU")


def say(message: str = "") -> None:
    print(message, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def status_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak since the last reset) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    """Reset ``VmHWM`` (Linux: writing 5 to clear_refs), so the build's own peak is seen."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")


def population(lexicon: Lexicon, n: int, planted: int) -> tuple[Profiles, Profiles, Profiles]:
    """``n`` profiles, the last ``planted`` of which are the planted offers; and the requests."""
    requests, offers = lexicon.planted_pairs(planted)
    base = lexicon.generate(n - planted, seed=POPULATION_SEED)
    return concatenate([base, offers]), requests, offers


def single_queries(index: CosineIndex, queries, mask: np.ndarray | None) -> Timing:
    """One query at a time (1 thread), two warm-up queries, then every query timed."""
    rows = [queries[i] for i in range(queries.shape[0])]
    for row in rows[:2]:
        index.top_k(row, K, mask=mask, threads=1)
    timing = Timing()
    for row in rows:
        start = time.perf_counter()
        index.top_k(row, K, mask=mask, threads=1)
        timing.samples.append(time.perf_counter() - start)
    return timing


def median_of(name: str, operation, runs: int) -> tuple[float, object]:
    """Median wall time of up to ``runs`` runs of ``operation`` and its last result.

    A run slower than 20 s is not repeated (the anchor at a million profiles).
    """
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = operation()
        samples.append(time.perf_counter() - start)
        if samples[-1] > SLOW_RUN_S:
            break
    say(f"  {name}: {', '.join(f'{x:.2f}' for x in samples)} s")
    return float(np.median(samples)), result


def exact_recall(
    matrix, queries, found: np.ndarray, mask: np.ndarray | None
) -> tuple[float, float]:
    """Tie-tolerant recall@k of ``found`` against brute-force scores ``X @ q``, and worst query."""
    recalls = []
    for row in range(found.shape[0]):
        scores = (matrix @ queries[row].toarray().ravel().astype(np.float32)).astype(np.float64)
        if mask is not None:
            scores[~mask] = -np.inf
        kth = np.partition(scores, scores.size - K)[scores.size - K]
        ok = scores[found[row]] >= kth - 1e-6
        recalls.append(ok.sum() / K)
    return float(np.mean(recalls)), float(np.min(recalls))


def anchor_top_k(queries, postings, threads: int | None):
    from sparse_dot_topn import sp_matmul_topn

    return sp_matmul_topn(queries, postings, top_n=K, n_threads=threads)


def main() -> int:  # noqa: PLR0915 - one linear report
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000, help="batch size")
    parser.add_argument("--single", type=int, default=300, help="single queries timed")
    parser.add_argument("--recall-queries", type=int, default=100)
    parser.add_argument("--planted", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each batch")
    parser.add_argument("--quick", action="store_true", help="20,000 profiles, smoke run")
    args = parser.parse_args()
    if args.quick:
        args.profiles, args.queries, args.single = 20_000, 200, 100
        args.recall_queries, args.planted, args.runs = 50, 200, 1

    began = time.perf_counter()
    say(f"# benchmarks/matching.py, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    say(f"machine: {machine()}")
    say(f"load average before: {Path('/proc/loadavg').read_text().strip()}")
    summary: list[list[str]] = []
    failed = False

    say(f"\n## 1. Population: {args.profiles:,} profiles ({args.planted:,} planted offers)")
    start = time.perf_counter()
    lexicon = Lexicon()
    profiles, requests, _ = population(lexicon, args.profiles, args.planted)
    fresh = lexicon.generate(max(args.queries, args.single), seed=QUERY_SEED)
    n = len(profiles)
    lengths = np.array([len(text.split()) for text in profiles.texts[:20_000]])
    sections = lexicon.section(profiles.nace)
    names, counts = np.unique(sections, return_counts=True)
    section = names[np.argmin(np.abs(counts / n - 0.10))]
    say(
        f"generated in {time.perf_counter() - start:.1f} s (not timed); words per profile "
        f"{lengths.min()}-{lengths.max()} (median {np.median(lengths):.0f}); "
        f"NACE sections by share: "
        + ", ".join(
            f"{s} {c / n:.1%}"
            for s, c in sorted(zip(names, counts, strict=True), key=lambda x: -x[1])[:6]
        )
    )
    say(f"example: {profiles.texts[0][:160]}...")
    reset_peak_rss()
    rss_before = status_mb("VmRSS")

    say("\n## 2. Index build (vectorise + index)")
    start = time.perf_counter()
    vectorizer = CharNgramVectorizer(**VECTORIZER)
    matrix = vectorizer.fit_transform(profiles.texts)
    vectorise_s = time.perf_counter() - start
    start = time.perf_counter()
    index = CosineIndex(matrix)
    index_s = time.perf_counter() - start
    build_s = vectorise_s + index_s
    matrix_mb = (matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes) / 1e6
    say(
        f"CharNgramVectorizer({', '.join(f'{k}={v}' for k, v in VECTORIZER.items())}): "
        f"{vectorise_s:.1f} s; CosineIndex: {index_s:.1f} s; total {build_s:.1f} s"
    )
    say(
        f"vocabulary {len(vectorizer.vocabulary_):,} n-grams; {matrix.nnz / n:.0f} non-zeros per "
        f"profile; vectors {matrix_mb:.0f} MB; inverted index {index.nbytes / 1e6:.0f} MB"
    )
    build_peak = status_mb("VmHWM")
    say(
        f"RSS: {rss_before:.0f} MB before the build (the profiles' texts and codes), peak during "
        f"the build {build_peak:.0f} MB (+{build_peak - rss_before:.0f} MB), after "
        f"{status_mb('VmRSS'):.0f} MB"
    )
    summary.append(
        [
            f"index build, {n:,} profiles",
            f"{build_s:.1f} s",
            "-",
            "-",
            "< 120 s",
            verdict(build_s < TARGET_BUILD_S),
        ]
    )
    failed |= build_s >= TARGET_BUILD_S
    summary.append(
        [
            "memory",
            f"index {index.nbytes / 1e6:.0f} MB + vectors {matrix_mb:.0f} MB",
            f"build peak +{build_peak - rss_before:.0f} MB RSS",
            "-",
            "reported",
            "-",
        ]
    )

    queries = vectorizer.transform(fresh.texts)
    masks = {
        "no filter": None,
        f"NACE section {section}": sections == section,
        f"countries {'+'.join(COUNTRY_GROUP)}": np.isin(profiles.country, COUNTRY_GROUP),
        "offers only": profiles.kind == "offer",
    }
    say(f"\n## 3. Single-query top-{K} latency ({args.single} fresh queries, 1 thread)")
    start = time.perf_counter()
    for text in fresh.texts[:50]:
        vectorizer.transform([text])
    say(f"vectorising one query text: {(time.perf_counter() - start) / 50 * 1000:.2f} ms (mean)")
    rows = []
    for name, mask in masks.items():
        timing = single_queries(index, queries[: args.single], mask)
        share = 1.0 if mask is None else mask.mean()
        ok = timing.p95 < TARGET_P95_S
        failed |= not ok
        rows.append(
            [
                name,
                f"{share:.1%}",
                f"{timing.median * 1000:.1f}",
                f"{timing.p95 * 1000:.1f}",
                f"{max(timing.samples) * 1000:.1f}",
                verdict(ok),
            ]
        )
        summary.append(
            [
                f"single query p95, {name}",
                f"{timing.p95 * 1000:.1f} ms",
                "-",
                "-",
                "< 50 ms",
                verdict(ok),
            ]
        )
    say(table(["filter", "selectivity", "median ms", "p95 ms", "max ms", "p95 < 50 ms"], rows))

    say(f"\n## 4. Batch of {args.queries:,} queries against sparse_dot_topn (same vectors)")
    batch = queries[: args.queries]
    postings = index._postings  # the anchor gets the very same inverted index
    rows = []
    results = {}
    for threads in (1, 2):
        ours_s, ours = median_of(
            f"ours, {threads} thread(s)",
            lambda t=threads: index.top_k(batch, K, threads=t),
            args.runs,
        )
        anchor_s, anchor = median_of(
            f"sp_matmul_topn, {threads} thread(s)",
            lambda t=threads: anchor_top_k(batch, postings, t),
            args.runs,
        )
        results[threads] = (ours, anchor)
        ratio = anchor_s / ours_s
        ok = ratio >= 1.0
        failed |= not ok
        rows.append([threads, f"{ours_s:.2f}", f"{anchor_s:.2f}", f"{ratio:.2f}x", verdict(ok)])
        summary.append(
            [
                f"batch {args.queries:,} queries, {threads} thread(s)",
                f"{ours_s:.2f} s",
                f"sp_matmul_topn {anchor_s:.2f} s",
                f"{ratio:.2f}x",
                ">= 1x",
                verdict(ok),
            ]
        )
    say(table(["threads", "ours s (median)", "sp_matmul_topn s", "speed-up", ">= 1x"], rows))
    ours, anchor = results[1]
    same = 0
    for row in range(batch.shape[0]):
        lo, hi = anchor.indptr[row], anchor.indptr[row + 1]
        same += set(anchor.indices[lo:hi]) == set(ours.indices[row][ours.scores[row] > 0])
    say(f"same top-{K} set as the anchor: {same}/{batch.shape[0]} queries (ties may differ)")

    say(f"\n## 5. Recall@{K} against brute-force scoring of the same vectors")
    rows = []
    sample = queries[: args.recall_queries]
    for name in ("no filter", f"NACE section {section}"):
        mask = masks[name]
        found = index.top_k(sample, K, mask=mask).indices
        mean, worst = exact_recall(matrix, sample, found, mask)
        ok = mean >= TARGET_RECALL
        failed |= not ok
        rows.append([name, args.recall_queries, f"{mean:.4f}", f"{worst:.2f}", verdict(ok)])
        summary.append(
            [f"recall@{K}, {name}", f"{mean:.4f}", "brute force", "-", ">= 0.99", verdict(ok)]
        )
    say(table(["filter", "queries", "mean recall", "worst query", ">= 0.99"], rows))

    say(f"\n## 6. Planted partners: {args.planted:,} requests, search among offers")
    planted_queries = vectorizer.transform(requests.texts)
    found = index.top_k(planted_queries, K, mask=masks["offers only"], threads=2).indices
    target = n - args.planted + np.arange(args.planted)
    recall = float((found == target[:, None]).any(axis=1).mean())
    first = float((found[:, 0] == target).mean())
    other_language = requests.language != profiles.language[target]
    cross = float((found[other_language] == target[other_language, None]).any(axis=1).mean())
    say(
        f"recall@{K} {recall:.3f} (top-1 {first:.3f}); written in another language than the "
        f"request: {other_language.mean():.0%} of pairs, recall@{K} {cross:.3f}"
    )
    ok = recall >= TARGET_PLANTED
    failed |= not ok
    summary.append(
        [f"planted partner recall@{K}", f"{recall:.3f}", "-", "-", ">= 0.9", verdict(ok)]
    )

    say("\n## 7. Region ranking: every NUTS-2 region x 20 thematic areas (_matching_regions)")
    speed = measure_region_ranking()
    say(
        f"{speed['queries']:,} queries x {speed['candidates']} candidates in "
        f"{speed['rank_all_s'] * 1000:.0f} ms (index build {speed['index_build_s'] * 1000:.0f} ms, "
        f"not counted); naive per-candidate loop {speed['naive_per_query_ms']:.1f} ms/query "
        f"(measured on a sample, {speed['naive_all_s_estimated']:.0f} s for all); same top-10 on "
        f"the sample: {speed['sample_top10_identical']}"
    )
    failed |= not speed["ok"]
    summary.append(
        [
            "region ranking, all NUTS-2 x 20 areas",
            f"{speed['rank_all_s'] * 1000:.0f} ms",
            f"{speed['naive_all_s_estimated']:.0f} s",
            f"{speed['speedup']:.0f}x",
            "< 1 s",
            verdict(speed["ok"]),
        ]
    )
    say("\n## 8. Planted complementary partner regions")
    quality = measure_planted_regions()
    say(
        f"recall@{K} {quality['recall_at_10']:.3f} over {quality['focal_regions']} focal regions "
        f"({quality['distractors']} distractors each), median rank {quality['median_rank']:.0f}"
    )
    failed |= not quality["ok"]
    summary.append(
        [
            f"planted partner region recall@{K}",
            f"{quality['recall_at_10']:.3f}",
            "-",
            "-",
            ">= 0.9",
            verdict(quality["ok"]),
        ]
    )

    say("\n## Summary")
    say(table(["measure", "ours", "baseline", "ratio", "target", "result"], summary))
    say(
        f"\npeak RSS {peak_rss_mb():.0f} MB; load average after: "
        f"{Path('/proc/loadavg').read_text().strip()} (1-min {load_average()}); "
        f"total wall time {time.perf_counter() - began:.0f} s"
    )
    if args.quick or args.profiles < FULL_SCALE:
        say(f"(smoke run: the targets are set for {FULL_SCALE:,} profiles; exit code 0)")
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
