"""Saved searches and their digests: consent, frequency, no repeats, idempotence, exact mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smartregions.matching.domain.marketplace import saved_searches
from smartregions.matching.domain.marketplace.queries import MarketplaceSearch
from smartregions.matching.enums import DigestFrequency, ProfileKind
from smartregions.matching.models import CooperationProfile, SavedSearch, SavedSearchDelivery
from tests.marketplace.conftest import grant_newsletter, make_profile

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


def _save(market, user=None, **kwargs) -> SavedSearch:
    values = {
        "name": "Vision requests",
        "criteria": MarketplaceSearch(text="vision", kinds=(ProfileKind.REQUEST,), nace=("C",)),
        "frequency": DigestFrequency.DAILY,
    }
    values.update(kwargs)
    saved = saved_searches.save_search(actor=user or market.other, **values)
    # Profiles published in the same instant as the search must count as "after" it.
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - H)
    saved.refresh_from_db()
    return saved


def _run(django_capture_on_commit_callbacks, now=None):
    with django_capture_on_commit_callbacks(execute=True):
        return saved_searches.send_saved_search_digests(now=now)


def test_save_search_stores_the_criteria(market):
    saved = _save(market)

    assert saved.query == "vision"
    assert saved.filters == {"kinds": ["request"], "nace": ["C"]}
    assert saved_searches.criteria_of(saved) == MarketplaceSearch(
        text="vision", kinds=("request",), nace=("C",)
    )


def test_save_search_refuses_a_duplicate_name(market):
    _save(market)

    with pytest.raises(ValidationError) as error:
        _save(market, name=" Vision   requests ")

    assert error.value.message_dict == {"name": ["You already have a saved search with this name."]}


def test_update_saved_search_renames_and_pauses(market):
    saved = _save(market)

    saved_searches.update_saved_search(
        actor=market.other, saved_search=saved, name="Weld vision", is_active=False
    )

    saved.refresh_from_db()
    assert (saved.name, saved.is_active) == ("Weld vision", False)


def test_digest_mails_new_matches_once(market, mailoutbox, django_capture_on_commit_callbacks):
    grant_newsletter(market.other)
    saved = _save(market)
    match = make_profile(market)
    make_profile(market, title="Cloud accounting software", summary="Accounting.", kind="offer")

    run = _run(django_capture_on_commit_callbacks)

    assert (run.checked, run.sent, run.profiles) == (1, 1, 1)
    assert str(run) == "1 digest(s) with 1 profile(s) sent; 1 due search(es) checked"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["other@example.eu"]
    assert mail.subject == "[smartregions] 1 new cooperation profile for “Vision requests”"
    assert mail.body == (
        "New cooperation profiles for your saved search “Vision requests”:\n\n"
        "- Machine vision for weld inspection (Request, Technology cooperation)\n"
        f"  Brno Vision Systems s.r.o., Czechia; valid until {match.valid_until.isoformat()}\n"
        f"  http://localhost:8000/marketplace/profiles/{match.pk}/\n\n"
        "Change or pause this search: http://localhost:8000/marketplace/saved-searches/\n"
        "You receive this e-mail because you agreed to e-mail digests; withdraw that consent "
        "in your account to stop all digests.\n"
    )
    delivery = SavedSearchDelivery.objects.get(saved_search=saved)
    assert list(delivery.profiles.all()) == [match]

    again = _run(django_capture_on_commit_callbacks)

    assert (again.checked, again.sent) == (0, 0)
    assert len(mailoutbox) == 1


def test_digest_respects_frequency_and_never_repeats_a_profile(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    grant_newsletter(market.other)
    saved = _save(market, frequency=DigestFrequency.WEEKLY)
    first = make_profile(market)
    now = timezone.now()
    _run(django_capture_on_commit_callbacks, now=now)
    second = make_profile(market, title="Vision for paint defects")
    # A renewed (re-published) first profile must not be sent again.
    CooperationProfile.objects.filter(pk=first.pk).update(published_at=timezone.now())

    assert _run(django_capture_on_commit_callbacks, now=now + dt.timedelta(days=3)).sent == 0
    later = _run(django_capture_on_commit_callbacks, now=now + dt.timedelta(days=7) - H / 2)

    assert later.sent == 1
    assert len(mailoutbox) == 2
    assert "Vision for paint defects" in mailoutbox[1].body
    assert "weld inspection" not in mailoutbox[1].body
    deliveries = SavedSearchDelivery.objects.filter(saved_search=saved).order_by("sent_at")
    assert [list(d.profiles.values_list("pk", flat=True)) for d in deliveries] == [
        [first.pk],
        [second.pk],
    ]


@pytest.mark.parametrize("case", ["no consent", "consent withdrawn", "inactive", "paused"])
def test_digest_skips_users_without_consent_inactive_users_and_paused_searches(
    market, mailoutbox, django_capture_on_commit_callbacks, case
):
    if case != "no consent":
        grant_newsletter(market.other)
    if case == "consent withdrawn":
        grant_newsletter(market.other, granted=False)
    saved = _save(market)
    if case == "inactive":
        market.other.is_active = False
        market.other.save()
    if case == "paused":
        saved_searches.update_saved_search(actor=market.other, saved_search=saved, is_active=False)
    make_profile(market)

    run = _run(django_capture_on_commit_callbacks)

    assert (run.checked, run.sent) == (0, 0)
    assert mailoutbox == []
    saved.refresh_from_db()
    assert saved.last_sent_at is None


def test_search_without_news_stays_due_and_sends_nothing(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    grant_newsletter(market.other)
    saved = _save(market)

    run = _run(django_capture_on_commit_callbacks)

    assert (run.checked, run.sent) == (1, 0)
    saved.refresh_from_db()
    assert saved.last_sent_at is None
    assert mailoutbox == []


def test_delete_saved_search_removes_its_deliveries(market, django_capture_on_commit_callbacks):
    grant_newsletter(market.other)
    saved = _save(market)
    make_profile(market)
    _run(django_capture_on_commit_callbacks)

    saved_searches.delete_saved_search(actor=market.other, saved_search=saved)

    assert SavedSearch.objects.count() == 0
    assert SavedSearchDelivery.objects.count() == 0


def test_update_saved_search_refuses_a_duplicate_name(market):
    _save(market, name="Weld vision")
    saved = _save(market)

    with pytest.raises(ValidationError) as error:
        saved_searches.update_saved_search(
            actor=market.other, saved_search=saved, name=" Weld   vision "
        )

    assert error.value.message_dict == {"name": ["You already have a saved search with this name."]}


def test_update_saved_search_turns_a_racing_duplicate_into_a_name_error(market, monkeypatch):
    # Another request took the name after the check passed: the unique constraint fires.
    _save(market, name="Weld vision")
    saved = _save(market)
    monkeypatch.setattr(saved_searches, "_check_name", lambda *, user, name, exclude_pk: name)

    with pytest.raises(ValidationError) as error:
        saved_searches.update_saved_search(
            actor=market.other, saved_search=saved, name="Weld vision"
        )

    assert error.value.message_dict == {"name": ["You already have a saved search with this name."]}
    assert SavedSearch.objects.get(pk=saved.pk).name == "Vision requests"


def test_save_search_turns_a_racing_duplicate_into_a_name_error(market, monkeypatch):
    _save(market)
    monkeypatch.setattr(saved_searches, "_check_name", lambda *, user, name, exclude_pk=None: name)

    with pytest.raises(ValidationError) as error:
        _save(market)

    assert error.value.message_dict == {"name": ["You already have a saved search with this name."]}
    assert SavedSearch.objects.filter(user=market.other).count() == 1
