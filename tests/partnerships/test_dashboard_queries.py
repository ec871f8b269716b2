"""The platform dashboard's figures: public summary against the staff view, trends, the
per-partnership table, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smartregions.partnerships.domain.monitoring.dashboard import (
    ReportCounts,
    dashboard_partnerships,
    partnership_rows,
    platform_dashboard,
)
from smartregions.partnerships.domain.monitoring.indicators import HalfYear, half_year_key
from smartregions.partnerships.domain.synthetic import generate_monitoring_data
from smartregions.partnerships.enums import ReportStatus
from smartregions.partnerships.models import Project
from tests.factories.monitoring_extra import monitoring_world
from tests.factories.partnerships import ProgressReportFactory

TODAY = dt.date(2026, 7, 10)


@pytest.fixture
def w(db):
    return monitoring_world()


def _trend_table(board):
    return [(t.period.code, t.launched, t.created, t.funded, t.secured) for t in board.trends]


def test_public_dashboard_counts_only_public_partnerships(w):
    board = platform_dashboard(staff=False, today=TODAY)
    assert board.partnerships_by_status == {"active": 1, "closed": 0}
    assert [(p.name, p.by_status, p.total) for p in board.platforms] == [
        ("Energy", {"active": 1, "closed": 0}, 1)
    ]
    assert [(r.code, r.country, r.partnerships) for r in board.regions] == [
        ("CZ06", "CZ", 1),
        ("DE11", "DE", 1),
        ("SK01", "SK", 1),
    ]
    assert board.countries == ["CZ", "DE", "SK"]
    assert board.projects_by_stage == {
        "idea": 1,
        "demonstration": 0,
        "investment_ready": 0,
        "funded": 1,
        "implemented": 0,
    }
    assert board.budget == Decimal("1250000.00")
    assert board.secured_total == Decimal("600000.00")
    assert board.funding["horizon_europe"]["applied"] == Decimal("200000.00")
    assert board.funding_total("planned") == Decimal("100000.00")
    assert _trend_table(board) == [
        ("2025-H1", 1, 0, 0, Decimal("0.00")),
        ("2025-H2", 0, 1, 0, Decimal("0.00")),
        ("2026-H1", 0, 1, 1, Decimal("600000.00")),
        ("2026-H2", 0, 0, 0, Decimal("0.00")),
    ]
    assert board.reports is None
    assert board.reports_to_review == []


def test_staff_dashboard_counts_everything_and_monitors_reports(w):
    at = dt.datetime(2026, 7, 5, tzinfo=dt.UTC)
    submitted = ProgressReportFactory(
        partnership=w.p, status=ReportStatus.SUBMITTED, submitted_at=at
    )
    overdue = ProgressReportFactory(
        partnership=w.p,
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
        due_date=dt.date(2026, 1, 31),
    )
    ProgressReportFactory(
        partnership=w.p,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 12, 31),
        due_date=dt.date(2027, 1, 31),
    )
    board = platform_dashboard(staff=True, today=TODAY)
    assert board.partnerships_by_status == {"forming": 1, "active": 1, "closed": 0}
    assert [p.name for p in board.platforms] == ["Energy", "Mobility"]
    assert [r.code for r in board.regions] == ["AT13", "CZ06", "DE11", "SK01"]
    assert board.countries == ["AT", "CZ", "DE", "SK"]
    assert board.projects_by_stage["demonstration"] == 1
    assert board.budget == Decimal("1650000.00")
    assert board.secured_by_source["private"] == Decimal("100000.00")
    assert _trend_table(board)[2] == ("2026-H1", 0, 2, 1, Decimal("600000.00"))
    assert board.reports == ReportCounts(
        drafting=1, due_soon=0, overdue=1, submitted=1, changes_requested=0, accepted=0
    )
    assert board.reports_to_review == [submitted]
    assert board.overdue_reports == [overdue]


def test_due_soon_counts_reports_due_within_two_weeks(w):
    ProgressReportFactory(partnership=w.p)  # due 2026-07-31
    assert platform_dashboard(staff=True, today=dt.date(2026, 7, 16)).reports.due_soon == 0
    assert platform_dashboard(staff=True, today=dt.date(2026, 7, 17)).reports.due_soon == 1


def test_empty_platform_has_no_trends(db):
    board = platform_dashboard(staff=True, today=TODAY)
    assert (board.partnerships_total, board.projects_total, board.trends) == (0, 0, [])
    assert board.secured_total == Decimal("0.00")


def test_trend_counts_a_project_funded_twice_in_its_first_half_year(w):
    from smartregions.partnerships.models import ProjectStageChange

    buses = w.buses
    with time_machine.travel("2026-09-01", tick=False):
        ProjectStageChange.objects.create(
            project=buses, from_stage="investment_ready", to_stage="funded"
        )
    board = platform_dashboard(staff=False, today=dt.date(2026, 10, 1))
    assert _trend_table(board)[2:] == [
        ("2026-H1", 0, 1, 1, Decimal("600000.00")),
        ("2026-H2", 0, 0, 0, Decimal("0.00")),
    ]


def test_partnership_rows_give_figures_and_latest_report(w, django_assert_num_queries):
    ProgressReportFactory(
        partnership=w.p,
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
        due_date=dt.date(2026, 1, 31),
    )
    latest = ProgressReportFactory(partnership=w.p)
    partnerships = list(dashboard_partnerships(staff=True))
    with django_assert_num_queries(4):  # members, projects by stage, secured funding, reports
        rows = partnership_rows(partnerships, with_reports=True)
    assert [
        (r.partnership.name, r.figures.members_total, r.figures.projects_total) for r in rows
    ] == [
        ("Forming batteries", 1, 1),
        ("Hydrogen valleys", 4, 2),
    ]
    assert (rows[1].latest_report, rows[1].latest_period.code) == (latest, "2026-H1")
    assert rows[0].latest_report is None
    assert [
        r.partnership.name
        for r in partnership_rows(dashboard_partnerships(staff=False), with_reports=False)
    ] == ["Hydrogen valleys"]


@pytest.mark.parametrize(("staff", "queries"), [(False, 7), (True, 10)])
def test_dashboard_query_count_does_not_grow_with_data(
    db, django_assert_num_queries, staff, queries
):
    generate_monitoring_data(partnerships=3, regions=6, projects=10, seed=1)
    with django_assert_num_queries(queries):
        small = platform_dashboard(staff=staff, today=TODAY)
    generate_monitoring_data(partnerships=30, regions=20, projects=200, seed=2)
    with django_assert_num_queries(queries):
        large = platform_dashboard(staff=staff, today=TODAY)
    assert large.projects_total > small.projects_total


@pytest.mark.parametrize(
    ("moment", "key"),
    [
        (dt.datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=dt.UTC), (2026, 1)),
        (dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.UTC), (2026, 2)),
        (dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC), (2026, 1)),
        (dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC), (2025, 2)),
        # 1 July 01:30 in Vienna is still 30 June in UTC, the reporting calendar's zone.
        (dt.datetime(2026, 7, 1, 1, 30, tzinfo=ZoneInfo("Europe/Vienna")), (2026, 1)),
    ],
)
def test_half_year_key_is_the_utc_half_year_on_every_backend(w, moment, key):
    Project.objects.filter(pk=w.buses.pk).update(created_at=moment)
    value = (
        Project.objects.filter(pk=w.buses.pk)
        .annotate(half_year=HalfYear("created_at"))
        .values_list("half_year", flat=True)
        .get()
    )
    assert half_year_key(value) == key
