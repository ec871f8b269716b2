"""Sign-up, change and leave (participants); assign, move, remove and auto-assign (organisers)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.events.domain.discussions.seats import (
    AutoAssignment,
    assign_seat,
    auto_assign,
    balanced_fill,
    leave_table,
    remove_seat,
    sign_up_for_table,
)
from smartregions.events.domain.discussions.setup import create_table
from smartregions.events.enums import EventStatus, ParticipantType, RegistrationStatus
from smartregions.events.models import Event, Registration, TableSeat
from tests.events.discussions.conftest import register
from tests.factories.accounts import UserFactory


def _seating(dw) -> dict[str, tuple[int, bool]]:
    return {
        seat.registration.badge_name: (seat.table.number, seat.assigned)
        for seat in TableSeat.objects.filter(round=dw.round).select_related("registration", "table")
    }


def test_sign_up_change_and_leave(dw):
    seat = sign_up_for_table(actor=dw.participant, table=dw.hydrogen)
    assert (seat.table, seat.assigned) == (dw.hydrogen, False)
    moved = sign_up_for_table(actor=dw.participant, table=dw.skills)
    assert moved.pk == seat.pk
    assert _seating(dw) == {"Paul Participant": (2, False)}
    entry = ActivityLogEntry.objects.filter(action="event.table_sign_up").order_by("pk").last()
    assert entry.data == {"seat": seat.pk, "from_table": dw.hydrogen.pk}
    leave_table(actor=dw.participant, round=dw.round)
    assert _seating(dw) == {}


def test_sign_up_twice_at_the_same_table_is_refused(dw):
    sign_up_for_table(actor=dw.participant, table=dw.hydrogen)
    with pytest.raises(ValidationError) as info:
        sign_up_for_table(actor=dw.participant, table=dw.hydrogen)
    assert info.value.message_dict == {"table": ["Paul Participant already sits at this table."]}


def test_full_table_refuses_the_next_person(dw):
    for user in (dw.rapporteur, dw.other_rapporteur, dw.host):
        sign_up_for_table(actor=user, table=dw.skills)
    with pytest.raises(ValidationError) as info:
        sign_up_for_table(actor=dw.participant, table=dw.skills)
    assert info.value.message_dict == {"table": ["Table 2 is full."]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("closed", "Sign-up for this round is closed."),
        ("draft", "The event does not take sign-ups."),
        ("pending", "Only confirmed participants sign up for a table."),
        ("outsider", "Only confirmed participants sign up for a table."),
    ],
)
def test_sign_up_refusals(dw, change, message):
    actor = dw.participant
    if change == "closed":
        dw.round.signup_open = False
        dw.round.save()
    elif change == "draft":
        dw.event.status = EventStatus.DRAFT
        dw.event.save()
    elif change == "pending":
        Registration.objects.filter(user=actor).update(status=RegistrationStatus.PENDING)
    else:
        actor = dw.outsider
    with pytest.raises(ValidationError) as info:
        sign_up_for_table(actor=actor, table=dw.hydrogen)
    assert info.value.messages == [message]


def test_leave_refusals(dw):
    with pytest.raises(ValidationError) as info:
        leave_table(actor=dw.participant, round=dw.round)
    assert info.value.messages == ["You have no table in this round."]
    sign_up_for_table(actor=dw.participant, table=dw.hydrogen)
    dw.round.signup_open = False
    dw.round.save()
    with pytest.raises(ValidationError) as info:
        leave_table(actor=dw.participant, round=dw.round)
    assert info.value.messages == ["Sign-up for this round is closed; ask the organisers."]


def test_organisers_assign_and_move_while_signup_is_closed(dw):
    dw.round.signup_open = False
    dw.round.save()
    paul = dw.registration(dw.participant)
    assign_seat(actor=dw.organiser, table=dw.hydrogen, registration=paul)
    assign_seat(actor=dw.organiser, table=dw.skills, registration=paul)
    assert _seating(dw) == {"Paul Participant": (2, True)}
    seat = TableSeat.objects.get()
    remove_seat(actor=dw.organiser, seat=seat)
    assert _seating(dw) == {}
    assert ActivityLogEntry.objects.get(action="event.table_unassign").data == {
        "registration": paul.pk
    }


def test_assign_refuses_unconfirmed_and_other_events(dw):
    paul = dw.registration(dw.participant)
    paul.status = RegistrationStatus.WAITLISTED
    paul.save()
    with pytest.raises(ValidationError) as info:
        assign_seat(actor=None, table=dw.hydrogen, registration=paul)
    assert info.value.message_dict == {
        "registration": ["Only confirmed participants take a seat at a table."]
    }
    elsewhere = register(Event.objects.get(slug="other-event"), dw.outsider, 9)
    with pytest.raises(ValidationError) as info:
        assign_seat(actor=None, table=dw.hydrogen, registration=elsewhere)
    assert info.value.message_dict == {"registration": ["The registration is for another event."]}


def test_balanced_fill_puts_each_where_most_seats_are_free():
    assert balanced_fill([("a", 2), ("b", 3), ("c", 3)], 5) == ["b", "c", "a", "b", "c"]
    assert balanced_fill([("a", 1), ("b", 0)], 3) == ["a"]
    assert balanced_fill([], 2) == []


def test_auto_assign_seats_hosts_and_rapporteurs_first_then_balances(dw):
    create_table(actor=None, round=dw.round, topic="Tourism", capacity=2)
    extra = [register(dw.event, UserFactory(full_name=f"Extra {i}"), 10 + i) for i in range(4)]
    staffer = register(dw.event, UserFactory(full_name="Org Staffer"), 30)
    staffer.participant_type = ParticipantType.ORGANISER
    staffer.save()
    sign_up_for_table(actor=dw.participant, table=dw.skills)

    result = auto_assign(actor=dw.organiser, round=dw.round)

    assert result == AutoAssignment(seated=7, left_over=0)
    # Free seats after hosts and rapporteurs: table 1: 4-2=2, table 2: 3-1(Paul)-1(Raul)=1,
    # table 3: 2; then the most free seats, ties to the lower number: 1, 3, 1, 2.
    assert _seating(dw) == {
        "Rita Rapporteur": (1, True),
        "Hana Host": (1, True),
        "Raul Reporter": (2, True),
        "Paul Participant": (2, False),
        "Extra 0": (1, True),
        "Extra 1": (3, True),
        "Extra 2": (1, True),
        "Extra 3": (2, True),
    }
    assert extra[0].table_seats.get().table == dw.hydrogen
    assert ActivityLogEntry.objects.get(action="event.table_auto_assign").data == {
        "seated": 7,
        "left_over": 0,
    }
    assert auto_assign(actor=None, round=dw.round) == AutoAssignment(seated=0, left_over=0)


def test_auto_assign_leaves_people_over_when_full(dw):
    for i in range(5):
        register(dw.event, UserFactory(full_name=f"Extra {i}"), 10 + i)
    result = auto_assign(actor=None, round=dw.round)
    assert result == AutoAssignment(seated=7, left_over=2)
    assert TableSeat.objects.filter(table=dw.hydrogen).count() == 4
    assert TableSeat.objects.filter(table=dw.skills).count() == 3


def test_auto_assign_needs_tables(dw):
    dw.hydrogen.delete()
    dw.skills.delete()
    with pytest.raises(ValidationError) as info:
        auto_assign(actor=None, round=dw.round)
    assert info.value.messages == ["The round has no table yet."]
