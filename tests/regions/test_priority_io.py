import csv
import io
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from smartregions.common.errors import ImportRejected, Problem
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.domain.priority_io import (
    COLUMNS,
    export_priorities,
    import_priorities,
    normalise_nace_code,
    write_priorities,
)
from smartregions.regions.enums import StrategyLevel, StrategyStatus, TaxonomyKind
from smartregions.regions.models import Priority, Strategy
from tests.factories import (
    CountryFactory,
    PriorityFactory,
    RegionFactory,
    StrategyFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_data():
    """Countries, regions, the default taxonomy of each axis (plus NABS) and thematic areas."""
    cz = CountryFactory(code="CZ", name="Czechia")
    sk = CountryFactory(code="SK", name="Slovakia")
    cz03 = RegionFactory(code="CZ03", country=cz, level=2)
    RegionFactory(code="CZ031", country=cz, level=3, parent=cz03, name_latin="Jihočeský kraj")
    RegionFactory(code="CZ032", country=cz, level=3, parent=cz03, name_latin="Plzeňský kraj")
    RegionFactory(code="SK010", country=sk, level=3)
    nace = TaxonomyFactory(slug="nace-rev2", kind=TaxonomyKind.ECONOMIC)
    section_c = TermFactory(taxonomy=nace, code="C", label="Manufacturing")
    division = TermFactory(taxonomy=nace, code="28", parent=section_c, level=2)
    group = TermFactory(taxonomy=nace, code="28.1", parent=division, level=3)
    TermFactory(taxonomy=nace, code="28.10", parent=group, level=4)
    TermFactory(taxonomy=nace, code="25", parent=section_c, level=2)
    section_j = TermFactory(taxonomy=nace, code="J", label="Information and communication")
    TermFactory(taxonomy=nace, code="62", parent=section_j, level=2)
    ford = TaxonomyFactory(slug="ford-2015", name="FORD", kind=TaxonomyKind.SCIENTIFIC)
    TermFactory(taxonomy=ford, code="2.3", label="Mechanical engineering")
    TermFactory(taxonomy=ford, code="2.2", label="Electrical engineering")
    nabs = TaxonomyFactory(slug="nabs-2007", name="NABS", kind=TaxonomyKind.SCIENTIFIC)
    TermFactory(taxonomy=nabs, code="07", label="Industrial production and technology")
    policy = TaxonomyFactory(slug="cohesion-2021-2027", name="PO", kind=TaxonomyKind.POLICY)
    TermFactory(taxonomy=policy, code="PO1", label="A more competitive and smarter Europe")
    TermFactory(taxonomy=policy, code="RSO1.4", label="Skills for smart specialisation")
    ThematicAreaFactory(slug="advanced-manufacturing", name="Advanced manufacturing")
    ThematicAreaFactory(slug="digital", name="Digital transformation")


def make_row(**values):
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        region_code="CZ031",
        nuts_version="2021",
        country_code="CZ",
        strategy_title="RIS3 Jihočeský kraj",
        strategy_period_start="2021",
        strategy_period_end="2027",
        strategy_status="adopted",
        priority_reference="D1",
        priority_title="Strojírenství a mechatronika",
        description="Výroba strojů a zařízení",
        economic_domains="28;C25",
        scientific_domains="2.3;nabs-2007:07",
        policy_objectives="PO1",
        thematic_areas="advanced-manufacturing",
        keywords="robotics; mechatronics",
        budget_eur="1500000.50",
        language="cs",
        source="Annex 2",
    )
    row.update(values)
    return row


