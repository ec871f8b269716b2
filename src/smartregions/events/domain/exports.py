"""Exporting an event's registrants as CSV or XLSX (organisers only; personal data).

The web download, the API endpoint and ``smartregions export_registrations`` all write with
:func:`write_registrations`, so the three give the same file. One row per registration: name,
e-mail, organisation, region, country, participant type, status, one column per registration
question (labelled with the question), and the registration time in the event's time zone
(the column header names the zone).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from smartregions.events.domain.queries.registrations import country_of
from smartregions.events.domain.registration_answers import display_answer
from smartregions.events.enums import ParticipantType, RegistrationStatus
from smartregions.events.models import Event, Registration, RegistrationQuestion

#: File type -> content type of the download.
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

BASE_COLUMNS = (
    "name",
    "email",
    "organisation",
    "region",
    "country",
    "participant_type",
    "status",
)

#: Spreadsheet programs treat text starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns(event: Event, questions: Iterable[RegistrationQuestion]) -> list[str]:
    """The header row: the base columns, one per question, then ``registered_at (<zone>)``."""
    return [
        *BASE_COLUMNS,
        *(question.label for question in questions),
        f"registered_at ({event.timezone})",
    ]


def _row(
    registration: Registration, questions: list[RegistrationQuestion], event: Event
) -> list[Any]:
    region = registration.region
    country = country_of(registration)
    local = registration.registered_at.astimezone(ZoneInfo(event.timezone))
    return [
        registration.badge_name,
        registration.user.email,
        registration.organisation.name if registration.organisation else "",
        f"{region.name_latin} ({region.code})" if region else "",
        country.name if country else "",
        str(ParticipantType(registration.participant_type).label),
        str(RegistrationStatus(registration.status).label),
        *(display_answer(question, registration.answers) for question in questions),
        local.strftime("%Y-%m-%d %H:%M"),
    ]


def _rows(
    event: Event, registrations: QuerySet[Registration], questions: list[RegistrationQuestion]
) -> Iterator[list[Any]]:
    for registration in registrations:
        yield _row(registration, questions, event)


def write_registrations(
    *, event: Event, registrations: QuerySet[Registration], stream: IO[bytes], fmt: str
) -> int:
    """Write ``registrations`` (of ``event``, people loaded) to the binary ``stream``; returns
    the row count.

    ``fmt`` is ``"csv"`` (UTF-8 with a byte-order mark so spreadsheet programs read accents;
    text that would start a formula is prefixed with an apostrophe) or ``"xlsx"`` (one sheet,
    header in row 1, every cell stored as text or number, never as a formula). Reads the
    event's questions once.
    """
    if fmt not in EXPORT_FORMATS:
        msg = f"unknown export format {fmt!r} (use {' or '.join(EXPORT_FORMATS)})"
        raise ValueError(msg)
    questions = list(event.questions.order_by("position", "id"))
    header = columns(event, questions)
    rows = _rows(event, registrations, questions)
    return _write_csv(header, rows, stream) if fmt == "csv" else _write_xlsx(header, rows, stream)


def csv_value(value: Any) -> Any:
    """``value`` safe for a spreadsheet: text that would start a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(header: list[str], rows: Iterable[list[Any]], stream: IO[bytes]) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([csv_value(value) for value in header])
    count = 0
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _write_xlsx(header: list[str], rows: Iterable[list[Any]], stream: IO[bytes]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("registrations")

    def cells(values: list[Any]) -> list[Any]:
        out: list[Any] = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, not a formula: nothing runs when the file is opened
            out.append(cell)
        return out

    sheet.append(cells(header))
    count = 0
    for row in rows:
        sheet.append(cells(row))
        count += 1
    workbook.save(stream)
    return count


def export_filename(event: Event, fmt: str) -> str:
    """The download's file name, e.g. ``registrations-smart-regions-2027.xlsx``."""
    return f"registrations-{event.slug}.{fmt}"
