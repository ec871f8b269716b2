"""Conflicts of interest: organisation, region (NUTS prefix, across versions) and country."""

from __future__ import annotations

import pytest

from smartregions.calls.domain.evaluation.conflicts import applicants_of, find_conflicts
from smartregions.calls.domain.queries.evaluation import (
    applications_to_assign,
    experts_with_details,
)
from smartregions.calls.enums import ConflictRule
from tests.factories.regions import RegionFactory

ALL_RULES = [ConflictRule.ORGANISATION, ConflictRule.REGION, ConflictRule.COUNTRY]


def conflicts(ew, expert, application, rules=ALL_RULES):
    expert = experts_with_details().get(pk=expert.pk)
    application = applications_to_assign(ew.call).get(pk=application.pk)
    return [(c.rule, c.reason) for c in find_conflicts(expert, applicants_of(application), rules)]


def test_expert_of_a_co_applicant_organisation_conflicts_by_organisation(ew):
    assert conflicts(ew, ew.dieter, ew.h2, [ConflictRule.ORGANISATION]) == [
        ("organisation", "Same organisation: Stuttgart Fuel Cell Institute applies.")
    ]


def test_expert_of_the_lead_organisation_conflicts_by_organisation(ew):
    ew.petra.organisation = ew.brno_h2
    ew.petra.save()

    assert [rule for rule, _ in conflicts(ew, ew.petra, ew.h2, [ConflictRule.ORGANISATION])] == [
        "organisation"
    ]


@pytest.mark.parametrize(
    ("expert_region", "hit"),
    [
        ("cz06", "CZ064"),  # the expert's region contains the lead region
        ("cz064", "CZ064"),  # the same region
        ("sk01", "SK010"),  # contains a co-applicant region
        ("de11", "DE11"),  # the region of a co-applicant organisation
    ],
)
def test_region_conflict_by_nuts_prefix(ew, expert_region, hit):
    ew.eva.region = getattr(ew, expert_region)
    ew.eva.save()

    found = conflicts(ew, ew.eva, ew.h2, [ConflictRule.REGION])

    assert len(found) == 1
    assert found[0][0] == "region"
    assert f"applicant region {hit}" in found[0][1]


def test_expert_inside_an_applicant_region_conflicts(ew):
    ew.eva.region = RegionFactory(code="DE111", country=ew.de, parent=ew.de11)
    ew.eva.save()

    assert conflicts(ew, ew.eva, ew.tour, [ConflictRule.REGION]) == [
        (
            "region",
            "Same region: the expert's region DE111 overlaps the applicant region DE11.",
        )
    ]


def test_region_conflict_holds_across_nuts_versions(ew):
    ew.eva.region = RegionFactory(code="CZ064", nuts_version=2016, country=ew.cz)
    ew.eva.save()

    assert [rule for rule, _ in conflicts(ew, ew.eva, ew.h2, [ConflictRule.REGION])] == ["region"]


def test_declined_co_applicant_does_not_count(ew):
    ew.eva.region = ew.pl213
    ew.eva.save()

    assert conflicts(ew, ew.eva, ew.h2) == []


def test_neighbouring_region_is_no_conflict(ew):
    # CZ08 and CZ064 share the country only.
    ew.eva.region = ew.cz08
    ew.eva.save()

    assert conflicts(ew, ew.eva, ew.h2, [ConflictRule.ORGANISATION, ConflictRule.REGION]) == []
    assert conflicts(ew, ew.eva, ew.h2, [ConflictRule.COUNTRY]) == [
        ("country", "Same country: Czechia.")
    ]


@pytest.mark.parametrize(
    ("expert", "application", "country"),
    [
        ("eva", "tour", "Austria"),  # the expert's stated country
        ("tomas", "h2", "Slovakia"),  # the country of the expert's region
        ("dieter", "tour", "Germany"),  # the country of the expert's organisation
    ],
)
def test_country_conflict_from_any_affiliation(ew, expert, application, country):
    assert conflicts(ew, getattr(ew, expert), getattr(ew, application), [ConflictRule.COUNTRY]) == [
        ("country", f"Same country: {country}.")
    ]


def test_rules_not_configured_give_no_conflict(ew):
    assert conflicts(ew, ew.dieter, ew.h2, []) == []
    assert [rule for rule, _ in conflicts(ew, ew.dieter, ew.h2)] == [
        "organisation",
        "region",
        "country",
    ]


def test_region_conflict_by_the_expert_organisations_region(ew):
    # Dieter states no region; his institute is in DE11, SLOW's co-applicant region.
    assert conflicts(ew, ew.dieter, ew.tour, [ConflictRule.REGION]) == [
        (
            "region",
            (
                "Same region: the expert's organisation's region DE11 overlaps the applicant "
                "region DE11."
            ),
        )
    ]
    ew.dieter.organisation = ew.poznan  # PL41: near no applicant of SLOW
    ew.dieter.save()
    assert conflicts(ew, ew.dieter, ew.tour, [ConflictRule.REGION]) == []


def test_stated_and_organisation_region_give_one_conflict_each(ew):
    ew.petra.region = ew.at13  # SLOW's lead region
    ew.petra.organisation = ew.institute  # in DE11, SLOW's co-applicant region
    ew.petra.save()
    assert conflicts(ew, ew.petra, ew.tour, [ConflictRule.REGION]) == [
        ("region", "Same region: the expert's region AT13 overlaps the applicant region AT13."),
        (
            "region",
            (
                "Same region: the expert's organisation's region DE11 overlaps the applicant "
                "region DE11."
            ),
        ),
    ]


def test_expert_without_affiliation_has_no_conflict(ew):
    ew.eva.country = None
    ew.eva.save()

    assert conflicts(ew, ew.eva, ew.h2) == []
    assert conflicts(ew, ew.eva, ew.tour) == []
