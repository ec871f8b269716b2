"""The calls admin pages open and are read-only (changes go through the domain functions)."""

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["call", "callquestion", "application", "applicationsubmission", "decision"]
)
def test_admin_lists_open_without_an_add_button(client, model, eligible):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/calls/{model}/")
    assert response.status_code == 200
    assert f"/admin/calls/{model}/add/" not in response.content.decode()


def test_admin_application_page_is_view_only(client, eligible):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/calls/application/{eligible.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "sk.pdf" in html
    assert 'name="_save"' not in html
    assert client.post(f"/admin/calls/application/{eligible.pk}/delete/").status_code == 403
    call_page = client.get(f"/admin/calls/call/{eligible.call_id}/change/").content.decode()
    assert "objectives_1" in call_page
