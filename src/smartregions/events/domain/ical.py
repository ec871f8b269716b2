"""Writing iCalendar files (RFC 5545): the calendar feed, one event, a programme or an agenda.

Every surface that offers a ``.ics`` download builds :class:`IcsEvent` rows and passes them to
:func:`calendar`. Times are written in UTC (``YYYYMMDDTHHMMSSZ``), so calendar programs show
them in their user's zone without needing a ``VTIMEZONE`` block. Text values are escaped
(backslash, comma, semicolon, line breaks) and lines longer than 75 octets are folded, never
in the middle of a UTF-8 character; lines end with CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

#: The product identifier written in every file.
PRODID = "-//smartregions//events//EN"
#: The content type of a download.
CONTENT_TYPE = "text/calendar; charset=utf-8"
#: Longest line in octets, without the line break (RFC 5545, 3.1).
LINE_OCTETS = 75


@dataclass(frozen=True)
class IcsEvent:
    """One ``VEVENT``: a globally unique ``uid`` (e.g. ``event-12@smartregions``), its times
    (aware datetimes) and texts; ``url`` should be absolute. ``status`` (``CONFIRMED``,
    ``TENTATIVE`` or ``CANCELLED``), ``sequence`` (the revision, growing with each change)
    and ``last_modified`` are written when given, so calendars update or drop the entry."""

    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = ""
    sequence: int | None = None
    last_modified: dt.datetime | None = None


def escape_text(value: str) -> str:
    """``value`` as an iCalendar TEXT value: ``\\`` ``;`` ``,`` escaped, line breaks as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def format_utc(value: dt.datetime) -> str:
    """An aware ``value`` as a UTC DATE-TIME, e.g. ``20270310T080000Z``."""
    if value.tzinfo is None or value.utcoffset() is None:
        msg = "iCalendar times must be timezone-aware"
        raise ValueError(msg)
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold ``line`` into lines of at most 75 octets joined by CRLF and one space.

    A continuation line starts with the space, so it carries at most 74 octets of content;
    a multi-byte UTF-8 character is never split.
    """
    parts: list[str] = []
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _vevent(event: IcsEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.status:
        lines.append(f"STATUS:{event.status}")
    if event.sequence is not None:
        lines.append(f"SEQUENCE:{event.sequence}")
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{format_utc(event.last_modified)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[IcsEvent], *, name: str, generated_at: dt.datetime | None = None
) -> str:
    """A complete ``VCALENDAR`` named ``name`` holding ``events``, as text with CRLF endings.

    ``DTSTAMP`` (when the file was written) is ``generated_at`` or now. Pure: no queries.
    """
    stamp = format_utc(generated_at or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _vevent(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
