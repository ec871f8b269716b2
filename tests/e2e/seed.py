"""A realistic data set for browser tests and screenshots, built from the real reference files.

Czech and Slovak NUTS 2021 regions with their GISCO boundaries, the full NACE Rev. 2 list, the
Czech regional RIS3 domains (Annex 2 of the national RIS3) as priorities, and a few synthetic
organisations. Everything is written through models and domain functions, not importers, so the
web tests do not depend on the importers' code.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from smartregions.organisations.domain.organisations import create_organisation
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.domain.priorities import create_priority
from smartregions.regions.domain.strategies import create_strategy
from smartregions.regions.enums import CountryGroup, StrategyStatus, TaxonomyKind
from smartregions.regions.models import Country, Region, Taxonomy, Term, ThematicArea

COUNTRIES = {"CZ": "Czechia", "SK": "Slovakia"}
POLICY_OBJECTIVES = {
    "PO1": "A more competitive and smarter Europe",
    "PO2": "A greener, low-carbon transitioning towards a net zero carbon economy",
    "PO3": "A more connected Europe",
    "PO4": "A more social and inclusive Europe",
    "PO5": "Europe closer to citizens",
}
FORD = {
    "1": ("Natural sciences", None),
    "1.2": ("Computer and information sciences", "1"),
    "2": ("Engineering and technology", None),
    "2.2": ("Electrical engineering, electronic engineering, information engineering", "2"),
    "2.3": ("Mechanical engineering", "2"),
    "4": ("Agricultural and veterinary sciences", None),
}
AREAS = {
    "advanced-manufacturing": "Advanced manufacturing",
    "digital-transformation": "Digital transformation",
    "bioeconomy": "Bioeconomy",
    "energy": "Sustainable energy",
}
# Words in a Czech domain name that tag it with a thematic area (demo tagging, not official).
AREA_WORDS = {
    "advanced-manufacturing": ("strojír", "mechatron", "průmysl"),
    "digital-transformation": ("softw", "digitál", "elektronik"),
    "bioeconomy": ("bio", "zeměděl", "potrav"),
    "energy": ("energ",),
}


@dataclass(frozen=True)
class Seeded:
    """Counts and handles the tests assert against."""

    regions: int
    priorities: int
    nace_terms: int


def _seed_regions(data: Path) -> int:
    countries = {
        code: Country.objects.create(code=code, iso_code=code, name=name, group=CountryGroup.EU)
        for code, name in COUNTRIES.items()
    }
    collection = json.loads((data / "nuts" / "NUTS_RG_60M_2021_4326.geojson").read_text())
    features = [f for f in collection["features"] if f["properties"]["CNTR_CODE"] in COUNTRIES]
    features.sort(key=lambda f: f["properties"]["LEVL_CODE"])
    by_code: dict[str, Region] = {}
    for feature in features:
        p = feature["properties"]
        code = p["NUTS_ID"]
        by_code[code] = Region.objects.create(
            code=code,
            nuts_version=2021,
            level=p["LEVL_CODE"],
            country=countries[p["CNTR_CODE"]],
            parent=by_code.get(code[:-1]) if p["LEVL_CODE"] else None,
            name_latin=p["NAME_LATN"],
            name_national=p["NUTS_NAME"],
            urban_type=p.get("URBN_TYPE") or None,
            mountain_type=p.get("MOUNT_TYPE") or None,
            coastal_type=p.get("COAST_TYPE") or None,
            boundary=feature["geometry"],
        )
    return len(by_code)


def _seed_taxonomies(data: Path) -> int:
    nace = Taxonomy.objects.create(slug="nace-rev2", name="NACE Rev. 2", kind=TaxonomyKind.ECONOMIC)
    with (data / "classifications" / "nace_rev2.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    terms: dict[str, Term] = {}
    for row in rows:
        terms[row["Code"]] = Term.objects.create(
            taxonomy=nace,
            code=row["Code"],
            label=row["Description"],
            level=int(row["Level"]),
            parent=terms.get(row["Parent"]),
        )
    ford = Taxonomy.objects.create(
        slug="ford-2015", name="Fields of R&D (FORD)", kind=TaxonomyKind.SCIENTIFIC
    )
    ford_terms: dict[str, Term] = {}
    for code, (label, parent) in FORD.items():
        ford_terms[code] = Term.objects.create(
            taxonomy=ford,
            code=code,
            label=label,
            level=2 if parent else 1,
            parent=ford_terms.get(parent or ""),
        )
    policy = Taxonomy.objects.create(
        slug="cohesion-2021-2027",
        name="Cohesion policy objectives 2021-2027",
        kind=TaxonomyKind.POLICY,
    )
    for code, label in POLICY_OBJECTIVES.items():
        Term.objects.create(taxonomy=policy, code=code, label=label)
    for slug, name in AREAS.items():
        ThematicArea.objects.create(slug=slug, name=name)
    return len(terms)


def _areas_for(name: str) -> list[ThematicArea]:
    lowered = name.lower()
    slugs = [slug for slug, words in AREA_WORDS.items() if any(w in lowered for w in words)]
    return list(ThematicArea.objects.filter(slug__in=slugs))


def _seed_priorities(data: Path) -> int:
    folder = data / "s3_priorities"
    kraje = json.loads((folder / "cz_ris3_domeny_kraje.json").read_text())["kraje"]
    nuts_of = {
        row["nazev"]: row["kod_nuts"]
        for row in json.loads((folder / "cz_ris3_kraje_kodovnik.json").read_text())["kraje"]
    }
    nace = {t.code: t for t in Term.objects.filter(taxonomy__slug="nace-rev2", level=2)}
    po1 = Term.objects.get(code="PO1")
    ford_mech = Term.objects.get(code="2.3")
    count = 0
    for name, content in sorted(kraje.items(), key=lambda item: nuts_of[item[0]]):
        region = Region.objects.get(code=nuts_of[name], nuts_version=2021)
        strategy = create_strategy(
            actor=None,
            region=region,
            title=f"RIS3 {region.name_latin}",
            period_start=2021,
            period_end=2027,
            status=StrategyStatus.ADOPTED,
            managing_authority=name,
            language="cs",
        )
        for domain in content["domeny"]:
            codes = [nace[c] for c in domain["cz_nace"] if c in nace]
            mechanical = any(c.code in {"28", "29"} for c in codes)
            create_priority(
                actor=None,
                strategy=strategy,
                title=domain["nazev"],
                description=domain["popis"],
                economic_domains=codes,
                scientific_domains=[ford_mech] if mechanical else [],
                policy_objectives=[po1],
                thematic_areas=_areas_for(domain["nazev"]),
                source="Příloha 2 NRIS3 v08 (MPO, 2025)",
            )
            count += 1
    return count


def _seed_organisations() -> None:
    nace = {t.code: t for t in Term.objects.filter(code__in=["28", "62", "72"])}
    specs = [
        ("Brno Mechatronics Cluster", OrganisationType.CLUSTER, "CZ064", ["28", "72"]),
        ("Vltava Software Works", OrganisationType.SME, "CZ010", ["62"]),
        ("Ostrava Institute of Energy Research", OrganisationType.RESEARCH, "CZ080", ["72"]),
        ("Bratislava Innovation Agency", OrganisationType.INTERMEDIARY, "SK010", []),
    ]
    for name, kind, code, codes in specs:
        create_organisation(
            actor=None,
            name=name,
            type=kind,
            region=Region.objects.get(code=code, nuts_version=2021),
            description=f"Synthetic demo organisation ({name}).",
            nace_codes=[nace[c] for c in codes],
            is_synthetic=True,
        )


def seed_demo(data: Path) -> Seeded:
    """Write the demo data set into the (test) database and return its sizes."""
    regions = _seed_regions(data)
    nace_terms = _seed_taxonomies(data)
    priorities = _seed_priorities(data)
    _seed_organisations()
    return Seeded(regions=regions, priorities=priorities, nace_terms=nace_terms)
