"""Printable name badges: A4 sheets of eight badges (two columns, four rows) to cut out.

Each badge shows the event's title, the participant's name (shrunk to fit), organisation,
region and country, and the participant type on a band along its bottom edge. Fonts follow
:mod:`smartregions.common.pdf`: a Unicode TrueType font when one is installed (names in every
EU language), else Latin-1 Helvetica with transliteration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from smartregions.common.pdf import FONT_FAMILY, to_latin1, unicode_font_path
from smartregions.events.domain.queries.registrations import country_of
from smartregions.events.enums import ParticipantType
from smartregions.events.models import Event, Registration

#: Badge size and sheet layout, in millimetres.
BADGE_WIDTH, BADGE_HEIGHT = 90.0, 55.0
COLUMNS, ROWS = 2, 4
GAP = 6.0
PER_PAGE = COLUMNS * ROWS
_PAGE_WIDTH, _PAGE_HEIGHT = 210.0, 297.0
_LEFT = (_PAGE_WIDTH - COLUMNS * BADGE_WIDTH - (COLUMNS - 1) * GAP) / 2
_TOP = (_PAGE_HEIGHT - ROWS * BADGE_HEIGHT - (ROWS - 1) * GAP) / 2
_PADDING = 5.0
_BAND = 10.0
#: The band colour of each participant type (RGB).
BAND_COLOURS = {
    ParticipantType.DELEGATE: (31, 94, 158),
    ParticipantType.SPEAKER: (163, 46, 46),
    ParticipantType.EXHIBITOR: (35, 122, 70),
    ParticipantType.PRESS: (110, 70, 150),
    ParticipantType.ORGANISER: (60, 60, 60),
}


@dataclass(frozen=True)
class Badge:
    """What one badge says."""

    name: str
    organisation: str
    place: str
    participant_type: str


def badge_of(registration: Registration) -> Badge:
    """The badge of ``registration`` (reads its organisation, region and country)."""
    region = registration.region
    country = country_of(registration)
    place = ", ".join(
        part
        for part in (region.name_latin if region else "", country.name if country else "")
        if part
    )
    return Badge(
        name=registration.badge_name,
        organisation=registration.organisation.name if registration.organisation else "",
        place=place,
        participant_type=registration.participant_type,
    )


def badge_position(index: int) -> tuple[float, float]:
    """The top-left corner (x, y in mm) of the ``index``-th badge on its page."""
    slot = index % PER_PAGE
    column, row = slot % COLUMNS, slot // COLUMNS
    return _LEFT + column * (BADGE_WIDTH + GAP), _TOP + row * (BADGE_HEIGHT + GAP)


class _Sheet:
    def __init__(self, *, title: str, compress: bool, font_path: str | Path | None) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_compression(compress)
        self.pdf.set_auto_page_break(auto=False)
        self.pdf.set_margins(0, 0, 0)
        path = (
            unicode_font_path() if font_path is None else (Path(font_path) if font_path else None)
        )
        self.unicode = path is not None
        if path is not None:
            bold = path.with_name(path.stem + "-Bold" + path.suffix)
            self.pdf.add_font(FONT_FAMILY, "", str(path))
            self.pdf.add_font(FONT_FAMILY, "B", str(bold if bold.is_file() else path))
            self.family = FONT_FAMILY
        else:
            self.family = "helvetica"
        self.title = title
        self.pdf.set_title(self.text(title))
        self.pdf.set_creator("smartregions")

    def text(self, value: str) -> str:
        return value if self.unicode else to_latin1(value)

    def fit(self, value: str, *, size: float, smallest: float, width: float, bold: bool) -> None:
        """Choose the largest font size from ``size`` down to ``smallest`` that fits one line."""
        style = "B" if bold else ""
        while size > smallest:
            self.pdf.set_font(self.family, style, size)
            if self.pdf.get_string_width(self.text(value)) <= width:
                return
            size -= 1
        self.pdf.set_font(self.family, style, smallest)

    def line(self, x: float, y: float, width: float, height: float, value: str) -> None:
        self.pdf.set_xy(x, y)
        self.pdf.cell(width, height, self.text(value), align="C")

    def badge(self, index: int, badge: Badge) -> None:
        if index % PER_PAGE == 0:
            self.pdf.add_page()
        x, y = badge_position(index)
        inner = BADGE_WIDTH - 2 * _PADDING
        self.pdf.set_draw_color(170, 170, 170)
        self.pdf.set_line_width(0.2)
        self.pdf.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT)
        self.pdf.set_text_color(90, 90, 90)
        self.fit(self.title, size=8, smallest=6, width=inner, bold=False)
        self.line(x + _PADDING, y + 3, inner, 5, self.title)
        self.pdf.set_text_color(0, 0, 0)
        self.fit(badge.name, size=20, smallest=10, width=inner, bold=True)
        self.line(x + _PADDING, y + 12, inner, 10, badge.name)
        if badge.organisation:
            self.fit(badge.organisation, size=11, smallest=7, width=inner, bold=False)
            self.line(x + _PADDING, y + 24, inner, 6, badge.organisation)
        if badge.place:
            self.pdf.set_text_color(70, 70, 70)
            self.fit(badge.place, size=9, smallest=6, width=inner, bold=False)
            self.line(x + _PADDING, y + 31, inner, 5, badge.place)
        red, green, blue = BAND_COLOURS.get(badge.participant_type, (60, 60, 60))
        self.pdf.set_fill_color(red, green, blue)
        self.pdf.rect(x, y + BADGE_HEIGHT - _BAND, BADGE_WIDTH, _BAND, style="F")
        self.pdf.set_text_color(255, 255, 255)
        label = str(ParticipantType(badge.participant_type).label).upper()
        self.fit(label, size=11, smallest=8, width=inner, bold=True)
        self.line(x + _PADDING, y + BADGE_HEIGHT - _BAND, inner, _BAND, label)
        self.pdf.set_text_color(0, 0, 0)


def badges_pdf(
    event: Event,
    registrations: Iterable[Registration],
    *,
    compress: bool = True,
    font_path: str | Path | None = None,
) -> bytes:
    """The badges of ``registrations`` (people loaded) as a PDF of A4 sheets, eight a page.

    With no registration the file has one empty page. ``compress=False`` writes readable
    content streams (for tests); ``font_path`` overrides the font (``""``: Latin-1 only).
    """
    sheet = _Sheet(title=event.title, compress=compress, font_path=font_path)
    count = 0
    for index, registration in enumerate(registrations):
        sheet.badge(index, badge_of(registration))
        count += 1
    if count == 0:
        sheet.pdf.add_page()
    return bytes(sheet.pdf.output())


def badges_filename(event: Event) -> str:
    """The download's file name, e.g. ``badges-smart-regions-2027.pdf``."""
    return f"badges-{event.slug}.pdf"
