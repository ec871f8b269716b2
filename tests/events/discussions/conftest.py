"""A conference with one round of table discussions, for the discussion and harvest tests.

"Smart Regions Conference 2027" (slug ``src-2027``) runs on 2027-03-10, 09:00-17:00
Europe/Brussels, organised by Olga. Its round "Morning tables" has two tables:

* table 1 "Hydrogen valleys" (4 seats): host Hana, rapporteur Rita; questions "What should
  regions do first?" and "Which partners are missing?";
* table 2 "Digital skills" (3 seats): host Olga, rapporteur Raul; question "What should
  regions do first?".

Users: ``organiser`` (Olga), ``staff`` (a facilitator), ``other_organiser`` (organises another
event), ``rapporteur`` (Rita), ``other_rapporteur`` (Raul), ``host`` (Hana), ``participant``
(Paul, no role at a table), ``outsider`` (signed in, not registered). Rita, Raul, Hana and Paul
have confirmed registrations, registered in that order.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.events.models import RapporteurNote
from tests.factories.accounts import UserFactory
from tests.factories.events import (
    DiscussionRoundFactory,
    DiscussionTableFactory,
    EventFactory,
    GuidingQuestionFactory,
    RegistrationFactory,
)

FIRST = "What should regions do first?"
PARTNERS = "Which partners are missing?"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Anonymous API requests are throttled per address in the cache; start from zero."""
    cache.clear()
    yield
    cache.clear()


def register(event, user, minute: int):
    """A confirmed registration of ``user``, registered ``minute`` minutes after 2027-01-01."""
    registration = RegistrationFactory(event=event, user=user, badge_name=user.full_name)
    when = dt.datetime(2027, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=minute)
    type(registration).objects.filter(pk=registration.pk).update(registered_at=when)
    registration.refresh_from_db()
    return registration


def write_notes(table, question, *texts, submitted: bool = True):
    """Notes by the table's rapporteur, submitted unless told otherwise."""
    return [
        RapporteurNote.objects.create(
            table=table,
            question=question,
            author=table.rapporteur,
            text=text,
            submitted_at=timezone.now() if submitted else None,
        )
        for text in texts
    ]


@pytest.fixture
def dw(db):
    organiser = UserFactory(full_name="Olga Organiser", email="olga@example.eu")
    staff = UserFactory(full_name="Fay Facilitator", email="fay@example.eu")
    grant_membership(actor=None, user=staff, role=Role.FACILITATOR)
    other_organiser = UserFactory(full_name="Otto Other", email="otto@example.eu")
    rapporteur = UserFactory(full_name="Rita Rapporteur", email="rita@example.eu")
    other_rapporteur = UserFactory(full_name="Raul Reporter", email="raul@example.eu")
    host = UserFactory(full_name="Hana Host", email="hana@example.eu")
    participant = UserFactory(full_name="Paul Participant", email="paul@example.eu")
    outsider = UserFactory(full_name="Uma Outsider", email="uma@example.eu")
    event = EventFactory(
        slug="src-2027", title="Smart Regions Conference 2027", organisers=[organiser]
    )
    EventFactory(slug="other-event", organisers=[other_organiser])
    registrations = {
        user.pk: register(event, user, minute)
        for minute, user in enumerate((rapporteur, other_rapporteur, host, participant))
    }
    round_ = DiscussionRoundFactory(event=event, title="Morning tables")
    hydrogen = DiscussionTableFactory(
        round=round_,
        number=1,
        topic="Hydrogen valleys",
        host=host,
        rapporteur=rapporteur,
        capacity=4,
    )
    skills = DiscussionTableFactory(
        round=round_,
        number=2,
        topic="Digital skills",
        host=organiser,
        rapporteur=other_rapporteur,
        capacity=3,
    )
    return SimpleNamespace(
        event=event,
        round=round_,
        hydrogen=hydrogen,
        skills=skills,
        h_first=GuidingQuestionFactory(table=hydrogen, text=FIRST, position=0),
        h_partners=GuidingQuestionFactory(table=hydrogen, text=PARTNERS, position=1),
        s_first=GuidingQuestionFactory(
            table=skills, text="What should regions do first", position=0
        ),
        organiser=organiser,
        staff=staff,
        other_organiser=other_organiser,
        rapporteur=rapporteur,
        other_rapporteur=other_rapporteur,
        host=host,
        participant=participant,
        outsider=outsider,
        registration=lambda user: registrations[user.pk],
    )
