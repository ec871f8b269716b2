"""Run PyPI ``ecomplexity`` and line its output up with ours (``benchmarks/analytics.py``).

The package (0.5.3) departs from Stata ``ecomplexity`` in two conventions, both visible in
its source: its proximity keeps a diagonal of 1 (Stata's is 0), which enters density, COI and
COG; and it standardises ECI/PCI/COI/COG with numpy's population sd over the short vectors
(Stata: sample sd over the long region x activity data). :func:`with_package_conventions`
applies those two conventions to our kernel outputs, so the benchmark can show that they
explain the differences completely.
"""

from __future__ import annotations

import contextlib
import io
import time
import warnings

import numpy as np

from smartregions.analytics.compute import complexity_eigenvectors

COLUMNS = {"time": "year", "loc": "region", "prod": "activity", "val": "value"}


def run_package(frame, cols: dict[str, str] = COLUMNS) -> tuple[float, float, object, object]:
    """Time ``ecomplexity(frame, cols)`` and ``proximity(frame, cols)`` with their defaults.

    Returns (seconds of ecomplexity, seconds of proximity, its output, proximity output). The
    package prints every year and warns about pandas usage; both are silenced (not timed
    differently: printing to a StringIO is free).
    """
    from ecomplexity import ecomplexity, proximity

    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        output = ecomplexity(frame, cols)
        middle = time.perf_counter()
        prox = proximity(frame, cols)
        end = time.perf_counter()
    return middle - start, end - middle, output, prox


def package_arrays(output, prox, *, regions, activities, years: int, first_year: int, cols=COLUMNS):
    """Reshape the package's long output into (years, regions, activities) arrays and vectors.

    ``regions``/``activities`` are the code arrays in our index order. Returns a dict with
    rca, M, density, cog (3-D), diversity, eci, coi (years x regions), ubiquity, pci
    (years x activities) and proximity (years x activities x activities).
    """
    import pandas as pd

    n_years, n_r, n_p = years, len(regions), len(activities)
    t = output[cols["time"]].to_numpy().astype(np.int64) - first_year
    r = pd.Index(regions).get_indexer(output[cols["loc"]])
    p = pd.Index(activities).get_indexer(output[cols["prod"]])
    result: dict[str, np.ndarray] = {}
    for ours, theirs in (("rca", "rca"), ("M", "mcp"), ("density", "density"), ("cog", "cog")):
        cube = np.full((n_years, n_r, n_p), np.nan)
        cube[t, r, p] = output[theirs].to_numpy(dtype=np.float64)
        result[ours] = cube
    for name, (index, size) in {
        "diversity": (r, n_r),
        "eci": (r, n_r),
        "coi": (r, n_r),
        "ubiquity": (p, n_p),
        "pci": (p, n_p),
    }.items():
        vector = np.full((n_years, size), np.nan)
        vector[t, index] = output[name].to_numpy(dtype=np.float64)
        result[name] = vector
    pt = prox[cols["time"]].to_numpy().astype(np.int64) - first_year
    p1 = pd.Index(activities).get_indexer(prox[cols["prod"] + "_1"])
    p2 = pd.Index(activities).get_indexer(prox[cols["prod"] + "_2"])
    phi = np.full((n_years, n_p, n_p), np.nan)
    phi[pt, p1, p2] = prox["proximity"].to_numpy(dtype=np.float64)
    result["proximity"] = phi
    return result


def with_package_conventions(presence: np.ndarray, phi: np.ndarray) -> dict[str, np.ndarray]:
    """Our kernels' ECI, PCI, density, COI and COG re-derived with the package's conventions.

    Proximity diagonal 1 instead of 0; population sd (``ddof=0``) over regions instead of
    Stata's sample sd over the long data. Everything else is our code path.
    """
    kc, kp = complexity_eigenvectors(presence)
    absent = 1.0 - presence
    phi1 = phi + np.eye(phi.shape[0])
    density = presence @ (phi1 / phi1.sum(axis=0)[None, :])
    sd = kc.std()
    coi = ((density * absent) * kp).sum(axis=1)
    cog = absent * (absent @ (phi1 * (kp / phi1.sum(axis=1))[:, None]))
    return {
        "eci": (kc - kc.mean()) / sd,
        "pci": (kp - kc.mean()) / sd,
        "density": density,
        "coi": (coi - coi.mean()) / coi.std(),
        "cog": cog / sd,
    }


def max_abs_diff(a: np.ndarray, b: np.ndarray, *, off_diagonal: bool = False) -> float:
    """max |a - b| over the cells both define (off the last two axes' diagonal if asked)."""
    diff = np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))
    if off_diagonal:
        n = diff.shape[-1]
        diff = diff[..., ~np.eye(n, dtype=bool)]
    return float(np.nanmax(diff))
