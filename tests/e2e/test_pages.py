"""Every public page renders in a real browser without console errors, maps included."""

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("regions", "/regions/?country=CZ"),
        ("region-cz064", "/regions/CZ064/"),
        ("priorities", "/priorities/"),
        ("organisations", "/organisations/"),
        ("organisation", "/organisations/brno-mechatronics-cluster/"),
    ],
)
def test_page_renders_without_console_errors(page, demo, shoot, name, path):
    page.goto(path)
    if page.locator("[data-map]").count():
        page.wait_for_selector("[data-map].js-plotly-plot .choroplethlayer path")
    shoot(page, name)
    assert page.locator("h1").count() == 1
