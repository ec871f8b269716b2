"""File readers: plain CSV, Parquet, Eurostat TSV and SDMX-CSV into long-form rows."""

from pathlib import Path

import duckdb
import pytest

from smartregions.analytics.domain.readers import (
    LongRow,
    ReadReport,
    detect_format,
    parse_eurostat_value,
    read_observations,
)
from smartregions.common.errors import Problem, ProblemCollector

# Shaped like Eurostat's nama_10r_3empers (employment by NUTS-3/2 region, NACE and status).
EUROSTAT_TSV = (
    "unit,wstatus,nace_r2,geo\\time\t2019 \t2020 \t2021 \n"
    "THS,EMP,C,AT11\t12.5 \t12.1 p\t: \n"
    "THS,EMP,F,AT11\t8.0 \t7.9 \t8.1 e\n"
    "THS,EMP,C,AT12\t45.3 \t44.0 \t: c\n"
    "THS,SAL,C,AT11\t11.0 \t10.8 \t11.2 \n"
)
SDMX_CSV = (
    "DATAFLOW,LAST UPDATE,freq,unit,wstatus,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
    "ESTAT:NAMA_10R_3EMPERS(1.0),21/02/24 23:00:00,A,THS,EMP,C,AT11,2019,12.5,\n"
    "ESTAT:NAMA_10R_3EMPERS(1.0),21/02/24 23:00:00,A,THS,EMP,C,AT11,2020,12.1,p\n"
    "ESTAT:NAMA_10R_3EMPERS(1.0),21/02/24 23:00:00,A,THS,EMP,C,AT12,2020,,c\n"
    "ESTAT:NAMA_10R_3EMPERS(1.0),21/02/24 23:00:00,A,THS,SAL,C,AT12,2020,40.1,\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path, **kwargs) -> tuple[list[LongRow], list[Problem], ReadReport]:
    problems = ProblemCollector(path.name)
    report = ReadReport()
    rows = read_observations(path, problems=problems, report=report, **kwargs)
    return rows, problems.problems, report


def test_read_long_csv_returns_rows_with_lines(tmp_path):
    path = write(
        tmp_path / "obs.csv",
        "region,activity,year,value\nAT11,C,2020,10\nAT12,J,2021,2.5\nAT13,M,2021,\n",
    )

    rows, problems, report = read(path)

    assert problems == []
    assert rows == [
        LongRow(2, "AT11", "C", 2020, 10.0),
        LongRow(3, "AT12", "J", 2021, 2.5),
    ]
    assert report.missing == 1
    assert report.notes() == ["1 missing value(s) (':' or empty) skipped"]


def test_read_long_csv_mapping_renames_columns(tmp_path):
    path = write(tmp_path / "obs.csv", "nuts_id,sector,period,persons\nAT11,C,2020,10\n")

    rows, problems, _ = read(
        path,
        mapping={"region": "nuts_id", "activity": "sector", "year": "period", "value": "persons"},
    )

    assert problems == []
    assert rows == [LongRow(2, "AT11", "C", 2020, 10.0)]


def test_read_long_csv_collects_every_bad_cell(tmp_path):
    path = write(
        tmp_path / "bad.csv",
        "region,activity,year,value\nAT11,C,20x9,10\n,C,2020,n/a\nAT12,,2020,1\n",
    )

    rows, problems, _ = read(path)

    assert rows == []
    assert problems == [
        Problem("bad.csv", 2, "year", "not a year: '20x9'"),
        Problem("bad.csv", 3, "region", "no region code"),
        Problem("bad.csv", 3, "value", "not a number: 'n/a'"),
        Problem("bad.csv", 4, "activity", "no activity code"),
    ]


def test_read_long_csv_missing_column_is_a_problem(tmp_path):
    path = write(tmp_path / "obs.csv", "region,activity,value\nAT11,C,1\n")

    rows, problems, _ = read(path)

    assert rows == []
    assert problems == [
        Problem("obs.csv", 1, "year", "column missing (the file has: region, activity, value)")
    ]


def test_read_parquet_written_by_duckdb(tmp_path):
    path = tmp_path / "obs.parquet"
    duckdb.connect().execute(
        "COPY (SELECT * FROM (VALUES ('AT11', 'C', 2020, 10.0), ('AT12', 'J', 2021, NULL), "
        "('AT13', 'M', 2021, 3.5)) t(nuts, activity, year, value)) "
        f"TO '{path}' (FORMAT parquet)"
    )

    rows, problems, report = read(path, mapping={"region": "nuts"})

    assert problems == []
    assert rows == [LongRow(1, "AT11", "C", 2020, 10.0), LongRow(3, "AT13", "M", 2021, 3.5)]
    assert report.missing == 1


def test_read_eurostat_tsv_parses_flags_and_skips_missing(tmp_path):
    path = write(tmp_path / "nama_10r_3empers.tsv", EUROSTAT_TSV)

    rows, problems, report = read(path, mapping={"activity": "nace_r2", "wstatus": "EMP"})

    assert problems == []
    assert rows == [
        LongRow(2, "AT11", "C", 2019, 12.5, "", "2019"),
        LongRow(2, "AT11", "C", 2020, 12.1, "p", "2020"),
        LongRow(3, "AT11", "F", 2019, 8.0, "", "2019"),
        LongRow(3, "AT11", "F", 2020, 7.9, "", "2020"),
        LongRow(3, "AT11", "F", 2021, 8.1, "e", "2021"),
        LongRow(4, "AT12", "C", 2019, 45.3, "", "2019"),
        LongRow(4, "AT12", "C", 2020, 44.0, "", "2020"),
    ]
    assert (report.missing, report.filtered, report.flags) == (2, 3, {"e": 1, "p": 1})


def test_read_eurostat_tsv_single_valued_filter_picks_the_activity(tmp_path):
    path = write(tmp_path / "nama_10r_3empers.tsv", EUROSTAT_TSV)

    rows, problems, _ = read(path, mapping={"wstatus": "EMP"})

    assert problems == []
    assert {row.activity for row in rows} == {"C", "F"}


def test_read_eurostat_tsv_ambiguous_activity_is_a_problem(tmp_path):
    path = write(tmp_path / "nama_10r_3empers.tsv", EUROSTAT_TSV)

    rows, problems, _ = read(path)

    assert rows == []
    assert problems == [
        Problem(
            "nama_10r_3empers.tsv",
            1,
            None,
            "cannot tell which dimension is the activity (candidates: wstatus, nace_r2); "
            "give mapping={'activity': ...}",
        )
    ]


def test_read_eurostat_tsv_bad_value_and_period(tmp_path):
    path = write(tmp_path / "x.tsv", "nace_r2,geo\\time\t2020 \t2020Q1 \nC,AT11\tabc \t1.0 \n")

    rows, problems, _ = read(path)

    assert rows == []
    assert problems == [
        Problem("x.tsv", 2, "2020", "not a Eurostat value: 'abc'"),
        Problem("x.tsv", 2, "2020Q1", "not a year: '2020Q1'"),
    ]


def test_read_sdmx_csv(tmp_path):
    path = write(tmp_path / "nama_10r_3empers.csv", SDMX_CSV)

    rows, problems, report = read(path, mapping={"wstatus": "EMP"})

    assert problems == []
    assert rows == [
        LongRow(2, "AT11", "C", 2019, 12.5, "", "OBS_VALUE"),
        LongRow(3, "AT11", "C", 2020, 12.1, "p", "OBS_VALUE"),
    ]
    assert (report.missing, report.filtered) == (1, 1)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.csv", "region,activity,year,value\n", "csv"),
        ("a.csv", SDMX_CSV, "sdmx-csv"),
        ("a.tsv", EUROSTAT_TSV, "tsv"),
        ("a.parquet", "", "parquet"),
    ],
)
def test_detect_format_from_name_and_header(tmp_path, name, text, expected):
    assert detect_format(write(tmp_path / name, text)) == expected


def test_detect_format_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match=r"cannot tell the format of a\.txt"):
        detect_format(write(tmp_path / "a.txt", ""))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("123.4 p", (123.4, "p")), ("7", (7.0, "")), ("0.5e", (0.5, "e")), (":", None), (": c", None)],
)
def test_parse_eurostat_value(raw, expected):
    assert (
        parse_eurostat_value(raw, line=1, column="2020", problems=ProblemCollector("f")) == expected
    )
