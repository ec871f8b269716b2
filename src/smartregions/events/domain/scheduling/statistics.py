"""The organisers' meeting statistics as a CSV file (the figures come from
:func:`smartregions.events.domain.queries.scheduling.meeting_statistics`)."""

from __future__ import annotations

import csv
import io

from smartregions.events.domain.queries.scheduling import (
    NOT_STATED,
    STATISTICS_FIGURES,
    MeetingStatistics,
)

#: The CSV's columns: which breakdown, the group's code and name, then the figures.
CSV_HEADER = ("breakdown", "code", "group", *STATISTICS_FIGURES)


def statistics_csv(statistics: MeetingStatistics) -> str:
    """``statistics`` as CSV text: the total, then one row per country and per NACE section.

    Groups without a country or sector have an empty code and the group name "not stated".
    No side effects.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerow(("total", "", "all", *statistics.total.figures()))
    for breakdown, rows in (("country", statistics.by_country), ("sector", statistics.by_sector)):
        for row in rows:
            label = "not stated" if row.label == NOT_STATED else row.label
            writer.writerow((breakdown, row.key, label, *row.figures()))
    return buffer.getvalue()
