"""Region partner finding: rank partner regions for a region (:func:`find_partners`) and
propose a consortium covering a value chain (:func:`propose_consortium`).

Both read declared priorities (codes, texts), the stored evidence (complementarity,
relatedness, similarity) and cooperation ties; nothing is written, so the finder needs no
precomputed data beyond what the evidence engine stores.
"""

from smartregions.matching.domain.regions.candidates import clear_caches
from smartregions.matching.domain.regions.consortium import ConsortiumProposal, propose_consortium
from smartregions.matching.domain.regions.filters import CATEGORY_CHOICES, RegionFilters
from smartregions.matching.domain.regions.finder import find_partners
from smartregions.matching.domain.regions.results import PartnerResult, PartnerSearch
from smartregions.matching.domain.regions.weights import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    MODES,
    effective_weights,
    parse_weights,
)

__all__ = [
    "CATEGORY_CHOICES",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "MODES",
    "ConsortiumProposal",
    "PartnerResult",
    "PartnerSearch",
    "RegionFilters",
    "clear_caches",
    "effective_weights",
    "find_partners",
    "parse_weights",
    "propose_consortium",
]
