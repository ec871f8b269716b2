"""The background tasks and the ``send_digests`` / ``expire_profiles`` commands."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from smartregions.matching import tasks
from smartregions.matching.domain.marketplace.queries import MarketplaceSearch, today
from smartregions.matching.domain.marketplace.saved_searches import save_search
from smartregions.matching.enums import ProfileStatus
from smartregions.matching.models import CooperationProfile, SavedSearch
from tests.factories.marketplace import CooperationProfileFactory
from tests.marketplace.conftest import grant_newsletter, make_profile

pytestmark = pytest.mark.django_db


def _past_profile(market) -> CooperationProfile:
    return CooperationProfileFactory(
        organisation=market.owner_org,
        status=ProfileStatus.PUBLISHED,
        valid_from=today() - dt.timedelta(days=30),
        valid_until=today() - dt.timedelta(days=1),
    )


def test_expire_profiles_command_reports_and_is_idempotent(market):
    profile = _past_profile(market)
    out = StringIO()

    call_command("expire_profiles", stdout=out)
    call_command("expire_profiles", stdout=out)

    assert out.getvalue() == "1 profile(s) expired\n0 profile(s) expired\n"
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.EXPIRED


def test_expire_profiles_task_runs_the_domain_function(market):
    _past_profile(market)

    result = tasks.expire_profiles.enqueue()

    assert result.return_value == 1


def _digest_world(market):
    grant_newsletter(market.other)
    saved = save_search(actor=market.other, name="All", criteria=MarketplaceSearch())
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=saved.created_at - dt.timedelta(1))
    make_profile(market)


def test_send_digests_command_enqueues_the_task(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    _digest_world(market)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=out)

    assert out.getvalue().startswith("send_saved_search_digests enqueued (task ")
    assert [m.to for m in mailoutbox] == [["other@example.eu"]]


def test_send_digests_command_sync_prints_the_summary(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    _digest_world(market)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--sync", stdout=out)
        call_command("send_digests", "--sync", stdout=out)

    assert out.getvalue() == (
        "1 digest(s) with 1 profile(s) sent; 1 due search(es) checked\n"
        "0 digest(s) with 0 profile(s) sent; 0 due search(es) checked\n"
    )
    assert len(mailoutbox) == 1


def test_digest_task_returns_the_summary(market, django_capture_on_commit_callbacks):
    _digest_world(market)

    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_saved_search_digests.enqueue()

    assert result.return_value == "1 digest(s) with 1 profile(s) sent; 1 due search(es) checked"
