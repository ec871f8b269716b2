import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from smartregions.common.errors import ImportRejected, Problem
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.domain.taxonomies import (
    import_nace,
    load_builtin_taxonomies,
    load_thematic_areas,
    resolve_codes,
)
from smartregions.regions.domain.taxonomies.resolve import (
    CodeIssue,
    TermLookup,
    normalise_nace_code,
    resolve_kind_codes,
    split_qualified,
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Taxonomy, Term, ThematicArea, ThematicPlatform
from tests.factories import TaxonomyFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nace_path(shared_data: Path) -> Path:
    return shared_data / "classifications" / "nace_rev2.csv"


@pytest.fixture
def nace_rows(nace_path: Path) -> list[dict[str, str]]:
    with nace_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def levels(slug: str) -> dict[int, int]:
    return dict(Counter(Term.objects.filter(taxonomy__slug=slug).values_list("level", flat=True)))


def rejection(path: Path) -> list[Problem]:
    with pytest.raises(ImportRejected) as caught:
        import_nace(path=path)
    return caught.value.problems


# --- NACE --------------------------------------------------------------------------------------


def test_import_nace_loads_every_level_with_hierarchy(nace_path):
    result = import_nace(path=nace_path)

    assert (result.created, result.updated, result.unchanged) == (996, 0, 0)
    taxonomy = Taxonomy.objects.get(slug="nace-rev2")
    assert taxonomy.kind == TaxonomyKind.ECONOMIC
    assert levels("nace-rev2") == {1: 21, 2: 88, 3: 272, 4: 615}
    term = Term.objects.get(taxonomy=taxonomy, code="01.11")
    chain = [term.code]
    while term.parent_id is not None:
        term = term.parent
        chain.append(term.code)
    assert chain == ["01.11", "01.1", "01", "A"]
    assert [t.level for t in Term.objects.filter(code__in=chain).order_by("level")] == [1, 2, 3, 4]
    division = Term.objects.get(taxonomy=taxonomy, code="28")
    assert division.label == "Manufacture of machinery and equipment n.e.c."
    assert division.parent.code == "C"
    assert Term.objects.get(taxonomy=taxonomy, code="01.1").description.startswith(
        "This group includes the growing of non-perennial crops"
    )
    assert ActivityLogEntry.objects.filter(action="taxonomy.import").count() == 1


def test_import_nace_uses_bulk_queries(nace_path, django_assert_max_num_queries):
    # 996 rows in a few dozen statements: one insert batch per level and 166 rows on SQLite
    # (fewer on PostgreSQL), never a query per row.
    with django_assert_max_num_queries(25):
        import_nace(path=nace_path)


def test_import_nace_second_run_is_all_unchanged(nace_path):
    import_nace(path=nace_path)

    result = import_nace(path=nace_path)

    assert (result.created, result.updated, result.unchanged, result.deleted) == (0, 0, 996, 0)
    assert result.notes == []
    assert not result.changed


def test_import_nace_updates_changed_label_and_keeps_missing_terms(tmp_path, nace_path, nace_rows):
    import_nace(path=nace_path)
    rows = [row for row in nace_rows if row["Code"] != "01.12"]
    next(row for row in rows if row["Code"] == "28")["Description"] = "Machinery"

    result = import_nace(path=write_rows(tmp_path / "nace.csv", rows))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 994)
    assert result.notes == ["1 term(s) not in the input were kept: 01.12"]
    assert Term.objects.get(taxonomy__slug="nace-rev2", code="28").label == "Machinery"
    assert Term.objects.filter(taxonomy__slug="nace-rev2").count() == 996


def test_import_nace_missing_column_is_one_problem(tmp_path, nace_rows):
    columns = [column for column in nace_rows[0] if column != "Parent"]
    path = write_rows(tmp_path / "nace.csv", nace_rows, columns)

    assert rejection(path) == [
        Problem("nace.csv", 1, "Parent", "required column is missing from the header")
    ]
    assert Term.objects.count() == 0
    assert Taxonomy.objects.count() == 0


