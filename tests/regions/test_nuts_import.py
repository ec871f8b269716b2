import copy
import json
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from smartregions.common.errors import ImportRejected, Problem
from smartregions.common.models import ActivityLogEntry
from smartregions.conf import data_dir
from smartregions.regions.domain.countries import import_countries
from smartregions.regions.domain.nuts import (
    RecodeResult,
    RecodeStatus,
    import_nuts_changes,
    import_nuts_classification,
    import_nuts_geojson,
    recode,
)
from smartregions.regions.models import NutsCorrespondence, Region

pytestmark = pytest.mark.django_db

SMALL_CODES = ("DE", "DE1", "DE14", "DE149", "CZ", "CZ0", "CZ01", "CZ010")


@cache
def _real_features() -> dict[str, dict]:
    path = data_dir() / "nuts" / "NUTS_RG_60M_2021_4326.geojson"
    data = json.loads(path.read_bytes())
    return {feature["properties"]["NUTS_ID"]: feature for feature in data["features"]}


def real_features(*codes: str) -> list[dict]:
    """Deep copies of real GISCO 2021 features, safe to break in a test."""
    return [copy.deepcopy(_real_features()[code]) for code in codes]


def write_geojson(path: Path, features: list[dict]) -> Path:
    collection = {
        "type": "FeatureCollection",
        "features": features,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}},
    }
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot() -> list[tuple]:
    return list(Region.objects.order_by("nuts_version", "code").values_list())


@pytest.fixture
def countries():
    import_countries()


@pytest.fixture
def small_file(tmp_path, countries):
    return write_geojson(tmp_path / "NUTS_RG_60M_2021_4326.geojson", real_features(*SMALL_CODES))


# --- full real files (kept to three full GeoJSON imports: they are the slow tests) ----------


def test_import_nuts_geojson_full_file_counts_hierarchy_and_rerun(shared_data, countries):
    path = shared_data / "nuts" / "NUTS_RG_60M_2021_4326.geojson"

    started = time.perf_counter()
    first = import_nuts_geojson(path=path)
    elapsed = time.perf_counter() - started
    second = import_nuts_geojson(path=path)

    assert elapsed < 30
    assert (first.created, first.updated, first.unchanged) == (2010, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2010)
    regions = Region.objects.filter(nuts_version=2021)
    assert Counter(regions.values_list("level", flat=True)) == {0: 37, 1: 125, 2: 334, 3: 1514}
    assert regions.values("country").distinct().count() == 37
    assert regions.filter(boundary__isnull=True).count() == 0
    assert regions.filter(label_lon__isnull=True).count() == 0
    assert regions.filter(parent__isnull=True).exclude(level=0).count() == 0
    sigmaringen = regions.select_related("parent", "country").get(code="DE149")
    assert (sigmaringen.parent.code, sigmaringen.country.code, sigmaringen.level) == (
        "DE14",
        "DE",
        3,
    )
    assert (sigmaringen.mountain_type, sigmaringen.urban_type, sigmaringen.coastal_type) == (
        4,
        3,
        3,
    )
    # GISCO's label point from NUTS_LB_2021_4326.geojson beside the file.
    assert (sigmaringen.label_lon, sigmaringen.label_lat) == (9.2411, 48.0316)
    assert sigmaringen.boundary["type"] == "Polygon"
    bg41 = regions.get(code="BG41")
    assert (bg41.name_latin, bg41.name_national) == ("Yugozapaden", "Югозападен")
    assert regions.get(code="NO0B1").name_latin == "Jan Mayen"  # "\r\n   \r\n" cleaned
    stored = sum(
        len(json.dumps(b, separators=(",", ":")))
        for b in regions.values_list("boundary", flat=True)
    )
    assert stored < 600_000
    assert ActivityLogEntry.objects.filter(action="nuts.import_geojson").count() == 1


