import csv
import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from smartregions.common.errors import ImportRejected, Problem
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.domain.czech import SOURCE, import_czech_priorities
from smartregions.regions.enums import StrategyLevel, StrategyStatus, TaxonomyKind
from smartregions.regions.models import Priority, Region, Strategy
from tests.factories import CountryFactory, RegionFactory, TaxonomyFactory, TermFactory

pytestmark = pytest.mark.django_db

KRAJE = {
    "CZ010": "Hl. m. Praha",
    "CZ020": "Středočeský kraj",
    "CZ031": "Jihočeský kraj",
    "CZ032": "Plzeňský kraj",
    "CZ041": "Karlovarský kraj",
    "CZ042": "Ústecký kraj",
    "CZ051": "Liberecký kraj",
    "CZ052": "Královéhradecký kraj",
    "CZ053": "Pardubický kraj",
    "CZ063": "Vysočina",
    "CZ064": "Jihomoravský kraj",
    "CZ071": "Olomoucký kraj",
    "CZ072": "Zlínský kraj",
    "CZ080": "Moravskoslezský kraj",
}
# Kraje whose "emerging" list is not empty in the source file.
WITH_EMERGING = {
    "CZ010",
    "CZ020",
    "CZ031",
    "CZ051",
    "CZ052",
    "CZ053",
    "CZ063",
    "CZ064",
    "CZ072",
    "CZ080",
}


@pytest.fixture
def czech_directory(shared_data):
    return shared_data / "s3_priorities"


@pytest.fixture
def nace_divisions(shared_data):
    """NACE Rev.2 sections and divisions from the reference CSV (what the taxonomy importer
    loads, without depending on it)."""
    taxonomy = TaxonomyFactory(slug="nace-rev2", kind=TaxonomyKind.ECONOMIC)
    sections = {}
    with (shared_data / "classifications" / "nace_rev2.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Level"] == "1":
                sections[row["Code"]] = TermFactory(
                    taxonomy=taxonomy, code=row["Code"], label=row["Description"], level=1
                )
            elif row["Level"] == "2":
                TermFactory(
                    taxonomy=taxonomy,
                    code=row["Code"],
                    label=row["Description"],
                    level=2,
                    parent=sections[row["Parent"]],
                )
    return taxonomy


@pytest.fixture
def kraje(nace_divisions):
    cz = CountryFactory(code="CZ", name="Czechia")
    return {
        code: RegionFactory(code=code, country=cz, level=3, name_latin=name)
        for code, name in KRAJE.items()
    }


def test_import_czech_priorities_creates_one_adopted_strategy_per_kraj(kraje, czech_directory):
    result = import_czech_priorities(directory=czech_directory)

    assert (result.created, result.updated, result.unchanged) == (101, 0, 0)
    strategies = Strategy.objects.select_related("region")
    assert {s.region.code: s.title for s in strategies} == {
        code: f"Regional annex of the National RIS3 Strategy of the Czech Republic (v08), {name}"
        for code, name in KRAJE.items()
    }
    assert {
        (s.level, s.status, s.period_start, s.period_end, s.language, s.is_synthetic)
        for s in strategies
    } == {(StrategyLevel.REGIONAL, StrategyStatus.ADOPTED, 2021, 2027, "cs", False)}


def test_import_czech_priorities_maps_every_domain_and_emerging_list(kraje, czech_directory):
    import_czech_priorities(directory=czech_directory)

    domains = Priority.objects.filter(reference__startswith="D")
    emerging = Priority.objects.filter(reference="E1")
    assert domains.count() == 91
    assert set(emerging.values_list("strategy__region__code", flat=True)) == WITH_EMERGING
    assert {tuple(p.keywords) for p in emerging} == {("emerging",)}
    assert not domains.exclude(keywords=[]).exists()
    assert set(Priority.objects.values_list("source", "language", "is_synthetic")) == {
        (SOURCE, "cs", False)
    }
    per_kraj = {
        code: Priority.objects.filter(
            strategy__region__code=code, reference__startswith="D"
        ).count()
        for code in ("CZ031", "CZ042", "CZ080", "CZ010")
    }
    assert per_kraj == {"CZ031": 5, "CZ042": 14, "CZ080": 10, "CZ010": 4}


def test_import_czech_priorities_codes_jihocesky_mechatronics_exactly(kraje, czech_directory):
    import_czech_priorities(directory=czech_directory)

    priority = Priority.objects.get(strategy__region__code="CZ031", reference="D1")
    assert priority.title == "Strojírenství a mechatronika"
    assert priority.description == (
        "Výroba strojů a zařízení Výroba kovových konstrukcí a kovodělných výrobků"
    )
    assert sorted(priority.economic_domains.values_list("code", flat=True)) == [
        "13",
        "18",
        "24",
        "25",
        "26",
        "27",
        "28",
        "29",
        "32",
        "33",
        "43",
        "62",
        "72",
        "81",
    ]
    assert priority.search_text.startswith("strojirenstvi a mechatronika vyroba stroju")


def test_import_czech_priorities_takes_full_descriptions(kraje, czech_directory):
    import_czech_priorities(directory=czech_directory)

    full = json.loads((czech_directory / "cz_ris3_domeny_plne_texty.json").read_text("utf-8"))
    priority = Priority.objects.get(strategy__region__code="CZ080", reference="D1")
    assert priority.description == full["Moravskoslezský kraj"]["0"]["popis"]
    assert len(priority.description) == 621


