"""The reporting calendar: two six-month periods a year, each report due a month after its end.

Periods are January-June and July-December. A report is due :data:`REPORT_DUE_DAYS` days after
its period's last day (31 days: 31 July and 31 January), and reminders start
:data:`REMINDER_LEAD_DAYS` days before that. Dates are calendar dates in UTC, the platform's
time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Days between the end of a period and the due date of its report (one month).
REPORT_DUE_DAYS = 31
#: Days before the due date when the "due soon" reminder goes out.
REMINDER_LEAD_DAYS = 14


@dataclass(frozen=True, order=True)
class ReportPeriod:
    """One six-month reporting period, from ``start`` to ``end`` (both inclusive)."""

    start: dt.date
    end: dt.date

    @property
    def due(self) -> dt.date:
        """The day the period's report is due."""
        return self.end + dt.timedelta(days=REPORT_DUE_DAYS)

    @property
    def half(self) -> int:
        """1 for January-June, 2 for July-December."""
        return 1 if self.start.month == 1 else 2

    @property
    def code(self) -> str:
        """A short, sortable name: ``2026-H1``."""
        return f"{self.start.year}-H{self.half}"

    @property
    def label(self) -> str:
        """A human name: ``January-June 2026``."""
        months = _("January-June") if self.half == 1 else _("July-December")
        return f"{months} {self.start.year}"

    def previous(self) -> ReportPeriod:
        """The period before this one."""
        return period_containing(self.start - dt.timedelta(days=1))

    def next(self) -> ReportPeriod:
        """The period after this one."""
        return period_containing(self.end + dt.timedelta(days=1))


def period_containing(day: dt.date) -> ReportPeriod:
    """The reporting period that ``day`` falls in."""
    if day.month <= 6:
        return ReportPeriod(dt.date(day.year, 1, 1), dt.date(day.year, 6, 30))
    return ReportPeriod(dt.date(day.year, 7, 1), dt.date(day.year, 12, 31))


def period_starting(start: dt.date) -> ReportPeriod:
    """The period that begins on ``start``; a ValidationError naming ``period_start`` if none
    does (periods begin on 1 January and 1 July)."""
    period = period_containing(start)
    if period.start != start:
        raise ValidationError(
            {"period_start": _("Reporting periods start on 1 January or 1 July, not %s.") % start}
        )
    return period


def half_year_of(day: dt.date) -> tuple[int, int]:
    """``(year, half)`` of ``day``, the key trends are grouped by."""
    return day.year, 1 if day.month <= 6 else 2


def half_years_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every ``(year, half)`` from ``first`` to ``last`` inclusive, in order (empty when
    ``first`` is after ``last``)."""
    keys = []
    year, half = first
    while (year, half) <= last:
        keys.append((year, half))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return keys


def period_from_code(code: str) -> ReportPeriod:
    """The period named ``2026-H1`` or ``2026-H2``; a ValidationError naming ``period``
    otherwise."""
    year, _sep, half = code.partition("-H")
    if not (len(year) == 4 and year.isdigit() and half in ("1", "2")):
        raise ValidationError({"period": _("Write a period as 2026-H1 or 2026-H2, not %s.") % code})
    return period_starting(dt.date(int(year), 1 if half == "1" else 7, 1))