def test_import_nuts_classification_after_geojson_gives_official_totals(shared_data, countries):
    workbook = load_workbook(shared_data / "nuts" / "NUTS2021.xlsx", read_only=True)
    sheet_codes = [
        row[0] for row in workbook["NUTS & SR 2021"].iter_rows(min_row=2, values_only=True)
    ]
    workbook.close()
    extra_regio_in_file = sum(
        1 for code in sheet_codes if code and len(code) <= 5 and set(code[2:]) == {"Z"}
    )
    import_nuts_geojson(path=shared_data / "nuts" / "NUTS_RG_60M_2021_4326.geojson")

    first = import_nuts_classification(path=shared_data / "nuts" / "NUTS2021.xlsx")
    second = import_nuts_classification(path=shared_data / "nuts" / "NUTS2021.xlsx")

    assert extra_regio_in_file == 111
    regions = Region.objects.filter(nuts_version=2021)
    assert regions.count() == 2010 + extra_regio_in_file
    assert regions.filter(boundary__isnull=False, is_extra_regio=False).count() == 2010
    assert regions.filter(is_extra_regio=True, boundary__isnull=True).count() == 111
    links = NutsCorrespondence.objects.filter(from_version=2016, to_version=2021).count()
    # 111 extra-regio regions created; GISCO's national names are kept (the workbook spells 5
    # of them differently: NO0B and 4 in CH), so the GeoJSON import stays a no-op afterwards.
    assert (first.created, first.updated) == (111 + links, 0)
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert second.unchanged == 2121 + links
    assert regions.get(code="CZ010").name_national == "Hlavní město Praha"
    assert regions.get(code="CH012").name_national == "Valais"
    again = import_nuts_geojson(path=shared_data / "nuts" / "NUTS_RG_60M_2021_4326.geojson")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2010)
    assert regions.get(code="BG41").name_national == "Югозападен"
    bezz = regions.select_related("parent").get(code="BEZZ")
    assert (bezz.parent.code, bezz.name_latin, bezz.level, bezz.is_extra_regio) == (
        "BEZ",
        "Extra-Regio NUTS 2",
        2,
        True,
    )


def test_import_nuts_classification_alone_creates_regions_with_typologies(shared_data, countries):
    result = import_nuts_classification(path=shared_data / "nuts" / "NUTS2021.xlsx")

    regions = Region.objects.filter(nuts_version=2021)
    assert regions.count() == 2121
    assert regions.filter(boundary__isnull=False).count() == 0
    el301 = regions.get(code="EL301")
    # Latin transliteration from the headerless columns J-M, national name from column E.
    assert (el301.name_latin, el301.name_national) == (
        "Voreios Tomeas Athinon",
        "Βόρειος Τομέας Αθηνών",
    )
    # Urban-rural as in the sheet; coastal 0 (non-coastal) stored in GISCO's coding 3.
    al011 = regions.get(code="AL011")
    assert (al011.urban_type, al011.coastal_type) == (3, 3)
    assert regions.get(code="AL014").coastal_type == 1
    assert regions.filter(level=3, urban_type__isnull=False).count() == 1512
    assert result.notes[0] == "NUTS 2021: 2121 regions created, 0 updated, 0 unchanged"


# --- small files built from real features ---------------------------------------------------


def test_import_nuts_geojson_small_file_links_parents_and_computes_labels(small_file):
    result = import_nuts_geojson(path=small_file)

    assert (result.created, result.updated, result.unchanged) == (8, 0, 0)
    assert result.notes == []  # no label file beside it: representative points are used
    parents = dict(Region.objects.values_list("code", "parent__code"))
    assert parents == {
        "CZ": None, "CZ0": "CZ", "CZ01": "CZ0", "CZ010": "CZ01",
        "DE": None, "DE1": "DE", "DE14": "DE1", "DE149": "DE14",
    }  # fmt: skip
    prague = Region.objects.get(code="CZ010")
    assert prague.name_national == "Hlavní město Praha"
    from shapely.geometry import Point, shape

    assert shape(prague.boundary).contains(Point(prague.label_lon, prague.label_lat))


