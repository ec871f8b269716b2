"""Answers to a call's form fields: one validator per field type, shared by web and API.

``Application.answers`` maps a field's key to a JSON value: text for short and long text and
web addresses, a number, an ISO date (``2026-03-02``), one choice, a list of choices, or
true/false. Unanswered fields are left out. While drafting, only the answers given are
checked; whether every required field is answered is part of the eligibility checklist.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from smartregions.calls.enums import FieldType
from smartregions.calls.models import CallField

#: Default cap of a text answer without its own ``max_length`` (a long essay, not a book).
DEFAULT_MAX_TEXT = 20_000


def is_answered(value: Any) -> bool:
    """Whether ``value`` counts as an answer (``False`` does: it is a "no")."""
    return value not in (None, "", [], {})


def _text(field: CallField, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."))
    text = value.strip() if field.type == FieldType.TEXT else value.strip("\n ")
    if field.type == FieldType.TEXT and "\n" in text:
        raise ValidationError(_("Enter a single line."))
    limit = field.max_length or DEFAULT_MAX_TEXT
    if len(text) > limit:
        raise ValidationError(
            _("Keep it under %(limit)d characters (it has %(n)d).")
            % {"limit": limit, "n": len(text)}
        )
    return text


def _number(field: CallField, value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    try:
        number = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if number == number.to_integral_value():
        return int(number)
    result = float(number)
    if math.isinf(result):  # pragma: no cover - Decimal range beyond float
        raise ValidationError(_("Enter a smaller number."))
    return result


def _date(field: CallField, value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None


def _choice(field: CallField, value: Any) -> str:
    if not isinstance(value, str) or value not in field.choices:
        raise ValidationError(_("Choose one of: %s.") % ", ".join(field.choices))
    return value


def _choices(field: CallField, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(_("Give a list of choices."))
    picked = list(dict.fromkeys(value))
    wrong = [str(v) for v in picked if v not in field.choices]
    if wrong:
        raise ValidationError(
            _("Not a choice: %(wrong)s (choose from: %(ok)s).")
            % {"wrong": ", ".join(wrong), "ok": ", ".join(field.choices)}
        )
    # Keep the call's order, whatever order the choices were given in.
    return [choice for choice in field.choices if choice in picked]


def _checkbox(field: CallField, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValidationError(_("Answer true or false."))


def _url(field: CallField, value: Any) -> str:
    text = _text(field, value)
    URLValidator(schemes=["http", "https"])(text)
    return text


_CLEANERS = {
    FieldType.TEXT: _text,
    FieldType.TEXTAREA: _text,
    FieldType.NUMBER: _number,
    FieldType.DATE: _date,
    FieldType.CHOICE: _choice,
    FieldType.MULTIPLE_CHOICE: _choices,
    FieldType.CHECKBOX: _checkbox,
    FieldType.URL: _url,
}


def clean_answers(fields: Iterable[CallField], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise ``answers`` (key -> raw value) against ``fields``.

    Returns the answered values in JSON form; blank values are dropped (unanswered). Raises a
    ``ValidationError`` keyed ``answers.<key>`` for each bad value and for unknown keys, so a
    client sees every mistake at once.
    """
    by_key = {field.key: field for field in fields}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for key, value in answers.items():
        field = by_key.get(key)
        if field is None:
            errors[f"answers.{key}"] = [_("This call has no field “%s” at this stage.") % key]
            continue
        if not is_answered(value) or (isinstance(value, str) and not value.strip()):
            continue
        try:
            cleaned[key] = _CLEANERS[field.type](field, value)
        except ValidationError as error:
            errors[f"answers.{key}"] = [f"{field.label}: {m}" for m in error.messages]
    if errors:
        raise ValidationError(errors)
    return cleaned


def missing_required(fields: Iterable[CallField], answers: Mapping[str, Any]) -> list[CallField]:
    """The required fields without an answer (a required yes/no box must be ticked)."""
    missing = []
    for field in fields:
        if not field.is_required:
            continue
        value = answers.get(field.key)
        if field.type == FieldType.CHECKBOX:
            if value is not True:
                missing.append(field)
        elif not is_answered(value):
            missing.append(field)
    return missing
