"""Stylesheets that plotly.js would inject as ``<style>`` elements, extracted from its bundle.

Our Content-Security-Policy forbids injected ``<style>`` elements. plotly.js skips injecting its
rules when the page already links them (``<link id="plotly.js-style-global"
class="no-inline-styles">``) and skips MapLibre's when an element with MapLibre's content-hash
id exists. Rather than copying third-party CSS into the repository, we read the rules out of
the ``plotly.min.js`` shipped in the installed ``plotly`` wheel, so they always match the
bundle the pages load.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

_STRING = r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'"
_RULE = re.compile(rf"(?:{_STRING}|([A-Za-z_$][\w$]*)):(?:{_STRING})")
_MAPLIBRE = re.compile(
    r'document\.getElementById\("([0-9a-f]{64})"\)\)\{var e=document\.createElement\("style"\);'
    r"e\.id=\"[0-9a-f]{64}\",e\.textContent='([^']*)'"
)


@dataclass(frozen=True)
class PlotlyStyles:
    """plotly's global rules, MapLibre's rules, and the element id that disables MapLibre's."""

    plotly_css: str
    maplibre_css: str
    maplibre_id: str


def plotly_rules(source: str) -> dict[str, str]:
    """The ``selector -> declarations`` map plotly.js injects (``X``/``Y`` expanded as it does)."""
    start = source.index('{"X,X div":')
    end = source.index("};for(", start)
    rules: dict[str, str] = {}
    for match in _RULE.finditer(source[start : end + 1]):
        selector = next(g for g in match.groups()[:3] if g is not None)
        body = next(g for g in match.groups()[3:] if g is not None)
        full = re.sub(r"^,", " ,", selector).replace("X", ".js-plotly-plot .plotly")
        rules[full.replace("Y", ".plotly-notifier")] = body
    return rules


def extract_styles(source: str) -> PlotlyStyles:
    """Extract both stylesheets from the text of ``plotly.min.js``.

    Raises ``ValueError`` when the bundle's layout changed so the rules cannot be found; a page
    would otherwise silently lose plotly's styling under the CSP.
    """
    try:
        rules = plotly_rules(source)
    except ValueError as exc:
        msg = "plotly.min.js no longer has the expected style table; update vendor_css.py"
        raise ValueError(msg) from exc
    match = _MAPLIBRE.search(source)
    if match is None or len(rules) < 10:
        msg = "plotly.min.js no longer has the expected MapLibre style block; update vendor_css.py"
        raise ValueError(msg)
    plotly_css = "\n".join(f"{selector} {{ {body} }}" for selector, body in rules.items())
    return PlotlyStyles(
        plotly_css=plotly_css + "\n", maplibre_css=match.group(2) + "\n", maplibre_id=match.group(1)
    )


@functools.cache
def installed_plotly_styles() -> PlotlyStyles:
    """The styles of the installed plotly wheel's bundle (read once per process)."""
    from smartregions.common.staticfinders import package_file

    bundle = package_file("plotly", "package_data/plotly.min.js")
    return extract_styles(Path(bundle).read_text(encoding="utf-8"))
