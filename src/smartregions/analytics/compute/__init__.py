"""Pure numpy/scipy kernels of the evidence engine: arrays in, arrays out.

No Django, no pandas, no I/O (a test imports every module in a fresh interpreter and checks
that neither ``django`` nor ``pandas`` got loaded). Inputs are (regions, activities)
matrices, dense ``ndarray`` or ``scipy.sparse``; degenerate input raises
:class:`DegenerateInputError` rather than producing NaN.

Modules, one concept each: :mod:`.rca` (Balassa RCA, presence, diversity, ubiquity),
:mod:`.proximity` (product-space proximity, co-occurrence relatedness), :mod:`.relatedness`
(relatedness density), :mod:`.complexity` (ECI, PCI, COI, COG), :mod:`.diversification`
(Krugman, Hoover/locational Gini, Herfindahl, entropy, related/unrelated variety),
:mod:`.similarity` (structurally similar regions), :mod:`.complementarity` (interregional
complementarity), :mod:`.opportunities` (relatedness-complexity quadrants) and
:mod:`.pipeline` (everything for a year or a panel, as Stata ``ecomplexity``).
"""

from smartregions.analytics.compute.complementarity import (
    complementarity,
    complementary_activities,
)
from smartregions.analytics.compute.complexity import (
    complexity_eigenvectors,
    complexity_outlook,
    eci_pci,
    long_moments,
    standardise,
)
from smartregions.analytics.compute.diversification import (
    entropy,
    herfindahl,
    hoover_gini,
    krugman_index,
    locational_gini,
    related_variety,
    unrelated_variety,
)
from smartregions.analytics.compute.errors import DegenerateInputError
from smartregions.analytics.compute.opportunities import (
    PRESENT,
    QUADRANT_LABELS,
    Opportunities,
    opportunity_quadrants,
)
from smartregions.analytics.compute.pipeline import (
    ComplexityPanel,
    ComplexityResult,
    compute_all,
    compute_panel,
)
from smartregions.analytics.compute.proximity import (
    cooccurrence,
    cooccurrence_relatedness,
    proximity,
    relatedness_from_cooccurrence,
)
from smartregions.analytics.compute.rca import (
    binarise,
    diversity,
    drop_empty,
    presence_matrix,
    rca,
    rpop,
    ubiquity,
)
from smartregions.analytics.compute.relatedness import (
    relatedness_density,
    relatedness_density_percent,
)
from smartregions.analytics.compute.similarity import (
    SimilarRegions,
    most_similar,
    weighted_distances,
    zscores,
)

__all__ = [
    "PRESENT",
    "QUADRANT_LABELS",
    "ComplexityPanel",
    "ComplexityResult",
    "DegenerateInputError",
    "Opportunities",
    "SimilarRegions",
    "binarise",
    "complementarity",
    "complementary_activities",
    "complexity_eigenvectors",
    "complexity_outlook",
    "compute_all",
    "compute_panel",
    "cooccurrence",
    "cooccurrence_relatedness",
    "diversity",
    "drop_empty",
    "eci_pci",
    "entropy",
    "herfindahl",
    "hoover_gini",
    "krugman_index",
    "locational_gini",
    "long_moments",
    "most_similar",
    "opportunity_quadrants",
    "presence_matrix",
    "proximity",
    "rca",
    "related_variety",
    "relatedness_density",
    "relatedness_density_percent",
    "relatedness_from_cooccurrence",
    "rpop",
    "standardise",
    "ubiquity",
    "unrelated_variety",
    "weighted_distances",
    "zscores",
]
