"""Importing the countries of the NUTS area (EU, EFTA, candidates, UK) with their ISO codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult
from smartregions.conf import data_dir
from smartregions.regions.domain.nuts._io import read_json_file
from smartregions.regions.models import Country
from smartregions.regions.reference.countries import (
    ISO_CODE_EXCEPTIONS,
    NON_ISO_COUNTRIES,
    country_groups,
)

COUNTRY_FIELDS = ("iso_code", "iso3_code", "name", "group")


def default_countries_path() -> Path:
    """The ISO 3166-1 list shipped with pycountry, in the reference data folder."""
    return data_dir() / "countries" / "pycountry_iso3166-1.json"


def _wanted_countries(path: Path) -> list[dict[str, str]]:
    """Rows to store (code, iso_code, iso3_code, name, group) or ImportRejected with all gaps."""
    problems = ProblemCollector(str(path))
    data = read_json_file(path, problems)
    problems.raise_if_any()
    entries = data.get("3166-1") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.add(None, "3166-1", "expected an object with a '3166-1' list of countries")
        problems.raise_if_any()
    by_alpha2 = {e.get("alpha_2"): e for e in entries if isinstance(e, dict)}
    rows = []
    for code, group in country_groups().items():
        if code in NON_ISO_COUNTRIES:
            rows.append({"code": code, "group": group, **NON_ISO_COUNTRIES[code]})
            continue
        iso = ISO_CODE_EXCEPTIONS.get(code, code)
        entry = by_alpha2.get(iso)
        if entry is None:
            problems.add(iso, "alpha_2", f"country {iso} (Eurostat {code}) is not in the list")
            continue
        # pycountry's common_name is the everyday English name ("Moldova" for "Moldova,
        # Republic of"); it is absent where name already is the common one.
        name = entry.get("common_name") or entry.get("name") or ""
        if not name or not entry.get("alpha_3"):
            problems.add(iso, "name" if not name else "alpha_3", "missing value")
            continue
        rows.append(
            {
                "code": code,
                "iso_code": iso,
                "iso3_code": entry["alpha_3"],
                "name": name,
                "group": group,
            }
        )
    problems.raise_if_any()
    return rows


@transaction.atomic
def import_countries(*, actor: Any = None, path: Path | None = None) -> ImportResult:
    """Create or update the 42 countries NUTS covers: EU-27, EFTA, candidates and the UK.

    Codes are Eurostat's (``EL``, ``UK``); ISO alpha-2/alpha-3 codes and English names come from
    the ISO 3166-1 list at ``path`` (default: the pycountry file in the reference data); groups
    come from :mod:`smartregions.regions.reference.countries`. Kosovo* is not in ISO 3166-1 and
    is written from the reference module. Idempotent: a re-run reports every row unchanged.
    Raises ``ImportRejected`` (nothing written) when the file is unreadable or lacks a country.
    Records ``country.import`` in the activity log when something changed.
    """
    path = Path(path) if path is not None else default_countries_path()
    rows = _wanted_countries(path)
    result = ImportResult(source=str(path))
    existing = {country.code: country for country in Country.objects.all()}
    for row in rows:
        country = existing.get(row["code"])
        if country is None:
            Country.objects.create(**row)
            result.created += 1
            continue
        changed = [name for name in COUNTRY_FIELDS if getattr(country, name) != row[name]]
        if not changed:
            result.unchanged += 1
            continue
        for name in changed:
            setattr(country, name, row[name])
        country.save(update_fields=changed)
        result.updated += 1
    if result.changed:
        log_activity(actor=actor, action="country.import", data=result.as_dict())
    return result
