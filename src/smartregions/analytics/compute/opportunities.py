"""Diversification opportunities: relatedness density against complexity (Balland et al. 2019).

Each activity a region is not yet specialised in is placed in one of four quadrants by
whether its relatedness density is high for *that region* and whether its complexity is
high in the sample:

====  =====================  ===================  ========================================
code  relatedness density    complexity           reading (Balland et al. 2019, fig. 1)
====  =====================  ===================  ========================================
0     low                    low                  least attractive ("low-low")
1     low                    high                 high risk, high gain ("low-high")
2     high                   low                  low risk, low gain ("high-low")
3     high                   high                 ideal: related and complex ("high-high")
-1    (already specialised)                       ``PRESENT``
====  =====================  ===================  ========================================

"High" means ``>=`` the split value. Density is split at the region's own mean (or median)
density over its candidate activities (those with ``M = 0``, or all activities when no
presence matrix is given); complexity at the mean (or median) PCI over all activities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from smartregions.analytics.compute._validation import as_presence, as_vector
from smartregions.analytics.compute.errors import DegenerateInputError

PRESENT = -1
QUADRANT_LABELS: tuple[str, str, str, str] = ("low-low", "low-high", "high-low", "high-high")
Split = Literal["mean", "median"]


@dataclass(frozen=True, slots=True)
class Opportunities:
    """Quadrant of every region-activity pair and the split values used.

    Attributes
    ----------
    quadrant : (regions, activities) int8 ndarray
        Codes 0-3 as in the module table, ``PRESENT`` (-1) where the region is specialised.
    density_split : (regions,) float64 ndarray
        Each region's density threshold.
    complexity_split : float
        The complexity threshold.
    """

    quadrant: np.ndarray
    density_split: np.ndarray
    complexity_split: float

    def labels(self) -> np.ndarray:
        """The quadrant codes as strings (``"high-high"``..., ``"present"``). No side effects."""
        names = np.array([*QUADRANT_LABELS, "present"], dtype=object)
        return names[np.where(self.quadrant == PRESENT, len(QUADRANT_LABELS), self.quadrant)]


def opportunity_quadrants(
    density: object,
    complexity: object,
    *,
    presence: object | None = None,
    split: Split = "mean",
) -> Opportunities:
    r"""Classify each region's candidate activities into the four quadrants of Balland et al.

    .. math::

        q_{rp} = 2\,[d_{rp} \ge \tau_r] + [PCI_p \ge \kappa], \qquad
        \tau_r = \operatorname{mean}_{p: M_{rp}=0} d_{rp}, \quad
        \kappa = \operatorname{mean}_p PCI_p

    (``split="median"`` uses medians). A region specialised in every activity keeps its
    threshold over all activities; all its cells are ``PRESENT`` anyway.

    Parameters
    ----------
    density : (regions, activities) relatedness density (any scale, e.g. 0-1 or 0-100)
    complexity : (activities,) complexity of each activity (PCI)
    presence : (regions, activities) 0/1 matrix, optional
        When given, specialised cells are ``PRESENT`` and excluded from the density split.
    split : "mean" or "median"

    Returns
    -------
    :class:`Opportunities`. No side effects.

    References
    ----------
    Balland, P.-A., Boschma, R., Crespo, J. & Rigby, D. L. (2019). Smart specialization
    policy in the European Union: relatedness, knowledge complexity and regional
    diversification. *Regional Studies*, 53(9), 1252-1268.
    """
    if split not in ("mean", "median"):
        msg = f"split must be 'mean' or 'median', got {split!r}"
        raise ValueError(msg)
    dens = np.asarray(density, dtype=np.float64)
    if dens.ndim != 2 or dens.size == 0 or not np.isfinite(dens).all():
        msg = "density must be a non-empty finite (regions, activities) matrix"
        raise DegenerateInputError(msg)
    pci = as_vector(complexity, name="complexity", length=dens.shape[1])
    specialised = np.zeros(dens.shape, dtype=bool)
    if presence is not None:
        matrix = as_presence(presence)
        if matrix.shape != dens.shape:
            msg = f"presence must have shape {dens.shape}, got {matrix.shape}"
            raise DegenerateInputError(msg)
        specialised = matrix != 0
    candidate = ~specialised
    candidate[~candidate.any(axis=1)] = True
    masked = np.where(candidate, dens, np.nan)
    reduce = np.nanmean if split == "mean" else np.nanmedian
    density_split = reduce(masked, axis=1)
    complexity_split = float(np.mean(pci) if split == "mean" else np.median(pci))
    high_density = dens >= density_split[:, None]
    high_complexity = pci >= complexity_split
    quadrant = (2 * high_density + high_complexity[None, :]).astype(np.int8)
    quadrant[specialised] = PRESENT
    return Opportunities(
        quadrant=quadrant, density_split=density_split, complexity_split=complexity_split
    )
