"""Questions and answers about a call: anyone signed in asks, staff answer and publish.

Published answers appear on the public call page, so every applicant reads the same
clarification (the asker's name never does).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.calls.domain import notifications_applications as notifications
from smartregions.calls.enums import CallStatus
from smartregions.calls.models import Call, CallQuestion
from smartregions.common.domain.activity import log_activity

#: Longest question or answer accepted (a paragraph or two, not a document).
MAX_TEXT = 5000


@transaction.atomic
def ask_question(*, actor: Any, call: Call, question: str) -> CallQuestion:
    """Ask a question about a published call; platform staff are notified.

    Records ``call.question_ask``.
    """
    text = question.strip()
    if call.status != CallStatus.PUBLISHED:
        raise ValidationError({"question": _("Questions are taken while the call is open.")})
    if not text:
        raise ValidationError({"question": _("Write your question.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"question": _("Keep the question under %d characters.") % MAX_TEXT})
    asked = CallQuestion.objects.create(
        call=call,
        question=text,
        asked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_activity(actor=actor, action="call.question_ask", obj=call, data={"question": asked.pk})
    notifications.notify_question_asked(asked, actor=actor)
    return asked


@transaction.atomic
def answer_question(
    *, actor: Any, question: CallQuestion, answer: str, publish: bool = True
) -> CallQuestion:
    """Answer (or re-answer) a question; ``publish`` shows it on the call page, ``False`` hides it.

    The asker is notified of the answer. Records ``call.question_answer``.
    """
    question = (
        CallQuestion.objects.select_for_update(of=("self",))
        .select_related("call", "asked_by")
        .get(pk=question.pk)
    )
    text = answer.strip()
    if not text:
        raise ValidationError({"answer": _("Write the answer.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"answer": _("Keep the answer under %d characters.") % MAX_TEXT})
    first = not question.answer
    question.answer = text
    question.is_published = publish
    question.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    question.answered_at = timezone.now()
    question.full_clean()
    question.save()
    log_activity(
        actor=actor,
        action="call.question_answer",
        obj=question.call,
        data={"question": question.pk, "published": publish},
    )
    if first:
        notifications.notify_question_answered(question, actor=actor)
    return question
