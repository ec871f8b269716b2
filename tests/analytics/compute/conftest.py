"""Fixtures for the compute kernels: the Stata ``ecomplexity`` 1995 ground truth."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

GROUND_TRUTH_COLUMNS = (
    "rca",
    "M",
    "density",
    "eci",
    "pci",
    "diversity",
    "ubiquity",
    "coi",
    "cog",
)


@dataclass(frozen=True)
class StataYear:
    """The 1995 trade sample as a matrix and Stata's output reshaped to the same layout."""

    regions: list[str]
    activities: list[str]
    values: np.ndarray
    expected: dict[str, np.ndarray]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def stata_1995(shared_data: Path) -> StataYear:
    """Trade data of 1995 (10 origins x 30 HS92 products) and the Stata results for it.

    Stata stored ``export_val`` as a 4-byte float, so its RCA was computed from the values
    rounded to float32; the matrix is rounded the same way to compare to the last bit.
    """
    folder = shared_data / "analytics"
    rows = [r for r in _read(folder / "ecomplexity_trade_data_sample.csv") if r["year"] == "1995"]
    regions = sorted({r["origin"] for r in rows})
    activities = sorted({r["hs92"] for r in rows})
    row_of = {code: i for i, code in enumerate(regions)}
    col_of = {code: j for j, code in enumerate(activities)}
    values = np.zeros((len(regions), len(activities)))
    for r in rows:
        values[row_of[r["origin"]], col_of[r["hs92"]]] = float(r["export_val"])
    values = values.astype(np.float32).astype(np.float64)
    expected = {name: np.full(values.shape, np.nan) for name in GROUND_TRUTH_COLUMNS}
    truth = _read(folder / "ecomplexity_stata_single_year_1995.csv")
    assert len(truth) == values.size
    for r in truth:
        i, j = row_of[r["origin"]], col_of[r["hs92"]]
        for name in GROUND_TRUTH_COLUMNS:
            expected[name][i, j] = float(r[name])
    return StataYear(regions=regions, activities=activities, values=values, expected=expected)
