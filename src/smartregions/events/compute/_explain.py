"""Table numbers for a finished schedule, and why each unplaced meeting could not be placed."""

from __future__ import annotations

import numpy as np

from smartregions.events.compute._instance import Instance

#: Sentence templates of the reason codes; ``{first}`` and ``{second}`` are the meeting's two
#: participants ("participant 12" from the kernel, real names from the web layer).
REASONS: dict[str, str] = {
    "no_common_slot": "{first} and {second} have no common available slot",
    "not_allowed": (
        "{first} and {second} are both available only in slots the meeting is not allowed in "
        "(e.g. a morning-only or afternoon-only request)"
    ),
    "order": "no slot open to {first} and {second} keeps the required order of meetings",
    "first_busy": "{first} is in another meeting in every slot open to both",
    "second_busy": "{second} is in another meeting in every slot open to both",
    "both_busy": "in every slot open to both, {first} or {second} is in another meeting",
    "tables_full": "every slot open to {first} and {second} is full (no table free)",
    "busy_or_full": (
        "every slot open to {first} and {second} is full or has one of them in another meeting"
    ),
    "busy_full_or_order": (
        "every slot open to {first} and {second} is full, has one of them in another meeting, "
        "or would break the required order of meetings"
    ),
}


def explain(instance: Instance, slots: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """(reason code, sentence) per unplaced meeting, in the final schedule ``slots``."""
    n_s = instance.n_slots
    count = [0] * n_s
    busy: set[tuple[int, int]] = set()
    for meeting, slot in enumerate(slots):
        if slot >= 0:
            count[slot] += 1
            busy.add((instance.first[meeting], slot))
            busy.add((instance.second[meeting], slot))
    codes: dict[int, str] = {}
    for meeting, slot in enumerate(slots):
        if slot >= 0:
            continue
        a, b = instance.first[meeting], instance.second[meeting]
        common = instance.available[a] & instance.available[b]
        if not common.any():
            codes[meeting] = "no_common_slot"
            continue
        if not instance.feasible_matrix[meeting].any():
            looped = instance.allowed[meeting] & common
            codes[meeting] = "order" if looped.any() else "not_allowed"
            continue
        first_busy = second_busy = full = order = 0
        options = instance.feasible[meeting]
        for s in options:
            in_a, in_b = (a, s) in busy, (b, s) in busy
            first_busy += in_a
            second_busy += in_b
            if not in_a and not in_b:
                if count[s] >= instance.tables[s]:
                    full += 1
                else:
                    order += 1
        codes[meeting] = _code(len(options), first_busy, second_busy, full, order)
    sentences = {
        m: REASONS[code].format(
            first=f"participant {instance.first[m]}", second=f"participant {instance.second[m]}"
        )
        for m, code in codes.items()
    }
    return codes, sentences


def _code(  # noqa: PLR0911 - one return per reason code
    options: int, first_busy: int, second_busy: int, full: int, order: int
) -> str:
    if order == options:
        return "order"
    if first_busy == options:
        return "first_busy"
    if second_busy == options:
        return "second_busy"
    if full == options:
        return "tables_full"
    if full == 0 and order == 0:
        return "both_busy"
    if order == 0:
        return "busy_or_full"
    return "busy_full_or_order"


def assign_tables(instance: Instance, slots: list[int]) -> np.ndarray:
    """Table numbers 0..tables[s]-1 in each slot; a participant keeps their table when possible.

    Slots are filled in time order. A meeting whose participant sat at table t in the directly
    preceding slot asks for t (a meeting with two such participants asks for the first's, then
    the second's); requests are granted in meeting order while the table is free, and the other
    meetings take the lowest free tables.
    """
    n_s = instance.n_slots
    table = np.full(instance.n_meetings, -1, dtype=np.int64)
    by_slot: list[list[int]] = [[] for _ in range(n_s)]
    for meeting, slot in enumerate(slots):
        if slot >= 0:
            by_slot[slot].append(meeting)
    seat: dict[int, int] = {}  # participant -> table in the previous slot
    for slot in range(n_s):
        if slot == 0 or not instance.adjacent[slot - 1]:
            seat = {}
        taken: set[int] = set()
        pending = []
        for meeting in by_slot[slot]:
            wished = [
                seat[p]
                for p in (instance.first[meeting], instance.second[meeting])
                if p in seat and seat[p] < instance.tables[slot]
            ]
            granted = next((t for t in wished if t not in taken), -1)
            if granted >= 0:
                table[meeting] = granted
                taken.add(granted)
            else:
                pending.append(meeting)
        free = (t for t in range(instance.tables[slot]) if t not in taken)
        for meeting in pending:
            table[meeting] = next(free)
        seat = {}
        for meeting in by_slot[slot]:
            seat[instance.first[meeting]] = int(table[meeting])
            seat[instance.second[meeting]] = int(table[meeting])
    return table
