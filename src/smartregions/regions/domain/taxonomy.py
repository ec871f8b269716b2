"""Reading taxonomies: resolving codes to terms and expanding codes to their descendants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Term


def descendant_term_ids(*, kind: TaxonomyKind | str, codes: Iterable[str]) -> set[int]:
    """Ids of the terms with ``codes`` (in taxonomies of ``kind``) and of all their descendants.

    Filtering priorities by NACE section ``C`` must also find priorities coded with division
    ``28``; this walks the term tree once in memory (NACE has under 1,000 terms).
    """
    wanted = {code.strip() for code in codes if code and code.strip()}
    if not wanted:
        return set()
    rows = list(Term.objects.filter(taxonomy__kind=kind).values_list("id", "code", "parent_id"))
    children: dict[int, list[int]] = defaultdict(list)
    for term_id, _code, parent_id in rows:
        if parent_id is not None:
            children[parent_id].append(term_id)
    stack = [term_id for term_id, code, _parent in rows if code in wanted]
    found: set[int] = set()
    while stack:
        term_id = stack.pop()
        if term_id in found:
            continue
        found.add(term_id)
        stack.extend(children.get(term_id, ()))
    return found
