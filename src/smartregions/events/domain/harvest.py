"""The harvest of an event's table discussions: submitted notes grouped per guiding question,
similar statements clustered within each group, and the conclusions curated so far.

Questions with the same normalised text (``question_key`` of
:mod:`smartregions.events.domain.discussions.setup`) at different tables, in any round, form
one group, shown with the wording of its first question (by round, table number and question
position). Within a group the notes (oldest first) are clustered by
:func:`smartregions.events.compute.clustering.cluster_statements`; clusters come largest
first. Each conclusion belongs to the group of its question; a conclusion whose question no
longer has notes gets a group of its own at the end. Read only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from smartregions.events.compute.clustering import DEFAULT_THRESHOLD, cluster_statements
from smartregions.events.domain.discussions.setup import question_key
from smartregions.events.domain.queries.discussions import (
    conclusion_question_texts,
    event_conclusions,
    event_question_texts,
    event_questions,
    harvest_notes,
)
from smartregions.events.models import Conclusion, Event, RapporteurNote


@dataclass(frozen=True, slots=True)
class NoteCluster:
    """Similar notes of one group, oldest first, with the words that weigh most in them."""

    notes: tuple[RapporteurNote, ...]
    terms: tuple[str, ...]

    @property
    def note_ids(self) -> list[int]:
        return [note.pk for note in self.notes]


@dataclass(slots=True)
class QuestionGroup:
    """One guiding question (across tables) with its notes, clusters and conclusions."""

    key: str
    question: str
    notes: list[RapporteurNote] = field(default_factory=list)
    clusters: list[NoteCluster] = field(default_factory=list)
    conclusions: list[Conclusion] = field(default_factory=list)
    tables: int = 0


def clusters_of(
    notes: Sequence[RapporteurNote], *, threshold: float = DEFAULT_THRESHOLD
) -> list[NoteCluster]:
    """``notes`` (oldest first) clustered by similar wording, largest cluster first."""
    found = cluster_statements([note.text for note in notes], threshold=threshold)
    return [
        NoteCluster(notes=tuple(notes[i] for i in cluster.members), terms=cluster.terms)
        for cluster in found
    ]


def harvest(event: Event, *, threshold: float = DEFAULT_THRESHOLD) -> list[QuestionGroup]:
    """The event's question groups, in order of their first question, each with its submitted
    notes clustered and its conclusions (in curated order). Four queries."""
    groups: dict[str, QuestionGroup] = {}
    for text in event_questions(event):
        key = question_key(text)
        groups.setdefault(key, QuestionGroup(key=key, question=text))
    tables: dict[str, set[int]] = {}
    for note in harvest_notes(event):
        key = question_key(note.question.text)
        group = groups.setdefault(key, QuestionGroup(key=key, question=note.question.text))
        group.notes.append(note)
        tables.setdefault(key, set()).add(note.table_id)
    orphans: dict[str, QuestionGroup] = {}
    for conclusion in event_conclusions(event):
        key = question_key(conclusion.question)
        group = groups.get(key)
        if group is None:
            group = orphans.setdefault(key, QuestionGroup(key=key, question=conclusion.question))
        group.conclusions.append(conclusion)
    for key, group in groups.items():
        group.tables = len(tables.get(key, ()))
        group.clusters = clusters_of(group.notes, threshold=threshold)
    kept = [group for group in groups.values() if group.notes or group.conclusions]
    return kept + sorted(orphans.values(), key=lambda g: g.key)


def group_for(
    event: Event, key: str, *, threshold: float = DEFAULT_THRESHOLD
) -> QuestionGroup | None:
    """The group of ``event``'s harvest with question key ``key`` (as :func:`harvest` makes
    it), or ``None``. Only that group's notes are read and clustered. At most six queries."""
    questions = [
        (pk, text) for pk, text in event_question_texts(event) if question_key(text) == key
    ]
    question_ids = [pk for pk, _text in questions]
    conclusion_ids = [
        pk for pk, text in conclusion_question_texts(event) if question_key(text) == key
    ]
    notes = list(harvest_notes(event).filter(question_id__in=question_ids)) if question_ids else []
    conclusions = (
        list(event_conclusions(event).filter(pk__in=conclusion_ids)) if conclusion_ids else []
    )
    if not notes and not conclusions:
        return None
    question = questions[0][1] if questions else conclusions[0].question
    return QuestionGroup(
        key=key,
        question=question,
        notes=notes,
        clusters=clusters_of(notes, threshold=threshold),
        conclusions=conclusions,
        tables=len({note.table_id for note in notes}),
    )
