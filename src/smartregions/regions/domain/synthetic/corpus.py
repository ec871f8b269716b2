"""A large synthetic priority corpus for benchmarks (not for the demo)."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.domain.synthetic.build import (
    BATCH,
    Vocabulary,
    insert_priorities,
    priority_spec,
)
from smartregions.regions.domain.synthetic.registry import EXTRA_REGIO_CODE, SyntheticSummary
from smartregions.regions.domain.synthetic.themes import THEMES
from smartregions.regions.enums import StrategyLevel, StrategyStatus
from smartregions.regions.models import Region, Strategy

CORPUS_FLAG = "[Synthetic corpus]"


@transaction.atomic
def generate_priority_corpus(*, n: int, seed: int, actor: Any = None) -> SyntheticSummary:
    """Create ``n`` synthetic priorities spread over the NUTS 1-3 regions, for benchmarks.

    Regions of the current NUTS version are shuffled and each drawn region gets one
    ``[Synthetic corpus]`` strategy (85 % for 2021-2027, the rest 2014-2020) with 3-12 priorities
    coded like the demo registry, so filters on text, codes, country and NUTS level select
    realistic fractions of the rows. Not idempotent on purpose: a benchmark starts from an empty
    database and wants exactly ``n`` rows. Needs regions and taxonomies; raises ``ValueError``
    when no region is loaded. Bulk inserts; logs one ``synthetic.corpus`` entry.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    vocab = Vocabulary.load()
    regions = list(
        Region.objects.filter(
            nuts_version=current_nuts_version(), level__gte=1, is_extra_regio=False
        )
        .exclude(code__regex=EXTRA_REGIO_CODE)
        .select_related("country")
        .order_by("code")
    )
    if not regions:
        msg = "no regions of the current NUTS version: import the NUTS registry first"
        raise ValueError(msg)
    rng.shuffle(regions)
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(min(rng.randint(3, 12), n - sum(sizes)))
    strategies = []
    for i in range(len(sizes)):
        region = regions[i % len(regions)]
        start, end = (2021, 2027) if rng.random() < 0.85 else (2014, 2020)
        strategies.append(
            Strategy(
                country=region.country,
                region=region,
                level=StrategyLevel.REGIONAL,
                title=f"{CORPUS_FLAG} {region.name_latin} strategy {start}-{end} no. {i + 1}",
                period_start=start,
                period_end=end,
                status=StrategyStatus.ADOPTED,
                language="en",
                is_synthetic=True,
            )
        )
    Strategy.objects.bulk_create(strategies, batch_size=BATCH)
    source = f"synthetic corpus, seed {seed}"
    specs = [
        priority_spec(
            rng,
            strategy=strategy,
            region_name=strategy.region.name_latin,
            theme=theme,
            reference=f"P{k}",
            vocab=vocab,
            source=source,
        )
        for strategy, size in zip(strategies, sizes, strict=True)
        for k, theme in enumerate(rng.choices(THEMES, k=size), start=1)
    ]
    insert_priorities(specs)
    summary = SyntheticSummary(
        seed=seed,
        created=True,
        countries=sorted({s.country.code for s in strategies}),
        regions=sorted({s.region.code for s in strategies}),
        strategies=len(strategies),
        priorities=len(specs),
    )
    log_activity(
        actor=actor,
        action="synthetic.corpus",
        data={"seed": seed, "strategies": summary.strategies, "priorities": summary.priorities},
    )
    return summary
