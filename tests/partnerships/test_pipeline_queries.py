"""Reads of the pipeline: visibility, filters, totals in SQL, grouped totals and the board."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.partnerships.domain.pipeline import set_project_funding
from smartregions.partnerships.domain.queries.pipeline import (
    ProjectCriteria,
    filter_projects,
    grouped_totals,
    pipeline_board,
    pipeline_totals,
    region_totals,
    totals_of,
    visible_partnerships,
    visible_projects,
)
from smartregions.partnerships.models import Project
from tests.factories.partnerships import ProjectFactory
from tests.factories.pipeline_extra import build_pipeline_world
from tests.factories.regions import RegionFactory


@pytest.fixture
def w(db):
    world = build_pipeline_world()
    fund = lambda project, source, status, amount: set_project_funding(  # noqa: E731
        actor=None, project=project, source=source, status=status, amount=amount
    )
    fund(world.x, "i3", "secured", 300_000)
    fund(world.x, "horizon_europe", "applied", 200_000)
    fund(world.n, "private", "secured", 1_000_000)
    return world


def _titles(projects):
    return sorted(p.title for p in projects)


X, IDEA, FX, N = (
    "Hydrogen buses for mountain towns",
    "Electrolyser test bed",
    "Battery passport",
    "Precision irrigation pilots",
)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anon", [IDEA, X, N]),
        ("plrep", [IDEA, X, N]),
        ("member", [IDEA, X, N]),
        ("frep", [FX, IDEA, X, N]),
        ("fac", [FX, IDEA, X, N]),
    ],
)
def test_visible_projects_hide_forming_partnerships_from_outsiders(w, who, expected):
    user = AnonymousUser() if who == "anon" else w.users[who]
    assert _titles(visible_projects(user)) == sorted(expected)


def test_visible_partnerships_for_the_filter(w):
    assert [p.slug for p in visible_partnerships(AnonymousUser())] == [
        "closed-grids",
        "hydrogen-valleys",
    ]
    assert [p.slug for p in visible_partnerships(w.users["frep"])] == [
        "closed-grids",
        "forming-batteries",
        "hydrogen-valleys",
    ]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"stage": "idea"}, [IDEA, N]),
        ({"stage": "demonstration"}, [X]),
        ({"source": "private"}, [N]),
        ({"source": "erdf_interreg"}, []),
        ({"platform": "agrifood"}, [N]),
        ({"partnership": "p"}, [IDEA, X]),
        ({"region": "sk01"}, [X]),  # as partner
        ({"region": "pl21"}, [IDEA, X, N]),  # as lead
        ({"country": "SK"}, [X]),
        ({"region": "pl21", "stage": "idea", "source": "private"}, [N]),
    ],
)
def test_filter_projects_combines_criteria(w, criteria, expected):
    args = {}
    if "stage" in criteria:
        args["stage"] = criteria["stage"]
    if "source" in criteria:
        args["source"] = criteria["source"]
    if "platform" in criteria:
        args["platform_id"] = getattr(w, criteria["platform"]).pk
    if "partnership" in criteria:
        args["partnership_ids"] = (getattr(w, criteria["partnership"]).pk,)
    if "region" in criteria:
        args["region_id"] = getattr(w, criteria["region"]).pk
    if "country" in criteria:
        args["country_id"] = w.sk01.country_id
    result = filter_projects(visible_projects(AnonymousUser()), ProjectCriteria(**args))
    assert _titles(result) == sorted(expected)


def test_filter_by_country_lists_a_project_once_with_two_partner_regions_there(w):
    w.x.partner_regions.add(RegionFactory(code="SK02", country=w.sk01.country))
    criteria = ProjectCriteria(country_id=w.sk01.country_id)
    assert [p.title for p in filter_projects(Project.objects.all(), criteria)] == [X]


def test_pipeline_totals_for_everything_in_two_queries(w, django_assert_num_queries):
    with django_assert_num_queries(2):
        totals = pipeline_totals()
    assert totals.count == 4
    assert totals.count_by_stage == {
        "idea": 3,
        "demonstration": 1,
        "investment_ready": 0,
        "funded": 0,
        "implemented": 0,
    }
    assert totals.budget == Decimal("3650000.00")
    assert totals.secured == Decimal("1300000.00")
    assert totals.secured_share == Decimal("0.3562")
    assert totals.secured_by_source == {
        "erdf_interreg": 0,
        "i3": Decimal("300000.00"),
        "horizon_europe": 0,
        "investeu_eib": 0,
        "national_regional": 0,
        "private": Decimal("1000000.00"),
    }
    assert totals.funding["horizon_europe"]["applied"] == Decimal("200000.00")
    assert totals.funding_by_status == {
        "idea": 0,
        "planned": 0,
        "applied": Decimal("200000.00"),
        "secured": Decimal("1300000.00"),
    }


@pytest.mark.parametrize(
    ("kwargs", "count", "budget"),
    [
        ({"partnership_ids": "P"}, 2, "1400000.00"),
        ({"partnership_ids": "P+F"}, 3, "1650000.00"),
        ({"platform_id": "agrifood"}, 1, "2000000.00"),
        ({"region_id": "pl21"}, 3, "3400000.00"),
        ({"region_id": "pl21", "region_role": "partner"}, 0, "0"),
        ({"region_id": "sk01", "region_role": "partner"}, 1, "1000000.00"),
        ({"region_id": "sk01", "region_role": "lead"}, 0, "0"),
        ({"public_only": True}, 3, "3400000.00"),
    ],
)
def test_pipeline_totals_narrowed(w, django_assert_num_queries, kwargs, count, budget):
    resolved = dict(kwargs)
    if resolved.get("partnership_ids") == "P":
        resolved["partnership_ids"] = [w.p.pk]
    elif resolved.get("partnership_ids") == "P+F":
        resolved["partnership_ids"] = [w.p.pk, w.f.pk]
    for key in ("platform_id", "region_id"):
        if key in resolved:
            resolved[key] = getattr(w, resolved[key]).pk
    with django_assert_num_queries(2):
        totals = pipeline_totals(**resolved)
    assert (totals.count, totals.budget) == (count, Decimal(budget))


def test_pipeline_totals_rejects_unknown_region_role(db):
    with pytest.raises(ValueError, match="region_role must be one of"):
        pipeline_totals(region_id=1, region_role="observer")


def test_totals_as_dict_is_json_ready(w):
    summary = totals_of(Project.objects.filter(pk=w.x.pk)).as_dict()
    assert summary["count"] == 1
    assert summary["budget"] == "1000000.00"
    assert summary["secured"] == "300000.00"
    assert summary["count_by_stage"]["demonstration"] == 1
    assert summary["funding"]["horizon_europe"]["applied"] == "200000.00"
    assert summary["secured_by_source"]["i3"] == "300000.00"


def test_grouped_totals_per_partnership_include_projects_without_one(w, django_assert_num_queries):
    with django_assert_num_queries(3):
        groups = grouped_totals(visible_projects(AnonymousUser()), by="partnership")
    assert [
        (g.group.slug if g.group else None, g.totals.count, g.totals.budget) for g in groups
    ] == [
        (None, 1, Decimal("2000000.00")),
        ("hydrogen-valleys", 2, Decimal("1400000.00")),
    ]


def test_grouped_totals_per_platform(w):
    groups = grouped_totals(Project.objects.all(), by="platform")
    assert [(g.group.slug, g.totals.count, g.totals.secured) for g in groups] == [
        ("agri-food", 1, Decimal("1000000.00")),
        ("energy", 3, Decimal("300000.00")),
    ]


def test_region_totals_count_lead_and_partner_separately(w, django_assert_num_queries):
    w.i.partner_regions.add(w.sk01)
    with django_assert_num_queries(5):
        rows = region_totals(Project.objects.all())
    assert [
        (r.region.code, r.as_lead.count, r.as_lead.budget, r.as_partner.count, r.as_partner.budget)
        for r in rows
    ] == [
        ("PL21", 3, Decimal("3400000.00"), 0, Decimal(0)),
        ("SK01", 0, Decimal(0), 2, Decimal("1400000.00")),
        ("AT13", 1, Decimal("250000.00"), 0, Decimal(0)),
    ]
    assert rows[1].as_partner.secured == Decimal("300000.00")


def test_board_columns_cap_cards_and_keep_totals(w, django_assert_num_queries):
    projects = visible_projects(AnonymousUser())
    totals = totals_of(projects)
    with django_assert_num_queries(2):  # the ranked cards, the members of their partnerships
        columns = pipeline_board(projects, totals=totals, cards_per_stage=1)
    idea = columns[0]
    assert (idea.stage, idea.label, idea.totals.count, idea.hidden) == ("idea", "Idea", 2, 1)
    assert [p.title for p in idea.projects] == [IDEA]
    demonstration = columns[1]
    assert [p.title for p in demonstration.projects] == [X]
    assert demonstration.projects[0].secured_percent == 30
    assert [c.stage for c in columns] == [
        "idea",
        "demonstration",
        "investment_ready",
        "funded",
        "implemented",
    ]


def test_board_query_count_does_not_grow_with_projects(w, django_assert_num_queries):
    for n in range(30):
        ProjectFactory(
            partnership=w.p if n % 2 else None,
            thematic_platform=w.energy,
            title=f"Extra {n:02d}",
            stage="idea",
        )
    projects = visible_projects(AnonymousUser())
    with django_assert_num_queries(4):
        columns = pipeline_board(projects, totals=totals_of(projects), cards_per_stage=10)
    assert (len(columns[0].projects), columns[0].totals.count, columns[0].hidden) == (10, 32, 22)
