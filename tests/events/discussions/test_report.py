"""The conclusions report: exact Markdown, a PDF with the same content, and the CLI."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from smartregions.events.domain.discussions.conclusions import add_follow_up, create_conclusion
from smartregions.events.domain.discussions.report import (
    build_report,
    render_report,
    report_markdown,
    report_pdf,
)
from tests.common._pdf_text import pdf_strings
from tests.events.discussions.conftest import FIRST, PARTNERS, write_notes
from tests.factories.partnerships import PartnershipFactory

EXPECTED = """\
# Conclusions: Smart Regions Conference 2027

2027-03-10 09:00 (Europe/Brussels) · Brussels

## What should regions do first?

1. Pool pilot lines across regions.
   Start with the hydrogen valleys.

   Sources: [1], [2]

   Follow-up actions:

   - Draft a joint pilot proposal (owner: Rita Rapporteur; due: 2027-04-30; status: Open; \
partnership: Hydrogen Valleys)
   - Map the test beds (owner: none; due: -; status: Done)

2. Train workers in digital skills

   Sources: [2], [3]

## Which partners are missing?

1. Universities are missing.

   Sources: [4]

## Anything else?

1. Keep talking.

   Sources: none

## References

1. Morning tables, table 1 (Hydrogen valleys), rapporteur Rita Rapporteur: "Pool pilot lines"
2. Morning tables, table 2 (Digital skills), rapporteur Raul Reporter: "Share pilot lines"
3. Morning tables, table 1 (Hydrogen valleys), rapporteur Rita Rapporteur: "Train workers"
4. Morning tables, table 1 (Hydrogen valleys), rapporteur Rita Rapporteur: "Universities"
"""


@pytest.fixture
def curated(dw):
    pool, train = write_notes(dw.hydrogen, dw.h_first, "Pool pilot lines", "Train workers")
    [universities] = write_notes(dw.hydrogen, dw.h_partners, "Universities")
    [share] = write_notes(dw.skills, dw.s_first, "Share pilot lines")
    pilots = create_conclusion(
        actor=None,
        event=dw.event,
        text="Pool pilot lines across regions.\nStart with the hydrogen valleys.",
        sources=[pool, share],
    )
    create_conclusion(
        actor=None, event=dw.event, text="Train workers in digital skills", sources=[train, share]
    )
    create_conclusion(
        actor=None, event=dw.event, text="Universities are missing.", sources=[universities]
    )
    create_conclusion(actor=None, event=dw.event, question="Anything else?", text="Keep talking.")
    add_follow_up(
        actor=None,
        conclusion=pilots,
        description="Draft a joint pilot proposal",
        owner=dw.rapporteur,
        due_on=dt.date(2027, 4, 30),
        partnership=PartnershipFactory(name="Hydrogen Valleys"),
    )
    add_follow_up(actor=None, conclusion=pilots, description="Map the test beds", status="done")
    return dw


def test_markdown_report_is_exact(curated, django_assert_num_queries):
    with django_assert_num_queries(4):
        report = build_report(curated.event)
    assert report_markdown(report) == EXPECTED
    assert [s.question for s in report.sections] == [FIRST, PARTNERS, "Anything else?"]


def test_empty_report_says_so(dw):
    assert report_markdown(build_report(dw.event)) == (
        "# Conclusions: Smart Regions Conference 2027\n\n"
        "2027-03-10 09:00 (Europe/Brussels) · Brussels\n\n"
        "No conclusion yet.\n"
    )


def _words(text: str) -> str:
    return " ".join(text.split())


_STRING = rb"\(((?:\\.|[^\\)])*)\)"
_JUSTIFIED = re.compile(rb"\[((?:" + _STRING + rb"|[^\]])*)\] TJ", re.DOTALL)


def _shown_text(data: bytes) -> str:
    """The PDF's text with justified lines (``[...] TJ`` arrays) read too, words normalised."""
    plain = _JUSTIFIED.sub(
        lambda m: b" ".join(b"(" + piece + b") Tj" for piece in re.findall(_STRING, m.group(1))),
        data,
    )
    return _words(" ".join(pdf_strings(plain)))


def test_pdf_report_has_the_same_content(curated):
    report = build_report(curated.event)
    data = report_pdf(report, compress=False)
    assert data.startswith(b"%PDF-")
    shown = _shown_text(data)
    expected = [report.title, report.subtitle]
    for section in report.sections:
        expected.append(section.question)
        for conclusion in section.conclusions:
            expected += [conclusion.text, conclusion.sources_label()]
            expected += [action.label() for action in conclusion.actions]
    expected += [ref.label() for ref in report.references]
    assert len(expected) == 19
    for piece in expected:
        assert _words(piece) in shown, piece


def test_render_report_names_the_file(curated):
    data, media_type, filename = render_report(curated.event, "md")
    assert (media_type, filename) == ("text/markdown; charset=utf-8", "src-2027-conclusions.md")
    assert data.decode() == EXPECTED
    data, media_type, filename = render_report(curated.event, "pdf")
    assert (media_type, filename, data[:5]) == (
        "application/pdf",
        "src-2027-conclusions.pdf",
        b"%PDF-",
    )
    with pytest.raises(ValueError, match="unknown report format 'docx'"):
        render_report(curated.event, "docx")


def test_command_writes_markdown_and_pdf(curated, tmp_path):
    out = StringIO()
    call_command("export_conclusions", "src-2027", "-o", "-", stdout=out)
    assert out.getvalue() == EXPECTED
    target = tmp_path / "report.pdf"
    err = StringIO()
    call_command("export_conclusions", "src-2027", "--format", "pdf", "-o", str(target), stderr=err)
    assert target.read_bytes().startswith(b"%PDF-")
    assert err.getvalue() == f"wrote the conclusions report of src-2027 to {target}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "-o", "-"], "no event with slug 'nope'"),
        (["src-2027", "--format", "pdf", "-o", "-"], "write PDF files to a file"),
    ],
)
def test_command_refusals(dw, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_conclusions", *args)