def test_import_nuts_geojson_changed_feature_updates_only_that_region(small_file, tmp_path):
    import_nuts_geojson(path=small_file)
    features = real_features(*SMALL_CODES)
    features[3]["properties"]["NAME_LATN"] = "Sigmaringen (Landkreis)"
    features[3]["properties"]["URBN_TYPE"] = None
    features[3]["geometry"] = features[7]["geometry"]  # Prague's shape: boundary and label move
    changed = write_geojson(tmp_path / "NUTS_RG_60M_2021_4326_v2.geojson", features)

    result = import_nuts_geojson(path=changed)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 7)
    region = Region.objects.get(code="DE149")
    assert (region.name_latin, region.urban_type) == ("Sigmaringen (Landkreis)", None)
    prague = Region.objects.get(code="CZ010")
    assert (region.boundary, region.label_lon, region.label_lat) == (
        prague.boundary,
        prague.label_lon,
        prague.label_lat,
    )


def test_import_nuts_geojson_version_from_argument_when_name_has_none(countries, tmp_path):
    path = write_geojson(tmp_path / "regions.geojson", real_features("CZ", "CZ0"))

    with pytest.raises(ImportRejected) as caught:
        import_nuts_geojson(path=path)
    result = import_nuts_geojson(path=path, version=2024)

    assert caught.value.problems == [
        Problem(str(path), None, "version", "no NUTS version given and none in the file name")
    ]
    assert result.created == 2
    assert set(Region.objects.values_list("nuts_version", flat=True)) == {2024}


def test_import_nuts_geojson_version_contradicting_file_name_rejected(small_file):
    with pytest.raises(ImportRejected) as caught:
        import_nuts_geojson(path=small_file, version=2016)

    assert caught.value.problems == [
        Problem(str(small_file), None, "version", "version 2016 given, the file name says 2021")
    ]


def test_import_nuts_geojson_projected_file_rejected_naming_crs(shared_data, countries):
    path = shared_data / "nuts" / "NUTS_RG_60M_2021_3035.geojson"

    with pytest.raises(ImportRejected) as caught:
        import_nuts_geojson(path=path)

    assert caught.value.problems == [
        Problem(
            str(path),
            None,
            "crs",
            "coordinates are in EPSG:3035, not EPSG:4326 (WGS84); nothing is reprojected, "
            "use the GISCO file ending in _4326",
        )
    ]
    assert Region.objects.count() == 0


def _unknown_country(features):
    features[0]["properties"].update(NUTS_ID="QQ", CNTR_CODE="QQ")
    return [("0 (QQ)", "CNTR_CODE", "unknown country 'QQ' (import countries first)")]


def _missing_level(features):
    del features[5]["properties"]["LEVL_CODE"]
    return [("5 (CZ0)", "LEVL_CODE", "missing property")]


def _duplicate_code(features):
    features.append(copy.deepcopy(features[3]))
    return [("8 (DE149)", "NUTS_ID", "duplicate NUTS_ID, first at feature 3")]


def _level_mismatch(features):
    features[2]["properties"]["LEVL_CODE"] = 3
    return [("2 (DE14)", "LEVL_CODE", "level 3 does not match code DE14 (level 2)")]


def _bow_tie(features):
    features[7]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[14.0, 50.0], [14.2, 50.2], [14.2, 50.0], [14.0, 50.2], [14.0, 50.0]]],
    }
    return [("7 (CZ010)", "geometry", "invalid geometry: Self-intersection[14.1 50.1]")]


@pytest.mark.parametrize(
    "breaker", [_unknown_country, _missing_level, _duplicate_code, _level_mismatch, _bow_tie]
)
def test_import_nuts_geojson_malformed_file_rejected_database_unchanged(
    small_file, tmp_path, breaker
):
    import_nuts_geojson(path=small_file)
    before = snapshot()
    features = real_features(*SMALL_CODES)
    expected = breaker(features)
    path = write_geojson(tmp_path / "NUTS_RG_60M_2021_4326_bad.geojson", features)

    with pytest.raises(ImportRejected) as caught:
        import_nuts_geojson(path=path)

    assert caught.value.problems == [Problem(str(path), *problem) for problem in expected]
    assert snapshot() == before


