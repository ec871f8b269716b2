"""Conclusions curated from the harvest, and their follow-up actions (organisers).

A conclusion answers one guiding question (stored as its text; questions with the same
normalised text at several tables are one) and rests on source notes: submitted notes of the
event answering that question. Created from a cluster or from selected notes, its text starts
as their statements, one per line, for the organisers to edit. Conclusions of a question are
ordered by ``position``. A follow-up action has a description, an owner (an organiser or a
confirmed participant), a due date, a status and optionally a link to an active partnership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.events.domain.discussions.common import (
    check_event_person,
    clean_text,
    user_or_none,
)
from smartregions.events.domain.discussions.setup import QUESTION_LIMIT, question_key
from smartregions.events.enums import ActionStatus
from smartregions.events.models import Conclusion, Event, FollowUpAction, RapporteurNote
from smartregions.partnerships.enums import PartnershipStatus
from smartregions.partnerships.models import Partnership

#: Longest conclusion and follow-up description.
CONCLUSION_LIMIT = 5000
ACTION_LIMIT = 500


def _same_question(conclusion: Conclusion) -> Any:
    key = question_key(conclusion.question)
    return [
        other
        for other in Conclusion.objects.select_for_update()
        .filter(event_id=conclusion.event_id)
        .order_by("position", "pk")
        if question_key(other.question) == key
    ]


def _check_sources(event: Event, question: str, notes: Sequence[RapporteurNote]) -> list[Any]:
    ids = sorted({note.pk for note in notes})
    found = list(
        RapporteurNote.objects.filter(pk__in=ids)
        .select_related("question", "table__round")
        .order_by("pk")
    )
    key = question_key(question)
    for note in found:
        if note.table.round.event_id != event.pk:
            raise ValidationError({"sources": _("A source note belongs to another event.")})
        if note.submitted_at is None:
            raise ValidationError({"sources": _("Only submitted notes can be sources.")})
        if question_key(note.question.text) != key:
            raise ValidationError(
                {"sources": _("A source note answers another question: %s") % note.question.text}
            )
    return found


def _single_round(notes: Sequence[RapporteurNote]) -> int | None:
    rounds = {note.table.round_id for note in notes}
    return rounds.pop() if len(rounds) == 1 else None


@transaction.atomic
def create_conclusion(
    *,
    actor: Any,
    event: Event,
    question: str = "",
    text: str = "",
    sources: Sequence[RapporteurNote] = (),
) -> Conclusion:
    """Add a conclusion at the end of its question's conclusions.

    ``question`` defaults to the sources' question; ``text`` defaults to the sources'
    statements, one per line. The sources must be submitted notes of the event answering the
    question. The conclusion's round is the sources' round when they share one. Records
    ``event.conclusion_create``.
    """
    if not question and sources:
        question = sources[0].question.text
    question = clean_text(question, field="question", limit=QUESTION_LIMIT, label=_("question"))
    notes = _check_sources(event, question, sources)
    if not text.strip() and notes:
        text = "\n".join(note.text for note in notes)
    text = clean_text(text, field="text", limit=CONCLUSION_LIMIT, label=_("conclusion"))
    Event.objects.select_for_update().filter(pk=event.pk).first()
    key = question_key(question)
    positions = [
        position
        for position, other in Conclusion.objects.filter(event=event).values_list(
            "position", "question"
        )
        if question_key(other) == key
    ]
    conclusion = Conclusion.objects.create(
        event=event,
        round_id=_single_round(notes),
        question=question,
        text=text,
        position=max(positions) + 1 if positions else 0,
        created_by=user_or_none(actor),
    )
    conclusion.sources.set(notes)
    log_activity(
        actor=actor,
        action="event.conclusion_create",
        obj=conclusion,
        data={"sources": [note.pk for note in notes]},
    )
    return conclusion


@transaction.atomic
def update_conclusion(*, actor: Any, conclusion: Conclusion, text: str) -> Conclusion:
    """Rewrite a conclusion. Records ``event.conclusion_update``."""
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    conclusion.text = clean_text(text, field="text", limit=CONCLUSION_LIMIT, label=_("conclusion"))
    conclusion.save(update_fields=["text", "updated_at"])
    log_activity(actor=actor, action="event.conclusion_update", obj=conclusion)
    return conclusion


@transaction.atomic
def delete_conclusion(*, actor: Any, conclusion: Conclusion) -> None:
    """Delete a conclusion with its follow-up actions (the notes stay). Records
    ``event.conclusion_delete`` on the event."""
    conclusion = (
        Conclusion.objects.select_for_update().select_related("event").get(pk=conclusion.pk)
    )
    event = conclusion.event
    data = {"conclusion": conclusion.pk, "question": conclusion.question}
    conclusion.delete()
    log_activity(actor=actor, action="event.conclusion_delete", obj=event, data=data)


@transaction.atomic
def reorder_conclusions(*, actor: Any, conclusion: Conclusion, order: Sequence[int]) -> None:
    """Put the conclusions of ``conclusion``'s question in ``order`` (their ids, each once).
    Records ``event.conclusions_reorder`` on the event."""
    group = _same_question(conclusion)
    if sorted(order) != sorted(other.pk for other in group) or len(set(order)) != len(order):
        raise ValidationError({"order": _("List every conclusion of the question exactly once.")})
    by_pk = {other.pk: other for other in group}
    for position, pk in enumerate(order):
        by_pk[pk].position = position
    Conclusion.objects.bulk_update(group, ["position"])
    log_activity(
        actor=actor,
        action="event.conclusions_reorder",
        obj=Event.objects.get(pk=conclusion.event_id),
        data={"question": conclusion.question, "order": list(order)},
    )


def move_conclusion(*, actor: Any, conclusion: Conclusion, offset: int) -> None:
    """Move a conclusion ``offset`` places up (negative) or down among its question's
    conclusions (clamped at the ends); see :func:`reorder_conclusions`."""
    with transaction.atomic():
        ids = [other.pk for other in _same_question(conclusion)]
        index = ids.index(conclusion.pk)
        target = min(max(index + offset, 0), len(ids) - 1)
        ids.insert(target, ids.pop(index))
        reorder_conclusions(actor=actor, conclusion=conclusion, order=ids)


@transaction.atomic
def link_sources(
    *, actor: Any, conclusion: Conclusion, notes: Sequence[RapporteurNote]
) -> Conclusion:
    """Add source notes to a conclusion (submitted notes of its event and question). Records
    ``event.conclusion_link``."""
    conclusion = (
        Conclusion.objects.select_for_update().select_related("event").get(pk=conclusion.pk)
    )
    if not notes:
        raise ValidationError({"sources": _("Choose the notes to link.")})
    found = _check_sources(conclusion.event, conclusion.question, notes)
    conclusion.sources.add(*found)
    log_activity(
        actor=actor,
        action="event.conclusion_link",
        obj=conclusion,
        data={"notes": [note.pk for note in found]},
    )
    return conclusion


@transaction.atomic
def unlink_source(*, actor: Any, conclusion: Conclusion, note: RapporteurNote) -> Conclusion:
    """Remove one source note from a conclusion. Records ``event.conclusion_unlink``."""
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    if not conclusion.sources.filter(pk=note.pk).exists():
        raise ValidationError({"sources": _("The note is not a source of this conclusion.")})
    conclusion.sources.remove(note)
    log_activity(
        actor=actor, action="event.conclusion_unlink", obj=conclusion, data={"note": note.pk}
    )
    return conclusion


def _check_partnership(partnership: Partnership | None, previous: int | None) -> None:
    if partnership is None or partnership.pk == previous:
        return
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ValidationError({"partnership": _("Link the action to an active partnership.")})


def _notify_owner(action: FollowUpAction, event: Event, actor: Any) -> None:
    if action.owner is None:
        return
    notify(
        recipients=[action.owner],
        kind="event.follow_up_owner",
        title=_("A follow-up action of %(event)s is yours") % {"event": event.title},
        body=action.description,
        url=reverse("web:event-harvest", args=[event.slug]),
        exclude=actor,
    )


@transaction.atomic
def add_follow_up(
    *,
    actor: Any,
    conclusion: Conclusion,
    description: str,
    owner: Any = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.OPEN,
    partnership: Partnership | None = None,
) -> FollowUpAction:
    """Add a follow-up action to a conclusion; its owner is notified. Records
    ``event.follow_up_add``."""
    conclusion = (
        Conclusion.objects.select_for_update().select_related("event").get(pk=conclusion.pk)
    )
    description = clean_text(
        description, field="description", limit=ACTION_LIMIT, label=_("description")
    )
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    check_event_person(conclusion.event, owner, field="owner")
    _check_partnership(partnership, None)
    action = FollowUpAction.objects.create(
        conclusion=conclusion,
        description=description,
        owner=owner,
        due_on=due_on,
        status=status,
        partnership=partnership,
    )
    log_activity(
        actor=actor,
        action="event.follow_up_add",
        obj=conclusion,
        data={"action": action.pk, "partnership": getattr(partnership, "pk", None)},
    )
    _notify_owner(action, conclusion.event, actor)
    return action


@transaction.atomic
def update_follow_up(
    *,
    actor: Any,
    action: FollowUpAction,
    description: str,
    owner: Any = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.OPEN,
    partnership: Partnership | None = None,
) -> FollowUpAction:
    """Change a follow-up action; a new owner is notified. A link to a partnership that is no
    longer active is kept, but a new link must be to an active one. Records
    ``event.follow_up_update``."""
    action = (
        FollowUpAction.objects.select_for_update(of=("self",))
        .select_related("conclusion__event")
        .get(pk=action.pk)
    )
    event = action.conclusion.event
    action.description = clean_text(
        description, field="description", limit=ACTION_LIMIT, label=_("description")
    )
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    new_owner = owner is not None and owner.pk != action.owner_id
    if new_owner:
        check_event_person(event, owner, field="owner")
    _check_partnership(partnership, action.partnership_id)
    action.owner, action.due_on, action.status = owner, due_on, status
    action.partnership = partnership
    action.save()
    log_activity(
        actor=actor,
        action="event.follow_up_update",
        obj=action.conclusion,
        data={"action": action.pk, "status": status},
    )
    if new_owner:
        _notify_owner(action, event, actor)
    return action


@transaction.atomic
def delete_follow_up(*, actor: Any, action: FollowUpAction) -> None:
    """Delete a follow-up action. Records ``event.follow_up_delete`` on its conclusion."""
    action = FollowUpAction.objects.select_related("conclusion").get(pk=action.pk)
    conclusion = action.conclusion
    data = {"action": action.pk, "description": action.description}
    action.delete()
    log_activity(actor=actor, action="event.follow_up_delete", obj=conclusion, data=data)
