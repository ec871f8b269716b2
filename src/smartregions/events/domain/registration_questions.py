"""The custom questions of an event's registration form: add, change, order, remove.

Organisers write them; participants' answers are checked against them by
:mod:`smartregions.events.domain.registration_answers`. A choice question offers at least two
distinct choices; other kinds offer none. Removing a question deletes everyone's answer to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.registration import lock_event
from smartregions.events.enums import EventStatus, QuestionKind
from smartregions.events.models import Event, Registration, RegistrationQuestion


def _check_question(question: RegistrationQuestion) -> None:
    choice_kinds = (QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE)
    if question.kind in choice_kinds and len(question.choices) < 2:
        raise ValidationError({"choices": _("Offer at least two choices.")})
    if question.kind not in choice_kinds and question.choices:
        raise ValidationError({"choices": _("Only choice questions have choices.")})
    if len(set(question.choices)) != len(question.choices):
        raise ValidationError({"choices": _("Each choice must differ from the others.")})


def _clean_choices(choices: Sequence[str] | None) -> list[str]:
    return [str(choice).strip() for choice in choices or () if str(choice).strip()]


@transaction.atomic
def add_question(
    *,
    actor: Any,
    event: Event,
    label: str,
    kind: str,
    choices: Sequence[str] = (),
    required: bool = False,
    help_text: str = "",
) -> RegistrationQuestion:
    """Add a question to ``event``'s registration form, after the others. Records
    ``event.add_question``."""
    lock_event(event)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError({"status": _("A cancelled event cannot be changed.")})
    last = event.questions.aggregate(last=Max("position"))["last"]
    question = RegistrationQuestion(
        event=event,
        label=label.strip(),
        kind=kind,
        choices=_clean_choices(choices),
        required=required,
        help_text=help_text.strip(),
        position=0 if last is None else last + 1,
    )
    question.full_clean()
    _check_question(question)
    question.save()
    log_activity(actor=actor, action="event.add_question", obj=question)
    return question


@transaction.atomic
def update_question(
    *, actor: Any, question: RegistrationQuestion, **changes: Any
) -> RegistrationQuestion:
    """Change a question's label, help text, kind, choices or whether it is required
    (answers already given stay as they were). Records ``event.update_question``."""
    allowed = {"label", "help_text", "kind", "choices", "required"}
    if unknown := set(changes) - allowed:
        msg = f"not a question field: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    lock_event(question.event)
    if "choices" in changes:
        changes["choices"] = _clean_choices(changes["choices"])
    for key in ("label", "help_text"):
        if isinstance(changes.get(key), str):
            changes[key] = changes[key].strip()
    for key, value in changes.items():
        setattr(question, key, value)
    question.full_clean()
    _check_question(question)
    question.save()
    log_activity(
        actor=actor, action="event.update_question", obj=question, data={"changed": sorted(changes)}
    )
    return question


@transaction.atomic
def remove_question(*, actor: Any, question: RegistrationQuestion) -> None:
    """Delete a question and everyone's answer to it (no personal data is kept without a
    purpose). Records ``event.remove_question``."""
    event = lock_event(question.event)
    key = str(question.pk)
    for registration in Registration.objects.filter(event=event).only("pk", "answers"):
        if key in registration.answers:
            registration.answers.pop(key)
            registration.save(update_fields=["answers"])
    log_activity(actor=actor, action="event.remove_question", obj=question)
    question.delete()


@transaction.atomic
def move_question(*, actor: Any, question: RegistrationQuestion, up: bool) -> None:
    """Swap ``question`` with its neighbour above (``up``) or below; nothing at either end.
    Renumbers the event's questions 0, 1, 2... Records ``event.move_question``."""
    event = lock_event(question.event)
    questions = list(event.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    log_activity(actor=actor, action="event.move_question", obj=question, data={"up": up})
