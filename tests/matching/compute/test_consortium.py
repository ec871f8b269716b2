"""Greedy consortium building: coverage, the (1 - 1/e) bound, locked/dropped and countries."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartregions.matching.compute import build_consortium

CHAIN = {"design": 3.0, "materials": 2.0, "machining": 2.0, "assembly": 1.0, "recycling": 1.0}
MEMBERS = {
    "CZ01": {"design", "machining"},
    "CZ02": {"machining", "assembly"},
    "DE11": {"materials", "recycling", "unrelated"},
    "FR10": {"assembly"},
    "IT20": {"design"},
    "PL21": {"recycling"},
}
COUNTRIES = {code: code[:2] for code in MEMBERS}


def test_build_consortium_picks_greedily_and_explains_contributions():
    result = build_consortium(chain=CHAIN, members=MEMBERS, countries=COUNTRIES, k=3)

    assert [m.member for m in result.members] == ["CZ01", "DE11", "FR10"]
    assert [m.elements for m in result.members] == [
        ("design", "machining"),
        ("materials", "recycling"),
        ("assembly",),
    ]
    assert [m.gain for m in result.members] == [5.0, 3.0, 1.0]
    # k = min_countries: every pick must bring a new country. For the third, FR10 ties with
    # CZ02 (both add only "assembly"), so the rule costs nothing and no pick is restricted.
    assert [m.restricted for m in result.members] == [False, False, False]
    assert [m.locked for m in result.members] == [False, False, False]
    assert result.coverage == 9.0
    assert result.total_weight == 9.0
    assert result.uncovered == ()
    assert result.countries == ("CZ", "DE", "FR")


def test_build_consortium_ties_go_to_a_new_country_then_to_the_smaller_id():
    result = build_consortium(
        chain=CHAIN, members=MEMBERS, countries=COUNTRIES, k=3, min_countries=0
    )

    # CZ02 and FR10 both add "assembly" (gain 1): FR10 brings a new country, so it wins.
    assert [m.member for m in result.members] == ["CZ01", "DE11", "FR10"]
    assert result.restricted_picks == 0
    assert result.countries == ("CZ", "DE", "FR")

    # With CZ02's rival from a country already in the group, the smaller id wins.
    countries = {**COUNTRIES, "FR10": "DE"}
    result = build_consortium(
        chain=CHAIN, members=MEMBERS, countries=countries, k=3, min_countries=0
    )
    assert [m.member for m in result.members] == ["CZ01", "DE11", "CZ02"]


def test_build_consortium_fills_missing_countries_once_the_chain_is_covered():
    # AT1 (locked) covers everything; the rest add nothing, so the country rule alone decides:
    # one member from each missing country, not a pile of members from the first country.
    members = {"AT1": {"a", "b"}, "BE1": set(), "BE2": set(), "BE3": set(), "CY1": set()}
    countries = {code: code[:2] for code in members}

    result = build_consortium(
        chain=["a", "b"], members=members, countries=countries, k=5, locked=["AT1"]
    )

    assert [m.member for m in result.members] == ["AT1", "BE1", "CY1"]
    assert [m.gain for m in result.members] == [2.0, 0.0, 0.0]
    assert result.countries == ("AT", "BE", "CY")


def test_build_consortium_restricts_picks_to_reach_min_countries():
    members = {"AT1": {"a", "b", "c"}, "AT2": {"d", "e"}, "AT3": {"f"}, "BE1": {"a"}, "CY1": set()}
    countries = {"AT1": "AT", "AT2": "AT", "AT3": "AT", "BE1": "BE", "CY1": "CY"}

    result = build_consortium(
        chain=["a", "b", "c", "d", "e", "f"], members=members, countries=countries, k=3
    )

    assert [m.member for m in result.members] == ["AT1", "BE1", "CY1"]
    assert [m.gain for m in result.members] == [3.0, 0.0, 0.0]
    assert result.restricted_picks == 2
    assert result.greedy_picks == 1
    assert result.uncovered == ("d", "e", "f")
    assert result.coverage == 3.0


def test_build_consortium_includes_locked_members_first():
    result = build_consortium(
        chain=CHAIN, members=MEMBERS, countries=COUNTRIES, k=3, locked=["PL21", "IT20"]
    )

    assert [m.member for m in result.members] == ["IT20", "PL21", "CZ02"]
    assert [m.locked for m in result.members] == [True, True, False]
    assert [m.elements for m in result.members] == [
        ("design",),
        ("recycling",),
        ("machining", "assembly"),
    ]
    assert result.uncovered == ("materials",)
    assert result.greedy_picks == 1


def test_build_consortium_never_uses_dropped_members():
    result = build_consortium(
        chain=CHAIN, members=MEMBERS, countries=COUNTRIES, k=3, dropped={"CZ01", "DE11"}
    )

    # CZ02 and IT20 tie at gain 3: the smaller id goes first.
    assert [m.member for m in result.members] == ["CZ02", "IT20", "PL21"]
    assert result.uncovered == ("materials",)
    assert result.coverage == 7.0


def test_build_consortium_stops_when_nothing_adds_coverage():
    result = build_consortium(
        chain=["design"], members=MEMBERS, countries=COUNTRIES, k=4, min_countries=1
    )

    assert [m.member for m in result.members] == ["CZ01"]
    assert result.coverage == 1.0


def test_build_consortium_accepts_a_set_chain_in_sorted_order():
    result = build_consortium(
        chain={"recycling", "assembly"}, members=MEMBERS, countries=COUNTRIES, k=1,
        min_countries=1,
    )  # fmt: skip

    assert [m.member for m in result.members] == ["CZ02"]
    assert result.uncovered == ("recycling",)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 0}, "k must be at least 1"),
        ({"k": 1, "locked": ["CZ01", "DE11"], "min_countries": 1}, "smaller than the 2 locked"),
        ({"k": 2}, "3 countries cannot be reached with k=2"),
        ({"k": 3, "locked": ["CZ01"], "dropped": ["CZ01"]}, "both locked and dropped"),
        ({"k": 3, "locked": ["XX99"]}, "not candidates"),
        ({"k": 3, "dropped": ["DE11", "FR10", "IT20", "PL21"]}, "from 1 countries"),
        ({"k": 3, "min_countries": 7}, "7 countries cannot be reached"),
        ({"k": 7, "min_countries": 7}, "at least 7 are required"),
        ({"k": 3, "locked": ["CZ01", "CZ02"]}, "2 more are needed but only 1 slots"),
    ],
)
def test_build_consortium_rejects_impossible_requests(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_consortium(chain=CHAIN, members=MEMBERS, countries=COUNTRIES, **kwargs)


@pytest.mark.parametrize(
    ("chain", "countries", "message"),
    [
        (["a", "a"], COUNTRIES, "element twice"),
        ({"a": -1.0}, COUNTRIES, "finite and >= 0"),
        ({"a": 0.0}, COUNTRIES, "nothing to cover"),
        ([], COUNTRIES, "nothing to cover"),
        (CHAIN, {**COUNTRIES, "PL21": ""}, "without a country"),
    ],
)
def test_build_consortium_rejects_bad_chain_or_countries(chain, countries, message):
    with pytest.raises(ValueError, match=message):
        build_consortium(chain=chain, members=MEMBERS, countries=countries, k=3)


def _coverage(weights, sets, chosen):
    covered = set().union(*(sets[m] for m in chosen)) if chosen else set()
    return math.fsum(weights[e] for e in covered)


@st.composite
def instances(draw):
    """A small weighted coverage instance: up to 7 candidates over up to 6 elements."""
    n_elements = draw(st.integers(1, 6))
    weights = {f"e{i}": float(draw(st.integers(0, 5))) for i in range(n_elements)}
    n_members = draw(st.integers(1, 7))
    sets = {
        f"m{j}": draw(st.sets(st.sampled_from(sorted(weights)), max_size=n_elements))
        for j in range(n_members)
    }
    k = draw(st.integers(1, n_members))
    return weights, sets, k


@settings(max_examples=150, deadline=None)
@given(instances())
def test_greedy_coverage_is_within_one_minus_one_over_e_of_brute_force(instance):
    weights, sets, k = instance
    if sum(weights.values()) == 0:
        weights["e0"] = 1.0
    countries = dict.fromkeys(sets, "EU")

    result = build_consortium(
        chain=weights, members=sets, countries=countries, k=k, min_countries=0
    )

    optimum = max(_coverage(weights, sets, c) for c in itertools.combinations(sets, k))
    assert len(result.members) <= k
    assert result.coverage == pytest.approx(
        _coverage(weights, sets, [m.member for m in result.members])
    )
    assert result.coverage >= (1 - 1 / math.e) * optimum - 1e-9
    assert result.coverage <= optimum + 1e-9
    assert math.fsum(m.gain for m in result.members) == pytest.approx(result.coverage)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_greedy_is_optimal_on_disjoint_sets(k):
    sets = {"a": {"x1", "x2"}, "b": {"y"}, "c": {"z1", "z2", "z3"}, "d": {"w"}}
    weights = {"x1": 1.0, "x2": 1.0, "y": 5.0, "z1": 1.0, "z2": 1.0, "z3": 1.0, "w": 0.5}

    result = build_consortium(
        chain=weights, members=sets, countries=dict.fromkeys(sets, "EU"), k=k, min_countries=0
    )

    optimum = max(_coverage(weights, sets, c) for c in itertools.combinations(sets, k))
    assert result.coverage == optimum
    assert [m.member for m in result.members] == ["b", "c", "a"][:k]


@settings(max_examples=100, deadline=None)
@given(instances(), st.integers(0, 2**32 - 1))
def test_constrained_result_keeps_bound_for_its_unrestricted_picks(instance, seed):
    weights, sets, k = instance
    if sum(weights.values()) == 0:
        weights["e0"] = 1.0
    rng = np.random.default_rng(seed)
    countries = {m: "ABC"[int(rng.integers(3))] for m in sets}
    min_countries = min(k, len(set(countries.values())))

    result = build_consortium(
        chain=weights, members=sets, countries=countries, k=k, min_countries=min_countries
    )

    assert len(result.countries) >= min_countries
    j = result.greedy_picks
    if j:
        best = max(_coverage(weights, sets, c) for c in itertools.combinations(sets, j))
        assert result.coverage >= (1 - 1 / math.e) * best - 1e-9
