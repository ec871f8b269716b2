"""Country groups of the NUTS area, written by hand from the EU's own lists.

Codes are Eurostat/NUTS codes (``EL`` for Greece, ``UK`` for the United Kingdom). The lists
change only with an accession or a change of candidate status, so a reviewed constant is safer
than scraping; :func:`smartregions.regions.domain.countries.import_countries` reads them.
"""

from __future__ import annotations

from smartregions.regions.enums import CountryGroup

# The 27 member states since 1 February 2020 (Eurostat protocol order).
EU_MEMBERS: tuple[str, ...] = (
    "BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL", "ES", "FR", "HR", "IT", "CY", "LV",
    "LT", "LU", "HU", "MT", "NL", "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE",
)  # fmt: skip

EFTA_MEMBERS: tuple[str, ...] = ("CH", "IS", "LI", "NO")

# Candidate countries and potential candidates (Kosovo*), which GISCO covers with statistical
# regions.
CANDIDATES: tuple[str, ...] = ("AL", "BA", "GE", "MD", "ME", "MK", "RS", "TR", "UA", "XK")

# Covered by NUTS 2016/2021 files although no longer a member state.
OTHER_COUNTRIES: tuple[str, ...] = ("UK",)

# Where the Eurostat code differs from the ISO 3166-1 alpha-2 code.
ISO_CODE_EXCEPTIONS: dict[str, str] = {"EL": "GR", "UK": "GB"}

# Countries missing from ISO 3166-1: Kosovo uses the user-assigned code XK and, following the EU
# convention, its name carries the asterisk footnote ("without prejudice to positions on
# status"). No official alpha-3 code exists, so it stays empty.
NON_ISO_COUNTRIES: dict[str, dict[str, str]] = {
    "XK": {"iso_code": "XK", "iso3_code": "", "name": "Kosovo*"},
}


def country_groups() -> dict[str, CountryGroup]:
    """Every covered Eurostat country code mapped to its group."""
    groups: dict[str, CountryGroup] = {}
    for codes, group in (
        (EU_MEMBERS, CountryGroup.EU),
        (EFTA_MEMBERS, CountryGroup.EFTA),
        (CANDIDATES, CountryGroup.CANDIDATE),
        (OTHER_COUNTRIES, CountryGroup.OTHER),
    ):
        groups.update(dict.fromkeys(codes, group))
    return groups
