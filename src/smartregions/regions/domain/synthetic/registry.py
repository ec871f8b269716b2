"""The synthetic demo registry: fictitious S3 strategies for about 40 NUTS-2 regions."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.domain.synthetic.build import (
    BATCH,
    FLAG,
    OrganisationSpec,
    PrioritySpec,
    Vocabulary,
    insert_organisations,
    insert_priorities,
    organisation_specs,
    priority_spec,
    random_themes,
)
from smartregions.regions.domain.synthetic.themes import LANGUAGES
from smartregions.regions.enums import StrategyLevel, StrategyStatus
from smartregions.regions.models import Priority, Region, Strategy

DEFAULT_SEED = 20261122
# Countries whose real S3 priorities are imported keep only those.
REAL_DATA_COUNTRIES = frozenset({"CZ"})
EAST = frozenset({"BG", "CZ", "EE", "HR", "HU", "LT", "LV", "PL", "RO", "SI", "SK"})
LARGE = frozenset({"DE", "ES", "FR", "IT", "NL", "PL", "RO"})
# ``DEZ``, ``DEZZ``, ``DEZZZ``: extra-regio codes, skipped even if the importer did not flag them.
EXTRA_REGIO_CODE = r"^[A-Z]{2}Z+$"


@dataclass
class SyntheticSummary:
    """What a generator call found or made; ``created`` is False when it changed nothing."""

    seed: int
    created: bool
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    strategies: int = 0
    priorities: int = 0
    organisations: int = 0

    def __str__(self) -> str:
        state = "generated" if self.created else "already present"
        return (
            f"{len(self.regions)} regions in {len(self.countries)} countries, "
            f"{self.strategies} strategies, {self.priorities} priorities, "
            f"{self.organisations} organisations (seed {self.seed}, {state})"
        )


def registry_source(seed: int) -> str:
    """The ``Priority.source`` of the synthetic registry's priorities for ``seed``."""
    return f"synthetic registry, seed {seed}"


def synthetic_registry_strategies() -> QuerySet[Strategy]:
    """Strategies of the synthetic registry (any seed); the benchmark corpus is not included."""
    return Strategy.objects.filter(is_synthetic=True, title__startswith=f"{FLAG} ")


def synthetic_registry_organisations() -> QuerySet[Organisation]:
    """Organisations made by the generator (any seed)."""
    return Organisation.objects.filter(is_synthetic=True, description__startswith=FLAG)


def choose_regions(
    rng: random.Random, *, n_countries: int, regions_per_country: int
) -> tuple[list[str], list[Region]]:
    """Pick countries alternating west/east and large/small, then NUTS-2 regions in each.

    Only countries with at least ``regions_per_country`` NUTS-2 regions of the current version
    qualify, EU members first; countries with real priority data are never picked. Returns the
    country codes and the regions, both sorted.
    """
    regions = (
        Region.objects.filter(nuts_version=current_nuts_version(), level=2, is_extra_regio=False)
        .exclude(country__code__in=REAL_DATA_COUNTRIES)
        .exclude(code__regex=EXTRA_REGIO_CODE)
        .select_related("country")
        .order_by("code")
    )
    by_country: dict[str, list[Region]] = defaultdict(list)
    for region in regions:
        by_country[region.country.code].append(region)
    eligible = sorted(c for c, found in by_country.items() if len(found) >= regions_per_country)
    eu = [c for c in eligible if by_country[c][0].country.is_eu_member]
    pool = eu if len(eu) >= n_countries else eligible
    buckets = [
        [c for c in pool if (c in EAST) == east and (c in LARGE) == large]
        for east, large in ((False, True), (True, False), (False, False), (True, True))
    ]
    chosen: list[str] = []
    while len(chosen) < n_countries and any(buckets):
        for bucket in buckets:
            if bucket and len(chosen) < n_countries:
                chosen.append(bucket.pop(rng.randrange(len(bucket))))
    picked = [r for c in chosen for r in rng.sample(by_country[c], regions_per_country)]
    return sorted(chosen), sorted(picked, key=lambda region: region.code)


def delete_synthetic_registry(*, actor: Any = None) -> tuple[int, int]:
    """Delete every synthetic-registry strategy (with its priorities) and organisation.

    Only rows with ``is_synthetic=True`` and the ``[Synthetic]`` flag go; real data and the
    benchmark corpus stay. Memberships of deleted organisations go with them. Returns the numbers
    of strategies and organisations deleted; logs ``synthetic.delete``.
    """
    with transaction.atomic():
        strategies = synthetic_registry_strategies()
        organisations = synthetic_registry_organisations()
        counts = (strategies.count(), organisations.count())
        strategies.delete()
        organisations.delete()
        log_activity(
            actor=actor,
            action="synthetic.delete",
            data={"strategies": counts[0], "organisations": counts[1]},
        )
    return counts


