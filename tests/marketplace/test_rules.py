"""The marketplace permission matrix: every role x every permission x every kind of object.

Roles: an = anonymous, us = plain signed-in user, ow = member of the owner organisation,
ot = member of another organisation, fa = platform facilitator, ad = platform administrator.
Targets: P = a published profile of the owner organisation, O / X = the owner / other
organisation, I = an expression of interest sent by the other organisation in P, S = a saved
search of the member of the other organisation, "-" = no object.
"""

from __future__ import annotations

import pytest

from smartregions.accounts.domain.accounts import deactivate_user
from smartregions.matching.domain.marketplace.interests import express_interest
from smartregions.matching.domain.marketplace.queries import MarketplaceSearch
from smartregions.matching.domain.marketplace.saved_searches import save_search
from tests.marketplace.conftest import make_profile

pytestmark = pytest.mark.django_db

Y, N = True, False
ROLES = ("anonymous", "plain", "owner", "other", "facilitator", "admin")

# fmt: off
MATRIX = [
    # permission                                 target an us ow ot fa ad
    ("matching.add_cooperationprofile",            "-", (N, N, Y, Y, Y, Y)),
    ("matching.add_cooperationprofile",            "O", (N, N, Y, N, Y, Y)),
    ("matching.add_cooperationprofile",            "X", (N, N, N, Y, Y, Y)),
    ("matching.change_cooperationprofile",         "P", (N, N, Y, N, Y, Y)),
    ("matching.view_private_cooperationprofile",   "P", (N, N, Y, N, Y, Y)),
    ("matching.express_interest",                  "P", (N, N, N, Y, N, N)),
    ("matching.answer_interest",                   "I", (N, N, Y, N, N, N)),
    ("matching.withdraw_interest",                 "I", (N, N, N, Y, N, N)),
    ("matching.view_interest",                     "I", (N, N, Y, Y, Y, Y)),
    ("matching.add_savedsearch",                   "-", (N, Y, Y, Y, Y, Y)),
    ("matching.change_savedsearch",                "S", (N, N, N, Y, N, N)),
]
# fmt: on


@pytest.fixture
def targets(market):
    profile = make_profile(market)
    interest = express_interest(
        actor=market.other, profile=profile, organisation=market.other_org, message="Hi"
    )
    saved = save_search(actor=market.other, name="Mine", criteria=MarketplaceSearch())
    return {
        "-": None,
        "P": profile,
        "O": market.owner_org,
        "X": market.other_org,
        "I": interest,
        "S": saved,
    }


@pytest.mark.parametrize(("perm", "target", "expected"), MATRIX)
def test_permission_matrix(market, targets, perm, target, expected):
    got = tuple(market.user(role).has_perm(perm, targets[target]) for role in ROLES)

    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


@pytest.mark.parametrize(("perm", "target", "expected"), MATRIX)
def test_deactivated_users_hold_no_marketplace_permission(market, targets, perm, target, expected):
    for role in ROLES[1:]:
        deactivate_user(actor=None, user=market.user(role))

    for role in ROLES[1:]:
        user = type(market.user(role)).objects.get(pk=market.user(role).pk)
        assert user.has_perm(perm, targets[target]) is False
