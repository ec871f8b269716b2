"""Conflicts of interest between an expert and an application, by the call's rules.

The *applicants* are the lead region and organisation and every co-applicant that has not
declined (an invited co-applicant may still confirm, so it already counts). Per rule in
``Call.conflict_rules``:

* ``organisation``: the expert's organisation is the lead or a co-applicant organisation;
* ``region``: a region of the expert (their stated region, their organisation's region) is,
  contains or lies inside (NUTS code prefix) the lead or a co-applicant region or the region of
  an applicant organisation. Codes are compared across NUTS versions: a boundary revision does
  not make a region's own expert impartial;
* ``country``: a country of the expert (their stated country, their region's, their
  organisation's) is the country of any applicant region or organisation.

Pure functions over rows whose relations are loaded
(:func:`~smartregions.calls.domain.queries.evaluation.experts_with_details` and
:func:`~smartregions.calls.domain.queries.evaluation.applications_for_evaluation`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from smartregions.calls.enums import CoApplicantStatus, ConflictRule


@dataclass(frozen=True)
class Conflict:
    """One reason why an expert may not review an application."""

    rule: str
    reason: str


@dataclass(frozen=True)
class Applicants:
    """Who applies: organisations (id -> name) and regions (with their organisations')."""

    organisations: dict[int, str] = field(default_factory=dict)
    regions: tuple[Any, ...] = ()


def applicants_of(application: Any) -> Applicants:
    """The lead and the co-applicants that have not declined (reads prefetched relations)."""
    organisations: dict[int, str] = {}
    regions: list[Any] = []
    parties = [(application.lead_region, application.lead_organisation)]
    parties += [
        (c.region, c.organisation)
        for c in application.co_applicants.all()
        if c.status != CoApplicantStatus.DECLINED
    ]
    for region, organisation in parties:
        if region is not None:
            regions.append(region)
        if organisation is not None:
            organisations[organisation.pk] = organisation.name
            regions.append(organisation.region)
    return Applicants(organisations=organisations, regions=tuple(regions))


def _overlap(a: Any, b: Any) -> bool:
    return a.code.startswith(b.code) or b.code.startswith(a.code)


def _region_conflicts(expert: Any, applicants: Applicants) -> list[Conflict]:
    """The region rule, for the expert's stated region and for their organisation's region (an
    expert working in a region is as close to its applicants as one living there); at most one
    conflict each."""
    found = []
    own = [(expert.region, _("the expert's region %(own)s"))] if expert.region else []
    if expert.organisation is not None and expert.organisation.region_id != expert.region_id:
        own.append((expert.organisation.region, _("the expert's organisation's region %(own)s")))
    for region, label in own:
        hit = next((other for other in applicants.regions if _overlap(region, other)), None)
        if hit is not None:
            found.append(
                Conflict(
                    ConflictRule.REGION,
                    _("Same region: %(whose)s overlaps the applicant region %(other)s.")
                    % {"whose": label % {"own": region.code}, "other": hit.code},
                )
            )
    return found


def _expert_countries(expert: Any) -> dict[int, Any]:
    countries = {}
    if expert.country is not None:
        countries[expert.country.pk] = expert.country
    if expert.region is not None:
        countries[expert.region.country.pk] = expert.region.country
    if expert.organisation is not None:
        countries[expert.organisation.region.country.pk] = expert.organisation.region.country
    return countries


def find_conflicts(expert: Any, applicants: Applicants, rules: Iterable[str]) -> list[Conflict]:
    """Every conflict between ``expert`` and ``applicants`` under ``rules`` (empty: none)."""
    rules = set(rules)
    found: list[Conflict] = []
    organisation = expert.organisation
    if (
        ConflictRule.ORGANISATION in rules
        and organisation is not None
        and organisation.pk in applicants.organisations
    ):
        found.append(
            Conflict(
                ConflictRule.ORGANISATION,
                _("Same organisation: %(name)s applies.") % {"name": organisation.name},
            )
        )
    if ConflictRule.REGION in rules:
        found.extend(_region_conflicts(expert, applicants))
    if ConflictRule.COUNTRY in rules:
        applicant_countries = {r.country_id for r in applicants.regions}
        shared = [c for pk, c in _expert_countries(expert).items() if pk in applicant_countries]
        if shared:
            found.append(
                Conflict(
                    ConflictRule.COUNTRY,
                    _("Same country: %(country)s.") % {"country": shared[0].name},
                )
            )
    return found
