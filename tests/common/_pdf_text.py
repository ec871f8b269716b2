"""Extract the text of an *uncompressed* PDF written by fpdf2, for exact assertions in tests.

Handles what :class:`smartregions.common.pdf.PdfDocument` writes: core fonts (Latin-1 literal
strings) and embedded TrueType fonts (two-byte glyph ids mapped back through each font's
``/ToUnicode`` CMap). Returns the shown strings in page order, one per ``Tj``.
"""

from __future__ import annotations

import re

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.DOTALL)
_FONT_REF = re.compile(rb"/(F\d+) (\d+) 0 R")
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>")
_SHOW = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            nxt = raw[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
        else:
            out += raw[i : i + 1]
            i += 1
    return bytes(out)


def pdf_strings(data: bytes) -> list[str]:
    """Every string shown with ``Tj``, decoded to Unicode."""
    objects = {int(n): body for n, body in _OBJECT.findall(data)}
    maps: dict[bytes, dict[int, str] | None] = {}
    for body in objects.values():
        for name, number in _FONT_REF.findall(body):
            font = objects.get(int(number), b"")
            cmap = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if cmap is None:
                maps[name] = None
            else:
                pairs = _BFCHAR.findall(objects[int(cmap.group(1))])
                maps[name] = {
                    int(gid, 16): bytes.fromhex(uni.decode()).decode("utf-16-be")
                    for gid, uni in pairs
                }
    shown, current = [], None
    for font, text in _SHOW.findall(data):
        if font:
            current = maps.get(font)
            continue
        raw = _unescape(text)
        if current is None:
            shown.append(raw.decode("latin-1"))
        else:
            ids = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
            shown.append("".join(current.get(gid, "\ufffd") for gid in ids))
    return shown
