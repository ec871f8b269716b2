"""Seeded synthetic S3 data for the demo and the benchmarks: strategies, priorities, organisations.

Real priority data exists only for Czechia (``czech.py``); to show what the platform does with a
European registry, the demo adds clearly fictitious strategies for about 40 NUTS-2 regions of
other countries (:func:`generate_synthetic_registry`), and the benchmarks build a 10,000-priority
corpus (:func:`generate_priority_corpus`). Every generated row has ``is_synthetic=True`` and a
``[Synthetic]`` flag in its title or description, so none can pass for real data. The same seed
always yields the same rows.
"""

from smartregions.regions.domain.synthetic.build import FLAG
from smartregions.regions.domain.synthetic.corpus import CORPUS_FLAG, generate_priority_corpus
from smartregions.regions.domain.synthetic.registry import (
    DEFAULT_SEED,
    SyntheticSummary,
    delete_synthetic_registry,
    generate_synthetic_registry,
    registry_source,
    synthetic_registry_organisations,
    synthetic_registry_strategies,
)
from smartregions.regions.domain.synthetic.themes import THEMES, Theme

__all__ = [
    "CORPUS_FLAG",
    "DEFAULT_SEED",
    "FLAG",
    "THEMES",
    "SyntheticSummary",
    "Theme",
    "delete_synthetic_registry",
    "generate_priority_corpus",
    "generate_synthetic_registry",
    "registry_source",
    "synthetic_registry_organisations",
    "synthetic_registry_strategies",
]
