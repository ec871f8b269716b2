"""Writes on S3 priorities: create, update, delete, and keeping their search text current."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.common.text import normalise
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Priority, Strategy, Term, ThematicArea

SCALAR_FIELDS = ("title", "description", "keywords", "budget_eur", "source", "language")
AXES = (
    ("economic_domains", TaxonomyKind.ECONOMIC),
    ("scientific_domains", TaxonomyKind.SCIENTIFIC),
    ("policy_objectives", TaxonomyKind.POLICY),
)


def build_search_text(
    *, title: str, description: str, keywords: Iterable[str], thematic_areas: Iterable[str]
) -> str:
    """The normalised text that free-text priority search matches against."""
    return normalise(" ".join([title, description, *keywords, *thematic_areas]))


def refresh_search_text(priority: Priority) -> None:
    """Recompute ``priority.search_text`` from its current fields and thematic areas."""
    priority.search_text = build_search_text(
        title=priority.title,
        description=priority.description,
        keywords=priority.keywords,
        thematic_areas=[area.name for area in priority.thematic_areas.all()],
    )
    Priority.objects.filter(pk=priority.pk).update(search_text=priority.search_text)


def _check_axis(name: str, kind: TaxonomyKind, terms: Sequence[Term]) -> None:
    wrong = [t.code for t in terms if t.taxonomy.kind != kind]
    if wrong:
        raise ValidationError(
            {name: f"Not a code of a {kind.label.lower()} taxonomy: {', '.join(wrong)}"}
        )


def _clean_keywords(keywords: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for keyword in keywords:
        cleaned = " ".join(str(keyword).split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def next_reference(strategy: Strategy) -> str:
    """A fresh ``P<n>`` reference, unique within ``strategy``."""
    n = strategy.priorities.count() + 1
    while strategy.priorities.filter(reference=f"P{n}").exists():
        n += 1
    return f"P{n}"


def _set_relations(
    priority: Priority,
    *,
    economic_domains: Sequence[Term] | None,
    scientific_domains: Sequence[Term] | None,
    policy_objectives: Sequence[Term] | None,
    thematic_areas: Sequence[ThematicArea] | None,
) -> None:
    given = {
        "economic_domains": economic_domains,
        "scientific_domains": scientific_domains,
        "policy_objectives": policy_objectives,
    }
    for name, kind in AXES:
        terms = given[name]
        if terms is not None:
            _check_axis(name, kind, terms)
            getattr(priority, name).set(terms)
    if thematic_areas is not None:
        priority.thematic_areas.set(thematic_areas)


@transaction.atomic
def create_priority(
    *,
    actor: Any,
    strategy: Strategy,
    title: str,
    description: str = "",
    reference: str = "",
    economic_domains: Sequence[Term] = (),
    scientific_domains: Sequence[Term] = (),
    policy_objectives: Sequence[Term] = (),
    thematic_areas: Sequence[ThematicArea] = (),
    keywords: Iterable[str] = (),
    budget_eur: Decimal | None = None,
    source: str = "",
    language: str = "",
    is_synthetic: bool = False,
) -> Priority:
    """Add a priority to ``strategy`` with its codes on the three axes.

    Each code must come from a taxonomy of the matching kind (NACE for economic domains, and so
    on). Records ``priority.create`` in the activity log.
    """
    priority = Priority(
        strategy=strategy,
        reference=reference or next_reference(strategy),
        title=title,
        description=description,
        keywords=_clean_keywords(keywords),
        budget_eur=budget_eur,
        source=source,
        language=language or strategy.language,
        is_synthetic=is_synthetic,
    )
    priority.full_clean(exclude=["search_text"])
    priority.save()
    _set_relations(
        priority,
        economic_domains=economic_domains,
        scientific_domains=scientific_domains,
        policy_objectives=policy_objectives,
        thematic_areas=thematic_areas,
    )
    refresh_search_text(priority)
    log_activity(actor=actor, action="priority.create", obj=priority)
    return priority


@transaction.atomic
def update_priority(
    *,
    actor: Any,
    priority: Priority,
    economic_domains: Sequence[Term] | None = None,
    scientific_domains: Sequence[Term] | None = None,
    policy_objectives: Sequence[Term] | None = None,
    thematic_areas: Sequence[ThematicArea] | None = None,
    **changes: Any,
) -> Priority:
    """Change fields and, where given, replace the codes of ``priority``; logs what changed."""
    unknown = set(changes) - set(SCALAR_FIELDS)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise ValueError(msg)
    if "keywords" in changes:
        changes["keywords"] = _clean_keywords(changes["keywords"])
    changed = sorted(k for k, v in changes.items() if getattr(priority, k) != v)
    for key in changed:
        setattr(priority, key, changes[key])
    priority.full_clean(exclude=["search_text"])
    priority.save()
    relations = {
        "economic_domains": economic_domains,
        "scientific_domains": scientific_domains,
        "policy_objectives": policy_objectives,
        "thematic_areas": thematic_areas,
    }
    _set_relations(priority, **relations)
    changed += [name for name, value in relations.items() if value is not None]
    refresh_search_text(priority)
    log_activity(actor=actor, action="priority.update", obj=priority, data={"changed": changed})
    return priority


@transaction.atomic
def delete_priority(*, actor: Any, priority: Priority) -> None:
    """Delete ``priority``; the activity log keeps its title and reference."""
    log_activity(
        actor=actor,
        action="priority.delete",
        obj=priority,
        data={"reference": priority.reference, "strategy_id": priority.strategy_id},
    )
    priority.delete()
