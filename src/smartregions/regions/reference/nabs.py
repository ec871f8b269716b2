"""NABS 2007: Eurostat's nomenclature of socio-economic objectives of R&D (chapter level).

The 14 chapters of the Nomenclature for the Analysis and Comparison of Scientific Programmes
and Budgets, 2007 version, with their official two-digit codes. Eye@RIS3 codes the scientific
domain of S3 priorities with it; only the chapters are kept because priorities are coded at
that level.
"""

from __future__ import annotations

SOURCE = (
    "Eurostat, NABS 2007: Nomenclature for the Analysis and Comparison of Scientific "
    "Programmes and Budgets (socio-economic objectives), chapters 01-14"
)

# One row per term: code, label, parent code.
TERMS: tuple[tuple[str, str, str | None], ...] = (
    ("01", "Exploration and exploitation of the earth", None),
    ("02", "Environment", None),
    ("03", "Exploration and exploitation of space", None),
    ("04", "Transport, telecommunication and other infrastructures", None),
    ("05", "Energy", None),
    ("06", "Industrial production and technology", None),
    ("07", "Health", None),
    ("08", "Agriculture", None),
    ("09", "Education", None),
    ("10", "Culture, recreation, religion and mass media", None),
    ("11", "Political and social systems, structures and processes", None),
    (
        "12",
        "General advancement of knowledge: R&D financed from general university funds (GUF)",
        None,
    ),
    ("13", "General advancement of knowledge: R&D financed from other sources than GUF", None),
    ("14", "Defence", None),
)
