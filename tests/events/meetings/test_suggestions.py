"""Suggestions of whom to meet: exact order, the explanation, the region-tie bonus, and who
is left out."""

from __future__ import annotations

import pytest
from tests.events.meetings.conftest import NOW, participant
from tests.factories.accounts import UserFactory
from tests.factories.marketplace import CooperationProfileFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.regions import RegionFactory, TermFactory

from smartregions.events.domain.matchmaking.requests import send_meeting_request
from smartregions.events.domain.matchmaking.suggestions import (
    TIE_BONUS,
    shared_terms,
    similarity_scores,
    suggested_partners,
)
from smartregions.events.enums import RegistrationStatus
from smartregions.events.models import MatchmakingProfile
from smartregions.matching.enums import InterestStatus, ProfileStatus
from smartregions.matching.models import ExpressionOfInterest

pytestmark = pytest.mark.django_db


def _names(suggestions) -> list[str]:
    return [s.profile.registration.badge_name for s in suggestions]


def test_shared_terms_prefer_phrases_in_order_of_the_first_text():
    assert shared_terms(
        "Research partners for electrolyser testing and pilot customers.",
        "Electrolyser testing facilities and research on hydrogen storage materials.",
    ) == ("electrolyser testing", "research")
    assert shared_terms(
        "We build compact hydrogen storage tanks for city buses.",
        "Industrial partners with hydrogen storage tanks for pilots.",
    ) == ("hydrogen storage", "storage tanks")


def test_shared_terms_skip_function_words_short_words_and_accents():
    assert shared_terms("the and for with data", "with the data and for") == ("data",)
    assert shared_terms("Strojírenství a AI", "strojirenstvi, AI") == ("strojirenstvi",)
    assert shared_terms("", "anything") == ()
    assert shared_terms("one two three four five six", "six five four three two one") == (
        "three",
        "four",
        "five",
    )


def test_similarity_scores_are_cosines_rounded_and_zero_without_words():
    they_offer, they_seek = similarity_scores(
        "hydrogen storage", "fuel cells", ["fuel cells", "xyz"], ["hydrogen storage", "qqq"]
    )
    assert they_offer.tolist() == [1.0, 0.0]
    assert they_seek.tolist() == [1.0, 0.0]
    empty_offer, empty_seek = similarity_scores("", "", ["", ""], ["", ""])
    assert empty_offer.tolist() == [0.0, 0.0]
    assert empty_seek.tolist() == [0.0, 0.0]
    assert similarity_scores("a", "b", [], [])[0].tolist() == []


def test_ben_is_suggested_first_to_ana_with_the_reasons(mw):
    suggestions = suggested_partners(mw.ana_reg)
    assert _names(suggestions) == ["Ben Braun", "Cara Costa"]
    ben = suggestions[0]
    assert (ben.offer_terms, ben.seek_terms, ben.ties) == (
        ("electrolyser testing", "research"),
        ("hydrogen storage", "storage tanks"),
        0,
    )
    assert ben.reasons == [
        "What you seek and what they offer both mention “electrolyser testing” and “research”.",
        "What you offer and what they seek both mention “hydrogen storage” and “storage tanks”.",
    ]
    assert ben.score == round((ben.they_offer + ben.they_seek) / 2, 6)
    assert ben.score > suggestions[1].score > 0


def test_equal_scores_are_ordered_by_name_then_registration(mw):
    texts = {"offering": "Offshore wind foundations.", "seeking": "Port logistics partners."}
    for name in ("Zoe Zed", "adam Alpha", "Mia Mid"):
        participant(mw.event, UserFactory(full_name=name), headline="Wind", **texts)
    seeker = participant(
        mw.event,
        UserFactory(full_name="Walter Wind"),
        headline="Port",
        offering="Port logistics partners.",
        seeking="Offshore wind foundations.",
    )
    top = suggested_partners(seeker)[:3]
    assert _names(top) == ["adam Alpha", "Mia Mid", "Zoe Zed"]
    assert top[0].score == top[1].score == top[2].score
    assert round(top[0].score, 5) == 1.0  # identical texts: cosine 1 (float noise aside)


