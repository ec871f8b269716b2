"""The expertise-fit kernel, and the purity of the calls compute package."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartregions.calls import compute
from smartregions.calls.compute import expertise_fit
from smartregions.calls.compute.fit import text_similarity


def test_expertise_fit_adds_area_match_and_text_similarity():
    applications = ["Hydrogen valleys for steel regions", "Rural tourism routes"]
    experts = ["Hydrogen and steel decarbonisation", "Tourism marketing", ""]
    area = np.array([[True, False, False], [False, False, True]])

    fit = expertise_fit(applications, experts, area, text_weight=0.5)
    text = text_similarity(applications, experts)

    assert fit.shape == (2, 3)
    np.testing.assert_allclose(fit, 0.5 * area + 0.5 * text)
    assert text[0, 0] > 0.3
    assert text[1, 1] > 0.2
    assert text[0, 1] < text[1, 1]
    assert text[:, 2].tolist() == [0.0, 0.0]  # no expertise text: no similarity


def test_text_similarity_matches_cognates_across_languages():
    similarity = text_similarity(["Mechatronika a robotika"], ["Mechatronics, robotics", "Wine"])

    assert similarity[0, 0] > 0.3
    assert similarity[0, 1] == 0.0


def test_text_similarity_without_any_word_is_zero():
    assert text_similarity(["", "  ,. "], ["", "-"]).tolist() == [[0.0, 0.0], [0.0, 0.0]]


@pytest.mark.parametrize("weight", [-0.1, 1.5])
def test_expertise_fit_refuses_a_weight_outside_the_unit_interval(weight):
    with pytest.raises(ValueError, match=r"text_weight must lie in \[0, 1\]"):
        expertise_fit(["a"], ["b"], [[False]], text_weight=weight)


def test_expertise_fit_refuses_an_area_matrix_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"area_match has shape \(1, 2\), expected \(1, 1\)"):
        expertise_fit(["a"], ["b"], [[False, True]])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(max_size=40), max_size=4),
    st.lists(st.text(max_size=40), max_size=4),
    st.floats(0, 1),
    st.data(),
)
def test_expertise_fit_lies_in_the_unit_interval(applications, experts, weight, data):
    area = np.array(
        data.draw(
            st.lists(
                st.booleans(),
                min_size=len(applications) * len(experts),
                max_size=len(applications) * len(experts),
            )
        ),
        bool,
    ).reshape(len(applications), len(experts))

    fit = expertise_fit(applications, experts, area, text_weight=weight)

    assert fit.shape == area.shape
    assert np.isfinite(fit).all()
    assert ((fit >= 0) & (fit <= 1 + 1e-12)).all()


def test_compute_modules_import_without_django():
    modules = [f"{compute.__name__}.{info.name}" for info in pkgutil.iter_modules(compute.__path__)]
    assert len(modules) >= 2
    script = "\n".join(
        [
            "import importlib, sys",
            *[f"importlib.import_module({name!r})" for name in modules],
            "print(','.join(sorted(m for m in ('django', 'pandas') if m in sys.modules)))",
        ]
    )

    completed = subprocess.run(  # noqa: S603 - runs this interpreter on a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )

    assert completed.stdout.strip() == ""