def _existing(seed: int) -> SyntheticSummary | None:
    priorities = Priority.objects.filter(is_synthetic=True, source=registry_source(seed))
    if not priorities.exists():
        return None
    strategies = list(synthetic_registry_strategies().select_related("region", "country"))
    return SyntheticSummary(
        seed=seed,
        created=False,
        countries=sorted({s.country.code for s in strategies}),
        regions=sorted(s.region.code for s in strategies if s.region),
        strategies=len(strategies),
        priorities=priorities.count(),
        organisations=synthetic_registry_organisations()
        .filter(description__contains=f"(seed {seed})")
        .count(),
    )


def _strategy(rng: random.Random, region: Region) -> Strategy:
    name = region.name_latin
    return Strategy(
        country=region.country,
        region=region,
        level=StrategyLevel.REGIONAL,
        title=f"{FLAG} {name} smart specialisation strategy 2021-2027",
        period_start=2021,
        period_end=2027,
        managing_authority=f"{FLAG} Managing authority of the {name} regional programme",
        status=StrategyStatus.ADOPTED if rng.random() < 0.7 else StrategyStatus.DRAFT,
        language=LANGUAGES.get(region.country.code, "en"),
        is_synthetic=True,
    )


@transaction.atomic
def generate_synthetic_registry(
    *,
    seed: int = DEFAULT_SEED,
    n_countries: int = 10,
    regions_per_country: int = 4,
    priorities_per_strategy: tuple[int, int] = (4, 8),
    organisations_per_region: tuple[int, int] = (3, 8),
    actor: Any = None,
    replace: bool = False,
) -> SyntheticSummary:
    """Create fictitious 2021-2027 S3 strategies, priorities and organisations for the demo.

    Picks ``n_countries`` countries mixing west/east and large/small (never Czechia, whose real
    priorities are imported), ``regions_per_country`` current-version NUTS-2 regions in each, and
    gives every region one strategy, ``priorities_per_strategy`` priorities coded with NACE
    divisions, FORD fields, 2021-27 policy and specific objectives, thematic areas, keywords and
    budgets, and ``organisations_per_region`` organisations. The platform needs a Europe-wide
    registry to show search, maps and matching; only Czech data is real, so the rest is made up,
    and everything made up is flagged (``is_synthetic=True`` and ``[Synthetic]`` in titles or
    descriptions). The same seed gives the same rows on the same registry.

    Needs NUTS regions and taxonomies loaded; codes missing from the database are skipped.
    Idempotent: when the registry of ``seed`` exists nothing is written (``created=False``);
    ``replace=True`` deletes all synthetic-registry data first. Raises ``ValueError`` rather than
    add a second seed beside an existing one, and when no country has enough regions. Writes
    with bulk inserts and logs one ``synthetic.generate`` entry.
    """
    if replace:
        delete_synthetic_registry(actor=actor)
    else:
        existing = _existing(seed)
        if existing is not None:
            return existing
        if synthetic_registry_strategies().exists():
            msg = "a synthetic registry of another seed exists; pass replace=True to regenerate"
            raise ValueError(msg)
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    vocab = Vocabulary.load()
    countries, regions = choose_regions(
        rng, n_countries=n_countries, regions_per_country=regions_per_country
    )
    if not regions:
        msg = f"no country has {regions_per_country} NUTS-2 regions: import the NUTS registry first"
        raise ValueError(msg)
    strategies = [_strategy(rng, region) for region in regions]
    Strategy.objects.bulk_create(strategies, batch_size=BATCH)
    priorities: list[PrioritySpec] = []
    organisations: list[OrganisationSpec] = []
    taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
    for strategy, region in zip(strategies, regions, strict=True):
        themes = random_themes(rng, *priorities_per_strategy)
        priorities += [
            priority_spec(
                rng,
                strategy=strategy,
                region_name=region.name_latin,
                theme=theme,
                reference=f"P{n}",
                vocab=vocab,
                source=registry_source(seed),
            )
            for n, theme in enumerate(themes, start=1)
        ]
        organisations += organisation_specs(
            rng,
            region=region,
            count=rng.randint(*organisations_per_region),
            themes=themes,
            vocab=vocab,
            seed=seed,
            taken_slugs=taken_slugs,
        )
    insert_priorities(priorities)
    insert_organisations(organisations)
    summary = SyntheticSummary(
        seed=seed,
        created=True,
        countries=countries,
        regions=[region.code for region in regions],
        strategies=len(strategies),
        priorities=len(priorities),
        organisations=len(organisations),
    )
    log_activity(
        actor=actor,
        action="synthetic.generate",
        data={
            "seed": seed,
            "regions": summary.regions,
            "strategies": summary.strategies,
            "priorities": summary.priorities,
            "organisations": summary.organisations,
        },
    )
    return summary