def test_import_czech_priorities_reports_codes_that_are_not_nace_divisions(kraje, czech_directory):
    result = import_czech_priorities(directory=czech_directory)

    assert result.notes == [
        "strategies: 14 created, 0 updated, 0 unchanged",
        (
            "code not attached: cz_ris3_domeny_kraje.json, row Moravskoslezský kraj / D7, "
            "field 'cz_nace': unknown code '34' in taxonomy 'nace-rev2'"
        ),
    ]
    materials = Priority.objects.get(strategy__region__code="CZ080", reference="D7")
    assert materials.title == "Nové materiály"
    assert sorted(materials.economic_domains.values_list("code", flat=True)) == [
        "22",
        "23",
        "24",
        "25",
    ]
    entry = ActivityLogEntry.objects.get(action="priorities.import")
    assert entry.data["unknown_codes"] == [
        {
            "file": "cz_ris3_domeny_kraje.json",
            "row": "Moravskoslezský kraj / D7",
            "field": "cz_nace",
            "message": "unknown code '34' in taxonomy 'nace-rev2'",
        }
    ]


def test_import_czech_priorities_keeps_emerging_lines_in_order(kraje, czech_directory):
    import_czech_priorities(directory=czech_directory)

    priority = Priority.objects.get(strategy__region__code="CZ052", reference="E1")
    lines = priority.description.split("\n")
    assert (len(lines), lines[0], lines[-1]) == (
        17,
        "Prevence a léčba závažných civilizačních onemocnění",
        "Udržitelnost",
    )
    assert priority.title == "Emerging oblasti"
    assert not priority.economic_domains.exists()


def test_import_czech_priorities_again_reports_everything_unchanged(kraje, czech_directory):
    import_czech_priorities(directory=czech_directory)
    before = list(Priority.objects.values_list("id", "title", "description", "search_text"))

    result = import_czech_priorities(directory=czech_directory)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 101)
    assert result.notes[0] == "strategies: 0 created, 0 updated, 14 unchanged"
    assert list(Priority.objects.values_list("id", "title", "description", "search_text")) == (
        before
    )
    assert ActivityLogEntry.objects.filter(action="priorities.import").count() == 2


def test_import_czech_priorities_refuses_missing_regions_and_writes_nothing(kraje, czech_directory):
    Region.objects.filter(code__in=["CZ063", "CZ080"]).delete()

    with pytest.raises(ImportRejected) as excinfo:
        import_czech_priorities(directory=czech_directory)

    assert excinfo.value.problems == [
        Problem(
            "cz_ris3_kraje_kodovnik.json",
            "Moravskoslezský kraj",
            "kod_nuts",
            "region CZ080 is not loaded (NUTS 2021)",
        ),
        Problem(
            "cz_ris3_kraje_kodovnik.json",
            "Vysočina",
            "kod_nuts",
            "region CZ063 is not loaded (NUTS 2021)",
        ),
    ]
    assert (Strategy.objects.count(), Priority.objects.count()) == (0, 0)
    assert not ActivityLogEntry.objects.exists()


def test_import_czech_priorities_refuses_kraj_missing_from_the_code_list(
    kraje, czech_directory, tmp_path
):
    for path in czech_directory.glob("cz_ris3_*.json"):
        shutil.copy(path, tmp_path / path.name)
    codes = json.loads((tmp_path / "cz_ris3_kraje_kodovnik.json").read_text("utf-8"))
    codes["kraje"] = [k for k in codes["kraje"] if k["nazev"] != "Vysočina"]
    (tmp_path / "cz_ris3_kraje_kodovnik.json").write_text(json.dumps(codes), "utf-8")
    (tmp_path / "cz_ris3_domeny_plne_texty.json").unlink()

    with pytest.raises(ImportRejected) as excinfo:
        import_czech_priorities(directory=tmp_path)

    assert [(p.file, p.message) for p in excinfo.value.problems] == [
        (
            "cz_ris3_domeny_plne_texty.json",
            f"file not found: {tmp_path / 'cz_ris3_domeny_plne_texty.json'}",
        )
    ]
    shutil.copy(czech_directory / "cz_ris3_domeny_plne_texty.json", tmp_path)
    with pytest.raises(ImportRejected) as excinfo:
        import_czech_priorities(directory=tmp_path)
    assert excinfo.value.problems == [
        Problem(
            "cz_ris3_domeny_kraje.json",
            "Vysočina",
            None,
            "'Vysočina' is not in cz_ris3_kraje_kodovnik.json",
        )
    ]


def test_import_czech_priorities_command_uses_data_dir_by_default(kraje):
    out = io.StringIO()
    call_command("import_czech_priorities", stdout=out)

    assert out.getvalue().splitlines()[:2] == [
        "s3_priorities: 101 created, 0 updated, 0 unchanged, 0 deleted",
        "  note: strategies: 14 created, 0 updated, 0 unchanged",
    ]


def test_import_czech_priorities_command_fails_when_regions_are_missing(
    nace_divisions, czech_directory
):
    CountryFactory(code="CZ")

    with pytest.raises(CommandError) as excinfo:
        call_command("import_czech_priorities", str(czech_directory))

    message = str(excinfo.value)
    assert message.startswith("14 problem(s); nothing was imported:\n")
    assert "region CZ010 is not loaded (NUTS 2021)" in message
    assert Strategy.objects.count() == 0
