"""Answers to an event's registration questions: validated per kind, stored by question id.

A registration keeps ``answers`` as ``{"<question id>": value}``: text for (long) text
questions, one of the offered choices for a choice, a list of offered choices for several
choices, ``True``/``False`` for yes/no. Errors name the question's field (``question_<id>``),
which is also the field name of the web form, so each message lands next to its question.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smartregions.events.enums import QuestionKind
from smartregions.events.models import RegistrationQuestion

#: Longest answer to a short and to a long text question, in characters.
TEXT_LIMITS = {QuestionKind.TEXT: 300, QuestionKind.LONG_TEXT: 5000}


def answer_field(question: RegistrationQuestion) -> str:
    """The field name that carries the answer to ``question`` (forms and error messages)."""
    return f"question_{question.pk}"


def _is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == []


def _clean_one(question: RegistrationQuestion, value: Any) -> Any:
    """The stored form of ``value`` for ``question``; raises ValueError with a message."""
    kind = question.kind
    if kind in TEXT_LIMITS:
        if not isinstance(value, str):
            raise ValueError(_("Enter text."))
        value = value.strip()
        if len(value) > TEXT_LIMITS[kind]:
            raise ValueError(_("At most %d characters.") % TEXT_LIMITS[kind])
        return value
    if kind == QuestionKind.CHOICE:
        if value not in question.choices:
            raise ValueError(_("Choose one of the offered answers."))
        return value
    if kind == QuestionKind.MULTIPLE_CHOICE:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or any(v not in question.choices for v in values):
            raise ValueError(_("Choose among the offered answers."))
        return [choice for choice in question.choices if choice in values]
    if kind == QuestionKind.YES_NO:
        if value in (True, "yes", "true"):
            return True
        if value in (False, "no", "false"):
            return False
        raise ValueError(_("Answer yes or no."))
    raise ValueError(_("Unknown kind of question."))  # pragma: no cover - enum is closed


def clean_answers(
    questions: Iterable[RegistrationQuestion], answers: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Validate ``answers`` (keyed by question id, as text or number) against ``questions``.

    Returns the stored form, keyed by the question id as text, without empty optional
    answers. Raises one :class:`ValidationError` listing every problem: a required question
    left empty, an answer of the wrong kind or outside the offered choices, or an answer to
    a question the event does not ask.
    """
    questions = list(questions)
    given = {str(key): value for key, value in (answers or {}).items()}
    known = {str(q.pk) for q in questions}
    errors: dict[str, list[str]] = {}
    for key in sorted(set(given) - known):
        errors.setdefault("answers", []).append(_("Unknown question: %s.") % key)
    cleaned: dict[str, Any] = {}
    for question in questions:
        value = given.get(str(question.pk))
        if _is_empty(value):
            if question.required:
                errors[answer_field(question)] = [
                    _("“%s”: this question is required.") % question.label
                ]
            continue
        try:
            cleaned[str(question.pk)] = _clean_one(question, value)
        except ValueError as error:
            errors[answer_field(question)] = [f"“{question.label}”: {error}"]
    if errors:
        raise ValidationError(errors)
    return cleaned


def display_answer(question: RegistrationQuestion, answers: Mapping[str, Any]) -> str:
    """The answer to ``question`` as text for pages and exports (``""`` when unanswered)."""
    value = answers.get(str(question.pk))
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)
