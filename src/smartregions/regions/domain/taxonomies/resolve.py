"""Resolving codes written in files, forms and API requests to the terms of a taxonomy.

The one place that knows how people write classification codes: case and surrounding space
do not matter, NACE codes come in many spellings (``C28``, ``C.28``, ``2810``...), NABS
chapters lose their leading zero, and a code of a non-default taxonomy of an axis is written
``slug:code``. The priority import, the web forms, the REST API and the analytics importers
all resolve through :class:`TermLookup`, so a code means the same thing everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from smartregions.regions.domain.taxonomies.nace import NACE_SLUG
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Taxonomy, Term

NABS_SLUG = "nabs-2007"
# The taxonomy a bare code of each kind belongs to (the priority template's axes).
DEFAULT_TAXONOMIES: dict[str, str] = {
    TaxonomyKind.ECONOMIC: NACE_SLUG,
    TaxonomyKind.SCIENTIFIC: "ford-2015",
    TaxonomyKind.POLICY: "cohesion-2021-2027",
}

_NACE_PREFIXED = re.compile(r"([A-Z])[.\-]*(\d.*)")
# A two-digit division with optional group and class digits (dot optional), or a one-digit
# division (padded to two) standing alone or followed by a dot.
_NACE_DIGITS = re.compile(r"(\d{2})(?:\.?(\d)(\d)?)?|(\d)(?:\.(\d)(\d)?)?")


class CodeIssue(StrEnum):
    """Why a code did not resolve to exactly one term."""

    UNKNOWN = "unknown"  # no term with this code in the taxonomies searched
    AMBIGUOUS = "ambiguous"  # found in several non-default taxonomies of the kind
    NOT_LOADED = "not_loaded"  # the taxonomy named (or the kind's default) is not loaded
    WRONG_KIND = "wrong_kind"  # the taxonomy named is of another kind


@dataclass(frozen=True)
class CodeMatch:
    """The outcome of resolving one code.

    ``code`` is the code without its ``slug:`` qualifier; ``taxonomy_slug`` the taxonomy named
    or, for a bare code, the default taxonomy searched first; ``candidates`` the slugs of the
    taxonomies an ambiguous code was found in.
    """

    code: str
    taxonomy_slug: str
    term: Term | None = None
    issue: CodeIssue | None = None
    candidates: tuple[str, ...] = ()


def split_qualified(code: str) -> tuple[str, str]:
    """``"ford-2015:1.1"`` -> ``("ford-2015", "1.1")``; a bare code has an empty slug."""
    slug, sep, rest = code.partition(":")
    return (slug.strip().lower(), rest.strip()) if sep else ("", code.strip())


def _nace_candidates(raw: str) -> tuple[str, list[str]]:
    """The section letter given (or ``""``) and the NACE codes ``raw`` may mean, best first."""
    text = "".join(raw.upper().split())
    if re.fullmatch(r"[A-Z]", text):
        return "", [text]
    section = ""
    prefixed = _NACE_PREFIXED.fullmatch(text)
    if prefixed:
        section, text = prefixed.groups()
    digits = _NACE_DIGITS.fullmatch(text)
    if not digits:
        return section, []
    division, group, klass = digits.group(1, 2, 3) if digits.group(1) else digits.group(4, 5, 6)
    division = division.zfill(2)
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


def normalise_nace_code(code: str) -> tuple[str, str]:
    """``(code, section)`` for a NACE code as people write it.

    ``C28``/``C.28``/``28`` give ``("28", "C")``/``("28", "C")``/``("28", "")``, ``c.1`` gives
    ``("01", "C")``, ``281`` gives ``("28.1", "")``; ``28.10`` stays as written (resolution
    falls back to the group when no such class exists). Anything that is not a NACE spelling
    comes back upper-cased with no section. Pure.
    """
    text = "".join(code.upper().split())
    section, candidates = _nace_candidates(text)
    return (candidates[0], section) if candidates else (text, "")


class _TaxonomyIndex:
    """The terms of one taxonomy by upper-cased code, and the spelling rules of that taxonomy."""

    def __init__(self, slug: str, terms: list[Term]) -> None:
        self.slug = slug
        self.by_code = {term.code.upper(): term for term in terms}
        self.by_id = {term.pk: term for term in terms}

    def _top_code(self, term: Term) -> str:
        while term.parent_id is not None and term.parent_id in self.by_id:
            term = self.by_id[term.parent_id]
        return term.code.upper()

    def find(self, code: str) -> Term | None:
        text = code.strip().upper()
        if not text:
            return None
        term = self.by_code.get(text)
        if term is not None:
            return term
        if self.slug == NACE_SLUG:
            section, candidates = _nace_candidates(text)
            term = next((self.by_code[c] for c in candidates if c in self.by_code), None)
            # A section letter must be the code's section, where the tree records sections.
            top = self._top_code(term) if term is not None else ""
            if term is not None and section and top.isalpha() and top != section:
                return None
            return term
        if self.slug == NABS_SLUG and text.isdigit():
            return self.by_code.get(text.zfill(2))
        return None


class TermLookup:
    """Resolves codes to terms, loading each taxonomy's terms once: build one per import.

    ``TermLookup()`` reads the taxonomies (one query) and the terms of a taxonomy when first
    needed (one query each). ``TermLookup(kind=...)`` reads all terms of one kind in a single
    query, which suits a form or API request that resolves codes of one axis. Terms come with
    their taxonomy loaded. Read-only.
    """

    def __init__(self, *, kind: TaxonomyKind | str | None = None) -> None:
        self._indexes: dict[str, _TaxonomyIndex] = {}
        if kind is None:
            self.taxonomies = {t.slug: t for t in Taxonomy.objects.all()}
            return
        terms = Term.objects.filter(taxonomy__kind=kind).select_related("taxonomy").order_by("id")
        grouped: dict[str, list[Term]] = {}
        self.taxonomies = {}
        for term in terms:
            self.taxonomies.setdefault(term.taxonomy.slug, term.taxonomy)
            grouped.setdefault(term.taxonomy.slug, []).append(term)
        self._indexes = {slug: _TaxonomyIndex(slug, rows) for slug, rows in grouped.items()}

    def _index(self, slug: str) -> _TaxonomyIndex:
        if slug not in self._indexes:
            terms = list(Term.objects.filter(taxonomy__slug=slug).select_related("taxonomy"))
            self._indexes[slug] = _TaxonomyIndex(slug, terms)
        return self._indexes[slug]

    def find(self, *, taxonomy_slug: str, code: str) -> Term | None:
        """The term of taxonomy ``taxonomy_slug`` that ``code`` means, or ``None``.

        Accepts the spellings described in :func:`resolve_codes`. Raises
        ``Taxonomy.DoesNotExist`` when the taxonomy is not loaded.
        """
        self.require(taxonomy_slug)
        return self._index(taxonomy_slug).find(code)

    def require(self, taxonomy_slug: str) -> None:
        """Raise ``Taxonomy.DoesNotExist`` (saying how to load it) unless the taxonomy is here."""
        if taxonomy_slug not in self.taxonomies:
            msg = f"taxonomy {taxonomy_slug!r} is not loaded; run `smartregions import_taxonomies`"
            raise Taxonomy.DoesNotExist(msg)

    def resolve(
        self, code: str, *, kind: TaxonomyKind | str, default_only: bool = False
    ) -> CodeMatch:
        """Resolve one code of an axis of kind ``kind``.

        ``slug:code`` looks only in that taxonomy, which must be of ``kind``. A bare code
        means the kind's default taxonomy (:data:`DEFAULT_TAXONOMIES`); unless
        ``default_only`` is set (the priority template's contract), a bare code missing there
        is looked up in the kind's other taxonomies and is ``AMBIGUOUS`` when found in more
        than one of them.
        """
        slug, plain = split_qualified(code)
        if slug:
            return self._match_in(slug, plain, kind=kind)
        default = DEFAULT_TAXONOMIES.get(kind, "")
        if default in self.taxonomies:
            match = self._match(default, plain)
            if match.term is not None or default_only:
                return match
        elif default_only:
            return CodeMatch(plain, default, issue=CodeIssue.NOT_LOADED)
        others = sorted(s for s, t in self.taxonomies.items() if t.kind == kind and s != default)
        found = [(s, term) for s in others if (term := self._index(s).find(plain)) is not None]
        if len(found) == 1:
            return CodeMatch(plain, found[0][0], found[0][1])
        if found:
            slugs = tuple(s for s, _ in found)
            return CodeMatch(plain, default, issue=CodeIssue.AMBIGUOUS, candidates=slugs)
        return CodeMatch(plain, default, issue=CodeIssue.UNKNOWN)

    def _match_in(self, slug: str, code: str, *, kind: TaxonomyKind | str) -> CodeMatch:
        taxonomy = self.taxonomies.get(slug)
        if taxonomy is None:
            return CodeMatch(code, slug, issue=CodeIssue.NOT_LOADED)
        if taxonomy.kind != kind:
            return CodeMatch(code, slug, issue=CodeIssue.WRONG_KIND)
        return self._match(slug, code)

    def _match(self, slug: str, code: str) -> CodeMatch:
        term = self._index(slug).find(code)
        return CodeMatch(code, slug, term, None if term is not None else CodeIssue.UNKNOWN)


def resolve_codes(*, taxonomy_slug: str, codes: Iterable[str]) -> tuple[list[Term], list[str]]:
    """Look up ``codes`` in the taxonomy ``taxonomy_slug``: (terms found, codes not found).

    Matching ignores case and surrounding spaces. For NACE (``nace-rev2``) the usual ways of
    writing a code are accepted: with or without the section letter (``C28``, ``C.28`` and
    ``28`` are division 28; a letter that is not the code's section makes it unknown), with or
    without the dot (``281``, ``2811``), a one-digit division padded (``1`` is ``01``), and a
    group padded to a class (``28.10``, ``2810``) falls back to the group ``28.1`` when no such
    class exists. NABS chapters may be written without the leading zero. Terms come back once
    each, in input order, with their taxonomy loaded; unknown codes come back as given
    (stripped). Importers use it to turn the codes of a file into terms and report the rest as
    problems. Raises ``Taxonomy.DoesNotExist`` when the taxonomy is not loaded.
    """
    lookup = TermLookup()
    lookup.require(taxonomy_slug)
    found: dict[int, Term] = {}
    unknown: dict[str, None] = {}
    for raw in codes:
        code = raw.strip()
        if not code:
            continue
        term = lookup.find(taxonomy_slug=taxonomy_slug, code=code)
        if term is None:
            unknown.setdefault(code, None)
        else:
            found.setdefault(term.pk, term)
    return list(found.values()), list(unknown)


def resolve_kind_codes(
    *, kind: TaxonomyKind | str, codes: Iterable[str]
) -> tuple[list[Term], dict[str, CodeMatch]]:
    """Resolve codes of one axis (``kind``): (terms found, failing code -> its match).

    Codes may be bare or ``slug:code`` (see :meth:`TermLookup.resolve`; a bare code found in
    several non-default taxonomies is ambiguous). Blank codes are skipped, terms come back
    once each in input order, failing codes keyed as given (stripped). Used by the web forms
    and the REST API to validate user input. One query, none when there are no codes.
    """
    wanted = list(dict.fromkeys(str(code).strip() for code in codes if str(code).strip()))
    if not wanted:
        return [], {}
    lookup = TermLookup(kind=kind)
    found: dict[int, Term] = {}
    problems: dict[str, CodeMatch] = {}
    for code in wanted:
        match = lookup.resolve(code, kind=kind)
        if match.term is None:
            problems[code] = match
        else:
            found.setdefault(match.term.pk, match.term)
    return list(found.values()), problems