def test_import_nuts_geojson_latin1_bytes_rejected_with_offset(countries, tmp_path):
    path = tmp_path / "NUTS_RG_60M_2021_4326.geojson"
    text = json.dumps(
        {"type": "FeatureCollection", "features": real_features("DE1")}, ensure_ascii=False
    )
    raw = text.encode("latin-1")
    path.write_bytes(raw)

    with pytest.raises(ImportRejected) as caught:
        import_nuts_geojson(path=path)

    offset = raw.index(b"\xfc")  # the "ü" of Baden-Württemberg
    assert caught.value.problems == [
        Problem(str(path), None, None, f"not valid UTF-8: byte 0xfc at byte offset {offset}")
    ]
    assert Region.objects.count() == 0


def test_import_nuts_geojson_several_problems_listed_together(countries, tmp_path):
    features = real_features(*SMALL_CODES)
    del features[0]["properties"]["NAME_LATN"]
    features[1]["properties"]["CNTR_CODE"] = "QQ"
    features[2]["properties"]["LEVL_CODE"] = "2"
    features[4]["properties"]["URBN_TYPE"] = "urban"
    features[6]["geometry"] = None
    features.append(copy.deepcopy(features[7]))
    path = write_geojson(tmp_path / "NUTS_RG_60M_2021_4326.geojson", features)

    with pytest.raises(ImportRejected) as caught:
        import_nuts_geojson(path=path)

    assert [(p.row, p.field, p.message) for p in caught.value.problems] == [
        ("0 (DE)", "NAME_LATN", "missing property"),
        ("1 (DE1)", "CNTR_CODE", "unknown country 'QQ' (import countries first)"),
        ("2 (DE14)", "LEVL_CODE", "level must be 0, 1, 2 or 3, not '2'"),
        ("4 (CZ)", "URBN_TYPE", "not an integer: 'urban'"),
        ("6 (CZ01)", "geometry", "missing geometry"),
        ("8 (CZ010)", "NUTS_ID", "duplicate NUTS_ID, first at feature 7"),
    ]
    assert {p.file for p in caught.value.problems} == {str(path)}
    assert Region.objects.count() == 0


