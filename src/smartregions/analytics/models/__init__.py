from smartregions.analytics.models.dataset import Dataset, Observation
from smartregions.analytics.models.results import (
    ActivityPairResult,
    ActivityYearResult,
    ComputationRun,
    RegionActivityResult,
    RegionPairResult,
    RegionYearResult,
)

__all__ = [
    "ActivityPairResult",
    "ActivityYearResult",
    "ComputationRun",
    "Dataset",
    "Observation",
    "RegionActivityResult",
    "RegionPairResult",
    "RegionYearResult",
]
