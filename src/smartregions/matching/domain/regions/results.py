"""What a partner search returns: the ranked candidates with their score parts and reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from smartregions.analytics.models import Dataset
from smartregions.matching.compute.text import SentencePair
from smartregions.matching.domain.regions.candidates import CodeRef, RegionRow
from smartregions.matching.domain.regions.filters import RegionFilters
from smartregions.matching.domain.regions.query import ResolvedQuery
from smartregions.matching.domain.regions.ties import Tie
from smartregions.regions.models import Region


@dataclass(frozen=True)
class MatchedPriority:
    """The candidate priority whose text matched the query best, and the cosine."""

    id: int
    title: str
    region_code: str
    score: float


@dataclass(frozen=True)
class ActivityReason:
    """A complementary activity and its contribution to :math:`C_{rs}`."""

    code: str
    label: str
    contribution: float


@dataclass(frozen=True)
class PartnerResult:
    """One ranked candidate: the score, its parts and why."""

    rank: int
    region: RegionRow
    total: float
    components: dict[str, float]
    parts: dict[str, float]
    shared_codes: list[CodeRef] = field(default_factory=list)
    activities: list[ActivityReason] = field(default_factory=list)
    matched_priority: MatchedPriority | None = None
    sentences: list[SentencePair] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    evidence_region: str = ""


@dataclass(frozen=True)
class PartnerSearch:
    """A finished search: what was asked, what could be used, and the ranked partners.

    ``scores`` holds the total of every allowed candidate (for the map), ``results`` the first
    ``limit`` of them with explanations.
    """

    region: Region
    query: ResolvedQuery
    mode: str
    weights: dict[str, float]
    shares: dict[str, float]
    present: tuple[str, ...]
    filters: RegionFilters
    dataset: Dataset | None
    year: int | None
    evidence_region: str
    candidates: int
    results: list[PartnerResult]
    scores: dict[str, float]
    notes: list[str]
