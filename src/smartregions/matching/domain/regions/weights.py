"""The score components of the region partner finder, their default weights per mode, and
validating the weights a user gives."""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

COMPONENTS = ("codes", "text", "complementarity", "relatedness", "similarity", "ties")
COMPONENT_LABELS = {
    "codes": _("Shared codes"),
    "text": _("Similar priority texts"),
    "complementarity": _("Complementarity"),
    "relatedness": _("Relatedness"),
    "similarity": _("Structural similarity"),
    "ties": _("Existing ties"),
}
COMPONENT_HELP = {
    "codes": _("Overlap of declared NACE, scientific-domain and policy-objective codes."),
    "text": _("Character n-gram similarity of the query and the best-matching priority text."),
    "complementarity": _(
        "Share of the region's missing but related activities the partner is specialised in."
    ),
    "relatedness": _("How close the partner's strengths are to what the region already does."),
    "similarity": _("How alike the two regions' economic structures are."),
    "ties": _("Accepted expressions of interest between organisations of the two regions."),
}
MODES = ("partners", "learn")
MODE_LABELS = {"partners": _("Partners (complementary)"), "learn": _("Regions to learn from")}
#: Default weights per mode: "partners" favours complementarity, codes and text; "learn"
#: (regions to learn from) favours structural similarity.
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "partners": {
        "codes": 3.0,
        "text": 2.0,
        "complementarity": 3.0,
        "relatedness": 1.0,
        "similarity": 0.0,
        "ties": 1.0,
    },
    "learn": {
        "codes": 1.0,
        "text": 1.0,
        "complementarity": 0.0,
        "relatedness": 1.0,
        "similarity": 4.0,
        "ties": 0.0,
    },
}
MAX_WEIGHT = 1000.0


def check_mode(mode: str) -> str:
    """``mode`` if known, else ``ValidationError`` naming ``mode``."""
    if mode not in MODES:
        raise ValidationError({"mode": f"Choose one of: {', '.join(MODES)} (got {mode!r})."})
    return mode


def parse_weights(text: str) -> dict[str, float]:
    """``"codes:1,text=2.5"`` -> ``{"codes": 1.0, "text": 2.5}`` (``:`` or ``=``, comma list).

    Raises ``ValidationError`` on ``weights`` for a malformed item or a non-number.
    """
    result: dict[str, float] = {}
    for item in (part.strip() for part in (text or "").split(",")):
        if not item:
            continue
        name, sep, value = item.replace("=", ":").partition(":")
        if not sep:
            raise ValidationError(
                {"weights": f"Write each weight as name:number, e.g. codes:2 (got {item!r})."}
            )
        try:
            result[name.strip()] = float(value)
        except ValueError:
            raise ValidationError(
                {"weights": f"The weight of {name.strip()!r} must be a number (got {value!r})."}
            ) from None
    return result


def effective_weights(*, mode: str, weights: Mapping[str, float] | None) -> dict[str, float]:
    """The mode's default weights overridden by ``weights`` (components not named keep their
    default), validated: known components, finite numbers from 0 to 1000, at least one > 0.

    Raises ``ValidationError`` on ``weights`` naming the component and the reason.
    """
    check_mode(mode)
    result = dict(DEFAULT_WEIGHTS[mode])
    problems = []
    for name, value in (weights or {}).items():
        if name not in COMPONENTS:
            problems.append(f"unknown component {name!r} (known: {', '.join(COMPONENTS)})")
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems.append(f"the weight of {name!r} must be a number, got {value!r}")
            continue
        if not math.isfinite(number) or number < 0 or number > MAX_WEIGHT:
            problems.append(f"the weight of {name!r} must be from 0 to {MAX_WEIGHT:g}")
            continue
        result[name] = number
    if not problems and not any(value > 0 for value in result.values()):
        problems.append("at least one weight must be positive")
    if problems:
        raise ValidationError(
            {"weights": [f"{problem[0].upper()}{problem[1:]}." for problem in problems]}
        )
    return result
