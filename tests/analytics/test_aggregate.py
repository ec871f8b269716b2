"""Aggregating raw records into a cube (DuckDB and numpy paths) and storing it."""

import duckdb
import numpy as np
import pytest

from smartregions.analytics.domain.aggregate import aggregate_records, import_aggregated
from smartregions.analytics.models import Observation

pytestmark = pytest.mark.django_db

# One row per patent x region x class, with fractional counts (a patent with two inventor
# regions counts half in each).
RECORDS = [
    ("AT11", "C", 2020, 0.5),
    ("AT12", "C", 2020, 0.5),
    ("AT11", "C", 2020, 1.0),
    ("AT11", "J", 2021, 0.25),
    ("AT13", "J", 2021, 0.75),
    ("AT13", "M", 2020, 2.0),
]
EXPECTED = np.zeros((2, 3, 3))  # years 2020, 2021 x AT11, AT12, AT13 x C, J, M
EXPECTED[0, 0, 0] = 1.5
EXPECTED[0, 1, 0] = 0.5
EXPECTED[1, 0, 1] = 0.25
EXPECTED[1, 2, 1] = 0.75
EXPECTED[0, 2, 2] = 2.0


def write_records(path, fmt):
    con = duckdb.connect()
    rows = ", ".join(f"('{r}', '{a}', {y}, {w})" for r, a, y, w in RECORDS)
    con.execute(
        f"COPY (SELECT * FROM (VALUES {rows}) t(nuts, class, year, share)) TO '{path}' "
        f"(FORMAT {fmt})"
    )
    return path


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_aggregate_records_from_files(tmp_path, fmt):
    path = write_records(tmp_path / f"records.{fmt}", fmt)

    result = aggregate_records(
        source=path,
        region_column="nuts",
        activity_column="class",
        year_column="year",
        weight_column="share",
    )

    np.testing.assert_allclose(result.cube, EXPECTED)
    assert result.years.tolist() == [2020, 2021]
    assert result.regions.tolist() == ["AT11", "AT12", "AT13"]
    assert result.activities.tolist() == ["C", "J", "M"]


def test_aggregate_records_counts_without_weights_from_a_relation():
    con = duckdb.connect()
    rows = ", ".join(f"('{r}', '{a}', {y})" for r, a, y, _ in RECORDS)
    relation = con.sql(f"SELECT * FROM (VALUES {rows}) t(nuts, class, year)")

    result = aggregate_records(
        source=relation, region_column="nuts", activity_column="class", year_column="year"
    )

    assert result.cube.sum() == 6
    assert result.cube[0, 0, 0] == 2  # two AT11 x C records in 2020


def test_aggregate_records_integer_arrays_match_the_duckdb_path():
    rng = np.random.default_rng(7)
    n = 20_000
    records = {
        "region": rng.integers(100, 140, n).astype(np.int32),
        "activity": rng.integers(0, 25, n).astype(np.int16),
        "year": rng.integers(2015, 2020, n).astype(np.int64),
        "weight": rng.random(n),
    }
    structured = np.zeros(
        n, dtype=[("region", "i4"), ("activity", "i2"), ("year", "i8"), ("weight", "f8")]
    )
    for name, column in records.items():
        structured[name] = column
    con = duckdb.connect()
    con.register("records", records)
    relation = con.sql(
        "SELECT 'R' || region::VARCHAR AS region, activity, year, weight FROM records"
    )

    direct = aggregate_records(
        source=structured,
        region_column="region",
        activity_column="activity",
        year_column="year",
        weight_column="weight",
    )
    via_duckdb = aggregate_records(
        source=relation,
        region_column="region",
        activity_column="activity",
        year_column="year",
        weight_column="weight",
    )

    expected = np.zeros((5, 40, 25))
    np.add.at(
        expected,
        (records["year"] - 2015, records["region"] - 100, records["activity"]),
        records["weight"],
    )
    np.testing.assert_allclose(direct.cube, expected)
    np.testing.assert_allclose(via_duckdb.cube, expected)  # 'R100'..'R139' sort as 100..139
    assert direct.regions.tolist() == list(range(100, 140))
    assert via_duckdb.regions.tolist() == [f"R{i}" for i in range(100, 140)]
    assert direct.years.tolist() == via_duckdb.years.tolist() == [2015, 2016, 2017, 2018, 2019]


def test_aggregate_records_axes_skip_values_that_never_occur():
    records = {
        "r": np.array([1, 5, 5]),
        "a": np.array([10, 10, 30]),
        "y": np.array([2000, 2002, 2002]),
    }

    result = aggregate_records(
        source=records, region_column="r", activity_column="a", year_column="y"
    )

    assert (result.years.tolist(), result.regions.tolist(), result.activities.tolist()) == (
        [2000, 2002],
        [1, 5],
        [10, 30],
    )
    np.testing.assert_array_equal(result.cube, [[[1, 0], [0, 0]], [[0, 0], [1, 1]]])


