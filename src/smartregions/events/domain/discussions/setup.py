"""Setting up table discussions (organisers): rounds, tables and guiding questions.

A round may be tied to a session of kind ``table_round`` of the same event's programme. A
table has a number unique in its round, a topic, a host and a rapporteur (organisers or
confirmed participants of the event) and a capacity never below the seats already taken.
Rounds, tables and questions that already carry rapporteurs' notes cannot be deleted: the
notes are the harvest's sources, so they are deleted (or the notes moved) first.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.common.text import search_tokens
from smartregions.events.domain.discussions.common import (
    check_event_person,
    clean_text,
    lock_round,
    lock_table,
)
from smartregions.events.enums import SessionKind
from smartregions.events.models import (
    DiscussionRound,
    DiscussionTable,
    Event,
    GuidingQuestion,
    RapporteurNote,
    Session,
)

#: Longest round title, table topic and question (the model's column sizes).
TITLE_LIMIT = 200
QUESTION_LIMIT = 300
#: Most seats a table may offer.
MAX_CAPACITY = 200


def question_key(text: str) -> str:
    """The normalised form under which questions are the same across tables: lower-case,
    accent-free words, punctuation ignored (``"What next?"`` and ``"what next"`` match)."""
    return " ".join(search_tokens(text))


def _check_session(event: Event, session: Session | None) -> None:
    if session is None:
        return
    if session.event_id != event.pk:
        raise ValidationError({"session": _("The session belongs to another event.")})
    if session.kind != SessionKind.TABLE_ROUND:
        raise ValidationError(
            {"session": _("Choose a session of the programme of kind table-discussion round.")}
        )


@transaction.atomic
def create_round(
    *,
    actor: Any,
    event: Event,
    title: str,
    session: Session | None = None,
    signup_open: bool = True,
) -> DiscussionRound:
    """Add a round of tables at the end of the event's rounds. Records
    ``event.discussion_round_create``."""
    title = clean_text(title, field="title", limit=TITLE_LIMIT, label=_("title"))
    _check_session(event, session)
    last = DiscussionRound.objects.filter(event=event).aggregate(m=Max("position"))["m"]
    round_ = DiscussionRound.objects.create(
        event=event,
        session=session,
        title=title,
        signup_open=signup_open,
        position=0 if last is None else last + 1,
    )
    log_activity(actor=actor, action="event.discussion_round_create", obj=round_)
    return round_


@transaction.atomic
def update_round(
    *,
    actor: Any,
    round: DiscussionRound,
    title: str,
    session: Session | None = None,
    signup_open: bool = True,
) -> DiscussionRound:
    """Change a round's title, session and whether sign-up is open. Records
    ``event.discussion_round_update``."""
    round_ = lock_round(round)
    round_.title = clean_text(title, field="title", limit=TITLE_LIMIT, label=_("title"))
    _check_session(round_.event, session)
    round_.session = session
    round_.signup_open = signup_open
    round_.save()
    log_activity(
        actor=actor,
        action="event.discussion_round_update",
        obj=round_,
        data={"signup_open": signup_open},
    )
    return round_


@transaction.atomic
def delete_round(*, actor: Any, round: DiscussionRound) -> None:
    """Delete a round with its tables, questions and seats; refused once it has notes.
    Records ``event.discussion_round_delete`` on the event."""
    round_ = lock_round(round)
    if RapporteurNote.objects.filter(table__round=round_).exists():
        raise ValidationError(
            _("The round's tables have rapporteurs' notes; delete the notes first.")
        )
    event = round_.event
    data = {"round": round_.pk, "title": round_.title}
    round_.delete()
    log_activity(actor=actor, action="event.discussion_round_delete", obj=event, data=data)


def _check_number(round_: DiscussionRound, number: int, table: DiscussionTable | None) -> None:
    if number < 1:
        raise ValidationError({"number": _("Number tables from 1.")})
    taken = DiscussionTable.objects.filter(round=round_, number=number)
    if table is not None:
        taken = taken.exclude(pk=table.pk)
    if taken.exists():
        raise ValidationError({"number": _("The round already has a table with this number.")})


def _check_capacity(capacity: int, seated: int) -> None:
    if not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError({"capacity": _("Offer between 1 and %d seats.") % MAX_CAPACITY})
    if capacity < seated:
        raise ValidationError(
            {
                "capacity": _(
                    "%(seated)d participants already sit at the table; offer at least as many "
                    "seats."
                )
                % {"seated": seated}
            }
        )


@transaction.atomic
def create_table(
    *,
    actor: Any,
    round: DiscussionRound,
    topic: str,
    number: int | None = None,
    host: Any = None,
    rapporteur: Any = None,
    capacity: int = 10,
) -> DiscussionTable:
    """Add a table to a round (numbered after the last one unless ``number`` is given).

    Host and rapporteur must be organisers or confirmed participants of the event. Records
    ``event.discussion_table_create``.
    """
    round_ = lock_round(round)
    topic = clean_text(topic, field="topic", limit=TITLE_LIMIT, label=_("topic"))
    if number is None:
        last = DiscussionTable.objects.filter(round=round_).aggregate(m=Max("number"))["m"]
        number = (last or 0) + 1
    _check_number(round_, number, None)
    _check_capacity(capacity, 0)
    check_event_person(round_.event, host, field="host")
    check_event_person(round_.event, rapporteur, field="rapporteur")
    table = DiscussionTable.objects.create(
        round=round_,
        number=number,
        topic=topic,
        host=host,
        rapporteur=rapporteur,
        capacity=capacity,
    )
    log_activity(
        actor=actor,
        action="event.discussion_table_create",
        obj=table,
        data={"round": round_.pk, "number": number},
    )
    return table


@transaction.atomic
def update_table(
    *,
    actor: Any,
    table: DiscussionTable,
    topic: str,
    number: int,
    host: Any = None,
    rapporteur: Any = None,
    capacity: int = 10,
) -> DiscussionTable:
    """Change a table; the capacity cannot drop below the seats taken (the table is locked
    while they are counted). Records ``event.discussion_table_update``."""
    table = lock_table(table)
    table.topic = clean_text(topic, field="topic", limit=TITLE_LIMIT, label=_("topic"))
    _check_number(table.round, number, table)
    _check_capacity(capacity, table.seats.count())
    event = table.round.event
    if host is not None and host.pk != table.host_id:
        check_event_person(event, host, field="host")
    if rapporteur is not None and rapporteur.pk != table.rapporteur_id:
        check_event_person(event, rapporteur, field="rapporteur")
    table.number, table.capacity = number, capacity
    table.host, table.rapporteur = host, rapporteur
    table.save()
    log_activity(
        actor=actor,
        action="event.discussion_table_update",
        obj=table,
        data={"number": number, "capacity": capacity},
    )
    return table


@transaction.atomic
def delete_table(*, actor: Any, table: DiscussionTable) -> None:
    """Delete a table with its questions and seats; refused once it has notes. Records
    ``event.discussion_table_delete`` on the round."""
    table = lock_table(table)
    if RapporteurNote.objects.filter(table=table).exists():
        raise ValidationError(_("The table has rapporteurs' notes; delete the notes first."))
    round_ = table.round
    data = {"table": table.pk, "number": table.number, "topic": table.topic}
    table.delete()
    log_activity(actor=actor, action="event.discussion_table_delete", obj=round_, data=data)


def _check_question_free(table: DiscussionTable, text: str, question: Any = None) -> None:
    others = GuidingQuestion.objects.filter(table=table)
    if question is not None:
        others = others.exclude(pk=question.pk)
    key = question_key(text)
    if any(question_key(other) == key for other in others.values_list("text", flat=True)):
        raise ValidationError({"text": _("The table already has this question.")})


@transaction.atomic
def add_question(*, actor: Any, table: DiscussionTable, text: str) -> GuidingQuestion:
    """Add a guiding question at the end of a table's questions (the same question twice at
    one table is refused). Records ``event.discussion_question_add``."""
    table = lock_table(table)
    text = clean_text(text, field="text", limit=QUESTION_LIMIT, label=_("question"))
    _check_question_free(table, text)
    last = GuidingQuestion.objects.filter(table=table).aggregate(m=Max("position"))["m"]
    question = GuidingQuestion.objects.create(
        table=table, text=text, position=0 if last is None else last + 1
    )
    log_activity(
        actor=actor,
        action="event.discussion_question_add",
        obj=table,
        data={"question": question.pk},
    )
    return question


@transaction.atomic
def update_question(
    *, actor: Any, question: GuidingQuestion, text: str, position: int | None = None
) -> GuidingQuestion:
    """Reword a question (its notes stay with it) and optionally move it to ``position``.
    Records ``event.discussion_question_update``."""
    table = lock_table(question.table)
    question = GuidingQuestion.objects.get(pk=question.pk)
    question.text = clean_text(text, field="text", limit=QUESTION_LIMIT, label=_("question"))
    _check_question_free(table, question.text, question)
    if position is not None:
        if position < 0:
            raise ValidationError({"position": _("Positions start at 0.")})
        question.position = position
    question.save()
    log_activity(
        actor=actor,
        action="event.discussion_question_update",
        obj=table,
        data={"question": question.pk},
    )
    return question


@transaction.atomic
def delete_question(*, actor: Any, question: GuidingQuestion) -> None:
    """Remove a question; refused once notes answer it. Records
    ``event.discussion_question_delete``."""
    table = lock_table(question.table)
    if RapporteurNote.objects.filter(question_id=question.pk).exists():
        raise ValidationError(_("Rapporteurs' notes answer this question; delete them first."))
    data = {"question": question.pk, "text": question.text}
    question.delete()
    log_activity(actor=actor, action="event.discussion_question_delete", obj=table, data=data)


@transaction.atomic
def copy_questions_to_round(*, actor: Any, table: DiscussionTable) -> int:
    """Copy ``table``'s questions, in order, to every other table of its round; a table that
    already has a question (same normalised text) keeps it and does not get a copy.

    Returns how many questions were added. Records ``event.discussion_questions_copy``.
    """
    source = lock_table(table)
    questions = list(GuidingQuestion.objects.filter(table=source).order_by("position", "id"))
    if not questions:
        raise ValidationError(_("The table has no question to copy."))
    targets = list(
        DiscussionTable.objects.select_for_update()
        .filter(round_id=source.round_id)
        .exclude(pk=source.pk)
        .order_by("number")
    )
    existing: dict[int, set[str]] = {target.pk: set() for target in targets}
    last: dict[int, int] = {target.pk: -1 for target in targets}
    for row in GuidingQuestion.objects.filter(table__in=targets).values(
        "table_id", "text", "position"
    ):
        existing[row["table_id"]].add(question_key(row["text"]))
        last[row["table_id"]] = max(last[row["table_id"]], row["position"])
    created = []
    for target in targets:
        for question in questions:
            key = question_key(question.text)
            if key in existing[target.pk]:
                continue
            existing[target.pk].add(key)
            last[target.pk] += 1
            created.append(
                GuidingQuestion(table=target, text=question.text, position=last[target.pk])
            )
    GuidingQuestion.objects.bulk_create(created)
    log_activity(
        actor=actor,
        action="event.discussion_questions_copy",
        obj=source,
        data={"added": len(created)},
    )
    return len(created)
