"""Marketplace search, visibility and profile-to-profile matching with reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from smartregions.matching.domain.marketplace import queries
from smartregions.matching.domain.marketplace.matching import WEIGHTS, match_profile
from smartregions.matching.domain.marketplace.queries import MarketplaceSearch, today
from smartregions.matching.enums import CooperationType, ProfileKind, ProfileStatus
from tests.factories.marketplace import CooperationProfileFactory
from tests.marketplace.conftest import make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(market):
    """Four live profiles, one draft and one published profile past its date."""
    weld = make_profile(market, trl=4, thematic_areas=[market.manufacturing])
    camera = make_profile(
        market,
        organisation=market.other_org,
        kind=ProfileKind.OFFER,
        title="Maschinelles Sehen: machine vision cameras for weld inspection",
        summary="We offer machine vision systems for automated weld inspection in factories.",
        nace_codes=[market.nace_28],
        thematic_areas=[market.manufacturing],
        trl=7,
    )
    software = make_profile(
        market,
        organisation=market.third_org,
        kind=ProfileKind.OFFER,
        cooperation_type=CooperationType.BUSINESS,
        title="Accounting software distribution",
        summary="Distribution partners for our cloud accounting software.",
        keywords=["accounting"],
        nace_codes=[market.nace_62],
        trl=9,
    )
    robots = make_profile(
        market,
        organisation=market.third_org,
        kind=ProfileKind.REQUEST,
        title="Weld inspection robots wanted",
        summary="We request robots with machine vision for weld inspection.",
        nace_codes=[market.nace_281],
        trl=6,
    )
    draft = make_profile(market, publish=False, title="Secret vision draft")
    past = CooperationProfileFactory(
        organisation=market.other_org,
        status=ProfileStatus.PUBLISHED,
        title="Old vision offer",
        valid_from=today() - dt.timedelta(days=400),
        valid_until=today() - dt.timedelta(days=1),
    )
    return {
        "weld": weld,
        "camera": camera,
        "software": software,
        "robots": robots,
        "draft": draft,
        "past": past,
    }


def _titles(qs) -> list[str]:
    return sorted(p.title for p in qs)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (MarketplaceSearch(), ["camera", "robots", "software", "weld"]),
        (MarketplaceSearch(text="SEHEN"), ["camera"]),
        (MarketplaceSearch(text="vision weld"), ["camera", "robots", "weld"]),
        (MarketplaceSearch(kinds=("offer",)), ["camera", "software"]),
        (MarketplaceSearch(cooperation_types=("business",)), ["software"]),
        (MarketplaceSearch(nace=("C",)), ["camera", "robots", "weld"]),
        (MarketplaceSearch(nace=("28.1",)), ["robots", "weld"]),
        (MarketplaceSearch(thematic_areas=("advanced-manufacturing",)), ["camera", "weld"]),
        (MarketplaceSearch(countries=("AT",)), ["robots", "software"]),
        (MarketplaceSearch(trl_min=6, trl_max=7), ["camera", "robots"]),
        (MarketplaceSearch(text="brno"), ["weld"]),
    ],
)
def test_search_profiles_filters(catalogue, criteria, expected):
    found = queries.search_profiles(criteria)

    assert _titles(found) == sorted(catalogue[key].title for key in expected)


def test_search_never_shows_a_published_profile_past_its_date(catalogue):
    assert catalogue["past"].status == ProfileStatus.PUBLISHED
    assert queries.effective_status(catalogue["past"]) == ProfileStatus.EXPIRED
    assert catalogue["past"] not in queries.search_profiles(MarketplaceSearch(text="vision"))


def test_search_profiles_query_count_is_flat(catalogue, django_assert_num_queries):
    with django_assert_num_queries(4):  # profiles + codes + areas + countries
        profiles = list(queries.search_profiles(MarketplaceSearch()))
        for profile in profiles:
            _ = [t.code for t in profile.nace_codes.all()]
            _ = profile.organisation.region.country.name


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("anonymous", ["camera", "robots", "software", "weld"]),
        ("owner", ["camera", "draft", "robots", "software", "weld"]),
        ("other", ["camera", "past", "robots", "software", "weld"]),
        ("facilitator", ["camera", "draft", "past", "robots", "software", "weld"]),
    ],
)
def test_visible_profiles_hide_drafts_and_expired_from_outsiders(market, catalogue, role, visible):
    found = queries.visible_profiles(market.user(role))

    assert _titles(found) == sorted(catalogue[key].title for key in visible)


def test_match_profile_ranks_with_reasons(catalogue):
    results = match_profile(catalogue["weld"])

    titles = [m.profile.title for m in results]
    assert titles == [catalogue["camera"].title, catalogue["robots"].title]
    best = results[0]
    assert set(best.parts) == set(WEIGHTS)
    assert best.score == pytest.approx(sum(best.parts.values()))
    assert best.components["kind"] == 1.0  # request meets offer
    assert results[1].components["kind"] == 0.3  # request meets request
    assert best.components["trl"] == pytest.approx(1 - 3 / 8)
    assert best.components["areas"] == 1.0
    assert best.shared_codes == [("28", "Machinery")]
    assert results[1].shared_codes == [("28.1", "General-purpose machinery")]
    assert best.shared_areas == ["Manufacturing"]
    assert best.sentences
    assert "weld inspection" in best.sentences[0].sentence_b


def test_match_profile_excludes_own_organisation_and_unrelated_profiles(market, catalogue):
    own = make_profile(market, title="Vision inspection of welds (second request)")

    results = match_profile(catalogue["weld"])

    found = {m.profile.pk for m in results}
    assert own.pk not in found
    assert catalogue["software"].pk not in found
    assert catalogue["past"].pk not in found


def test_match_profile_respects_target_countries(market, catalogue):
    profile = make_profile(market, publish=False, target_countries=[market.at])

    by_pk = {m.profile.pk: m for m in match_profile(profile)}

    assert by_pk[catalogue["robots"].pk].components["countries"] == 1.0
    assert by_pk[catalogue["camera"].pk].components["countries"] == 0.0


def test_match_index_is_rebuilt_after_a_change(market, catalogue):
    before = [m.profile.pk for m in match_profile(catalogue["weld"])]
    newcomer = make_profile(
        market,
        organisation=market.other_org,
        kind=ProfileKind.OFFER,
        title="Machine vision for weld inspection",
        summary="We look for a partner with machine vision for automated weld inspection.",
    )

    after = [m.profile.pk for m in match_profile(catalogue["weld"])]

    assert newcomer.pk not in before
    assert after[0] == newcomer.pk


def test_match_profile_skips_a_profile_withdrawn_after_the_index_was_built(
    market, catalogue, monkeypatch
):
    from smartregions.matching.domain.marketplace import matching
    from smartregions.matching.domain.marketplace.profiles import withdraw_profile

    before = [m.profile.pk for m in match_profile(catalogue["weld"])]
    stale = matching.matching_index()
    withdraw_profile(actor=market.other, profile=catalogue["camera"])
    # The race: the index was read just before the withdrawal committed.
    monkeypatch.setattr(matching, "matching_index", lambda *, on=None: stale)

    after = [m.profile.pk for m in match_profile(catalogue["weld"])]

    assert before == [catalogue["camera"].pk, catalogue["robots"].pk]
    assert after == [catalogue["robots"].pk]
