"""Reading taxonomies: resolving codes to terms and expanding codes to their descendants."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Max

from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term


@functools.lru_cache(maxsize=16)
def _term_tree(
    kind: str, stamp: tuple[int, int | None]
) -> tuple[dict[str, list[int]], dict[int, list[int]]]:
    """Code -> term ids and parent -> children of the taxonomies of ``kind``.

    ``stamp`` (term count, highest id) keys the cache, so adding or removing terms reloads the
    tree while repeated searches reuse it.
    """
    del stamp
    by_code: dict[str, list[int]] = defaultdict(list)
    children: dict[int, list[int]] = defaultdict(list)
    for term_id, code, parent_id in Term.objects.filter(taxonomy__kind=kind).values_list(
        "id", "code", "parent_id"
    ):
        by_code[code].append(term_id)
        if parent_id is not None:
            children[parent_id].append(term_id)
    return dict(by_code), dict(children)


def descendant_term_ids(*, kind: TaxonomyKind | str, codes: Iterable[str]) -> set[int]:
    """Ids of the terms with ``codes`` (in taxonomies of ``kind``) and of all their descendants.

    Filtering priorities by NACE section ``C`` must also find priorities coded with division
    ``28``. The term tree is loaded once per process and change of the taxonomy (one cheap
    aggregate query checks for changes), so a search costs no tree walk in the database.
    """
    wanted = {code.strip() for code in codes if code and code.strip()}
    if not wanted:
        return set()
    stats = Term.objects.filter(taxonomy__kind=kind).aggregate(n=Count("id"), top=Max("id"))
    by_code, children = _term_tree(str(kind), (stats["n"], stats["top"]))
    stack = [term_id for code in wanted for term_id in by_code.get(code, ())]
    found: set[int] = set()
    while stack:
        term_id = stack.pop()
        if term_id in found:
            continue
        found.add(term_id)
        stack.extend(children.get(term_id, ()))
    return found