def test_import_nace_reports_every_row_problem_and_writes_nothing(tmp_path, nace_path, nace_rows):
    import_nace(path=nace_path)
    rows = [dict(row) for row in nace_rows]
    by_code = {row["Code"]: row for row in rows}
    by_code["01.11"]["Parent"] = "01.9"  # unknown parent (row 5)
    by_code["01.12"]["Level"] = "3"  # level inconsistent with code and parent (row 6)
    by_code["02"]["Description"] = "Forestry, renamed"  # a valid change, must not be written
    rows.insert(10, dict(by_code["01.13"]))  # duplicate of row 7 (becomes row 12)

    problems = rejection(write_rows(tmp_path / "nace.csv", rows))

    assert problems == [
        Problem("nace.csv", 12, "Code", "duplicate code '01.13' (first at row 7)"),
        Problem("nace.csv", 5, "Parent", "unknown parent code '01.9'"),
        Problem(
            "nace.csv", 6, "Code", "'01.12' does not have the shape of a level-3 code (like '28.1')"
        ),
        Problem("nace.csv", 6, "Parent", "'01.1' is not a level-2 code"),
    ]
    assert Term.objects.count() == 996
    assert Term.objects.get(taxonomy__slug="nace-rev2", code="02").label == ("Forestry and logging")
    assert ActivityLogEntry.objects.filter(action="taxonomy.import").count() == 1


def test_import_nace_wrong_encoding_names_byte_position(tmp_path, nace_path):
    data = nace_path.read_text(encoding="utf-8").encode("cp1252")
    position = next(i for i, byte in enumerate(data) if byte >= 0x80)
    line = data[:position].count(b"\n") + 1
    path = tmp_path / "nace-cp1252.csv"
    path.write_bytes(data)

    [problem] = rejection(path)

    assert problem.file == "nace-cp1252.csv"
    assert problem.message.startswith(
        f"is not UTF-8: byte 0x{data[position]:02x} at byte position {position} (line {line})"
    )
    assert Term.objects.count() == 0


def test_import_nace_missing_file_is_a_problem(tmp_path):
    [problem] = rejection(tmp_path / "absent.csv")

    assert problem.file == "absent.csv"
    assert problem.message.startswith("cannot be read")


# --- built-in lists ----------------------------------------------------------------------------


def test_load_builtin_taxonomies_counts_and_codes():
    results = load_builtin_taxonomies()

    assert [r.created for r in results] == [48, 14, 28, 11]
    assert dict(Taxonomy.objects.values_list("slug", "kind")) == {
        "ford-2015": TaxonomyKind.SCIENTIFIC,
        "nabs-2007": TaxonomyKind.SCIENTIFIC,
        "cohesion-2021-2027": TaxonomyKind.POLICY,
        "thematic-objectives-2014-2020": TaxonomyKind.POLICY,
    }
    assert levels("ford-2015") == {1: 6, 2: 42}
    assert levels("nabs-2007") == {1: 14}
    assert levels("cohesion-2021-2027") == {1: 5, 2: 23}
    assert levels("thematic-objectives-2014-2020") == {1: 11}
    labels = dict(Term.objects.values_list("code", "label"))
    assert labels["1.2"] == "Computer and information sciences"
    assert labels["2.11"] == "Other engineering and technologies"
    assert labels["6"] == "Humanities and the arts"
    assert labels["6.5"] == "Other humanities"
    assert labels["12"] == (
        "General advancement of knowledge: R&D financed from general university funds (GUF)"
    )
    assert labels["PO1"] == "A more competitive and smarter Europe"
    assert labels["RSO1.1"] == (
        "Developing and enhancing research and innovation capacities and the uptake of "
        "advanced technologies"
    )
    assert labels["RSO1.4"] == (
        "Developing skills for smart specialisation, industrial transition and entrepreneurship"
    )
    assert labels["TO1"] == "Strengthening research, technological development and innovation"
    children = Counter(
        Term.objects.filter(taxonomy__slug="cohesion-2021-2027", level=2).values_list(
            "parent__code", flat=True
        )
    )
    assert children == {"PO1": 5, "PO2": 8, "PO3": 2, "PO4": 6, "PO5": 2}
    assert Term.objects.get(code="3.5").parent.code == "3"
    assert Taxonomy.objects.get(slug="cohesion-2021-2027").source.startswith(
        "Regulation (EU) 2021/1060"
    )


def test_load_builtin_taxonomies_second_run_is_all_unchanged():
    load_builtin_taxonomies()

    results = load_builtin_taxonomies()

    assert [(r.created, r.updated, r.unchanged) for r in results] == [
        (0, 0, 48),
        (0, 0, 14),
        (0, 0, 28),
        (0, 0, 11),
    ]


def test_load_builtin_taxonomies_restores_edited_term():
    load_builtin_taxonomies()
    Term.objects.filter(code="5.3").update(label="Educational sciences", parent=None)

    ford = load_builtin_taxonomies()[0]

    assert (ford.created, ford.updated, ford.unchanged) == (0, 1, 47)
    term = Term.objects.get(taxonomy__slug="ford-2015", code="5.3")
    assert (term.label, term.parent.code) == ("Education", "5")


# --- thematic platforms and areas --------------------------------------------------------------


