"""Fields of Research and Development (FORD) of the OECD Frascati Manual 2015.

The 6 broad fields and 42 second-level fields of Table 2.2 of the Frascati Manual 2015, with
their official codes. It is the scientific-domain axis of S3 priorities next to NABS; the list
is short and stable, so it is kept here as a reviewed constant rather than read from a file.
"""

from __future__ import annotations

SOURCE = (
    "OECD (2015), Frascati Manual 2015: Guidelines for Collecting and Reporting Data on "
    "Research and Experimental Development, Table 2.2 Fields of Research and Development (FORD)"
)

# One row per term: code, label, parent code.
TERMS: tuple[tuple[str, str, str | None], ...] = (
    ("1", "Natural sciences", None),
    ("1.1", "Mathematics", "1"),
    ("1.2", "Computer and information sciences", "1"),
    ("1.3", "Physical sciences", "1"),
    ("1.4", "Chemical sciences", "1"),
    ("1.5", "Earth and related environmental sciences", "1"),
    ("1.6", "Biological sciences", "1"),
    ("1.7", "Other natural sciences", "1"),
    ("2", "Engineering and technology", None),
    ("2.1", "Civil engineering", "2"),
    ("2.2", "Electrical engineering, electronic engineering, information engineering", "2"),
    ("2.3", "Mechanical engineering", "2"),
    ("2.4", "Chemical engineering", "2"),
    ("2.5", "Materials engineering", "2"),
    ("2.6", "Medical engineering", "2"),
    ("2.7", "Environmental engineering", "2"),
    ("2.8", "Environmental biotechnology", "2"),
    ("2.9", "Industrial biotechnology", "2"),
    ("2.10", "Nano-technology", "2"),
    ("2.11", "Other engineering and technologies", "2"),
    ("3", "Medical and health sciences", None),
    ("3.1", "Basic medicine", "3"),
    ("3.2", "Clinical medicine", "3"),
    ("3.3", "Health sciences", "3"),
    ("3.4", "Medical biotechnology", "3"),
    ("3.5", "Other medical sciences", "3"),
    ("4", "Agricultural and veterinary sciences", None),
    ("4.1", "Agriculture, forestry, and fisheries", "4"),
    ("4.2", "Animal and dairy science", "4"),
    ("4.3", "Veterinary science", "4"),
    ("4.4", "Agricultural biotechnology", "4"),
    ("4.5", "Other agricultural sciences", "4"),
    ("5", "Social sciences", None),
    ("5.1", "Psychology and cognitive sciences", "5"),
    ("5.2", "Economics and business", "5"),
    ("5.3", "Education", "5"),
    ("5.4", "Sociology", "5"),
    ("5.5", "Law", "5"),
    ("5.6", "Political science", "5"),
    ("5.7", "Social and economic geography", "5"),
    ("5.8", "Media and communications", "5"),
    ("5.9", "Other social sciences", "5"),
    ("6", "Humanities and the arts", None),
    ("6.1", "History and archaeology", "6"),
    ("6.2", "Languages and literature", "6"),
    ("6.3", "Philosophy, ethics and religion", "6"),
    ("6.4", "Arts (arts, history of arts, performing arts, music)", "6"),
    ("6.5", "Other humanities", "6"),
)
