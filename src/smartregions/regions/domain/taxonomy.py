"""Reading taxonomies: resolving codes to terms and expanding codes to their descendants."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max

from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term


@dataclass(frozen=True)
class _TermTree:
    """The terms of the taxonomies of one kind: code -> ids, parent -> children, id -> parent
    and id -> code."""

    by_code: dict[str, list[int]]
    children: dict[int, list[int]]
    parent_of: dict[int, int]
    code_of: dict[int, str]


@functools.lru_cache(maxsize=16)
def _term_tree(kind: str, stamp: tuple[int, int | None]) -> _TermTree:
    """The term tree of the taxonomies of ``kind``.

    ``stamp`` (term count, highest id) keys the cache, so adding or removing terms reloads the
    tree while repeated searches reuse it.
    """
    del stamp
    by_code: dict[str, list[int]] = defaultdict(list)
    children: dict[int, list[int]] = defaultdict(list)
    parent_of: dict[int, int] = {}
    code_of: dict[int, str] = {}
    for term_id, code, parent_id in Term.objects.filter(taxonomy__kind=kind).values_list(
        "id", "code", "parent_id"
    ):
        by_code[code].append(term_id)
        code_of[term_id] = code
        if parent_id is not None:
            children[parent_id].append(term_id)
            parent_of[term_id] = parent_id
    return _TermTree(dict(by_code), dict(children), parent_of, code_of)


def forget_term_trees() -> None:
    """Drop the cached term trees. Tests call it between tests: a rolled-back test database
    can reuse ids, so another test's terms may carry the same (count, highest id) stamp."""
    _term_tree.cache_clear()


def _current_tree(kind: TaxonomyKind | str) -> _TermTree:
    """The cached tree of ``kind``, reloaded when its terms changed (one aggregate query)."""
    stats = Term.objects.filter(taxonomy__kind=kind).aggregate(n=Count("id"), top=Max("id"))
    return _term_tree(str(kind), (stats["n"], stats["top"]))


def descendant_term_ids(*, kind: TaxonomyKind | str, codes: Iterable[str]) -> set[int]:
    """Ids of the terms with ``codes`` (in taxonomies of ``kind``) and of all their descendants.

    Filtering priorities by NACE section ``C`` must also find priorities coded with division
    ``28``. The term tree is loaded once per process and change of the taxonomy (one cheap
    aggregate query checks for changes), so a search costs no tree walk in the database.
    """
    wanted = {code.strip() for code in codes if code and code.strip()}
    if not wanted:
        return set()
    tree = _current_tree(kind)
    stack = [term_id for code in wanted for term_id in tree.by_code.get(code, ())]
    found: set[int] = set()
    while stack:
        term_id = stack.pop()
        if term_id in found:
            continue
        found.add(term_id)
        stack.extend(tree.children.get(term_id, ()))
    return found


def ancestor_codes(*, kind: TaxonomyKind | str, codes: Iterable[str]) -> dict[str, list[str]]:
    """Each code -> the codes above it, nearest first (NACE ``28.11`` -> ``28.1``, ``28``, ``C``).

    Reads the same cached term tree as :func:`descendant_term_ids` (one aggregate query per
    call). A code unknown in the taxonomies of ``kind`` maps to an empty list.
    """
    tree = _current_tree(kind)
    result: dict[str, list[str]] = {}
    for code in codes:
        chain: list[str] = []
        for term_id in tree.by_code.get(code, ()):
            parent = tree.parent_of.get(term_id)
            while parent is not None and tree.code_of[parent] not in chain:
                chain.append(tree.code_of[parent])
                parent = tree.parent_of.get(parent)
        result[code] = chain
    return result
