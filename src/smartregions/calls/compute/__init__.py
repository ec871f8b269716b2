"""Pure numpy/scipy kernels of the calls app: arrays in, arrays out.

No Django, no pandas, no I/O (a test imports the package in a fresh interpreter and checks
that none got loaded). Modules: :mod:`.fit` (how well an expert's expertise fits an
application: thematic area and character n-gram text similarity) and :mod:`.assignment`
(reviewer assignment as a minimum-cost flow: most reviews first, then best fit, then
balanced load, never a pair that is excluded).
"""

from smartregions.calls.compute.assignment import Assignment, solve_assignment
from smartregions.calls.compute.fit import expertise_fit

__all__ = ["Assignment", "expertise_fit", "solve_assignment"]
