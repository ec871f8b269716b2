"""Resolving codes written in files and forms to the terms of a taxonomy."""

from __future__ import annotations

import re
from collections.abc import Iterable

from smartregions.regions.domain.taxonomies.nace import NACE_SLUG
from smartregions.regions.models import Taxonomy, Term

_NACE_PREFIXED = re.compile(r"([A-Z])[\s.\-]*(\d.*)")
_NACE_DIGITS = re.compile(r"(\d{2})(?:\.?(\d)(\d)?)?")


def _nace_candidates(raw: str) -> tuple[str | None, list[str]]:
    """The section letter given (if any) and the NACE codes ``raw`` may mean, best first."""
    text = "".join(raw.upper().split())
    if re.fullmatch(r"[A-Z]", text):
        return None, [text]
    section = None
    prefixed = _NACE_PREFIXED.fullmatch(text)
    if prefixed:
        section, text = prefixed.groups()
    digits = _NACE_DIGITS.fullmatch(text)
    if not digits:
        return section, []
    division, group, klass = digits.groups()
    candidates = []
    if klass is not None:
        candidates.append(f"{division}.{group}{klass}")
        if klass == "0":  # "28.10" or "2810": a group written as a padded class
            candidates.append(f"{division}.{group}")
            if group == "0":
                candidates.append(division)
    elif group is not None:
        candidates.append(f"{division}.{group}")
        if group == "0":
            candidates.append(division)
    else:
        candidates.append(division)
    return section, candidates


def _section_of(term: Term, by_id: dict[int, Term]) -> str:
    while term.parent_id is not None:
        term = by_id[term.parent_id]
    return term.code


def resolve_codes(*, taxonomy_slug: str, codes: Iterable[str]) -> tuple[list[Term], list[str]]:
    """Look up ``codes`` in the taxonomy ``taxonomy_slug``: (terms found, codes not found).

    Matching ignores case and surrounding spaces. For NACE (``nace-rev2``) the usual ways of
    writing a code are accepted: with or without the section letter (``C28``, ``C.28`` and
    ``28`` are division 28; a letter that is not the code's section makes it unknown), with or
    without the dot (``281``, ``2811``), and a group padded to a class (``28.10``, ``2810``)
    falls back to the group ``28.1`` when no such class exists. NABS chapters may be written
    without the leading zero. Terms come back once each, in input order, with their taxonomy
    loaded; unknown codes come back as given (stripped). Importers use it to turn the codes of
    a file into terms and report the rest as problems. Raises ``Taxonomy.DoesNotExist`` when
    the taxonomy is not loaded.
    """
    if not Taxonomy.objects.filter(slug=taxonomy_slug).exists():
        msg = f"taxonomy {taxonomy_slug!r} is not loaded; run `smartregions import_taxonomies`"
        raise Taxonomy.DoesNotExist(msg)
    terms = list(Term.objects.filter(taxonomy__slug=taxonomy_slug).select_related("taxonomy"))
    by_code = {term.code.upper(): term for term in terms}
    by_id = {term.pk: term for term in terms}
    found: dict[int, Term] = {}
    unknown: dict[str, None] = {}
    for raw in codes:
        code = raw.strip()
        if not code:
            continue
        term = by_code.get(code.upper())
        if term is None and taxonomy_slug == NACE_SLUG:
            section, candidates = _nace_candidates(code)
            term = next((by_code[c] for c in candidates if c in by_code), None)
            if term is not None and section and _section_of(term, by_id) != section:
                term = None
        elif term is None and taxonomy_slug == "nabs-2007" and code.isdigit():
            term = by_code.get(code.zfill(2))
        if term is None:
            unknown.setdefault(code, None)
        else:
            found.setdefault(term.pk, term)
    return list(found.values()), list(unknown)