def test_load_thematic_areas_creates_platforms_and_areas():
    result = load_thematic_areas()

    assert set(ThematicPlatform.objects.values_list("slug", flat=True)) == {
        "energy",
        "agri-food",
        "industrial-modernisation",
        "blue-economy",
    }
    assert result.created == 4 + ThematicArea.objects.count()
    platform_of = dict(ThematicArea.objects.values_list("slug", "platform__slug"))
    assert platform_of["solar-energy"] == "energy"
    assert platform_of["high-tech-farming"] == "agri-food"
    assert platform_of["cybersecurity"] == "industrial-modernisation"
    assert platform_of["aquaculture"] == "blue-economy"
    assert platform_of["big-data"] is None
    assert all(p.description for p in ThematicPlatform.objects.all())


def test_load_thematic_areas_is_idempotent_and_keeps_user_areas():
    first = load_thematic_areas()
    ThematicArea.objects.create(slug="space", name="Space")
    ThematicArea.objects.filter(slug="bioenergy").update(platform=None)

    second = load_thematic_areas()
    third = load_thematic_areas()

    assert (second.created, second.updated, second.unchanged) == (0, 1, first.created - 1)
    assert (third.created, third.updated, third.unchanged) == (0, 0, first.created)
    assert ThematicArea.objects.get(slug="bioenergy").platform.slug == "energy"
    assert ThematicArea.objects.filter(slug="space").exists()


# --- resolve_codes -----------------------------------------------------------------------------


@pytest.fixture
def small_nace():
    taxonomy = TaxonomyFactory(slug="nace-rev2", kind=TaxonomyKind.ECONOMIC)
    terms = {}
    for code, parent, level in [
        ("A", None, 1),
        ("01", "A", 2),
        ("01.7", "01", 3),
        ("01.70", "01.7", 4),
        ("C", None, 1),
        ("28", "C", 2),
        ("28.1", "28", 3),
        ("28.11", "28.1", 4),
    ]:
        terms[code] = TermFactory(
            taxonomy=taxonomy, code=code, level=level, parent=terms.get(parent)
        )
    return terms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("28", "28"),
        ("C28", "28"),
        ("C.28", "28"),
        ("c 28", "28"),
        ("C-28", "28"),
        ("C", "C"),
        ("c", "C"),
        ("28.1", "28.1"),
        ("28.10", "28.1"),
        ("281", "28.1"),
        ("2810", "28.1"),
        ("C28.1", "28.1"),
        ("28.11", "28.11"),
        ("2811", "28.11"),
        ("C28.11", "28.11"),
        ("01.70", "01.70"),
        ("01.7", "01.7"),
        ("28.00", "28"),
        (" A01 ", "01"),
    ],
)
def test_resolve_codes_nace_variants(small_nace, raw, expected):
    found, unknown = resolve_codes(taxonomy_slug="nace-rev2", codes=[raw])

    assert [term.code for term in found] == [expected]
    assert unknown == []


@pytest.mark.parametrize("raw", ["A28", "99", "28.19", "C2", "X", "28.", "foo"])
def test_resolve_codes_nace_unknown(small_nace, raw):
    assert resolve_codes(taxonomy_slug="nace-rev2", codes=[raw]) == ([], [raw])


def test_resolve_codes_keeps_order_and_deduplicates(small_nace):
    found, unknown = resolve_codes(
        taxonomy_slug="nace-rev2", codes=["28", "C28", "", "99", " 01 ", "99", "A"]
    )

    assert [term.code for term in found] == ["28", "01", "A"]
    assert unknown == ["99"]
    assert found[0].taxonomy.slug == "nace-rev2"


def test_resolve_codes_builtin_lists_ignore_case_and_pad_nabs():
    load_builtin_taxonomies()

    cohesion = resolve_codes(taxonomy_slug="cohesion-2021-2027", codes=["rso1.1", "PO9"])
    nabs = resolve_codes(taxonomy_slug="nabs-2007", codes=["7", "07", "15"])

    assert ([t.code for t in cohesion[0]], cohesion[1]) == (["RSO1.1"], ["PO9"])
    assert ([t.code for t in nabs[0]], nabs[1]) == (["07"], ["15"])


def test_resolve_codes_unknown_taxonomy_raises():
    with pytest.raises(Taxonomy.DoesNotExist, match="not loaded"):
        resolve_codes(taxonomy_slug="nace-rev2", codes=["28"])