def test_a_region_tie_adds_the_bonus_and_says_so(mw):
    vienna = OrganisationFactory(name="Vienna Mobility", region=RegionFactory(code="AT13"))
    offer = CooperationProfileFactory(organisation=mw.ostrava, status=ProfileStatus.PUBLISHED)
    before = {s.profile.registration.badge_name: s for s in suggested_partners(mw.ana_reg)}
    ExpressionOfInterest.objects.create(
        profile=offer,
        organisation=vienna,
        message="Interested.",
        status=InterestStatus.ACCEPTED,
        responded_at=NOW,
    )
    after = {s.profile.registration.badge_name: s for s in suggested_partners(mw.ana_reg)}
    cara = after["Cara Costa"]
    assert cara.ties == 1
    assert cara.score == round(before["Cara Costa"].score + TIE_BONUS, 6)
    assert cara.reasons[-1] == "Your regions already cooperate (1 tie)."
    assert after["Ben Braun"].ties == 0


def test_left_out_hidden_unconfirmed_requested_and_oneself(mw):
    send_meeting_request(
        actor=mw.cara, meeting_session=mw.session, requester=mw.cara_reg, recipient=mw.ana_reg
    )
    assert _names(suggested_partners(mw.ana_reg)) == ["Ben Braun"]
    MatchmakingProfile.objects.filter(registration=mw.ben_reg).update(is_visible=False)
    assert _names(suggested_partners(mw.ana_reg)) == []
    MatchmakingProfile.objects.filter(registration=mw.ben_reg).update(is_visible=True)
    mw.ben_reg.status = RegistrationStatus.CANCELLED
    mw.ben_reg.save()
    assert _names(suggested_partners(mw.ana_reg)) == []


def test_no_profile_no_suggestions(mw):
    MatchmakingProfile.objects.filter(registration=mw.ana_reg).delete()
    assert suggested_partners(mw.ana_reg) == []


def test_nothing_in_common_is_not_suggested(mw):
    lonely = participant(
        mw.event,
        UserFactory(full_name="Lars Lonely"),
        headline="Q",
        offering="qqqq",
        seeking="zzzz",
    )
    assert _names(suggested_partners(lonely)) == []


def test_sectors_and_marketplace_items_join_the_compared_texts(mw):
    """Dora's and Emil's profiles say nothing Ana seeks; their organisations' published
    marketplace offers do (a draft counts for nothing). Equal scores: by name."""
    for name in ("Emil Elektro", "Dora Dvořák"):
        organisation = OrganisationFactory(name=f"{name} s.r.o.")
        CooperationProfileFactory(
            organisation=organisation,
            title="Pilots",
            summary="Electrolyser testing for pilot customers.",
            status=ProfileStatus.PUBLISHED,
        )
        CooperationProfileFactory(
            organisation=organisation, title="Draft", summary="Compact hydrogen storage tanks."
        )
        participant(
            mw.event,
            UserFactory(full_name=name),
            organisation=organisation,
            headline="Q",
            offering="qqqq",
            seeking="zzzz",
        )
    suggestions = suggested_partners(mw.ana_reg)
    assert _names(suggestions) == ["Ben Braun", "Dora Dvořák", "Emil Elektro", "Cara Costa"]
    dora, emil = suggestions[1], suggestions[2]
    assert dora.score == emil.score
    assert (dora.offer_terms, dora.seek_terms) == (("electrolyser testing", "pilot customers"), ())
    assert suggested_partners(mw.ana_reg) == suggestions


def test_the_organisations_sector_counts_as_offering(mw):
    organisation = OrganisationFactory(name="Test Lab")
    lab = participant(
        mw.event,
        UserFactory(full_name="Dora Dvořák"),
        organisation=organisation,
        headline="Q",
        offering="qqqq",
        seeking="zzzz",
    )
    assert "Dora Dvořák" not in _names(suggested_partners(mw.ana_reg))
    organisation.nace_codes.set([TermFactory(code="71.20", label="Electrolyser testing services")])
    suggestions = {s.profile.registration_id: s for s in suggested_partners(mw.ana_reg)}
    assert suggestions[lab.pk].offer_terms == ("electrolyser testing",)
