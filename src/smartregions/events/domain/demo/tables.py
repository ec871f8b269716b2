"""The demo conference's table discussions and their harvest.

One round tied to the programme's table-discussion session, four tables (host, rapporteur,
topic, two or three guiding questions; two questions are asked at every table, so the harvest
groups them across tables). Participants signed up for seven seats per table and the organiser
seated one more at each. Every rapporteur wrote and submitted 8 to 9 statements, some of them
saying much the same thing as statements of other tables (the harvest clusters those). The
organiser curated four conclusions on the shared questions, each resting on the statements of
one theme, and two follow-up actions, one linked to an active demo partnership.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from smartregions.events.domain.demo.common import DemoWorld, Person
from smartregions.events.domain.demo.content import (
    BLOCKERS,
    CONCLUSIONS,
    FOLLOW_UPS,
    NEXT_STEPS,
    ROUND_TITLE,
    TABLES,
)
from smartregions.events.domain.discussions.conclusions import add_follow_up, create_conclusion
from smartregions.events.domain.discussions.notes import add_notes, submit_table_notes
from smartregions.events.domain.discussions.seats import assign_seat, sign_up_for_table
from smartregions.events.domain.discussions.setup import add_question, create_round, create_table
from smartregions.events.enums import SessionKind
from smartregions.events.models import (
    Event,
    GuidingQuestion,
    RapporteurNote,
    Registration,
    Session,
)

#: Where in the confirmed attendees the hosts and rapporteurs, then the seated people, start.
HOSTS_FROM, SEATED_FROM = 10, 20
SIGNED_UP_PER_TABLE = 7


@dataclass(frozen=True)
class Discussions:
    tables: int
    seats: int
    notes: int
    conclusions: int
    follow_ups: int


def _notes(
    rapporteur: Person,
    table_questions: dict[str, GuidingQuestion],
    spec: dict[str, tuple[tuple[str, str], ...]],
) -> list[tuple[str, str, RapporteurNote]]:
    """Write a table's statements per question; returns (question, theme, note) rows."""
    written = []
    for question, statements in spec.items():
        notes = add_notes(
            actor=rapporteur.user,
            question=table_questions[question],
            text="\n".join(text for _theme, text in statements),
        )
        written += [
            (question, theme, note) for (theme, _text), note in zip(statements, notes, strict=True)
        ]
    return written


def load_discussions(
    world: DemoWorld,
    event: Event,
    sessions: list[Session],
    attendees: list[Person],
    registrations: dict[int, Registration],
) -> Discussions:
    """The round, tables, seats, notes, conclusions and follow-ups (module docstring)."""
    organiser = world.organiser
    session = next(s for s in sessions if s.kind == SessionKind.TABLE_ROUND)
    round_ = create_round(actor=organiser, event=event, title=ROUND_TITLE, session=session)
    written: list[tuple[str, str, RapporteurNote]] = []
    seats = 0
    seated = iter(attendees[SEATED_FROM:])
    rapporteurs = []
    for number, spec in enumerate(TABLES):
        host = attendees[HOSTS_FROM + 2 * number]
        rapporteur = attendees[HOSTS_FROM + 2 * number + 1]
        table = create_table(
            actor=organiser,
            round=round_,
            topic=spec.topic,
            host=host.user,
            rapporteur=rapporteur.user,
        )
        questions = [BLOCKERS, NEXT_STEPS] + ([spec.own_question] if spec.own_question else [])
        by_text = {
            text: add_question(actor=organiser, table=table, text=text) for text in questions
        }
        for _ in range(SIGNED_UP_PER_TABLE):
            sign_up_for_table(actor=next(seated).user, table=table)
        assign_seat(actor=organiser, table=table, registration=registrations[next(seated).user.pk])
        seats += SIGNED_UP_PER_TABLE + 1
        written += _notes(rapporteur, by_text, spec.notes)
        submit_table_notes(actor=rapporteur.user, table=table)
        rapporteurs.append(rapporteur)
    conclusions = []
    for question, theme, text in CONCLUSIONS:
        sources = [note for q, t, note in written if q == question and t == theme]
        conclusions.append(
            create_conclusion(
                actor=organiser, event=event, question=question, text=text, sources=sources
            )
        )
    last_day = event.ends_at.astimezone(ZoneInfo(event.timezone)).date()
    for index, description, days, linked in FOLLOW_UPS:
        add_follow_up(
            actor=organiser,
            conclusion=conclusions[index],
            description=description,
            owner=organiser if linked else rapporteurs[0].user,
            due_on=last_day + dt.timedelta(days=days),
            partnership=world.partnerships[0] if linked and world.partnerships else None,
        )
    return Discussions(len(TABLES), seats, len(written), len(conclusions), len(FOLLOW_UPS))
