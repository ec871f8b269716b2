from smartregions.regions.models.country import Country
from smartregions.regions.models.region import NutsCorrespondence, Region
from smartregions.regions.models.strategy import Priority, Strategy
from smartregions.regions.models.taxonomy import Taxonomy, Term
from smartregions.regions.models.thematic import ThematicArea, ThematicPlatform

__all__ = [
    "Country",
    "NutsCorrespondence",
    "Priority",
    "Region",
    "Strategy",
    "Taxonomy",
    "Term",
    "ThematicArea",
    "ThematicPlatform",
]
