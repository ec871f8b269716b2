"""plotly's stylesheets are extracted from the installed bundle; the pages link them so that
plotly.js injects no <style> element (which the CSP would block)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from smartregions.common.vendor_css import extract_styles, installed_plotly_styles, plotly_rules


def _bundle() -> str:
    return Path(finders.find("vendor/plotly.min.js")).read_text(encoding="utf-8")


def test_generated_plotly_css_holds_every_rule_of_the_bundle():
    rules = plotly_rules(_bundle())
    css = Path(finders.find("vendor/plotly.css")).read_text(encoding="utf-8")
    assert len(rules) > 50
    missing = [
        f"{sel} {{ {body} }}" for sel, body in rules.items() if f"{sel} {{ {body} }}" not in css
    ]
    assert missing == []


def test_generated_maplibre_css_and_id_match_the_bundle():
    styles = installed_plotly_styles()
    css = Path(finders.find("vendor/plotly-maplibre.css")).read_text(encoding="utf-8")
    assert css == styles.maplibre_css
    assert css.startswith(".maplibregl-map{")
    html = render_to_string("web/_map_assets.html")
    assert f'id="{styles.maplibre_id}"' in html
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in html


def test_extract_styles_refuses_an_unrecognised_bundle():
    with pytest.raises(ValueError, match="expected style table"):
        extract_styles("console.log('not plotly')")
