"""Seeded inputs of ``benchmarks/analytics.py``: a synthetic panel, raw records and long forms.

Everything is generated with numpy from fixed seeds, so two runs see the same data. pandas
is used only here and in the other benchmark modules (it is in the ``bench`` group).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

PANEL_SEED = 20261122
RECORDS_SEED = 7
FIRST_YEAR = 2010
FAMILIES = 20


def region_codes(n: int) -> np.ndarray:
    """Zero-padded codes (``R0000``...) whose lexical order is the index order."""
    return np.array([f"R{i:04d}" for i in range(n)])


def activity_codes(n: int) -> np.ndarray:
    """Zero-padded activity codes (``A000``...)."""
    return np.array([f"A{i:03d}" for i in range(n)])


def synthetic_panel(
    *, regions: int = 1200, activities: int = 650, years: int = 10, seed: int = PANEL_SEED
) -> np.ndarray:
    """A (years, regions, activities) panel of non-negative values with realistic structure.

    - heavy-tailed sizes: region and activity scale factors are log-normal (sd 1.3 and 1.1),
      so a few regions and activities hold most of the value;
    - sparse: a region is active in an activity with probability
      ``logistic(6 (capability_r - complexity_p) + 1.5 [same family] + 0.8 log size_r - 1)``,
      about 60 % of the cells are zero; capable regions do the complex activities (a nested
      matrix, so ECI is well defined) and activities cluster in 20 families (so proximity
      has structure);
    - persistence: a region-activity effect is fixed across years, with yearly noise on top;
    - every region and activity has a positive total in every year (the most likely cell of
      each row and column is forced active), as the kernels require.

    No side effects.
    """
    rng = np.random.default_rng(seed)
    size_r = rng.lognormal(0.0, 1.3, regions)
    size_p = rng.lognormal(0.0, 1.1, activities)
    capability = rng.uniform(0.0, 1.0, regions)
    complexity = rng.uniform(0.0, 1.0, activities)
    family_r = rng.integers(0, FAMILIES, regions)
    family_p = rng.integers(0, FAMILIES, activities)
    base = (
        6.0 * (capability[:, None] - complexity[None, :])
        + 1.5 * (family_r[:, None] == family_p[None, :])
        + 0.8 * np.log(size_r)[:, None]
        - 1.0
    )
    effect = rng.normal(0.0, 0.7, (regions, activities))
    scale = size_r[:, None] * size_p[None, :]
    cube = np.empty((years, regions, activities))
    for year in range(years):
        logit = base + rng.normal(0.0, 0.5, (regions, activities))
        active = rng.random((regions, activities)) < 1.0 / (1.0 + np.exp(-logit))
        active[np.arange(regions), logit.argmax(axis=1)] = True
        active[logit.argmax(axis=0), np.arange(activities)] = True
        cube[year] = scale * np.exp(effect + rng.normal(0.0, 0.3, (regions, activities))) * active
    return cube


def long_form(cube: np.ndarray):
    """The non-zero cells of ``cube`` as the long table ``ecomplexity`` expects.

    Columns ``year`` (int), ``region`` and ``activity`` (string codes), ``value`` (float).
    """
    import pandas as pd

    _, regions, activities = cube.shape
    t, r, p = np.nonzero(cube)
    return pd.DataFrame(
        {
            "year": FIRST_YEAR + t,
            "region": region_codes(regions)[r],
            "activity": activity_codes(activities)[p],
            "value": cube[t, r, p],
        }
    )


def synthetic_records(
    cube: np.ndarray, *, n: int, seed: int = RECORDS_SEED
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``n`` raw records (year, region, activity indices and a fractional weight), shuffled.

    Each record falls in a (year, region, activity) cell with probability proportional to the
    panel's value there (a multinomial draw), so the records aggregate to a cube with the
    panel's structure; weights are fractional counts ``1/k``, ``k`` in 1..4 (a patent shared
    by ``k`` inventors). No side effects.
    """
    rng = np.random.default_rng(seed)
    flat = cube.ravel()
    counts = rng.multinomial(n, flat / flat.sum())
    cells = np.repeat(np.arange(flat.size, dtype=np.int64), counts)
    rng.shuffle(cells)
    _, regions, activities = cube.shape
    year, rest = np.divmod(cells, regions * activities)
    region, activity = np.divmod(rest, activities)
    weight = 1.0 / rng.integers(1, 5, n)
    return year.astype(np.int32), region.astype(np.int32), activity.astype(np.int32), weight


def write_records(
    path: Path,
    records: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    *,
    regions: int,
    activities: int,
) -> None:
    """Write the records to Parquet with DuckDB: string region/activity codes, int year.

    Side effect: creates ``path``. String codes (as NUTS and NACE codes are) make the
    aggregation do the work a real file needs: decode and group by text keys.
    """
    import duckdb
    import pandas as pd

    year, region, activity, weight = records
    frame = pd.DataFrame({"ri": region, "ai": activity, "year": FIRST_YEAR + year, "w": weight})
    with duckdb.connect() as con:
        con.register("raw", frame)
        con.execute(
            "CREATE TABLE rc AS SELECT i::INTEGER AS ri, 'R' || lpad(i::VARCHAR, 4, '0') AS code "
            f"FROM range({regions}) t(i)"
        )
        con.execute(
            "CREATE TABLE ac AS SELECT i::INTEGER AS ai, 'A' || lpad(i::VARCHAR, 3, '0') AS code "
            f"FROM range({activities}) t(i)"
        )
        con.execute(
            "COPY (SELECT rc.code AS region, ac.code AS activity, year, w AS weight "
            "FROM raw JOIN rc USING (ri) JOIN ac USING (ai)) "
            f"TO '{path}' (FORMAT parquet)"
        )


def trade_sample_1995(path: Path):
    """The 1995 rows of py-ecomplexity's trade sample (10 origins x 30 HS92 products)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype={"hs92": str})
    return frame[frame["year"] == 1995].reset_index(drop=True)
