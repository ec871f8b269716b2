"""Who sits at which table: sign-up by participants, assignment by organisers.

A confirmed participant has at most one seat per round (a database constraint). While the
round's sign-up is open and the event published, they sign up for a table with room, change
to another or leave. Organisers assign and move anyone confirmed, whether sign-up is open or
not, and auto-assign everyone still without a table.

Capacity is race-safe: the table row is locked (``select_for_update``) while its seats are
counted, so two people taking its last seat at once cannot both get it; auto-assignment locks
every table of the round (in id order) before it places anyone. A person signing up twice at
once on two tables hits the one-seat-per-round constraint, which is reported as a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.domain.discussions.common import lock_table
from smartregions.events.enums import EventStatus, ParticipantType, RegistrationStatus
from smartregions.events.models import DiscussionRound, DiscussionTable, Registration, TableSeat


@dataclass(frozen=True, slots=True)
class AutoAssignment:
    """What :func:`auto_assign` did: seats created, and people left without a table because
    every table was full."""

    seated: int
    left_over: int


def _confirmed(registration: Registration, event_id: int) -> None:
    if registration.event_id != event_id:
        raise ValidationError({"registration": _("The registration is for another event.")})
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            {"registration": _("Only confirmed participants take a seat at a table.")}
        )


def _place(
    table: DiscussionTable, registration: Registration, *, assigned: bool
) -> tuple[TableSeat, int | None]:
    """Seat ``registration`` at the locked ``table``: a new seat, or the round's seat moved.

    Returns the seat and the table it came from (``None`` for a new seat). Refuses a full
    table and a seat already at this table.
    """
    seat = (
        TableSeat.objects.select_for_update()
        .filter(round_id=table.round_id, registration=registration)
        .first()
    )
    if seat is not None and seat.table_id == table.pk:
        raise ValidationError(
            {"table": _("%s already sits at this table.") % registration.badge_name}
        )
    if table.seats.count() >= table.capacity:
        raise ValidationError({"table": _("Table %(number)d is full.") % {"number": table.number}})
    if seat is None:
        try:
            with transaction.atomic():
                seat = TableSeat.objects.create(
                    round_id=table.round_id,
                    table=table,
                    registration=registration,
                    assigned=assigned,
                )
        except IntegrityError:
            raise ValidationError(
                {"table": _("%s already has a table in this round.") % registration.badge_name}
            ) from None
        return seat, None
    previous = seat.table_id
    seat.table, seat.assigned = table, assigned
    seat.save(update_fields=["table", "assigned"])
    return seat, previous


@transaction.atomic
def sign_up_for_table(*, actor: Any, table: DiscussionTable) -> TableSeat:
    """The actor takes a seat at ``table`` (or moves there from their table in the round).

    Refused unless the event is published, the round's sign-up is open, the actor's
    registration is confirmed and the table has room. Records ``event.table_sign_up``.
    """
    table = lock_table(table)
    round_ = table.round
    if round_.event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("The event does not take sign-ups."))
    if not round_.signup_open:
        raise ValidationError(_("Sign-up for this round is closed."))
    registration = Registration.objects.filter(event=round_.event, user=actor).first()
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants sign up for a table."))
    seat, previous = _place(table, registration, assigned=False)
    log_activity(
        actor=actor,
        action="event.table_sign_up",
        obj=table,
        data={"seat": seat.pk, "from_table": previous},
    )
    return seat


@transaction.atomic
def leave_table(*, actor: Any, round: DiscussionRound) -> None:
    """The actor gives up their seat in ``round`` while its sign-up is open. Records
    ``event.table_leave``."""
    round_ = DiscussionRound.objects.select_related("event").get(pk=round.pk)
    if not round_.signup_open:
        raise ValidationError(_("Sign-up for this round is closed; ask the organisers."))
    seat = (
        TableSeat.objects.select_for_update()
        .filter(round=round_, registration__user=actor)
        .select_related("table")
        .first()
    )
    if seat is None:
        raise ValidationError(_("You have no table in this round."))
    table = seat.table
    seat.delete()
    log_activity(actor=actor, action="event.table_leave", obj=table)


@transaction.atomic
def assign_seat(*, actor: Any, table: DiscussionTable, registration: Registration) -> TableSeat:
    """Seat a confirmed participant at ``table`` (organisers), moving them from another table
    of the round if they had one; the table must have room. Records ``event.table_assign``."""
    table = lock_table(table)
    _confirmed(registration, table.round.event_id)
    seat, previous = _place(table, registration, assigned=True)
    log_activity(
        actor=actor,
        action="event.table_assign",
        obj=table,
        data={"registration": registration.pk, "from_table": previous},
    )
    return seat


@transaction.atomic
def remove_seat(*, actor: Any, seat: TableSeat) -> None:
    """Take a participant off their table (organisers). Records ``event.table_unassign``."""
    seat = TableSeat.objects.select_for_update().select_related("table").get(pk=seat.pk)
    table = seat.table
    data = {"registration": seat.registration_id}
    seat.delete()
    log_activity(actor=actor, action="event.table_unassign", obj=table, data=data)


def balanced_fill(free: Sequence[tuple[int, int]], people: int) -> list[int]:
    """Tables for ``people`` newcomers, each put where the most seats are still free.

    ``free`` lists ``(table key, free seats)`` in table order; ties go to the earlier table.
    Returns one table key per placed person, in order; stops when every table is full (the
    rest are not placed). Deterministic; no side effects.
    """
    remaining = [[seats, index] for index, (_key, seats) in enumerate(free)]
    placed: list[int] = []
    for _person in range(people):
        best = max(remaining, key=lambda item: (item[0], -item[1]), default=None)
        if best is None or best[0] <= 0:
            break
        best[0] -= 1
        placed.append(free[best[1]][0])
    return placed


@transaction.atomic
def auto_assign(*, actor: Any, round: DiscussionRound) -> AutoAssignment:
    """Seat every confirmed participant of the event who has no table in ``round`` yet.

    Organisers (by participant type) are left out. First, hosts and rapporteurs of the
    round's tables sit at their own table; the others follow in registration order, each at
    the table with the most free seats (ties: the lowest number), which fills tables evenly
    by free capacity. People for whom no seat is left stay without a table. Records
    ``event.table_auto_assign``.
    """
    round_ = DiscussionRound.objects.select_related("event").get(pk=round.pk)
    tables = list(DiscussionTable.objects.select_for_update().filter(round=round_).order_by("pk"))
    if not tables:
        raise ValidationError(_("The round has no table yet."))
    tables.sort(key=lambda t: t.number)
    taken = {table.pk: 0 for table in tables}
    for table_id in TableSeat.objects.filter(round=round_).values_list("table_id", flat=True):
        taken[table_id] += 1
    free = {table.pk: table.capacity - taken[table.pk] for table in tables}
    waiting = list(
        Registration.objects.filter(event=round_.event, status=RegistrationStatus.CONFIRMED)
        .exclude(participant_type=ParticipantType.ORGANISER)
        .exclude(table_seats__round=round_)
        .order_by("registered_at", "pk")
    )
    own_table: dict[int, DiscussionTable] = {}
    for table in tables:
        for user_id in (table.host_id, table.rapporteur_id):
            if user_id is not None:
                own_table.setdefault(user_id, table)
    seats: list[TableSeat] = []
    others: list[Registration] = []
    for registration in waiting:
        table = own_table.get(registration.user_id)
        if table is not None and free[table.pk] > 0:
            free[table.pk] -= 1
            seats.append(TableSeat(round=round_, table=table, registration=registration))
        else:
            others.append(registration)
    by_pk = {table.pk: table for table in tables}
    targets = balanced_fill([(table.pk, free[table.pk]) for table in tables], len(others))
    for registration, table_pk in zip(others, targets, strict=False):
        seats.append(TableSeat(round=round_, table=by_pk[table_pk], registration=registration))
    for seat in seats:
        seat.assigned = True
    TableSeat.objects.bulk_create(seats)
    result = AutoAssignment(seated=len(seats), left_over=len(waiting) - len(seats))
    log_activity(
        actor=actor,
        action="event.table_auto_assign",
        obj=round_,
        data={"seated": result.seated, "left_over": result.left_over},
    )
    return result