def write_csv(path, rows, columns=COLUMNS, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def db_counts():
    return (Strategy.objects.count(), Priority.objects.count(), ActivityLogEntry.objects.count())


def snapshot():
    """Every template field of every priority, with codes, as comparable tuples."""
    rows = []
    for p in Priority.objects.select_related("strategy__region", "strategy__country"):
        s = p.strategy
        rows.append(
            (
                s.country.code,
                s.region.code if s.region else None,
                s.level,
                s.title,
                s.period_start,
                s.period_end,
                s.status,
                p.reference,
                p.title,
                p.description,
                sorted(p.economic_domains.values_list("taxonomy__slug", "code")),
                sorted(p.scientific_domains.values_list("taxonomy__slug", "code")),
                sorted(p.policy_objectives.values_list("taxonomy__slug", "code")),
                sorted(p.thematic_areas.values_list("slug", flat=True)),
                p.keywords,
                p.budget_eur,
                p.language,
                p.source,
                p.search_text,
            )
        )
    return sorted(rows, key=repr)


def test_import_priorities_creates_strategy_priority_codes_and_one_log_entry(
    reference_data, tmp_path
):
    path = write_csv(
        tmp_path / "cz.csv",
        [make_row(), make_row(priority_reference="", priority_title="Digitalizace")],
    )

    result = import_priorities(path=path)

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert result.notes == ["strategies: 1 created, 0 updated, 0 unchanged"]
    strategy = Strategy.objects.get()
    assert (strategy.region.code, strategy.level, strategy.status, strategy.language) == (
        "CZ031",
        StrategyLevel.REGIONAL,
        StrategyStatus.ADOPTED,
        "cs",
    )
    first = Priority.objects.get(reference="D1")
    assert sorted(first.economic_domains.values_list("code", flat=True)) == ["25", "28"]
    assert sorted(first.scientific_domains.values_list("taxonomy__slug", "code")) == [
        ("ford-2015", "2.3"),
        ("nabs-2007", "07"),
    ]
    assert list(first.policy_objectives.values_list("code", flat=True)) == ["PO1"]
    assert first.keywords == ["robotics", "mechatronics"]
    assert first.budget_eur == Decimal("1500000.50")
    assert first.search_text == (
        "strojirenstvi a mechatronika vyroba stroju a zarizeni robotics mechatronics "
        "advanced manufacturing"
    )
    assert Priority.objects.get(title="Digitalizace").reference == "P1"
    entry = ActivityLogEntry.objects.get()
    assert entry.action == "priorities.import"
    assert entry.data == {
        "source": "cz.csv",
        "format": "csv",
        "strategies": {"created": 1, "updated": 0, "unchanged": 0},
        "priorities": {"created": 2, "updated": 0, "unchanged": 0},
    }


def test_import_priorities_again_reports_everything_unchanged(reference_data, tmp_path):
    path = write_csv(
        tmp_path / "cz.csv",
        [make_row(), make_row(priority_reference="", priority_title="Digitalizace")],
    )
    import_priorities(path=path)
    before = snapshot()

    result = import_priorities(path=path)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert result.notes == ["strategies: 0 created, 0 updated, 1 unchanged"]
    assert snapshot() == before


def test_import_priorities_updates_changed_fields_and_codes(reference_data, tmp_path):
    import_priorities(path=write_csv(tmp_path / "a.csv", [make_row()]))
    changed = make_row(
        strategy_status="under_revision",
        description="Nový popis",
        economic_domains="62",
        thematic_areas="",
        budget_eur="",
    )

    result = import_priorities(path=write_csv(tmp_path / "b.csv", [changed]))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert result.notes == ["strategies: 0 created, 1 updated, 0 unchanged"]
    priority = Priority.objects.get()
    assert list(priority.economic_domains.values_list("code", flat=True)) == ["62"]
    assert not priority.thematic_areas.exists()
    assert (priority.description, priority.budget_eur) == ("Nový popis", None)
    assert priority.strategy.status == StrategyStatus.UNDER_REVISION
    assert priority.search_text == ("strojirenstvi a mechatronika novy popis robotics mechatronics")


def test_import_priorities_without_optional_columns_keeps_their_values(reference_data, tmp_path):
    import_priorities(path=write_csv(tmp_path / "a.csv", [make_row()]))
    columns = [
        "region_code",
        "country_code",
        "strategy_title",
        "strategy_period_start",
        "strategy_period_end",
        "priority_reference",
        "priority_title",
    ]

    result = import_priorities(path=write_csv(tmp_path / "b.csv", [make_row()], columns))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    priority = Priority.objects.get()
    assert priority.keywords == ["robotics", "mechatronics"]
    assert priority.thematic_areas.count() == 1
    assert priority.strategy.status == StrategyStatus.ADOPTED


def test_import_priorities_blank_reference_matches_the_priority_of_same_title(
    reference_data, tmp_path
):
    row = make_row(priority_reference="")
    import_priorities(path=write_csv(tmp_path / "a.csv", [row]))

    result = import_priorities(path=write_csv(tmp_path / "b.csv", [row]))

    assert (result.created, result.unchanged) == (0, 1)
    assert list(Priority.objects.values_list("reference", flat=True)) == ["P1"]


def test_import_priorities_national_strategy_has_no_region(reference_data, tmp_path):
    row = make_row(region_code="", nuts_version="", country_code="SK", strategy_title="SK RIS3")

    import_priorities(path=write_csv(tmp_path / "sk.csv", [row]))

    strategy = Strategy.objects.get()
    assert (strategy.country.code, strategy.region, strategy.level) == (
        "SK",
        None,
        StrategyLevel.NATIONAL,
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("C28", "28"),
        ("C.28", "28"),
        ("28", "28"),
        ("c28", "28"),
        ("28.1", "28.1"),
        ("28.10", "28.10"),
        ("C28.10", "28.10"),
        ("C", "C"),
    ],
)
def test_import_priorities_accepts_nace_code_variants(reference_data, tmp_path, written, expected):
    import_priorities(path=write_csv(tmp_path / "a.csv", [make_row(economic_domains=written)]))

    codes = Priority.objects.get().economic_domains.values_list("code", flat=True)
    assert list(codes) == [expected]


