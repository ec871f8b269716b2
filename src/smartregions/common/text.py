"""Text normalisation shared by search and import code."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case, accent-free form of ``text`` used for matching across EU languages.

    ``"Strojírenství"`` becomes ``"strojirenstvi"``; Greek and Cyrillic letters are kept (only
    combining marks are dropped), so searches work in any script.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_tokens(query: str) -> list[str]:
    """Split a free-text query into normalised word tokens (all must match)."""
    return _WORD.findall(normalise(query))