def test_resolve_codes_against_real_nace(nace_path):
    import_nace(path=nace_path)

    found, unknown = resolve_codes(taxonomy_slug="nace-rev2", codes=["C28", "62", "J.62.01", "A28"])

    assert [term.code for term in found] == ["28", "62", "62.01"]
    assert unknown == ["A28"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ford-2015:1.1", ("ford-2015", "1.1")),
        (" NABS-2007 : 07 ", ("nabs-2007", "07")),
        ("28", ("", "28")),
    ],
)
def test_split_qualified_separates_slug_and_code(raw, expected):
    assert split_qualified(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" c.1 ", ("01", "C")),
        ("C28", ("28", "C")),
        ("281", ("28.1", "")),
        ("28.10", ("28.10", "")),
        ("PO1", ("PO1", "")),
    ],
)
def test_normalise_nace_code_spellings(raw, expected):
    assert normalise_nace_code(raw) == expected


@pytest.fixture
def scientific():
    ford = TaxonomyFactory(slug="ford-2015", kind=TaxonomyKind.SCIENTIFIC)
    nabs = TaxonomyFactory(slug="nabs-2007", kind=TaxonomyKind.SCIENTIFIC)
    other = TaxonomyFactory(slug="other-sci", kind=TaxonomyKind.SCIENTIFIC)
    return {
        "ford2": TermFactory(taxonomy=ford, code="2"),
        "nabs02": TermFactory(taxonomy=nabs, code="02"),
        "nabs07": TermFactory(taxonomy=nabs, code="07"),
        "nabs09": TermFactory(taxonomy=nabs, code="09"),
        "other9": TermFactory(taxonomy=other, code="9"),
    }


def test_resolve_kind_codes_prefers_default_then_single_other_taxonomy(scientific):
    found, failing = resolve_kind_codes(
        kind=TaxonomyKind.SCIENTIFIC, codes=["2", "nabs-2007:2", "7", "07", " ", "9", "x"]
    )

    assert found == [scientific["ford2"], scientific["nabs02"], scientific["nabs07"]]
    assert {code: match.issue for code, match in failing.items()} == {
        "9": CodeIssue.AMBIGUOUS,
        "x": CodeIssue.UNKNOWN,
    }
    assert failing["9"].candidates == ("nabs-2007", "other-sci")


def test_resolve_kind_codes_without_codes_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert resolve_kind_codes(kind=TaxonomyKind.ECONOMIC, codes=["", " "]) == ([], {})


def test_term_lookup_default_only_and_qualifiers(small_nace, scientific):
    lookup = TermLookup()

    bare_nabs = lookup.resolve("7", kind=TaxonomyKind.SCIENTIFIC, default_only=True)
    assert (bare_nabs.taxonomy_slug, bare_nabs.issue) == ("ford-2015", CodeIssue.UNKNOWN)
    nace = lookup.resolve("C.28", kind=TaxonomyKind.ECONOMIC, default_only=True)
    assert nace.term == small_nace["28"]
    wrong = lookup.resolve("nace-rev2:28", kind=TaxonomyKind.POLICY)
    assert (wrong.code, wrong.taxonomy_slug, wrong.issue) == ("28", "nace-rev2", "wrong_kind")
    missing = lookup.resolve("PO1", kind=TaxonomyKind.POLICY, default_only=True)
    assert (missing.taxonomy_slug, missing.issue) == ("cohesion-2021-2027", "not_loaded")
    assert lookup.resolve("x:1", kind=TaxonomyKind.POLICY).issue == CodeIssue.NOT_LOADED


def test_term_lookup_loads_each_taxonomy_once(small_nace, django_assert_num_queries):
    with django_assert_num_queries(2):  # taxonomies, then NACE terms once
        lookup = TermLookup()
        for code in ("C28", "2811", "A01"):
            lookup.find(taxonomy_slug="nace-rev2", code=code)
        terms = [lookup.find(taxonomy_slug="nace-rev2", code=c) for c in ("28", "99")]

    assert terms == [small_nace["28"], None]


# --- command -----------------------------------------------------------------------------------


def test_import_taxonomies_command_loads_everything(nace_path):
    out = io.StringIO()

    call_command("import_taxonomies", "--nace", str(nace_path), stdout=out)

    assert Taxonomy.objects.count() == 5
    assert Term.objects.count() == 996 + 48 + 14 + 28 + 11
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{nace_path}: 996 created, 0 updated, 0 unchanged, 0 deleted"
    assert ThematicPlatform.objects.count() == 4


def test_import_taxonomies_command_refuses_bad_file(tmp_path, nace_rows):
    path = write_rows(tmp_path / "bad.csv", nace_rows, ["Level", "Code", "Parent"])

    with pytest.raises(CommandError) as caught:
        call_command("import_taxonomies", "--nace", str(path), stdout=io.StringIO())

    message = str(caught.value)
    assert "bad.csv, row 1, field 'Description': required column is missing" in message
    assert "field 'This_item_includes'" in message
    assert Term.objects.count() == 0
