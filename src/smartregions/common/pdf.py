"""A small document API on top of fpdf2 for the PDFs the platform exports.

Text in every EU language must render (Czech, Polish, German, Greek names), so the document
registers a Unicode TrueType font: the file named by the ``SMARTREGIONS_PDF_FONT`` setting or
environment variable if set, else the first of :data:`FONT_CANDIDATES` that exists (DejaVu Sans,
shipped by most Linux distributions; a ``-Bold`` file next to it is used for headings). When no
such font exists the document falls back to fpdf2's core Helvetica, which only knows Latin-1:
text is then *transliterated* (characters outside Latin-1 are NFKD-decomposed with combining
marks dropped, anything still outside replaced by ``?``), so "Škoda" prints as "Skoda",
"Łódź" as "?ódz" and Greek letters as "?".

Usage::

    doc = PdfDocument(title="Joint strategy")
    doc.heading("Objectives")
    doc.bullets(["Pilot lines", "Skills"])
    doc.table(["Source", "EUR"], [["Horizon Europe", "1,000"]])
    data = doc.to_bytes()  # bytes starting with b"%PDF-"

Pages are numbered ("Page 2 of 5") and every page's footer says when the file was generated
(UTC). ``compress=False`` writes uncompressed content streams (for tests).
"""

from __future__ import annotations

import datetime
import os
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings

FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)
FONT_FAMILY = "SmartregionsSans"
_HEADING_SIZES = {1: 16, 2: 13, 3: 11}


def unicode_font_path() -> Path | None:
    """The Unicode TTF to embed: setting or env ``SMARTREGIONS_PDF_FONT``, else a candidate."""
    configured = getattr(settings, "SMARTREGIONS_PDF_FONT", "") or os.environ.get(
        "SMARTREGIONS_PDF_FONT", ""
    )
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def to_latin1(text: str) -> str:
    """Transliterate ``text`` for the Latin-1 core fonts.

    Latin-1 characters stay (``ö``); others are NFKD-decomposed with combining marks dropped
    (``Š`` -> ``S``); what is still outside Latin-1 becomes ``?`` (``Ł``, Greek letters).
    """
    out = []
    for char in text:
        plain = char
        if ord(char) > 0xFF:
            decomposed = unicodedata.normalize("NFKD", char)
            plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(plain if plain and all(ord(c) <= 0xFF for c in plain) else "?")
    return "".join(out)


def _fpdf_class() -> type:
    """fpdf2's document class with our footer; fpdf2 is imported on first use only (it takes
    seconds to import, and every process that loads the URL map would pay for it)."""
    global _FPDF_CLASS  # noqa: PLW0603 - a lazily built class, built once
    if _FPDF_CLASS is None:
        from fpdf import FPDF

        class _Fpdf(FPDF):
            footer_text = ""
            footer_font = ("helvetica", "")

            def footer(self) -> None:
                self.set_y(-12)
                self.set_font(self.footer_font[0], self.footer_font[1], 8)
                self.set_text_color(110, 110, 110)
                self.cell(0, 6, self.footer_text, align="L")
                self.set_x(self.l_margin)
                self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")
                self.set_text_color(0, 0, 0)

        _FPDF_CLASS = _Fpdf
    return _FPDF_CLASS


_FPDF_CLASS: type | None = None


class PdfDocument:
    """An A4 document built from titles, headings, paragraphs, lists and tables.

    Parameters
    ----------
    title : str
        Printed as the first heading and stored as the PDF's title metadata.
    subtitle : str
        An optional line under the title.
    compress : bool
        Compress content streams (default); ``False`` for byte-level inspection in tests.
    font_path : str or Path, optional
        A TrueType font overriding :func:`unicode_font_path`; ``""`` forces the Latin-1
        fallback.
    generated_at : datetime, optional
        The time in the footer (default: now, UTC).
    """

    def __init__(
        self,
        *,
        title: str,
        subtitle: str = "",
        compress: bool = True,
        font_path: str | Path | None = None,
        generated_at: datetime.datetime | None = None,
    ) -> None:
        self._pdf = _fpdf_class()(format="A4")
        self._pdf.set_compression(compress)
        self._pdf.set_auto_page_break(auto=True, margin=18)
        self._pdf.set_margins(18, 18, 18)
        path = (
            unicode_font_path() if font_path is None else (Path(font_path) if font_path else None)
        )
        self.unicode = path is not None
        if path is not None:
            bold = path.with_name(path.stem + "-Bold" + path.suffix)
            self._pdf.add_font(FONT_FAMILY, "", str(path))
            self._pdf.add_font(FONT_FAMILY, "B", str(bold if bold.is_file() else path))
            self._family = FONT_FAMILY
        else:
            self._family = "helvetica"
        moment = generated_at or datetime.datetime.now(tz=datetime.UTC)
        self._pdf.footer_text = self._text(
            f"{title} · generated {moment.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC"
        )
        self._pdf.footer_font = (self._family, "")
        self._pdf.set_title(self._text(title))
        self._pdf.set_creator("smartregions")
        self._pdf.add_page()
        self._pdf.set_font(self._family, "B", 20)
        self._write(title, line_height=9)
        if subtitle:
            self._pdf.set_font(self._family, "", 11)
            self._pdf.set_text_color(80, 80, 80)
            self._write(subtitle, line_height=6)
            self._pdf.set_text_color(0, 0, 0)
        self._pdf.ln(3)

    def _text(self, text: str) -> str:
        return text if self.unicode else to_latin1(text)

    def _write(self, text: str, *, line_height: float = 5.5, indent: float = 0) -> None:
        self._pdf.set_x(self._pdf.l_margin + indent)
        self._pdf.multi_cell(
            self._pdf.epw - indent,
            line_height,
            self._text(text),
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def heading(self, text: str, *, level: int = 1) -> None:
        """A bold heading; ``level`` 1 to 3 sets its size."""
        self._pdf.ln(2)
        self._pdf.set_font(self._family, "B", _HEADING_SIZES.get(level, 11))
        self._write(text, line_height=7)
        self._pdf.ln(1)

    def paragraph(self, text: str) -> None:
        """A paragraph of running text (line breaks kept)."""
        self._pdf.set_font(self._family, "", 10)
        self._write(text)
        self._pdf.ln(2)

    def bullets(self, items: Iterable[str], *, numbered: bool = False) -> None:
        """A bulleted (or numbered) list."""
        self._pdf.set_font(self._family, "", 10)
        for number, item in enumerate(items, start=1):
            marker = f"{number}." if numbered else ("•" if self.unicode else "-")
            self._write(f"{marker} {item}", indent=4)
        self._pdf.ln(2)

    def table(
        self, header: Sequence[str], rows: Iterable[Sequence[str]], *, widths: Sequence[int] = ()
    ) -> None:
        """A simple table with a bold header row; ``widths`` are relative column widths."""
        self._pdf.set_font(self._family, "", 9)
        with self._pdf.table(
            col_widths=tuple(widths) or None,
            text_align="LEFT",
            line_height=5,
            first_row_as_headings=True,
        ) as table:
            heading = table.row()
            for cell in header:
                heading.cell(self._text(cell))
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(self._text(str(cell)))
        self._pdf.ln(3)

    def to_bytes(self) -> bytes:
        """The finished PDF."""
        return bytes(self._pdf.output())