def test_import_nuts_classification_bad_rows_rejected(countries, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "NUTS & SR 2021"
    sheet.append(
        ["Code 2021", "Country", "NUTS level 1", "NUTS level 2", "NUTS level 3", "NUTS level"]
    )
    sheet.append(["BE", "Belgique/België", None, None, None, 0])
    sheet.append(["BE1", None, None, "Bruxelles", None, 2])
    sheet.append(["QQ", "Nowhere", None, None, None, 0])
    sheet.append(["BE2", None, None, None, None, 1])
    path = tmp_path / "NUTS2021.xlsx"
    workbook.save(path)

    with pytest.raises(ImportRejected) as caught:
        import_nuts_classification(path=path)

    assert caught.value.problems == [
        Problem(str(path), 3, "NUTS level", "level 2 does not match code BE1"),
        Problem(str(path), 5, "NUTS level 1", "no name for BE2"),
        Problem(str(path), "QQ", "Country", "unknown country 'QQ'"),
    ]
    assert Region.objects.count() == 0


# --- version changes and recoding -------------------------------------------------------------


@pytest.fixture
def correspondences(shared_data):
    import_nuts_changes(path=shared_data / "nuts" / "NUTS2013-NUTS2016.xlsx")
    import_nuts_changes(path=shared_data / "nuts" / "NUTS2021.xlsx")


def test_import_nuts_changes_is_idempotent_and_drops_stale_links(shared_data):
    path = shared_data / "nuts" / "NUTS2013-NUTS2016.xlsx"
    first = import_nuts_changes(path=path)
    NutsCorrespondence.objects.create(
        from_version=2013, to_version=2016, from_code="DE111", to_code="DE999"
    )
    second = import_nuts_changes(path=path)

    links = NutsCorrespondence.objects.filter(from_version=2013, to_version=2016)
    assert first.created == links.count() == 1885
    assert (second.created, second.updated, second.deleted, second.unchanged) == (0, 0, 1, 1885)
    assert sorted(links.filter(to_code="DE91C").values_list("from_code", "change")) == [
        ("DE915", "new region, merge of ex-DE915 and DE919"),
        ("DE919", "new region, merge of ex-DE915 and DE919"),
    ]


def test_import_nuts_changes_bad_code_rejected(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "NUTS2013-NUTS2016"
    sheet.append([None, None, None, "Labels"])
    sheet.append([None, "Code 2013", "Code 2016", "Country", "Change"])
    sheet.append([1, "BE", "BE", "Belgique", None])
    sheet.append([2, "be1", "BE1", None, "recoded"])
    path = tmp_path / "changes.xlsx"
    workbook.save(path)

    with pytest.raises(ImportRejected) as caught:
        import_nuts_changes(path=path)

    assert caught.value.problems == [Problem(str(path), 4, "Code 2013", "not a NUTS code: 'be1'")]
    assert NutsCorrespondence.objects.count() == 0


def test_recode_follows_real_changes_across_versions(correspondences):
    cases = [
        ("DE915", 2013, 2016),  # merged with DE919 into Göttingen
        ("DEB16", 2013, 2016),  # Cochem-Zell, boundary shift
        ("DE915", 2013, 2021),
        ("FR24", 2013, 2021),  # Centre -> FRB0 (also part of the new NUTS 1 FRB)
        ("HU10", 2013, 2016),  # split into HU11, HU12
        ("UKN02", 2013, 2016),
        ("DE111", 2013, 2021),
        ("UKN01", 2013, 2021),
        ("BE221", 2016, 2021),
        ("BE324", 2016, 2021),
        ("HR04", 2016, 2021),
        ("HR041", 2016, 2021),
        ("BE100", 2016, 2021),  # renamed only
        ("ITG27", 2016, 2021),
        ("QQ123", 2013, 2021),
    ]
    results = [recode(code=c, from_version=a, to_version=b) for c, a, b in cases]

    assert [(r.codes, r.status) for r in results] == [
        (["DE91C"], RecodeStatus.MERGED),
        (["DEB1C"], RecodeStatus.BOUNDARY_CHANGE),
        (["DE91C"], RecodeStatus.MERGED),
        (["FRB0"], RecodeStatus.RECODED),
        (["HU11", "HU12"], RecodeStatus.SPLIT),
        ([], RecodeStatus.DISCONTINUED),
        (["DE111"], RecodeStatus.SAME),
        (["UKN06"], RecodeStatus.BOUNDARY_CHANGE),
        (["BE224"], RecodeStatus.BOUNDARY_CHANGE),
        (["BE328"], RecodeStatus.MERGED),
        (["HR02", "HR05", "HR06"], RecodeStatus.SPLIT),
        (["HR050"], RecodeStatus.RECODED),
        (["BE100"], RecodeStatus.SAME),
        (["ITG2F", "ITG2H"], RecodeStatus.SPLIT),
        ([], RecodeStatus.UNKNOWN),
    ]
    assert results[3] == RecodeResult("FR24", 2013, 2021, ["FRB0"], RecodeStatus.RECODED)
    assert results[3].is_exact


def test_recode_uses_regions_when_code_has_no_correspondence(countries):
    from tests.factories import RegionFactory

    for version in (2021, 2024):
        RegionFactory(code="CZ0", nuts_version=version)
    NutsCorrespondence.objects.create(
        from_version=2021, to_version=2024, from_code="CZ", to_code="CZ"
    )

    assert recode(code="CZ0", from_version=2021, to_version=2024) == RecodeResult(
        "CZ0", 2021, 2024, ["CZ0"], RecodeStatus.SAME
    )
    assert recode(code="CZ1", from_version=2021, to_version=2024).status == RecodeStatus.UNKNOWN


def test_recode_without_correspondence_chain_or_backward_raises():
    NutsCorrespondence.objects.create(
        from_version=2016, to_version=2021, from_code="DE111", to_code="DE111"
    )

    with pytest.raises(ValueError, match="no NUTS correspondence from 2021 to 2024"):
        recode(code="DE111", from_version=2021, to_version=2024)
    with pytest.raises(ValueError, match="forward only"):
        recode(code="DE91C", from_version=2021, to_version=2013)
