"""The consortium builder on the known world: codes and activities, lock, drop, countries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.matching.domain.regions import RegionFilters, propose_consortium


def _members(proposal) -> list[str]:
    return [member.region.code for member in proposal.members]


def test_propose_consortium_codes_covers_chain_with_contributions(partner_world):
    proposal = propose_consortium(codes=["28", "62"], k=3, min_countries=2)
    # 28 is covered by SK01 (28), PL21 and CZ03 (28.1 below 28); 62 by AT12 only.
    assert _members(proposal) == ["AT12", "CZ03"]
    assert [[e.code for e in m.elements] for m in proposal.members] == [["62"], ["28"]]
    assert proposal.members[0].elements[0].label == "Computer programming"
    assert proposal.covered == 2
    assert proposal.uncovered == []
    assert proposal.countries == ("AT", "CZ")
    assert proposal.guarantee_holds
    assert proposal.guarantee.startswith("Greedy choice: the 2 member(s) cover at least 63%")
    assert proposal.candidates == 4


def test_propose_consortium_min_countries_forces_new_countries(partner_world):
    proposal = propose_consortium(codes=["28", "62"], k=3, min_countries=3)
    assert _members(proposal) == ["AT12", "CZ03", "PL21"]
    assert len(set(proposal.countries)) == 3
    assert proposal.members[-1].elements == []


def test_propose_consortium_lock_and_drop(partner_world):
    proposal = propose_consortium(
        codes=["28", "62"], k=3, min_countries=2, locked=["SK01"], dropped=["CZ03"]
    )
    assert _members(proposal)[0] == "SK01"
    assert proposal.members[0].locked
    assert "CZ03" not in _members(proposal)
    assert proposal.guarantee.startswith("The 1 member(s) added to the 1 locked one(s)")


def test_propose_consortium_uncovered_elements_reported(partner_world):
    proposal = propose_consortium(codes=["28.1", "J"], k=2, min_countries=2)
    assert {e.code for e in proposal.uncovered} == set()
    proposal = propose_consortium(
        codes=["28.1", "62"], k=2, min_countries=1, filters=RegionFilters(countries=("PL", "SK"))
    )
    assert [e.code for e in proposal.uncovered] == ["62"]
    assert proposal.coverage_share == 0.5


def test_propose_consortium_activities_use_presence(partner_evidence):
    proposal = propose_consortium(activities=["A2", "A3", "A4"], k=2, min_countries=2)
    assert proposal.chain_kind == "activities"
    assert proposal.dataset.slug == "partner-evidence"
    assert _members(proposal) == ["PL21", "SK01"]
    assert [[e.code for e in m.elements] for m in proposal.members] == [["A3", "A4"], ["A2"]]
    assert proposal.members[0].elements[0].label == "Batteries"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"codes": ["28"], "k": 0}, "k", "Propose 1 to 20 members"),
        ({"codes": ["28"], "k": 2, "min_countries": 3}, "min_countries", "Ask for 1 to k=2"),
        ({"codes": []}, "chain", "Give the value chain"),
        ({"codes": ["99.99"]}, "codes", "Unknown code(s): 99.99."),
        ({"codes": ["28"], "activities": ["A1"]}, "activities", "not both"),
        ({"codes": ["28"], "locked": ["XX99"]}, "locked", "Not a candidate region"),
        ({"codes": ["28"], "locked": ["SK01"], "dropped": ["SK01"]}, "dropped", "Both locked"),
        ({"codes": ["28"], "k": 5, "min_countries": 5}, "min_countries", "at least 5 are required"),
        ({"activities": ["A1"]}, "dataset", "No evidence dataset has computed results."),
    ],
)
def test_propose_consortium_rejects_bad_requests(partner_world, kwargs, field, message):
    with pytest.raises(ValidationError) as caught:
        propose_consortium(**kwargs)
    assert list(caught.value.message_dict) == [field]
    assert message in caught.value.message_dict[field][0]


def test_propose_consortium_unknown_activity(partner_evidence):
    with pytest.raises(ValidationError) as caught:
        propose_consortium(activities=["A1", "ZZ"], k=3)
    assert caught.value.message_dict == {"activities": ["Not an activity of partner-evidence: ZZ."]}
