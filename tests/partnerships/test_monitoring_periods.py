"""The reporting calendar: six-month periods, due dates, period codes and half-year ranges."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from smartregions.partnerships.domain.monitoring.periods import (
    ReportPeriod,
    half_years_between,
    period_containing,
    period_from_code,
    period_starting,
)


@pytest.mark.parametrize(
    ("day", "start", "end", "due"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 7, 31)),
        (dt.date(2026, 6, 30), dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 7, 31)),
        (dt.date(2026, 7, 1), dt.date(2026, 7, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 31)),
        (dt.date(2024, 12, 31), dt.date(2024, 7, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 31)),
    ],
)
def test_period_containing_gives_half_year_due_a_month_later(day, start, end, due):
    period = period_containing(day)
    assert (period.start, period.end, period.due) == (start, end, due)


def test_period_names_and_neighbours():
    period = period_containing(dt.date(2026, 3, 3))
    assert (period.code, period.label, period.half) == ("2026-H1", "January-June 2026", 1)
    assert period.previous() == ReportPeriod(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert period.next().code == "2026-H2"
    assert period.next().next().code == "2027-H1"


def test_period_starting_refuses_a_day_that_is_not_a_period_start():
    assert period_starting(dt.date(2026, 7, 1)).code == "2026-H2"
    with pytest.raises(ValidationError) as error:
        period_starting(dt.date(2026, 7, 2))
    assert error.value.message_dict == {
        "period_start": ["Reporting periods start on 1 January or 1 July, not 2026-07-02."]
    }


@pytest.mark.parametrize("code", ["2026-H3", "26-H1", "2026H1", "", "2026-h1"])
def test_period_from_code_refuses_malformed_codes(code):
    with pytest.raises(ValidationError) as error:
        period_from_code(code)
    assert list(error.value.message_dict) == ["period"]


def test_period_from_code_reads_both_halves():
    assert period_from_code("2025-H2").start == dt.date(2025, 7, 1)
    assert period_from_code("2025-H1").end == dt.date(2025, 6, 30)


def test_half_years_between_spans_year_ends():
    assert half_years_between((2024, 2), (2026, 1)) == [(2024, 2), (2025, 1), (2025, 2), (2026, 1)]
    assert half_years_between((2026, 2), (2026, 1)) == []
