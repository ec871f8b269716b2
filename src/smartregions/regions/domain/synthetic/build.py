"""Building synthetic rows in memory and inserting them in bulk (shared by registry and corpus).

Rows are built first and inserted with ``bulk_create`` (one statement per batch and per table)
because the benchmark corpus has 10,000 priorities; the search text is computed with
:func:`~smartregions.regions.domain.priorities.build_search_text`, exactly as the domain
functions do, so search behaves as on hand-entered data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from smartregions.organisations.enums import OrganisationSize, OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.priorities import build_search_text
from smartregions.regions.domain.synthetic.themes import (
    BRAND_HEADS,
    BRAND_TAILS,
    LEGAL_FORMS,
    THEMES,
    Theme,
)
from smartregions.regions.models import Priority, Region, Strategy, Term, ThematicArea

FLAG = "[Synthetic]"
BATCH = 1000

# The public authority and the intermediaries get service codes rather than their theme's.
SERVICE_NACE = {
    OrganisationType.PUBLIC_AUTHORITY: ("84",),
    OrganisationType.RESEARCH: ("72",),
    OrganisationType.CLUSTER: ("94",),
    OrganisationType.INTERMEDIARY: ("70", "74"),
}
OTHER_TYPES = (
    OrganisationType.SME,
    OrganisationType.LARGE_COMPANY,
    OrganisationType.RESEARCH,
    OrganisationType.CLUSTER,
    OrganisationType.INTERMEDIARY,
)
OTHER_WEIGHTS = (40, 15, 20, 15, 10)


@dataclass
class Vocabulary:
    """Ids of the terms and thematic areas the themes refer to, read once from the database."""

    nace: dict[str, int]
    ford: dict[str, int]
    policy: dict[str, int]
    areas: dict[str, int]
    area_names: dict[int, str]

    @classmethod
    def load(cls) -> Vocabulary:
        def codes(slug: str) -> dict[str, int]:
            return dict(Term.objects.filter(taxonomy__slug=slug).values_list("code", "id"))

        areas = list(ThematicArea.objects.values_list("slug", "id", "name"))
        return cls(
            nace=codes("nace-rev2"),
            ford=codes("ford-2015"),
            policy=codes("cohesion-2021-2027"),
            areas={slug: pk for slug, pk, _ in areas},
            area_names={pk: name for _, pk, name in areas},
        )

    def policy_ids(self, specific: Sequence[str]) -> list[int]:
        """Term ids of specific objectives ``RSOx.y`` and of their policy objectives ``POx``."""
        codes = {*specific, *(f"PO{code[3]}" for code in specific)}
        return sorted(self.policy[c] for c in codes if c in self.policy)


@dataclass
class PrioritySpec:
    """An unsaved priority and the ids of its codes on the four axes."""

    priority: Priority
    economic: list[int]
    scientific: list[int]
    policy: list[int]
    areas: list[int]


def pick(rng: random.Random, items: Sequence[Any], low: int, high: int) -> list[Any]:
    """Between ``low`` and ``high`` distinct items of ``items`` (fewer if there are fewer)."""
    return rng.sample(list(items), min(len(items), rng.randint(low, high)))


def priority_spec(
    rng: random.Random,
    *,
    strategy: Strategy,
    region_name: str,
    theme: Theme,
    reference: str,
    vocab: Vocabulary,
    source: str,
) -> PrioritySpec:
    """A fictitious priority of ``theme`` for ``strategy``, its description flagged synthetic."""
    actions = rng.sample(theme.actions, 3)
    title = rng.choice(theme.titles)
    description = (
        f"{FLAG} Fictitious priority generated for demonstration. {region_name} has "
        f"{theme.strength}. The priority aims to {theme.goal}. Planned actions include "
        f"{actions[0]}, {actions[1]} and {actions[2]}."
    )
    keywords = pick(rng, theme.keywords, 3, 5)
    economic = [vocab.nace[c] for c in pick(rng, theme.nace, 2, 4) if c in vocab.nace]
    scientific = [vocab.ford[c] for c in pick(rng, theme.ford, 1, 2) if c in vocab.ford]
    policy = vocab.policy_ids(pick(rng, theme.policy, 1, 2))
    areas = [vocab.areas[s] for s in pick(rng, theme.areas, 1, 2) if s in vocab.areas]
    areas.sort(key=lambda pk: vocab.area_names[pk])  # the order refresh_search_text() uses
    budget = None
    if rng.random() < 0.85:  # some strategies publish no budget per priority
        budget = Decimal(round(rng.lognormvariate(16.3, 0.8), -4)).quantize(Decimal("0.01"))
    priority = Priority(
        strategy=strategy,
        reference=reference,
        title=title,
        description=description,
        keywords=keywords,
        budget_eur=budget,
        source=source,
        language="en",
        is_synthetic=True,
        search_text=build_search_text(
            title=title,
            description=description,
            keywords=keywords,
            thematic_areas=[vocab.area_names[pk] for pk in areas],
        ),
    )
    return PrioritySpec(priority, economic, scientific, policy, areas)


def random_themes(rng: random.Random, low: int, high: int) -> list[Theme]:
    """Distinct themes for one strategy (a strategy does not repeat a theme)."""
    return pick(rng, THEMES, low, high)


def insert_priorities(specs: Sequence[PrioritySpec]) -> None:
    """Bulk-insert priorities (strategies must be saved), then their many-to-many code rows."""
    Priority.objects.bulk_create([spec.priority for spec in specs], batch_size=BATCH)
    relations = (
        (Priority.economic_domains.through, "term_id", "economic"),
        (Priority.scientific_domains.through, "term_id", "scientific"),
        (Priority.policy_objectives.through, "term_id", "policy"),
        (Priority.thematic_areas.through, "thematicarea_id", "areas"),
    )
    for through, column, attribute in relations:
        through.objects.bulk_create(
            [
                through(priority_id=spec.priority.pk, **{column: pk})
                for spec in specs
                for pk in getattr(spec, attribute)
            ],
            batch_size=BATCH,
        )


@dataclass
class OrganisationSpec:
    """An unsaved organisation with the ids of its NACE codes and thematic areas."""

    organisation: Organisation
    nace: list[int]
    areas: list[int]


def _name_size_activity(
    rng: random.Random, kind: str, *, region: Region, theme: Theme
) -> tuple[str, str, str]:
    place = region.name_latin
    word = rng.choice(theme.org_words)
    brand = rng.choice(BRAND_HEADS) + rng.choice(BRAND_TAILS)
    topic = rng.choice(theme.keywords)
    small, large = LEGAL_FORMS.get(region.country.code, ("Ltd", "PLC"))
    if kind == OrganisationType.PUBLIC_AUTHORITY:
        return (
            f"{place} Regional Innovation Office",
            OrganisationSize.MEDIUM,
            "regional public body managing innovation funding",
        )
    if kind == OrganisationType.SME:
        sizes = (OrganisationSize.MICRO, OrganisationSize.SMALL, OrganisationSize.MEDIUM)
        return f"{brand} {word} {small}", rng.choice(sizes), f"company working on {topic}"
    if kind == OrganisationType.LARGE_COMPANY:
        return f"{brand} {word} {large}", OrganisationSize.LARGE, f"manufacturer active in {topic}"
    if kind == OrganisationType.RESEARCH:
        sizes = (OrganisationSize.MEDIUM, OrganisationSize.LARGE)
        return (
            f"{place} Institute for {word} Research",
            rng.choice(sizes),
            f"research organisation specialised in {topic}",
        )
    if kind == OrganisationType.CLUSTER:
        return (
            f"{place} {word} Cluster",
            OrganisationSize.SMALL,
            f"cluster of firms and researchers in {topic}",
        )
    return (
        f"{brand} Innovation Hub {place}",
        OrganisationSize.SMALL,
        "technology-transfer and innovation-brokerage agency",
    )


def organisation_specs(
    rng: random.Random,
    *,
    region: Region,
    count: int,
    themes: Sequence[Theme],
    vocab: Vocabulary,
    seed: int,
    taken_slugs: set[str],
) -> list[OrganisationSpec]:
    """``count`` organisations of ``region``: its public authority, then a weighted mix of
    SMEs, large companies, research organisations, clusters and intermediaries working on the
    region's priority ``themes``. Names are invented; descriptions are flagged synthetic."""
    kinds = [
        OrganisationType.PUBLIC_AUTHORITY,
        *rng.choices(OTHER_TYPES, weights=OTHER_WEIGHTS, k=max(0, count - 1)),
    ]
    specs = []
    for kind in kinds:
        theme = rng.choice(themes)
        name, size, activity = _name_size_activity(rng, kind, region=region, theme=theme)
        base = slugify(name)[:300] or "organisation"
        slug, n = base, 1
        while slug in taken_slugs:
            n += 1
            slug = f"{base}-{n}"
        taken_slugs.add(slug)
        codes = SERVICE_NACE.get(kind, ())
        if kind in (
            OrganisationType.SME,
            OrganisationType.LARGE_COMPANY,
            OrganisationType.RESEARCH,
        ):
            codes = (*codes, *pick(rng, theme.nace, 1, 2))
        organisation = Organisation(
            name=name,
            slug=slug,
            type=kind,
            region=region,
            size=size,
            description=(
                f"{FLAG} Fictitious {activity} in {region.name_latin}, generated for the demo "
                f"(seed {seed}); not a real organisation."
            ),
            keywords=pick(rng, theme.keywords, 2, 3),
            is_synthetic=True,
        )
        nace = sorted({vocab.nace[c] for c in codes if c in vocab.nace})
        areas = [vocab.areas[s] for s in pick(rng, theme.areas, 0, 1) if s in vocab.areas]
        specs.append(OrganisationSpec(organisation, nace, areas))
    return specs


def insert_organisations(specs: Sequence[OrganisationSpec]) -> None:
    """Bulk-insert organisations, then their NACE-code and thematic-area rows."""
    Organisation.objects.bulk_create([s.organisation for s in specs], batch_size=BATCH)
    nace = Organisation.nace_codes.through
    areas = Organisation.thematic_areas.through
    nace.objects.bulk_create(
        [nace(organisation_id=s.organisation.pk, term_id=t) for s in specs for t in s.nace],
        batch_size=BATCH,
    )
    areas.objects.bulk_create(
        [
            areas(organisation_id=s.organisation.pk, thematicarea_id=a)
            for s in specs
            for a in s.areas
        ],
        batch_size=BATCH,
    )
