"""This machine's floor for the complexity pipeline: FLOPs over BLAS peak plus bytes over bandwidth.

The floor is what the arithmetic and the unavoidable memory traffic of the pipeline cost on
this machine if every product ran at the measured GEMM rate and every byte moved at the
measured copy bandwidth; the pipeline's time over the floor says how much is left to gain.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np

GEMM_SIZE = 1500
COPY_BYTES = 256 * 2**20
LANCZOS_MATVECS = 100  # typical ARPACK work for the top three eigenpairs at 650 activities


@dataclass(frozen=True)
class Peaks:
    """Measured rates under the current BLAS thread limit."""

    gflops64: float
    gflops32: float
    copy_gbs: float


def _median_seconds(operation, runs: int) -> float:
    operation()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        operation()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure_peaks(*, runs: int = 3) -> Peaks:
    """Time an n x n x n GEMM (float64 and float32) and a 256 MiB array copy.

    GEMM rate counts ``2 n^3`` FLOPs; the copy counts the bytes read plus the bytes written.
    Runs under whatever threadpoolctl limit the caller set. No side effects.
    """
    rng = np.random.default_rng(0)
    a64 = rng.random((GEMM_SIZE, GEMM_SIZE))
    b64 = rng.random((GEMM_SIZE, GEMM_SIZE))
    a32, b32 = a64.astype(np.float32), b64.astype(np.float32)
    flops = 2.0 * GEMM_SIZE**3
    t64 = _median_seconds(lambda: a64 @ b64, runs)
    t32 = _median_seconds(lambda: a32 @ b32, runs)
    src = np.ones(COPY_BYTES // 8)
    dst = np.empty_like(src)
    tcopy = _median_seconds(lambda: np.copyto(dst, src), runs)
    return Peaks(flops / t64 / 1e9, flops / t32 / 1e9, 2 * COPY_BYTES / tcopy / 1e9)


def pipeline_work(regions: int, activities: int, years: int) -> list[tuple[str, float, str]]:
    """The dense products of ``compute_panel`` per panel: (what, FLOPs, precision).

    Counted as the kernels do them: numpy turns ``A.T @ A`` into a symmetric rank-k update
    (``syrk``, half a GEMM), the co-occurrence counts run in float32 (exact for 0/1 data),
    and the eigen-problem is Lanczos plus a Cholesky certificate on the activity Gram matrix.
    """
    r, p, t = regions, activities, years
    return [
        ("co-occurrence M'M (syrk, float32)", t * r * p * p, "f32"),
        ("Gram A'A for ECI (syrk)", t * r * p * p, "f64"),
        ("eigen: Lanczos matvecs + Cholesky", t * (LANCZOS_MATVECS * 2 * p * p + p**3 / 3), "f64"),
        ("density M @ phi", t * 2 * r * p * p, "f64"),
        ("COG (1-M) @ W", t * 2 * r * p * p, "f64"),
        ("COI, k_c: matrix-vector", t * 3 * 2 * r * p, "f64"),
    ]


def pipeline_bytes(regions: int, activities: int, years: int) -> float:
    """Bytes the pipeline cannot avoid: read the input once, write each output once.

    Inputs (T, R, P) float64; outputs RCA, M, density, COG (T, R, P) and proximity (T, P, P)
    in float64, plus the small vectors (ignored).
    """
    cells = years * regions * activities * 8.0
    return cells * 5 + years * activities * activities * 8.0


def floor_seconds(peaks: Peaks, regions: int, activities: int, years: int) -> dict[str, float]:
    """Floor of the panel: compute time at peak plus memory time at copy bandwidth."""
    rate = {"f64": peaks.gflops64 * 1e9, "f32": peaks.gflops32 * 1e9}
    work = pipeline_work(regions, activities, years)
    compute = sum(flops / rate[kind] for _, flops, kind in work)
    memory = pipeline_bytes(regions, activities, years) / (peaks.copy_gbs * 1e9)
    flops = sum(f for _, f, _ in work)
    return {"compute": compute, "memory": memory, "total": compute + memory, "gflop": flops / 1e9}
