"""Registrant exports (CSV, XLSX, the command), name badges (PDF) and the retention purge."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.badges import badge_position, badges_pdf
from smartregions.events.domain.exports import write_registrations
from smartregions.events.domain.queries.registrations import (
    badge_registrations,
    event_registrations,
)
from smartregions.events.domain.registration import purge_expired_registrations
from smartregions.events.domain.registration_questions import add_question
from smartregions.events.enums import ParticipantType, QuestionKind, RegistrationStatus
from smartregions.events.models import AgendaEntry, Registration
from smartregions.events.tasks import purge_registrations
from tests.common._pdf_text import pdf_strings
from tests.factories.accounts import UserFactory
from tests.factories.events import RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(ew, clock):
    """Two questions; the participant answered both; a second registrant answers one, with a
    name that would start a spreadsheet formula."""
    diet = add_question(actor=None, event=ew.event, label="Diet", kind=QuestionKind.TEXT)
    topics = add_question(
        actor=None,
        event=ew.event,
        label="Topics",
        kind=QuestionKind.MULTIPLE_CHOICE,
        choices=["Hydrogen", "Grids"],
    )
    ew.registration.answers = {str(diet.pk): "vegan", str(topics.pk): ["Hydrogen", "Grids"]}
    ew.registration.save()
    clock.shift(dt.timedelta(hours=2))
    mallory = RegistrationFactory(
        event=ew.event,
        user=UserFactory(email="mallory@example.eu"),
        badge_name="=HYPERLINK(evil)",
        participant_type=ParticipantType.PRESS,
        status=RegistrationStatus.WAITLISTED,
        answers={str(topics.pk): ["Grids"]},
    )
    return diet, topics, mallory


HEADER = [
    "name",
    "email",
    "organisation",
    "region",
    "country",
    "participant_type",
    "status",
    "Diet",
    "Topics",
    "registered_at (Europe/Brussels)",
]


def test_csv_export_exact_content(ew, answered):
    stream = io.BytesIO()
    count = write_registrations(
        event=ew.event, registrations=event_registrations(ew.event), stream=stream, fmt="csv"
    )
    assert count == 2
    data = stream.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        ",".join(HEADER),
        (
            "Petra Nováková,petra@example.eu,Brno Valves s.r.o.,Jihovýchod (CZ06),Czechia,"
            "Delegate,Confirmed,vegan,Hydrogen; Grids,2027-02-01 12:00"
        ),
        "'=HYPERLINK(evil),mallory@example.eu,,,,Press,On the waiting list,,Grids,2027-02-01 14:00",
        "",
    ]


def test_xlsx_export_keeps_formulas_as_text(ew, answered):
    stream = io.BytesIO()
    write_registrations(
        event=ew.event, registrations=event_registrations(ew.event), stream=stream, fmt="xlsx"
    )
    sheet = load_workbook(io.BytesIO(stream.getvalue()))["registrations"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        HEADER,
        [
            "Petra Nováková",
            "petra@example.eu",
            "Brno Valves s.r.o.",
            "Jihovýchod (CZ06)",
            "Czechia",
            "Delegate",
            "Confirmed",
            "vegan",
            "Hydrogen; Grids",
            "2027-02-01 12:00",
        ],
        [
            "=HYPERLINK(evil)",
            "mallory@example.eu",
            None,  # empty cells read back as None
            None,
            None,
            "Press",
            "On the waiting list",
            None,
            "Grids",
            "2027-02-01 14:00",
        ],
    ]
    assert sheet["A3"].data_type == "s"


def test_unknown_export_format_is_refused(ew):
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        write_registrations(
            event=ew.event,
            registrations=event_registrations(ew.event),
            stream=io.BytesIO(),
            fmt="pdf",
        )


def test_export_command_writes_the_same_file(ew, answered, tmp_path):
    target = tmp_path / "out.csv"
    err = io.StringIO()
    call_command(
        "export_registrations",
        "smart-regions-2027",
        "--format",
        "csv",
        "-o",
        str(target),
        stderr=err,
    )
    expected = io.BytesIO()
    write_registrations(
        event=ew.event, registrations=event_registrations(ew.event), stream=expected, fmt="csv"
    )
    assert target.read_bytes() == expected.getvalue()
    assert (
        err.getvalue()
        == "exported 2 registration(s) of smart-regions-2027 to " + str(target) + "\n"
    )
    xlsx = tmp_path / "out.xlsx"
    call_command(
        "export_registrations",
        "smart-regions-2027",
        "--format",
        "xlsx",
        "--status",
        "waitlisted",
        "-o",
        str(xlsx),
        stderr=io.StringIO(),
    )
    sheet = load_workbook(xlsx)["registrations"]
    assert [row[0].value for row in sheet.iter_rows()] == ["name", "=HYPERLINK(evil)"]
    out = io.StringIO()
    call_command(
        "export_registrations", "smart-regions-2027", "-o", "-", "--type", "delegate",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert out.getvalue().splitlines()[1].startswith("Petra Nováková,petra@example.eu")
    assert len(out.getvalue().splitlines()) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "-o", "x.csv"], "no event with slug 'nope'"),
        (["smart-regions-2027", "--format", "xlsx", "-o", "-"], "write XLSX files to a file"),
    ],
)
def test_export_command_errors(ew, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_registrations", *args, stderr=io.StringIO())


def test_badges_pdf_holds_each_confirmed_participant(ew, answered):
    RegistrationFactory(
        event=ew.event,
        user=UserFactory(full_name="Zoë Žáková"),
        badge_name="Zoë Žáková",
        participant_type=ParticipantType.SPEAKER,
    )
    data = badges_pdf(ew.event, badge_registrations(ew.event), compress=False)
    assert data.startswith(b"%PDF-")
    assert pdf_strings(data) == [
        "Smart Regions Conference 2027",
        "Petra Nováková",
        "Brno Valves s.r.o.",
        "Jihovýchod, Czechia",
        "DELEGATE",
        "Smart Regions Conference 2027",
        "Zoë Žáková",
        "SPEAKER",
    ]
    speakers = badges_pdf(
        ew.event, badge_registrations(ew.event, ParticipantType.SPEAKER), compress=False
    )
    assert "Petra Nováková" not in pdf_strings(speakers)


def test_badges_fill_a4_pages_eight_at_a_time(ew):
    assert badge_position(0) == (12.0, 29.5)
    assert badge_position(1) == (108.0, 29.5)
    assert badge_position(7) == (108.0, 29.5 + 3 * 61)
    assert badge_position(8) == badge_position(0)
    for n in range(8):
        RegistrationFactory(event=ew.event, badge_name=f"Guest {n:02d}")
    data = badges_pdf(ew.event, badge_registrations(ew.event), compress=False)
    assert data.count(b"/Type /Page\n") == 2
    names = [s for s in pdf_strings(data) if s.startswith(("Guest", "Petra"))]
    assert names == [*(f"Guest {n:02d}" for n in range(8)), "Petra Nováková"]


def test_badges_without_participants_give_one_empty_page(ew):
    ew.registration.delete()
    data = badges_pdf(ew.event, badge_registrations(ew.event), compress=False)
    assert data.startswith(b"%PDF-")
    assert pdf_strings(data) == []


def test_badges_fall_back_to_latin1(ew):
    ew.registration.badge_name = "Zoë Žáková"
    ew.registration.save()
    data = badges_pdf(ew.event, badge_registrations(ew.event), compress=False, font_path="")
    assert "Zoë Záková" in pdf_strings(data)


@pytest.fixture
def kept(ew):
    """The participant's registration (kept until 6 September 2027) with an agenda entry; one
    kept a day longer."""
    session = SessionFactory(event=ew.event)
    AgendaEntry.objects.create(session=session, registration=ew.registration)
    return RegistrationFactory(event=ew.event, retention_until=dt.date(2027, 9, 7))


def test_purge_deletes_registrations_past_retention_with_their_rows(ew, kept):
    assert purge_expired_registrations(actor=None, today=dt.date(2027, 9, 6)) == {}
    counts = purge_expired_registrations(actor=None, today=dt.date(2027, 9, 7))
    assert counts == {"events.AgendaEntry": 1, "events.Registration": 1}
    assert list(Registration.objects.all()) == [kept]
    assert AgendaEntry.objects.count() == 0
    entry = ActivityLogEntry.objects.filter(action="registration.purge").first()
    assert entry.data == {
        "before": "2027-09-07",
        "deleted": {"events.AgendaEntry": 1, "events.Registration": 1},
        "cleaned": {"notifications": 0, "schedule_runs_blanked": 0},
    }
    assert purge_expired_registrations(actor=None, today=dt.date(2027, 9, 7)) == {}


def test_purge_task_and_command(ew, kept, clock):
    result = purge_registrations.enqueue(today="2027-09-07")
    assert result.return_value == {"events.AgendaEntry": 1, "events.Registration": 1}
    clock.move_to(dt.datetime(2027, 9, 9, 12, 0, tzinfo=dt.UTC))
    out = io.StringIO()
    call_command("purge_registrations", "--dry-run", stdout=out)
    assert out.getvalue() == "1 registration(s) past their retention date (dry run)\n"
    out = io.StringIO()
    call_command("purge_registrations", "--sync", stdout=out)
    assert out.getvalue() == "1 registration(s) deleted\n"
    assert not Registration.objects.exists()
    out = io.StringIO()
    call_command("purge_registrations", "--today", "2027-09-10", stdout=out)
    assert out.getvalue().splitlines()[1:] == ["0 registration(s) deleted"]
    with pytest.raises(CommandError, match="--today must be a date as YYYY-MM-DD"):
        call_command("purge_registrations", "--today", "soon")
