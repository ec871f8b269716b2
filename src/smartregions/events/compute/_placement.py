"""Placing meetings: a most-constrained-first greedy, then a tabu search on partial schedules.

The tabu search is the "partial colouring" scheme of Bloechliger & Zufferey (2008) adapted to
meetings: a state is a conflict-free partial schedule; a move puts an unplaced meeting into one
of its slots and takes out whatever it collides with there (the meetings either participant
already has in that slot, a meeting of the slot when every table is taken, meetings it would
put out of order). Its cost is the number taken out, so a cost-0 move places one more meeting.
Taken-out meetings may not go back to the slot they left for a while (the tabu tenure), which
walks the search out of local optima. The number of placed meetings never has to drop by more
than the move's cost, and the best schedule seen is kept.
"""

from __future__ import annotations

import heapq
import random
import time

from smartregions.events.compute._instance import Instance, breaks_of_mask

CANDIDATES = 48  # unplaced meetings sampled per tabu iteration (24 and 96 placed fewer in trials)


class State:
    """A conflict-free partial schedule with the indexes the moves need."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        n_s = instance.n_slots
        self.slot = [-1] * instance.n_meetings
        self.occupant = [-1] * (instance.n_participants * n_s)
        self.count = [0] * n_s
        self.members: list[list[int]] = [[] for _ in range(n_s)]
        self.position = [-1] * instance.n_meetings
        self.mask = [0] * instance.n_participants
        self.placed = 0

    def place(self, meeting: int, slot: int) -> None:
        inst = self.instance
        n_s = inst.n_slots
        a, b = inst.first[meeting], inst.second[meeting]
        self.slot[meeting] = slot
        self.occupant[a * n_s + slot] = meeting
        self.occupant[b * n_s + slot] = meeting
        self.mask[a] |= 1 << slot
        self.mask[b] |= 1 << slot
        self.count[slot] += 1
        members = self.members[slot]
        self.position[meeting] = len(members)
        members.append(meeting)
        self.placed += 1

    def remove(self, meeting: int) -> int:
        inst = self.instance
        n_s = inst.n_slots
        slot = self.slot[meeting]
        a, b = inst.first[meeting], inst.second[meeting]
        self.slot[meeting] = -1
        self.occupant[a * n_s + slot] = -1
        self.occupant[b * n_s + slot] = -1
        self.mask[a] &= ~(1 << slot)
        self.mask[b] &= ~(1 << slot)
        self.count[slot] -= 1
        members = self.members[slot]
        last = members.pop()
        index = self.position[meeting]
        if last != meeting:
            members[index] = last
            self.position[last] = index
        self.position[meeting] = -1
        self.placed -= 1
        return slot

    def in_order(self, meeting: int, slot: int) -> bool:
        """Whether ``slot`` keeps the meeting's precedences with the placed meetings."""
        inst, slot_of = self.instance, self.slot
        return all(slot_of[other] < slot for other in inst.before[meeting]) and not any(
            0 <= slot_of[other] <= slot for other in inst.after[meeting]
        )

    def free(self, meeting: int, slot: int) -> bool:
        """Whether the meeting can go into ``slot`` now without moving anything."""
        inst = self.instance
        n_s = inst.n_slots
        return (
            self.count[slot] < inst.tables[slot]
            and self.occupant[inst.first[meeting] * n_s + slot] < 0
            and self.occupant[inst.second[meeting] * n_s + slot] < 0
            and self.in_order(meeting, slot)
        )

    def load(self, slots: list[int]) -> None:
        """Replace the schedule by ``slots`` (-1 = unplaced)."""
        for meeting, slot in enumerate(self.slot):
            if slot >= 0:
                self.remove(meeting)
        for meeting, slot in enumerate(slots):
            if slot >= 0:
                self.place(meeting, slot)


def best_free_slot(state: State, meeting: int) -> int:
    """The free slot adding the fewest breaks to the two participants (earliest on ties), or -1."""
    inst = state.instance
    a, b = inst.first[meeting], inst.second[meeting]
    mask_a, mask_b, bits = state.mask[a], state.mask[b], inst.adjacent_bits
    now = breaks_of_mask(mask_a, bits) + breaks_of_mask(mask_b, bits)
    best, best_delta = -1, 1 << 30
    for slot in inst.feasible[meeting]:
        if not state.free(meeting, slot):
            continue
        bit = 1 << slot
        delta = breaks_of_mask(mask_a | bit, bits) + breaks_of_mask(mask_b | bit, bits) - now
        if delta < best_delta:
            best, best_delta = slot, delta
    return best


