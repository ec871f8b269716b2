import json
from collections import Counter

import pytest

from smartregions.common.errors import ImportRejected, Problem
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.domain.countries import import_countries
from smartregions.regions.enums import CountryGroup
from smartregions.regions.models import Country

pytestmark = pytest.mark.django_db


def test_import_countries_creates_the_nuts_countries_with_iso_codes():
    result = import_countries()

    assert (result.created, result.updated, result.unchanged) == (42, 0, 0)
    assert Counter(Country.objects.values_list("group", flat=True)) == {
        CountryGroup.EU: 27,
        CountryGroup.EFTA: 4,
        CountryGroup.CANDIDATE: 10,
        CountryGroup.OTHER: 1,
    }
    rows = {
        c.code: (c.iso_code, c.iso3_code, c.name, c.group)
        for c in Country.objects.filter(code__in=["EL", "UK", "XK", "MD", "DE", "CZ", "NO"])
    }
    assert rows == {
        "EL": ("GR", "GRC", "Greece", CountryGroup.EU),
        "UK": ("GB", "GBR", "United Kingdom", CountryGroup.OTHER),
        "XK": ("XK", "", "Kosovo*", CountryGroup.CANDIDATE),
        "MD": ("MD", "MDA", "Moldova", CountryGroup.CANDIDATE),
        "DE": ("DE", "DEU", "Germany", CountryGroup.EU),
        "CZ": ("CZ", "CZE", "Czechia", CountryGroup.EU),
        "NO": ("NO", "NOR", "Norway", CountryGroup.EFTA),
    }
    assert ActivityLogEntry.objects.filter(action="country.import").count() == 1


def test_import_countries_rerun_reports_unchanged_and_repairs_edits():
    import_countries()
    Country.objects.filter(code="DE").update(name="Deutschland", group=CountryGroup.OTHER)

    repaired = import_countries()
    rerun = import_countries()

    assert (repaired.created, repaired.updated, repaired.unchanged) == (0, 1, 41)
    assert Country.objects.get(code="DE").name == "Germany"
    assert (rerun.created, rerun.updated, rerun.unchanged) == (0, 0, 42)
    assert ActivityLogEntry.objects.filter(action="country.import").count() == 2


def test_import_countries_missing_entries_rejected_and_nothing_written(shared_data, tmp_path):
    source = json.loads((shared_data / "countries" / "pycountry_iso3166-1.json").read_bytes())
    entries = [e for e in source["3166-1"] if e["alpha_2"] not in {"GR", "DE"}]
    path = tmp_path / "iso.json"
    path.write_text(json.dumps({"3166-1": entries}), encoding="utf-8")

    with pytest.raises(ImportRejected) as caught:
        import_countries(path=path)

    assert caught.value.problems == [
        Problem(str(path), "DE", "alpha_2", "country DE (Eurostat DE) is not in the list"),
        Problem(str(path), "GR", "alpha_2", "country GR (Eurostat EL) is not in the list"),
    ]
    assert Country.objects.count() == 0


def test_import_countries_latin1_file_rejected(tmp_path):
    path = tmp_path / "iso.json"
    path.write_bytes('{"3166-1": [{"alpha_2": "AX", "name": "Åland"}]}'.encode("latin-1"))

    with pytest.raises(ImportRejected) as caught:
        import_countries(path=path)

    assert caught.value.problems == [
        Problem(str(path), None, None, "not valid UTF-8: byte 0xc5 at byte offset 39")
    ]
