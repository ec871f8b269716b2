"""The shared PDF helper: Unicode text with an embedded font, the Latin-1 fallback, the footer."""

import datetime

from smartregions.common.pdf import PdfDocument, to_latin1, unicode_font_path
from tests.common._pdf_text import pdf_strings

MOMENT = datetime.datetime(2026, 11, 29, 13, 5, tzinfo=datetime.UTC)


def _document(**kwargs) -> bytes:
    doc = PdfDocument(
        title="Łódź \N{EN DASH} Brno \N{EN DASH} Αθήνα",
        compress=False,
        generated_at=MOMENT,
        **kwargs,
    )
    doc.heading("Ziele")
    doc.paragraph("Größere Märkte für Škoda-Zulieferer.")
    doc.bullets(["První", "Druga"], numbered=True)
    doc.table(["Quelle", "EUR"], [["Horizon Europe", "1,000"]])
    return doc.to_bytes()


def test_pdf_with_unicode_font_keeps_every_character():
    assert unicode_font_path() is not None
    data = _document()
    assert data.startswith(b"%PDF-")
    assert pdf_strings(data) == [
        "Łódź \N{EN DASH} Brno \N{EN DASH} Αθήνα",
        "Ziele",
        "Größere Märkte für Škoda-Zulieferer.",
        "1. První",
        "2. Druga",
        "Quelle",
        "EUR",
        "Horizon Europe",
        "1,000",
        "Łódź \N{EN DASH} Brno \N{EN DASH} Αθήνα · generated 2026-11-29 13:05 UTC",
        "Page 1 of ",
        "1",
    ]


def test_pdf_font_from_setting(settings, tmp_path):
    settings.SMARTREGIONS_PDF_FONT = str(tmp_path / "missing.ttf")
    assert unicode_font_path() is not None  # a missing file falls back to the candidates
    settings.SMARTREGIONS_PDF_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    assert str(unicode_font_path()).endswith("DejaVuSansMono.ttf")


def test_pdf_without_unicode_font_transliterates_to_latin1():
    shown = pdf_strings(_document(font_path=""))
    assert shown[0] == "?ódz ? Brno ? ?????"
    assert shown[2] == "Größere Märkte für Skoda-Zulieferer."


def test_to_latin1_drops_marks_outside_latin1():
    assert to_latin1("Škoda Łódź Ä ά") == "Skoda ?ódz Ä ?"