def greedy(state: State, rng: random.Random) -> None:
    """Place the fixed meetings, then the others, always the one with the fewest free slots.

    Ties go to the meeting whose participants have the most meetings (the hardest to fit),
    then to a seeded random order. The slot is the free one adding the fewest breaks. Free-slot
    counts only fall as meetings are placed, so a lazy heap (re-pushing stale keys) is exact.
    """
    inst = state.instance
    for meeting, slot in enumerate(inst.fixed):
        if slot >= 0:
            state.place(meeting, slot)
    degree = [0] * inst.n_participants
    for a, b in zip(inst.first, inst.second, strict=True):
        degree[a] += 1
        degree[b] += 1
    heap = []
    for meeting in range(inst.n_meetings):
        if inst.fixed[meeting] < 0 and inst.feasible[meeting]:
            free = sum(1 for s in inst.feasible[meeting] if state.free(meeting, s))
            pressure = -(degree[inst.first[meeting]] + degree[inst.second[meeting]])
            heap.append((free, pressure, rng.random(), meeting))
    heapq.heapify(heap)
    while heap:
        free, pressure, tie, meeting = heapq.heappop(heap)
        now = sum(1 for s in inst.feasible[meeting] if state.free(meeting, s))
        if now < free:
            heapq.heappush(heap, (now, pressure, tie, meeting))
            continue
        if now:
            state.place(meeting, best_free_slot(state, meeting))


def fill(state: State) -> None:
    """Place every unplaced meeting that has a free slot (in index order)."""
    inst = state.instance
    for meeting in range(inst.n_meetings):
        if state.slot[meeting] < 0 and inst.feasible[meeting]:
            slot = best_free_slot(state, meeting)
            if slot >= 0:
                state.place(meeting, slot)


def tabu_search(  # noqa: PLR0912, PLR0915 - one hot loop, kept flat for speed
    state: State,
    *,
    bound: int,
    rng: random.Random,
    deadline: float,
    stall: int,
) -> list[int]:
    """Improve the number of placed meetings; return the best slots seen (the state is left as is).

    Stops when ``bound`` is reached, after ``stall`` iterations without improvement, or at
    ``deadline`` (``time.perf_counter()`` seconds).
    """
    inst = state.instance
    n_s = inst.n_slots
    first, second, feasible, fixed = inst.first, inst.second, inst.feasible, inst.fixed
    tables, occupant, count, slot_of = inst.tables, state.occupant, state.count, state.slot
    ordered = inst.has_precedences
    unplaced = [m for m in range(inst.n_meetings) if slot_of[m] < 0 and feasible[m]]
    index = [-1] * inst.n_meetings
    for i, meeting in enumerate(unplaced):
        index[meeting] = i
    tabu = [0] * (inst.n_meetings * n_s)
    locked = [0] * n_s  # fixed meetings per slot: they never leave
    for slot in fixed:
        if slot >= 0:
            locked[slot] += 1
    best_slots, best_placed = slot_of[:], state.placed
    iteration = last_gain = 0
    recent: list[int] = []
    while unplaced and best_placed < bound and iteration - last_gain < stall:
        iteration += 1
        if not iteration & 127 and time.perf_counter() > deadline:
            break
        if len(unplaced) <= CANDIDATES:
            candidates = unplaced[:]
        else:
            candidates = recent + [
                unplaced[rng.randrange(len(unplaced))] for _ in range(CANDIDATES)
            ]
        best_cost, ties, choice = 99, 0, (-1, -1)
        for meeting in candidates:
            oa, ob, base = first[meeting] * n_s, second[meeting] * n_s, meeting * n_s
            for slot in feasible[meeting]:
                c1, c2 = occupant[oa + slot], occupant[ob + slot]
                cost = 0
                if c1 >= 0:
                    if fixed[c1] >= 0:
                        continue
                    cost = 1
                if c2 >= 0 and c2 != c1:
                    if fixed[c2] >= 0:
                        continue
                    cost += 1
                if cost == 0 and count[slot] >= tables[slot]:
                    if locked[slot] >= count[slot]:
                        continue
                    cost = 1
                if ordered:
                    extra = _order_conflicts(state, meeting, slot, c1, c2)
                    if extra < 0:
                        continue
                    cost += extra
                if cost > best_cost or (cost and tabu[base + slot] > iteration):
                    continue
                if cost < best_cost:
                    best_cost, ties, choice = cost, 1, (meeting, slot)
                else:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        choice = (meeting, slot)
        meeting, slot = choice
        recent = []
        if meeting < 0:
            continue
        c1, c2 = occupant[first[meeting] * n_s + slot], occupant[second[meeting] * n_s + slot]
        out = [c for c in (c1, c2) if c >= 0]
        if len(out) == 2 and c1 == c2:
            out.pop()
        if ordered:
            out.extend(_out_of_order(state, meeting, slot, out))
        removed = [(other, state.remove(other)) for other in out]
        if count[slot] >= tables[slot]:
            victim = _table_victim(state, slot, rng)
            if victim < 0:  # only fixed meetings left in the slot: undo
                for other, left in removed:
                    state.place(other, left)
                continue
            removed.append((victim, state.remove(victim)))
            out.append(victim)
        state.place(meeting, slot)
        last = unplaced.pop()
        if last != meeting:
            unplaced[index[meeting]] = last
            index[last] = index[meeting]
        index[meeting] = -1
        tenure = int(0.6 * (len(unplaced) + len(out))) + rng.randrange(10)
        for other, left in removed:
            tabu[other * n_s + left] = iteration + tenure
            index[other] = len(unplaced)
            unplaced.append(other)
        recent = out
        if state.placed > best_placed:
            best_placed, best_slots, last_gain = state.placed, slot_of[:], iteration
    return best_slots