def test_normalise_nace_code_pads_divisions_and_splits_section():
    assert normalise_nace_code(" c.1 ") == ("01", "C")
    assert normalise_nace_code("28.10") == ("28.10", "")
    assert normalise_nace_code("PO1") == ("PO1", "")


def test_import_priorities_refuses_nace_division_under_the_wrong_section(reference_data, tmp_path):
    path = write_csv(tmp_path / "a.csv", [make_row(economic_domains="A28")])

    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=path)

    assert excinfo.value.problems == [
        Problem("a.csv", 2, "economic_domains", "unknown code 'A28' in taxonomy 'nace-rev2'")
    ]


def test_import_priorities_reads_csv_with_byte_order_mark(reference_data, tmp_path):
    path = write_csv(tmp_path / "bom.csv", [make_row()], encoding="utf-8-sig")

    result = import_priorities(path=path)

    assert result.created == 1
    assert Priority.objects.get().title == "Strojírenství a mechatronika"


def test_import_priorities_reads_xlsx_first_sheet(reference_data, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    row = make_row(strategy_period_start=2021, strategy_period_end=2027, nuts_version=2021)
    row["budget_eur"] = 1500000.5
    sheet.append([row[c] for c in COLUMNS])
    workbook.create_sheet("notes").append(["ignored"])
    workbook.save(tmp_path / "cz.xlsx")

    result = import_priorities(path=tmp_path / "cz.xlsx")

    assert result.created == 1
    priority = Priority.objects.get()
    assert (priority.budget_eur, priority.strategy.period_start) == (Decimal("1500000.50"), 2021)


# --- refused files: every problem listed, database unchanged ---------------------------------


def test_import_priorities_refuses_unknown_code_and_writes_nothing(reference_data, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [
            make_row(),
            make_row(
                priority_reference="D2",
                economic_domains="28;99",
                scientific_domains="nabs-2007:99.9",
            ),
        ],
    )
    before = db_counts()

    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=path)

    assert excinfo.value.problems == [
        Problem("a.csv", 3, "economic_domains", "unknown code '99' in taxonomy 'nace-rev2'"),
        Problem("a.csv", 3, "scientific_domains", "unknown code '99.9' in taxonomy 'nabs-2007'"),
    ]
    assert db_counts() == before


def test_import_priorities_refuses_missing_columns_in_one_problem(reference_data, tmp_path):
    columns = [c for c in COLUMNS if c not in {"priority_title", "country_code"}]
    path = write_csv(tmp_path / "a.csv", [make_row()], columns)
    before = db_counts()

    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=path)

    assert excinfo.value.problems == [
        Problem("a.csv", 1, None, "missing required column(s): country_code, priority_title")
    ]
    assert db_counts() == before


def test_import_priorities_refuses_wrong_encoding_with_byte_offset(reference_data, tmp_path):
    path = write_csv(tmp_path / "latin.csv", [make_row()], encoding="cp1250")
    raw = path.read_bytes()
    offset = raw.index("č".encode("cp1250"))  # the first non-ASCII byte, in "Jihočeský"
    assert raw[:offset].isascii()
    before = db_counts()

    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=path)

    assert excinfo.value.problems == [
        Problem(
            "latin.csv",
            None,
            None,
            f"not UTF-8 text: byte 0xe8 at byte offset {offset} (save the file as 'CSV UTF-8')",
        )
    ]
    assert db_counts() == before


def test_import_priorities_refuses_duplicate_row(reference_data, tmp_path):
    path = write_csv(
        tmp_path / "a.csv", [make_row(), make_row(), make_row(priority_reference="D2")]
    )
    before = db_counts()

    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=path)

    assert excinfo.value.problems == [
        Problem(
            "a.csv",
            3,
            "priority_reference",
            "duplicate row: row 2 has the same strategy and reference",
        )
    ]
    assert db_counts() == before


