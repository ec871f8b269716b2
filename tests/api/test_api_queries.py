"""The API's named reads: code resolution and the regions an import file writes to."""

import pytest

from smartregions.regions.domain.api_queries import (
    import_targets,
    resolve_term_codes,
    resolve_thematic_areas,
)
from smartregions.regions.enums import TaxonomyKind

pytestmark = pytest.mark.django_db


def test_resolve_term_codes_spellings(codes):
    resolved = resolve_term_codes(
        kind=TaxonomyKind.ECONOMIC, codes=["C28", "c28.1", "62", "28", " ", "C62", "Z1"]
    )
    assert resolved.found == [codes.n28, codes.n281, codes.n62]
    assert resolved.problems == {"C62": "unknown code", "Z1": "unknown code"}


def test_resolve_term_codes_prefers_default_taxonomy_or_qualified(codes):
    plain = resolve_term_codes(kind=TaxonomyKind.SCIENTIFIC, codes=["2"])
    assert plain.found == [codes.ford2]
    qualified = resolve_term_codes(kind=TaxonomyKind.SCIENTIFIC, codes=["nabs-2007:2"])
    assert qualified.found == [codes.nabs2]
    wrong_axis = resolve_term_codes(kind=TaxonomyKind.POLICY, codes=["28", "nace-rev2:28"])
    assert wrong_axis.problems == {"28": "unknown code", "nace-rev2:28": "unknown code"}


def test_resolve_term_codes_ambiguous_without_default(codes):
    from tests.factories import TaxonomyFactory, TermFactory

    other = TaxonomyFactory(slug="to-2014-2020", name="TO", kind=TaxonomyKind.POLICY)
    extra = TaxonomyFactory(slug="custom-policy", name="Custom", kind=TaxonomyKind.POLICY)
    TermFactory(taxonomy=other, code="TO1")
    TermFactory(taxonomy=extra, code="TO1")
    resolved = resolve_term_codes(kind=TaxonomyKind.POLICY, codes=["TO1"])
    assert resolved.found == []
    assert resolved.problems == {
        "TO1": "ambiguous code (in custom-policy, to-2014-2020); write it as <taxonomy>:<code>"
    }


def test_resolve_thematic_areas(world):
    resolved = resolve_thematic_areas(["tourism", "robotics", "tourism", "nope"])
    assert resolved.found == [world.tourism, world.robotics]
    assert resolved.problems == {"nope": "unknown thematic area"}


def test_import_targets_reads_regions_and_national_rows(world, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "\ufeffregion_code,nuts_version,country_code,strategy_title\n"
        "cz031,,CZ,A\n"
        "CZ031,2016,CZ,B\n"
        ",,CZ,National\n"
        ",,CH,No NUTS-0 region\n"
        "XX999,,XX,Unknown\n",
        encoding="utf-8",
    )
    assert import_targets(path) == [None, world.cz0, world.cz031, world.old]


def test_import_targets_unreadable_file_is_none(tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"not a workbook")
    assert import_targets(path) is None