def _table_victim(state: State, slot: int, rng: random.Random) -> int:
    """A random non-fixed meeting of ``slot`` (or -1 when all are fixed)."""
    members, fixed = state.members[slot], state.instance.fixed
    for _ in range(8):
        meeting = members[rng.randrange(len(members))]
        if fixed[meeting] < 0:
            return meeting
    movable = [m for m in members if fixed[m] < 0]
    return movable[rng.randrange(len(movable))] if movable else -1


def _order_conflicts(state: State, meeting: int, slot: int, c1: int, c2: int) -> int:
    """How many placed meetings ``slot`` would put out of order (-1 if one of them is fixed)."""
    inst, slot_of = state.instance, state.slot
    cost = 0
    for other in inst.before[meeting]:
        if slot_of[other] >= slot and other not in (c1, c2):
            if inst.fixed[other] >= 0:
                return -1
            cost += 1
    for other in inst.after[meeting]:
        if 0 <= slot_of[other] <= slot and other not in (c1, c2):
            if inst.fixed[other] >= 0:
                return -1
            cost += 1
    return cost


def _out_of_order(state: State, meeting: int, slot: int, out: list[int]) -> list[int]:
    inst, slot_of = state.instance, state.slot
    found = [o for o in inst.before[meeting] if slot_of[o] >= slot and o not in out]
    found += [o for o in inst.after[meeting] if 0 <= slot_of[o] <= slot and o not in out]
    return found


def kempe_insert(state: State, meeting: int) -> bool:
    """Place ``meeting`` by swapping one Kempe chain out of its way; whether it worked.

    For a slot s where one participant is free and the other is blocked by meeting x, and a
    slot t where the blocked participant is free, swapping the (s, t) Kempe chain through x
    frees the blocked participant in s (the augmenting step of Vizing's edge-colouring proof).
    The swap must keep every meeting of the chain in a slot it may use, the tables and the
    precedences, and leave the free participant free in s.
    """
    inst = state.instance
    n_s = inst.n_slots
    occupant, count, tables, slot_of = state.occupant, state.count, inst.tables, state.slot
    a, b = inst.first[meeting], inst.second[meeting]
    for s in inst.feasible[meeting]:
        oa, ob = occupant[a * n_s + s], occupant[b * n_s + s]
        if (oa >= 0) == (ob >= 0):
            continue  # both free (fill handles it) or both blocked
        blocker, blocked, free = (oa, a, b) if oa >= 0 else (ob, b, a)
        if inst.fixed[blocker] >= 0:
            continue
        for t in inst.feasible[blocker]:
            if t == s or occupant[blocked * n_s + t] >= 0:
                continue
            chain = _chain(state, blocker, s, t)
            if chain is None:
                continue
            moved_s = sum(1 for x in chain if slot_of[x] == s)
            moved_t = len(chain) - moved_s
            if count[s] - moved_s + moved_t + 1 > tables[s]:
                continue
            if count[t] - moved_t + moved_s > tables[t]:
                continue
            if any(slot_of[x] == t and free in (inst.first[x], inst.second[x]) for x in chain):
                continue
            planned = {x: (t if slot_of[x] == s else s) for x in chain}
            planned[meeting] = s
            if inst.has_precedences and not _order_kept(state, planned):
                continue
            for x in chain:
                state.remove(x)
            for x in chain:
                state.place(x, planned[x])
            state.place(meeting, s)
            return True
    return False


def kempe_sweep(state: State, *, deadline: float) -> int:
    """Try :func:`kempe_insert` on every unplaced meeting until none works; return how many."""
    inst = state.instance
    added = 0
    progress = True
    while progress and time.perf_counter() < deadline:
        progress = False
        for meeting in range(inst.n_meetings):
            if state.slot[meeting] < 0 and inst.feasible[meeting] and kempe_insert(state, meeting):
                added += 1
                progress = True
    return added


def _chain(state: State, start: int, s: int, t: int, limit: int = 60) -> list[int] | None:
    """The (s, t) Kempe chain through ``start``, or None when one of it cannot switch slots."""
    inst = state.instance
    n_s = inst.n_slots
    chain, seen, position = [start], {start}, 0
    while position < len(chain):
        x = chain[position]
        position += 1
        other = t if state.slot[x] == s else s
        if inst.fixed[x] >= 0 or not (inst.feasible_bits[x] >> other) & 1:
            return None
        for who in (inst.first[x], inst.second[x]):
            linked = state.occupant[who * n_s + other]
            if linked >= 0 and linked not in seen:
                seen.add(linked)
                chain.append(linked)
        if len(chain) > limit:
            return None
    return chain


def _order_kept(state: State, planned: dict[int, int]) -> bool:
    inst, slot_of = state.instance, state.slot
    for x, slot in planned.items():
        if any(planned.get(o, slot_of[o]) >= slot for o in inst.before[x]):
            return False
        if any(0 <= planned.get(o, slot_of[o]) <= slot for o in inst.after[x]):
            return False
    return True