def test_import_priorities_lists_every_problem_of_the_file(reference_data, tmp_path):
    StrategyFactory(region=None, country=CountryFactory(code="SK"), title="Kept", level="national")
    rows = [
        make_row(region_code="CZ099"),
        make_row(region_code="", country_code="XX", priority_reference="D2"),
        make_row(
            strategy_period_start="2027",
            strategy_period_end="2021",
            priority_reference="D3",
            strategy_title="Other",
        ),
        make_row(priority_reference="D4", priority_title=" ", thematic_areas="digital;space"),
        make_row(
            priority_reference="D5",
            budget_eur="-5",
            strategy_period_end="20x7",
            policy_objectives="PO9",
        ),
        make_row(
            region_code="CZ032",
            country_code="SK",
            priority_reference="D6",
            strategy_status="finished",
        ),
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    before = db_counts()

    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=path)

    assert excinfo.value.problems == [
        Problem("bad.csv", 2, "region_code", "unknown region code 'CZ099' in NUTS 2021"),
        Problem("bad.csv", 3, "country_code", "unknown country code 'XX'"),
        Problem(
            "bad.csv", 4, "strategy_period_end", "the period ends (2021) before it starts (2027)"
        ),
        Problem("bad.csv", 5, "priority_title", "is empty"),
        Problem("bad.csv", 5, "thematic_areas", "unknown thematic area 'space'"),
        Problem("bad.csv", 6, "strategy_period_end", "not a year: '20x7'"),
        Problem("bad.csv", 6, "budget_eur", "not an amount in euro (e.g. 1500000.00): '-5'"),
        Problem(
            "bad.csv", 6, "policy_objectives", "unknown code 'PO9' in taxonomy 'cohesion-2021-2027'"
        ),
        Problem("bad.csv", 7, "country_code", "region CZ032 is in CZ, not in SK"),
        Problem(
            "bad.csv",
            7,
            "strategy_status",
            "unknown status 'finished' (one of: adopted, archived, draft, under_revision)",
        ),
    ]
    assert db_counts() == before


def test_import_priorities_refuses_inconsistent_strategy_rows(reference_data, tmp_path):
    rows = [make_row(), make_row(priority_reference="D2", strategy_period_end="2030")]

    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=write_csv(tmp_path / "a.csv", rows))

    assert excinfo.value.problems == [
        Problem(
            "a.csv", 3, "strategy_period_end", "differs from row 2 (2027) for the same strategy"
        )
    ]


def test_import_priorities_refuses_unknown_column_and_file_type(reference_data, tmp_path):
    path = write_csv(tmp_path / "a.csv", [make_row()], [*COLUMNS, "economic_domain"])
    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=path)
    assert [(p.row, p.field) for p in excinfo.value.problems] == [(1, "economic_domain")]

    other = tmp_path / "a.txt"
    other.write_text("x")
    with pytest.raises(ImportRejected) as excinfo:
        import_priorities(path=other)
    assert excinfo.value.problems == [
        Problem("a.txt", None, None, "unsupported file type '.txt': use .csv or .xlsx")
    ]


# --- export and round trips ------------------------------------------------------------------


@pytest.fixture
def stored_priorities(reference_data, tmp_path):
    """Priorities with every field set, in a national and two regional strategies."""
    rows = [
        make_row(),
        make_row(
            priority_reference="D2",
            priority_title='=Digitalizace, "AI"',
            description="Řádek 1\nŘádek 2; s tečkou",
            economic_domains="C;62;28.10",
            scientific_domains="",
            policy_objectives="PO1;RSO1.4",
            thematic_areas="digital;advanced-manufacturing",
            keywords="AI",
            budget_eur="0.05",
        ),
        make_row(
            region_code="CZ032",
            strategy_title="RIS3 Plzeň",
            priority_reference="P10",
            strategy_status="draft",
            budget_eur="9999999999999.99",
            language="",
        ),
        make_row(
            region_code="",
            nuts_version="",
            country_code="SK",
            strategy_title="SK RIS3",
            strategy_period_start="2014",
            strategy_period_end="2020",
            keywords="",
            description="",
            source="",
        ),
    ]
    import_priorities(path=write_csv(tmp_path / "seed.csv", rows))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_empty_database_reproduces_everything(
    stored_priorities, tmp_path, fmt
):
    before = snapshot()
    path = tmp_path / f"export.{fmt}"
    assert export_priorities(queryset=Priority.objects.all(), path=path, fmt=fmt) == 4
    Strategy.objects.all().delete()
    assert not Priority.objects.exists()

    result = import_priorities(path=path)

    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_same_database_is_all_unchanged(stored_priorities, tmp_path, fmt):
    before = snapshot()
    path = tmp_path / f"export.{fmt}"
    export_priorities(queryset=Priority.objects.all(), path=path, fmt=fmt)

    result = import_priorities(path=path)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert result.notes == ["strategies: 0 created, 0 updated, 3 unchanged"]
    assert snapshot() == before


