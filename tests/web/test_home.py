import pytest

from smartregions.common.middleware import POLICY

pytestmark = pytest.mark.django_db


def test_home_page_shows_counts_with_strict_csp(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == POLICY
    assert "'unsafe-inline'" not in POLICY
    assert b"What the registry holds" in response.content
