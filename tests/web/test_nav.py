"""The main navigation: entries behind a rule appear only for those who hold it."""

import pytest
from django.urls import reverse

from smartregions.accounts.enums import Role
from tests.factories.accounts import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EVALUATION_LINK = f'href="{reverse("web:evaluation")}"'


@pytest.mark.parametrize(
    ("role", "shown"),
    [(None, False), (Role.FACILITATOR, True), (Role.EXPERT, True), (Role.BROKER, False)],
)
def test_evaluation_menu_entry_only_for_staff_and_experts(client, role, shown):
    user = UserFactory()
    if role is not None:
        MembershipFactory(user=user, role=role)
    client.force_login(user)
    html = client.get(reverse("web:home")).content.decode()
    assert (EVALUATION_LINK in html) is shown


def test_evaluation_menu_entry_hidden_from_anonymous_visitors(client):
    assert EVALUATION_LINK not in client.get(reverse("web:home")).content.decode()


def test_evaluation_menu_entry_for_a_superuser_without_roles(client, admin_user):
    client.force_login(admin_user)
    assert EVALUATION_LINK in client.get(reverse("web:home")).content.decode()
