"""Classifications: NACE Rev.2 from Eurostat's file, the built-in short lists (FORD, NABS,
Cohesion Policy objectives), the S3 thematic platforms and areas, and resolving codes to terms.

Every loader is an idempotent upsert keyed on codes or slugs: a second run on the same input
reports only ``unchanged``. Terms that are no longer in the input are kept (priorities may be
coded with them) and reported in the result's notes.
"""

from smartregions.regions.domain.taxonomies.builtin import (
    BUILTIN_TAXONOMIES,
    BuiltinTaxonomy,
    load_builtin_taxonomies,
)
from smartregions.regions.domain.taxonomies.nace import NACE_SLUG, import_nace
from smartregions.regions.domain.taxonomies.resolve import TermLookup, resolve_codes
from smartregions.regions.domain.taxonomies.sync import TermSpec
from smartregions.regions.domain.taxonomies.thematic import load_thematic_areas

__all__ = [
    "BUILTIN_TAXONOMIES",
    "NACE_SLUG",
    "BuiltinTaxonomy",
    "TermLookup",
    "TermSpec",
    "import_nace",
    "load_builtin_taxonomies",
    "load_thematic_areas",
    "resolve_codes",
]
