import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_renders_site_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="/static/web/site.css"' in response.content.decode()


def test_favicon_ico_redirects_to_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/web/favicon.svg"
