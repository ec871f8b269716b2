"""The permission matrix: every role x every permission x every kind of object.

Region A (CZ01, NUTS-2) has a NUTS-3 child A3 (CZ010); region B (CZ02) is A's sibling, whose code
shares the prefix ``CZ0`` with A (a code-prefix rule must not leak from A to B). Each region has a
strategy with one priority. Organisation X has a member; organisation Y has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from smartregions.accounts.domain.accounts import deactivate_user
from smartregions.accounts.domain.memberships import grant_membership, revoke_membership
from smartregions.accounts.enums import Role
from smartregions.regions.domain.queries import priorities_with_codes
from smartregions.regions.enums import StrategyLevel
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PriorityFactory,
    RegionFactory,
    StrategyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Y, N = True, False

ROLES = (
    "anonymous",
    "user",
    "superuser",
    "admin",
    "facilitator",
    "rep_A",
    "rep_B",
    "member_X",
    "broker",
    "expert",
    "organiser",
)

# fmt: off
# Targets: A / A3 / B = the region itself (add_strategy, import_priorities), its strategy
# (change_strategy, add_priority) or its strategy's priority (change/delete_priority);
# X / Y = organisations; "-" = no object. Columns follow ROLES: an = anonymous, us = plain user,
# su = superuser, ad = platform admin, fa = facilitator, rA / rB = representative of A / B,
# mX = member of organisation X, br = broker, ex = expert, eo = event organiser.
MATRIX: list[tuple[str, str, tuple[bool, ...]]] = [
    # permission                           target an us su ad fa rA rB mX br ex eo
    ("regions.add_strategy",               "A",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.add_strategy",               "A3", (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.add_strategy",               "B",  (N, N, Y, Y, Y, N, Y, N, N, N, N)),
    ("regions.add_strategy",               "-",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
    ("regions.change_strategy",            "A",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.change_strategy",            "A3", (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.change_strategy",            "B",  (N, N, Y, Y, Y, N, Y, N, N, N, N)),
    ("regions.change_strategy",            "-",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
    ("regions.add_priority",               "A",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.add_priority",               "A3", (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.add_priority",               "B",  (N, N, Y, Y, Y, N, Y, N, N, N, N)),
    ("regions.add_priority",               "-",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
    ("regions.change_priority",            "A",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.change_priority",            "A3", (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.change_priority",            "B",  (N, N, Y, Y, Y, N, Y, N, N, N, N)),
    ("regions.change_priority",            "-",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
    ("regions.delete_priority",            "A",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.delete_priority",            "A3", (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.delete_priority",            "B",  (N, N, Y, Y, Y, N, Y, N, N, N, N)),
    ("regions.delete_priority",            "-",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
    ("regions.import_priorities",          "A",  (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.import_priorities",          "A3", (N, N, Y, Y, Y, Y, N, N, N, N, N)),
    ("regions.import_priorities",          "B",  (N, N, Y, Y, Y, N, Y, N, N, N, N)),
    ("regions.import_priorities",          "-",  (N, N, Y, Y, Y, Y, Y, N, N, N, N)),
    ("organisations.add_organisation",     "-",  (N, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y)),
    ("organisations.change_organisation",  "X",  (N, N, Y, Y, Y, N, N, Y, N, N, N)),
    ("organisations.change_organisation",  "Y",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
    ("organisations.change_organisation",  "-",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
    ("accounts.manage_memberships",        "-",  (N, N, Y, Y, Y, N, N, N, N, N, N)),
]
# fmt: on

#: What object each permission is checked against, for a region target.
REGION_OBJECT = {
    "regions.add_strategy": "region",
    "regions.import_priorities": "region",
    "regions.change_strategy": "strategy",
    "regions.add_priority": "strategy",
    "regions.change_priority": "priority",
    "regions.delete_priority": "priority",
}

PERMISSIONS = (
    "regions.add_strategy",
    "regions.change_strategy",
    "regions.add_priority",
    "regions.change_priority",
    "regions.delete_priority",
    "regions.import_priorities",
    "organisations.add_organisation",
    "organisations.change_organisation",
    "accounts.manage_memberships",
)


@dataclass
class World:
    users: dict[str, Any]
    regions: dict[str, Any]
    strategies: dict[str, Any]
    priorities: dict[str, Any]
    organisations: dict[str, Any]

    def target(self, permission: str, name: str) -> Any:
        if name == "-":
            return None
        if name in self.organisations:
            return self.organisations[name]
        kind = REGION_OBJECT[permission]
        return {"region": self.regions, "strategy": self.strategies, "priority": self.priorities}[
            kind
        ][name]


@pytest.fixture
def world() -> World:
    country = CountryFactory(code="CZ")
    cz = RegionFactory(code="CZ", level=0, country=country)
    cz0 = RegionFactory(code="CZ0", level=1, country=country, parent=cz)
    regions = {
        "A": RegionFactory(code="CZ01", level=2, country=country, parent=cz0),
        "B": RegionFactory(code="CZ02", level=2, country=country, parent=cz0),
    }
    regions["A3"] = RegionFactory(code="CZ010", level=3, country=country, parent=regions["A"])
    strategies = {name: StrategyFactory(region=region) for name, region in regions.items()}
    priorities = {name: PriorityFactory(strategy=s) for name, s in strategies.items()}
    organisations = {"X": OrganisationFactory(region=regions["A"]), "Y": OrganisationFactory()}

    users: dict[str, Any] = {"anonymous": AnonymousUser(), "user": UserFactory()}
    users["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    scoped = {
        "admin": (Role.PLATFORM_ADMIN, {}),
        "facilitator": (Role.FACILITATOR, {}),
        "rep_A": (Role.REGION_REPRESENTATIVE, {"region": regions["A"]}),
        "rep_B": (Role.REGION_REPRESENTATIVE, {"region": regions["B"]}),
        "member_X": (Role.ORGANISATION_MEMBER, {"organisation": organisations["X"]}),
        "broker": (Role.BROKER, {}),
        "expert": (Role.EXPERT, {}),
        "organiser": (Role.EVENT_ORGANISER, {}),
    }
    for name, (role, scope) in scoped.items():
        users[name] = UserFactory()
        grant_membership(actor=None, user=users[name], role=role, **scope)
    return World(users, regions, strategies, priorities, organisations)


def test_matrix_covers_every_permission_and_role():
    assert {row[0] for row in MATRIX} == set(PERMISSIONS)
    assert all(len(cells) == len(ROLES) for _, _, cells in MATRIX)


@pytest.mark.parametrize(
    ("permission", "target", "role", "allowed"),
    [
        pytest.param(perm, target, role, cell, id=f"{perm}-{target}-{role}")
        for perm, target, cells in MATRIX
        for role, cell in zip(ROLES, cells, strict=True)
    ],
)
def test_permission_matrix(world, permission, target, role, allowed):
    user = world.users[role]
    assert user.has_perm(permission, world.target(permission, target)) is allowed


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_deactivated_platform_admin_holds_no_permission(world, permission):
    for name in ("admin", "superuser"):
        user = world.users[name]
        deactivate_user(actor=None, user=user)
        assert user.has_perm(permission, None) is False


def test_revoked_representative_loses_permission_at_once(world):
    user = world.users["rep_A"]
    priority = world.priorities["A"]
    assert user.has_perm("regions.change_priority", priority) is True
    revoke_membership(actor=None, membership=user.memberships.get())
    assert user.has_perm("regions.change_priority", priority) is False


def test_representative_of_country_edits_national_strategy(world):
    country = world.regions["A"].country
    national = StrategyFactory(region=None, country=country, level=StrategyLevel.NATIONAL)
    user = UserFactory()
    grant_membership(
        actor=None, user=user, role=Role.REGION_REPRESENTATIVE, region=world.regions["A"].parent
    )
    assert user.has_perm("regions.change_strategy", national) is False
    grant_membership(
        actor=None,
        user=user,
        role=Role.REGION_REPRESENTATIVE,
        region=world.regions["A"].parent.parent,
    )
    assert user.has_perm("regions.change_strategy", national) is True
    assert world.users["rep_A"].has_perm("regions.change_strategy", national) is False


def test_permission_checks_over_a_list_cost_two_queries(world, django_assert_num_queries):
    for _ in range(20):
        PriorityFactory(strategy=world.strategies["A3"])
    priorities = list(priorities_with_codes())
    user = type(world.users["rep_A"]).objects.get(pk=world.users["rep_A"].pk)
    with django_assert_num_queries(2):
        allowed = [user.has_perm("regions.change_priority", p) for p in priorities]
    assert allowed.count(True) == 22
    assert allowed.count(False) == 1


def test_role_memo_on_lazy_request_user_is_forgotten_after_grant(world):
    from django.utils.functional import SimpleLazyObject

    real = type(world.users["user"]).objects.get(pk=world.users["user"].pk)
    lazy = SimpleLazyObject(lambda: real)
    region = world.regions["B"]
    assert lazy.has_perm("regions.add_strategy", region) is False
    grant_membership(actor=None, user=lazy, role=Role.REGION_REPRESENTATIVE, region=region)
    assert lazy.has_perm("regions.add_strategy", region) is True
