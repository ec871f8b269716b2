"""Importing region categories: all or nothing, problems named by file, line and field."""

from __future__ import annotations

import pytest

from smartregions.common.errors import ImportRejected
from smartregions.common.models import ActivityLogEntry
from smartregions.regions.domain.categories import import_region_categories
from smartregions.regions.models import Region
from tests.factories import CountryFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    cz = CountryFactory(code="CZ")
    return [RegionFactory(code=code, country=cz) for code in ("CZ03", "CZ04", "CZ05")]


def _write(tmp_path, text: str):
    path = tmp_path / "categories.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_region_categories_sets_fields_and_is_idempotent(regions, tmp_path):
    path = _write(
        tmp_path,
        "nuts_code,category,industrial_transition\nCZ03,less_developed,no\ncz04,Transition,yes\n",
    )
    result = import_region_categories(path=path)
    assert (result.updated, result.unchanged) == (2, 0)
    rows = {
        code: (category, flag)
        for code, category, flag in Region.objects.values_list(
            "code", "category", "industrial_transition"
        )
    }
    assert rows == {
        "CZ03": ("less_developed", False),
        "CZ04": ("transition", True),
        "CZ05": ("", False),
    }
    assert ActivityLogEntry.objects.filter(action="region.import_categories").count() == 1
    again = import_region_categories(path=path)
    assert (again.updated, again.unchanged) == (0, 2)
    assert ActivityLogEntry.objects.filter(action="region.import_categories").count() == 1


def test_import_region_categories_without_optional_column(regions, tmp_path):
    path = _write(tmp_path, "nuts_code,category\nCZ05,more developed\n")
    import_region_categories(path=path)
    assert Region.objects.get(code="CZ05").category == "more_developed"


def test_import_region_categories_rejects_all_problems_and_writes_nothing(regions, tmp_path):
    path = _write(
        tmp_path,
        "nuts_code,category,industrial_transition\n"
        "CZ03,less_developed,no\nXX99,transition,no\nCZ04,rich,maybe\nCZ03,transition,\n",
    )
    with pytest.raises(ImportRejected) as caught:
        import_region_categories(path=path)
    assert [(p.row, p.field, p.message) for p in caught.value.problems] == [
        (3, "nuts_code", "unknown NUTS 2021 region XX99"),
        (4, "category", "expected one of less_developed, transition, more_developed, got 'rich'"),
        (4, "industrial_transition", "expected yes/no, got 'maybe'"),
        (5, "nuts_code", "CZ03 is listed twice"),
    ]
    assert caught.value.problems[0].file == str(path)
    assert set(Region.objects.values_list("category", flat=True)) == {""}


def test_import_region_categories_missing_column(regions, tmp_path):
    path = _write(tmp_path, "code,category\nCZ03,transition\n")
    with pytest.raises(ImportRejected) as caught:
        import_region_categories(path=path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(1, "nuts_code")]
