"""The shared upsert of the taxonomy loaders: a taxonomy row and its terms, in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from smartregions.common.domain.activity import log_activity
from smartregions.common.imports import ImportResult
from smartregions.regions.models import Taxonomy, Term


@dataclass(frozen=True, slots=True)
class TermSpec:
    """A term as an input gives it, before it is matched against the database."""

    code: str
    label: str
    level: int
    parent_code: str | None
    description: str = ""


def upsert_taxonomy(*, slug: str, name: str, kind: str, source: str) -> tuple[Taxonomy, str]:
    """Get or create the taxonomy ``slug`` and bring its name, kind and source up to date.

    Returns the taxonomy and a note for the import result ("" when nothing changed). Writes
    inside the caller's transaction; the loaders' callers never see a half-updated list.
    """
    taxonomy, created = Taxonomy.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "source": source}
    )
    if created:
        return taxonomy, f"taxonomy {slug!r} created"
    wanted = {"name": name, "kind": kind, "source": source}
    changed = [field for field, value in wanted.items() if getattr(taxonomy, field) != value]
    if not changed:
        return taxonomy, ""
    for field in changed:
        setattr(taxonomy, field, wanted[field])
    taxonomy.save(update_fields=changed)
    return taxonomy, f"taxonomy {slug!r}: {', '.join(changed)} updated"


def sync_terms(taxonomy: Taxonomy, specs: Sequence[TermSpec], result: ImportResult) -> None:
    """Create and update the terms of ``taxonomy`` to match ``specs`` with bulk queries.

    New terms are inserted level by level, parents first, so each insert already carries its
    parent id (re-read after each level rather than relying on the backend returning ids);
    changed terms are then written in one bulk update. The number of queries depends on the
    number of levels and batches, not on the number of terms.
    """
    existing = {term.code: term for term in Term.objects.filter(taxonomy=taxonomy)}
    code_of = {term.pk: code for code, term in existing.items()}
    ids = {code: term.pk for code, term in existing.items()}
    new: list[TermSpec] = []
    changed: list[tuple[Term, str | None]] = []
    for spec in specs:
        term = existing.get(spec.code)
        if term is None:
            new.append(spec)
            continue
        current = (term.label, term.level, term.description, code_of.get(term.parent_id))
        if current == (spec.label, spec.level, spec.description, spec.parent_code):
            result.unchanged += 1
            continue
        term.label, term.level, term.description = spec.label, spec.level, spec.description
        changed.append((term, spec.parent_code))
    for level in sorted({spec.level for spec in new}):
        Term.objects.bulk_create(
            [
                Term(
                    taxonomy=taxonomy,
                    code=spec.code,
                    label=spec.label,
                    level=spec.level,
                    parent_id=ids[spec.parent_code] if spec.parent_code else None,
                    description=spec.description,
                )
                for spec in new
                if spec.level == level
            ],
            batch_size=500,
        )
        ids = dict(Term.objects.filter(taxonomy=taxonomy).values_list("code", "id"))
    for term, parent_code in changed:
        term.parent_id = ids[parent_code] if parent_code else None
    Term.objects.bulk_update(
        [term for term, _parent in changed],
        ["label", "level", "description", "parent"],
        batch_size=500,
    )
    result.created += len(new)
    result.updated += len(changed)
    stale = sorted(set(existing) - {spec.code for spec in specs})
    if stale:
        result.notes.append(
            f"{len(stale)} term(s) not in the input were kept: {', '.join(stale[:20])}"
        )


def log_import(*, actor: Any, taxonomy: Taxonomy, result: ImportResult) -> None:
    """Record a ``taxonomy.import`` activity entry with the result's counts."""
    log_activity(actor=actor, action="taxonomy.import", obj=taxonomy, data=result.as_dict())