def test_export_priorities_csv_rows_in_stable_order(stored_priorities, tmp_path):
    path = tmp_path / "out.csv"
    export_priorities(queryset=Priority.objects.all(), path=path, fmt="csv")

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS)
    assert [(r[0], r[2], r[7]) for r in rows[1:]] == [
        ("CZ031", "CZ", "D1"),
        ("CZ031", "CZ", "D2"),
        ("CZ032", "CZ", "P10"),
        ("", "SK", "D1"),
    ]
    assert rows[1] == [
        "CZ031",
        "2021",
        "CZ",
        "RIS3 Jihočeský kraj",
        "2021",
        "2027",
        "adopted",
        "D1",
        "Strojírenství a mechatronika",
        "Výroba strojů a zařízení",
        "25;28",
        "2.3;nabs-2007:07",
        "PO1",
        "advanced-manufacturing",
        "robotics;mechatronics",
        "1500000.50",
        "cs",
        "Annex 2",
    ]


def test_write_priorities_xlsx_keeps_formula_like_titles_as_text(stored_priorities):
    stream = io.BytesIO()
    assert write_priorities(queryset=Priority.objects.all(), stream=stream, fmt="xlsx") == 4

    sheet = load_workbook(stream).worksheets[0]
    title = sheet.cell(row=3, column=COLUMNS.index("priority_title") + 1)
    assert (title.value, title.data_type) == ('=Digitalizace, "AI"', "s")


def test_write_priorities_refuses_unknown_format(stored_priorities):
    with pytest.raises(ValueError, match="unknown export format 'ods'"):
        write_priorities(queryset=Priority.objects.all(), stream=io.BytesIO(), fmt="ods")


def test_export_priorities_runs_a_fixed_number_of_queries(reference_data, tmp_path):
    def queries_for(n):
        Strategy.objects.all().delete()
        strategy = StrategyFactory()
        for _ in range(n):
            PriorityFactory(strategy=strategy)
        with CaptureQueriesContext(connection) as context:
            export_priorities(queryset=Priority.objects.all(), path=tmp_path / "x.csv", fmt="csv")
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(30)


def test_import_priorities_stores_rows_in_bulk(reference_data, tmp_path):
    rows = [make_row(priority_reference=f"D{n}", strategy_title=f"S{n % 7}") for n in range(2000)]
    path = write_csv(tmp_path / "many.csv", rows)

    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        result = import_priorities(path=path)
        elapsed = time.perf_counter() - started

    assert result.created == 2000
    # Writes go in batches of 500 rows: the query count follows the batches, not the rows.
    assert len(context.captured_queries) < 100
    assert elapsed < 10, elapsed
    again = import_priorities(path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2000)


# --- commands --------------------------------------------------------------------------------


def test_import_priorities_command_prints_result(reference_data, tmp_path):
    out = io.StringIO()
    call_command("import_priorities", str(write_csv(tmp_path / "a.csv", [make_row()])), stdout=out)

    assert out.getvalue() == (
        "a.csv: 1 created, 0 updated, 0 unchanged, 0 deleted\n"
        "  note: strategies: 1 created, 0 updated, 0 unchanged\n"
    )


def test_import_priorities_command_fails_listing_all_problems(reference_data, tmp_path):
    rows = [make_row(economic_domains="99"), make_row(priority_reference="D2", region_code="CZ0")]
    before = db_counts()

    with pytest.raises(CommandError) as excinfo:
        call_command("import_priorities", str(write_csv(tmp_path / "a.csv", rows)))

    assert str(excinfo.value) == (
        "2 problem(s); nothing was imported:\n"
        "  - a.csv, row 2, field 'economic_domains': unknown code '99' in taxonomy 'nace-rev2'\n"
        "  - a.csv, row 3, field 'region_code': unknown region code 'CZ0' in NUTS 2021"
    )
    assert db_counts() == before


def test_export_priorities_command_filters_country_and_region(stored_priorities, tmp_path):
    out = io.StringIO()
    call_command("export_priorities", str(tmp_path / "cz.xlsx"), "--region", "cz031", stdout=out)
    call_command(
        "export_priorities",
        str(tmp_path / "sk.txt"),
        "--country",
        "SK",
        "--format",
        "csv",
        stdout=out,
    )

    assert out.getvalue() == (
        f"Wrote 2 priorities to {tmp_path / 'cz.xlsx'} (xlsx).\n"
        f"Wrote 1 priorities to {tmp_path / 'sk.txt'} (csv).\n"
    )
    assert load_workbook(tmp_path / "cz.xlsx").worksheets[0].max_row == 3
