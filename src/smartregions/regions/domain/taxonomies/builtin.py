"""Loading the short standard classifications written in ``regions/reference``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from smartregions.common.imports import ImportResult
from smartregions.regions.domain.taxonomies.sync import (
    TermSpec,
    log_import,
    sync_terms,
    upsert_taxonomy,
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.reference import ford, nabs, policy_objectives


@dataclass(frozen=True, slots=True)
class BuiltinTaxonomy:
    """A short standard code list written in ``regions/reference`` and loaded by slug."""

    slug: str
    name: str
    kind: TaxonomyKind
    source: str
    terms: tuple[tuple[str, str, str | None, str], ...]


def _without_description(
    terms: Iterable[tuple[str, str, str | None]],
) -> tuple[tuple[str, str, str | None, str], ...]:
    return tuple((code, label, parent, "") for code, label, parent in terms)


BUILTIN_TAXONOMIES: tuple[BuiltinTaxonomy, ...] = (
    BuiltinTaxonomy(
        slug="ford-2015",
        name="Fields of R&D (Frascati Manual 2015, FORD)",
        kind=TaxonomyKind.SCIENTIFIC,
        source=ford.SOURCE,
        terms=_without_description(ford.TERMS),
    ),
    BuiltinTaxonomy(
        slug="nabs-2007",
        name="NABS 2007 socio-economic objectives",
        kind=TaxonomyKind.SCIENTIFIC,
        source=nabs.SOURCE,
        terms=_without_description(nabs.TERMS),
    ),
    BuiltinTaxonomy(
        slug="cohesion-2021-2027",
        name="Cohesion Policy 2021-2027 policy objectives",
        kind=TaxonomyKind.POLICY,
        source=policy_objectives.COHESION_2021_2027_SOURCE,
        terms=policy_objectives.COHESION_2021_2027,
    ),
    BuiltinTaxonomy(
        slug="thematic-objectives-2014-2020",
        name="Thematic objectives 2014-2020 (Regulation (EU) No 1303/2013 Art. 9)",
        kind=TaxonomyKind.POLICY,
        source=policy_objectives.THEMATIC_OBJECTIVES_2014_2020_SOURCE,
        terms=policy_objectives.THEMATIC_OBJECTIVES_2014_2020,
    ),
)


def _builtin_specs(builtin: BuiltinTaxonomy) -> list[TermSpec]:
    parent_of = {code: parent for code, _label, parent, _description in builtin.terms}

    def depth(code: str) -> int:
        parent = parent_of[code]
        return 1 if parent is None else depth(parent) + 1

    return [
        TermSpec(code=code, label=label, level=depth(code), parent_code=parent, description=text)
        for code, label, parent, text in builtin.terms
    ]


@transaction.atomic
def load_builtin_taxonomies(*, actor: Any = None) -> list[ImportResult]:
    """Create or refresh the short standard classifications kept in ``regions/reference``.

    Loads FORD 2015 (``ford-2015``), NABS 2007 (``nabs-2007``), the 2021-2027 Cohesion Policy
    objectives (``cohesion-2021-2027``) and the 2014-2020 thematic objectives
    (``thematic-objectives-2014-2020``) with their official codes, so priorities can be coded
    on the scientific and policy axes. Idempotent; one ``taxonomy.import`` activity entry per
    taxonomy. Returns one result per taxonomy, in that order.
    """
    results = []
    for builtin in BUILTIN_TAXONOMIES:
        result = ImportResult(source=f"{builtin.slug}: {builtin.name}")
        taxonomy, note = upsert_taxonomy(
            slug=builtin.slug, name=builtin.name, kind=builtin.kind, source=builtin.source
        )
        if note:
            result.notes.append(note)
        sync_terms(taxonomy, _builtin_specs(builtin), result)
        log_import(actor=actor, taxonomy=taxonomy, result=result)
        results.append(result)
    return results
