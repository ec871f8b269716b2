"""The region partner finder on a world whose scores are computed by hand (see
tests/factories/matching_regions.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from smartregions.matching.compute.regions import structural_similarity
from smartregions.matching.domain.regions import RegionFilters, find_partners
from smartregions.regions.models import Priority

CODES_AND_TIES = {
    "codes": 1.0,
    "text": 0.0,
    "complementarity": 0.0,
    "relatedness": 0.0,
    "ties": 1.0,
}


def _codes(search) -> list[str]:
    return [result.region.code for result in search.results]


def test_find_partners_area_scores_codes_and_ties_exactly(partner_world):
    search = find_partners(
        region=partner_world.regions["CZ03"], area="robotics", weights=CODES_AND_TIES
    )
    # Query codes {C, 28, 28.1} (weights 1+2+3); SK01 declares 28 -> 3/6; PL21 28.1 -> 1;
    # SK01 has two accepted ties -> 1 - 2^-2 = 0.75. Shares: codes 1/2, ties 1/2.
    totals = {r.region.code: r.total for r in search.results}
    assert _codes(search) == ["SK01", "PL21", "AT12", "CZ04", "SK02"]
    assert totals == {"SK01": 0.625, "PL21": 0.5, "AT12": 0.0, "CZ04": 0.0, "SK02": 0.0}
    sk01 = search.results[0]
    assert sk01.components["codes"] == 0.5
    assert sk01.components["ties"] == 0.75
    assert sk01.parts == {
        "codes": 0.25,
        "text": 0.0,
        "complementarity": 0.0,
        "relatedness": 0.0,
        "similarity": 0.0,
        "ties": 0.375,
    }
    assert math.fsum(sk01.parts.values()) == sk01.total
    assert search.present == ("codes", "text", "ties")
    assert search.shares["codes"] == 0.5
    assert search.query.kind == "area"
    assert search.query.label == "Robotics"
    assert search.candidates == 5


def test_find_partners_explains_shared_codes_sentences_and_ties(partner_world):
    search = find_partners(region=partner_world.regions["CZ03"], area="robotics")
    by_code = {r.region.code: r for r in search.results}
    assert [(c.code, c.label) for c in by_code["SK01"].shared_codes] == [("28", "Machinery")]
    assert [c.code for c in by_code["PL21"].shared_codes] == ["28.1"]
    assert by_code["AT12"].shared_codes == []
    matched = by_code["SK01"].matched_priority
    assert (matched.title, matched.region_code) == ("Machinery", "SK01")
    assert by_code["SK01"].sentences[0].sentence_b == "Strojárstvo a mechatronika pre priemysel."
    assert [(t.local, t.partner) for t in by_code["SK01"].ties] == [
        ("Budějovice Machines", "Bratislava Automation"),
        ("Tábor Robotics", "Bratislava Automation"),
    ]
    assert by_code["PL21"].ties == []
    assert by_code["SK02"].matched_priority is None


def test_find_partners_text_matches_across_languages(partner_world):
    search = find_partners(
        region=partner_world.regions["CZ03"],
        text="mechatronika strojírenství",
        weights={"text": 1.0, "ties": 0.0},
    )
    assert search.present == ("text", "ties")
    assert set(_codes(search)[:2]) == {"SK01", "PL21"}
    assert search.results[0].components["text"] > search.results[2].components["text"]
    assert search.results[-1].components["text"] == 0.0


def test_find_partners_priority_query_uses_its_codes(partner_world):
    priority = partner_world.priorities["CZ031"]
    search = find_partners(
        region=partner_world.regions["CZ03"], priority=priority.pk, weights=CODES_AND_TIES
    )
    assert search.query.kind == "priority"
    assert search.results[0].region.code == "SK01"
    assert {r.region.code: r.components["codes"] for r in search.results}["PL21"] == 1.0


def test_find_partners_strategy_query_by_default(partner_world):
    search = find_partners(region=partner_world.regions["CZ031"], weights=CODES_AND_TIES)
    assert search.query.kind == "strategy"
    # CZ031 is NUTS-3: its own NUTS-2 region CZ03 is never proposed.
    assert "CZ03" not in _codes(search)
    assert _codes(search)[:2] == ["SK01", "PL21"]


def test_find_partners_area_falls_back_to_platform_priorities(partner_world):
    search = find_partners(region=partner_world.regions["CZ04"], area="robotics")
    # CZ04 has no robotics priority: the codes of CZ031 and SK01 in that area are the query.
    assert search.query.priorities == ()
    assert "no priority tagged “Robotics”" in search.notes[0]
    scores = {r.region.code: r.components["codes"] for r in search.results}
    assert scores["PL21"] == 1.0
    assert scores["SK01"] == 0.5


def test_find_partners_with_evidence_exact_components(partner_evidence):
    search = find_partners(
        region=partner_evidence.regions["CZ031"],
        weights={"codes": 0, "text": 0, "complementarity": 1, "relatedness": 1, "ties": 0},
    )
    assert search.evidence_region == "CZ03"
    assert search.dataset.slug == "partner-evidence"
    assert search.year == 2022
    comp = {r.region.code: r.components["complementarity"] for r in search.results}
    rel = {r.region.code: r.components["relatedness"] for r in search.results}
    expected = {"SK02": 1.0, "SK01": 0.75, "PL21": 0.25, "AT12": 0.0, "CZ04": 0.0}
    assert comp == pytest.approx(expected, abs=1e-12)
    expected = {"SK02": 0.4, "SK01": 0.6, "PL21": 0.1, "AT12": 0.8, "CZ04": 0.0}
    assert rel == pytest.approx(expected, abs=1e-12)
    assert _codes(search) == ["SK02", "SK01", "AT12", "PL21", "CZ04"]
    reasons = {r.region.code: r.activities for r in search.results}
    assert [(a.code, a.label) for a in reasons["SK01"]] == [("A2", "Robotics")]
    assert reasons["SK01"][0].contribution == pytest.approx(0.75, abs=1e-12)
    assert [a.code for a in reasons["SK02"]] == ["A2", "A3"]
    assert [a.contribution for a in reasons["SK02"]] == pytest.approx([0.75, 0.25], abs=1e-12)
    assert reasons["AT12"] == []


def test_find_partners_learn_mode_ranks_by_similarity(partner_evidence):
    search = find_partners(region=partner_evidence.regions["CZ03"], mode="learn")
    assert search.weights["similarity"] == 4.0
    assert search.results[0].region.code == "AT12"
    # The similarity component is exactly the kernel's on the stored values.
    from tests.factories.matching_regions import EVIDENCE

    order = sorted(EVIDENCE)
    matrix = structural_similarity(np.array([EVIDENCE[code][2] for code in order]))
    expected = matrix[order.index("CZ03"), order.index("AT12")]
    assert search.results[0].components["similarity"] == expected


def test_find_partners_without_evidence_leaves_components_out(partner_world):
    search = find_partners(region=partner_world.regions["CZ03"], area="robotics")
    assert search.dataset is None
    assert "complementarity" not in search.present
    assert search.shares["complementarity"] == 0.0
    assert search.notes == [
        (
            "No evidence dataset has computed results: the ranking uses declared priorities "
            "(and ties) only."
        )
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (RegionFilters(countries=("SK",)), ["SK01", "SK02"]),
        (RegionFilters(exclude_own_country=True), ["AT12", "PL21", "SK01", "SK02"]),
        (RegionFilters(category="less_developed"), ["CZ04", "PL21"]),
        (RegionFilters(category="industrial_transition"), ["CZ04", "PL21"]),
        (RegionFilters(category="transition"), ["SK02"]),
        (RegionFilters(level=3), ["SK010"]),
    ],
)
def test_find_partners_filters_candidates(partner_world, filters, expected):
    search = find_partners(region=partner_world.regions["CZ03"], filters=filters)
    assert sorted(_codes(search)) == expected
    assert search.candidates == len(expected)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"weights": {"codes": -1}}, "weights", "The weight of 'codes' must be from 0 to 1000."),
        ({"weights": {"colour": 1}}, "weights", "Unknown component 'colour'"),
        (
            {
                "weights": dict.fromkeys(
                    ("codes", "text", "complementarity", "relatedness", "ties"), 0
                )
            },
            "weights",
            "At least one weight must be positive.",
        ),
        ({"mode": "friends"}, "mode", "Choose one of: partners, learn"),
        ({"area": "nope"}, "area", "Unknown thematic area 'nope'."),
        ({"area": "robotics", "text": "x"}, "q", "Search by one of priority, area or text"),
        ({"filters": RegionFilters(level=4)}, "level", "Choose NUTS level 1, 2 or 3"),
        ({"filters": RegionFilters(countries=("Czech",))}, "country", "Not a two-letter"),
        ({"filters": RegionFilters(category="rich")}, "category", "Choose one of:"),
        ({"limit": 0}, "limit", "Ask for 1 to 500 results."),
        ({"dataset": "nope"}, "dataset", "No computed evidence for dataset 'nope'"),
    ],
)
def test_find_partners_rejects_bad_input_naming_the_field(partner_world, kwargs, field, message):
    with pytest.raises(ValidationError) as caught:
        find_partners(region=partner_world.regions["CZ03"], **kwargs)
    assert list(caught.value.message_dict) == [field]
    assert message in caught.value.message_dict[field][0]


def test_find_partners_rejects_priority_of_other_region(partner_world):
    with pytest.raises(ValidationError) as caught:
        find_partners(
            region=partner_world.regions["CZ03"], priority=partner_world.priorities["SK01"].pk
        )
    assert caught.value.message_dict == {
        "priority": [f"Priority {partner_world.priorities['SK01'].pk} is not a priority of CZ03."]
    }


def test_find_partners_weight_on_absent_component_only_is_an_error(partner_world):
    with pytest.raises(ValidationError) as caught:
        find_partners(
            region=partner_world.regions["CZ03"],
            text="software",
            weights={"codes": 1, "text": 0, "complementarity": 0, "relatedness": 0, "ties": 0},
        )
    assert caught.value.message_dict["weights"] == [
        "Give a positive weight to a component this search has: text, ties."
    ]


def test_find_partners_sees_edited_priorities(partner_world):
    region = partner_world.regions["CZ03"]
    before = find_partners(region=region, area="robotics", weights=CODES_AND_TIES)
    assert _codes(before)[0] == "SK01"
    from smartregions.regions.domain.priorities import update_priority

    update_priority(
        actor=None,
        priority=Priority.objects.get(pk=partner_world.priorities["AT12"].pk),
        economic_domains=[partner_world.terms["28.1"]],
        thematic_areas=[partner_world.robotics],
    )
    after = find_partners(region=region, area="robotics", weights=CODES_AND_TIES)
    assert {r.region.code: r.components["codes"] for r in after.results}["AT12"] == 1.0


def test_find_partners_query_count_is_fixed(partner_evidence, django_assert_max_num_queries):
    region = partner_evidence.regions["CZ03"]
    # Ties cost two queries: accepted expressions of interest and shared partnerships.
    with django_assert_max_num_queries(17):
        cold = find_partners(region=region, area="robotics")
    with django_assert_max_num_queries(9):
        warm = find_partners(region=region, area="robotics")
    assert [r.total for r in cold.results] == [r.total for r in warm.results]