@pytest.mark.parametrize("weight", [-1.0, np.nan])
def test_aggregate_records_refuses_bad_weights(weight):
    records = {
        "r": np.array([1, 2]),
        "a": np.array([1, 1]),
        "y": np.array([2020, 2020]),
        "w": np.array([1.0, weight]),
    }
    con = duckdb.connect()
    con.register("records", records)
    relation = con.sql("SELECT r::VARCHAR AS r, a, y, w FROM records")

    for source in (records, relation):
        with pytest.raises(ValueError, match="weights must be finite and non-negative"):
            aggregate_records(
                source=source,
                region_column="r",
                activity_column="a",
                year_column="y",
                weight_column="w",
            )


def test_aggregate_records_refuses_missing_keys():
    con = duckdb.connect()
    relation = con.sql("SELECT * FROM (VALUES ('AT11', 'C', 2020), (NULL, 'C', 2020)) t(r, a, y)")

    with pytest.raises(ValueError, match="1 group"):
        aggregate_records(source=relation, region_column="r", activity_column="a", year_column="y")


def test_import_aggregated_stores_nonzero_cells(nace_dataset, tmp_path):
    path = write_records(tmp_path / "records.parquet", "parquet")
    cube = aggregate_records(
        source=path,
        region_column="nuts",
        activity_column="class",
        year_column="year",
        weight_column="share",
    )

    result = import_aggregated(dataset=nace_dataset, cube=cube)

    assert result.created == 5
    assert sorted(
        Observation.objects.filter(dataset=nace_dataset).values_list(
            "year", "region__code", "activity__code", "value"
        )
    ) == [
        (2020, "AT11", "C", 1.5),
        (2020, "AT12", "C", 0.5),
        (2020, "AT13", "M", 2.0),
        (2021, "AT11", "J", 0.25),
        (2021, "AT13", "J", 0.75),
    ]


@pytest.mark.parametrize("dyadic", [True, False])
def test_aggregate_records_parquet_with_text_codes_matches_numpy(tmp_path, dyadic):
    # 200k records over 120 regions x 65 activities x 10 years, written by DuckDB's COPY with
    # its default Parquet options (dictionary-encoded text codes), as real exports are.
    rng = np.random.default_rng(11)
    n = 200_000
    region = rng.integers(0, 120, n)
    activity = rng.integers(0, 65, n)
    year = rng.integers(0, 10, n)
    k = rng.integers(1, 5, n)
    weight = 1.0 / (2.0 ** (k - 1)) if dyadic else 1.0 / k
    con = duckdb.connect()
    con.register("raw", {"r": region, "a": activity, "y": year, "w": weight})
    path = tmp_path / "records.parquet"
    con.execute(
        "COPY (SELECT 'R' || lpad(r::VARCHAR, 4, '0') AS region, "
        "'A' || lpad(a::VARCHAR, 3, '0') AS activity, (2010 + y)::INTEGER AS year, "
        f"w AS weight FROM raw) TO '{path}' (FORMAT parquet)"
    )

    result = aggregate_records(
        source=path,
        region_column="region",
        activity_column="activity",
        year_column="year",
        weight_column="weight",
    )

    expected = np.zeros((10, 120, 65))
    np.add.at(expected, (year, region, activity), weight)
    if dyadic:  # sums of powers of two are exact in any order
        np.testing.assert_array_equal(result.cube, expected)
    else:
        np.testing.assert_allclose(result.cube, expected, rtol=1e-12, atol=0)
    assert result.years.tolist() == list(range(2010, 2020))
    assert result.regions.tolist() == [f"R{i:04d}" for i in range(120)]
    assert result.activities.tolist() == [f"A{i:03d}" for i in range(65)]


def test_aggregate_records_text_axes_skip_labels_of_zero_weight():
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM (VALUES ('AT11', 'C', 2020, 1.0), ('AT12', 'J', 2021, 0.0), "
        "('AT13', 'C', 2022, 2.0)) t(r, a, y, w)"
    )

    result = aggregate_records(
        source=relation, region_column="r", activity_column="a", year_column="y", weight_column="w"
    )

    assert result.years.tolist() == [2020, 2022]
    assert result.regions.tolist() == ["AT11", "AT13"]
    assert result.activities.tolist() == ["C"]
    np.testing.assert_array_equal(result.cube, [[[1.0], [0.0]], [[0.0], [2.0]]])


def test_aggregate_records_refuses_missing_weights_with_text_keys():
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM (VALUES ('AT11', 'C', 2020, 1.0), ('AT11', 'C', 2020, NULL)) t(r, a, y, w)"
    )

    with pytest.raises(ValueError, match="weights must be finite and non-negative"):
        aggregate_records(
            source=relation,
            region_column="r",
            activity_column="a",
            year_column="y",
            weight_column="w",
        )


def test_aggregate_records_counts_groups_of_records_with_missing_keys():
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM (VALUES ('AT11', 'C', 2020), (NULL, 'C', 2020), (NULL, 'C', 2020), "
        "('AT11', NULL, 2021)) t(r, a, y)"
    )

    with pytest.raises(ValueError, match=r"^2 group"):
        aggregate_records(source=relation, region_column="r", activity_column="a", year_column="y")
