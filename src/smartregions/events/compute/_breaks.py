"""Fewer breaks without losing a meeting: simulated annealing over Kempe chains and ejections.

Three kinds of move; the first two aim (most of the time) at a slot next to another meeting of
a participant with gaps, where a gap would close:

* **Kempe chain**: a placed meeting in slot s and another slot t it may use; slots s and t are
  swapped for the whole Kempe chain through it, the connected set of meetings in s and t linked
  by a shared participant (Kempe 1879; the standard timetabling neighbourhood, e.g. Thompson &
  Dowsland 1998). Every participant stays in at most one meeting per slot; a chain of one
  meeting is a plain move to a free slot, of two a swap. Allowed when no meeting of the chain
  is fixed, each may use its new slot, the precedences hold and both slots keep within tables.
* **Ejection**: a meeting goes to slot t; what it collides with there (either participant's
  meeting, a random meeting when every table is taken) moves on to the free slot where it adds
  the least, or the move is dropped: a depth-two ejection chain, evaluated as one move.
* **Rotation** (rarely): the contents of slot s go to slot t and the slots between shift by
  one, so blocks of meetings move as a whole.

The energy is ``GUIDE`` x (breaks + ``weight`` x unfairness above the limit) + idle slots
inside the participants' days (a gradient towards closing gaps). Unfairness is max - min
breaks over participants with meetings. A participant's breaks come from a bitmask of busy
slots, so a move costs O(meetings moved). The temperature falls geometrically with the share
of the move budget (or of the time, if larger) used. No move takes a meeting out, so the
number of placed meetings of the input is kept.
"""

from __future__ import annotations

import math
import random
import time

from smartregions.events.compute._instance import breaks_of_mask
from smartregions.events.compute._placement import State

CHAIN_LIMIT = 40
SKIP_CALM = 0.8  # share of proposals skipped around participants without gaps
TARGETED = 0.7  # share of proposals aimed next to another meeting of a participant with gaps
EJECT = 0.3  # share of ejection moves (when every meeting is in place)
ROTATE = 0.02  # share of slot rotations
GUIDE = 4  # weight of one break against one idle slot
START_TEMPERATURE, END_TEMPERATURE = 1.0 * GUIDE, 0.05 * GUIDE


def idle_of(mask: int) -> int:
    """Free slots between a participant's first and last meeting."""
    return mask.bit_length() - (mask & -mask).bit_length() + 1 - mask.bit_count() if mask else 0


class Energy:
    """Breaks per participant, a histogram of them (participants with meetings), idle slots."""

    def __init__(self, state: State, fairness: int | None) -> None:
        inst = state.instance
        self.bits = inst.adjacent_bits
        self.fairness = fairness
        self.breaks = [breaks_of_mask(mask, self.bits) for mask in state.mask]
        self.total = sum(self.breaks)
        self.histogram = [0] * (inst.n_slots + 1)
        for mask, value in zip(state.mask, self.breaks, strict=True):
            if mask:
                self.histogram[value] += 1
        self.weight = 2 * inst.n_participants + 2
        self.idle = sum(idle_of(mask) for mask in state.mask)
        self.idle_change = 0
        self.known: dict[int, tuple[int, int]] = {}  # mask -> (breaks, idle), memoised

    def excess(self) -> int:
        if self.fairness is None:
            return 0
        histogram = self.histogram
        low = next((k for k, n in enumerate(histogram) if n), 0)
        high = next((k for k in range(len(histogram) - 1, -1, -1) if histogram[k]), 0)
        return max(0, high - low - self.fairness)

    def value(self) -> int:
        """Breaks plus the unfairness penalty (what the best schedule is judged by)."""
        return self.total + self.weight * self.excess()

    def guided(self) -> int:
        return GUIDE * self.value() + self.idle

    def change(self, mask: list[int], changed: dict[int, int]) -> list[tuple[int, ...]]:
        """Count new masks for some participants (``mask`` itself is not touched).

        Returns what :meth:`revert` needs to undo it.
        """
        updates = []
        breaks, histogram, bits, known = self.breaks, self.histogram, self.bits, self.known
        idle = 0
        for who, new in changed.items():
            old = mask[who]
            before = breaks[who]
            if new not in known:
                known[new] = (breaks_of_mask(new, bits), idle_of(new))
            after, idle_new = known[new]
            if old not in known:
                known[old] = (before, idle_of(old))
            idle += idle_new - known[old][1]
            self.total += after - before
            if old:
                histogram[before] -= 1
            if new:
                histogram[after] += 1
            breaks[who] = after
            updates.append((who, old, new, before, after))
        self.idle += idle
        self.idle_change = idle
        return updates

    def revert(self, updates: list[tuple[int, ...]]) -> None:
        breaks, histogram = self.breaks, self.histogram
        self.idle -= self.idle_change
        for who, old, new, before, after in updates:
            self.total -= after - before
            if new:
                histogram[after] -= 1
            if old:
                histogram[before] += 1
            breaks[who] = before


def anneal(  # noqa: PLR0912, PLR0915 - one hot loop, kept flat for speed
    state: State,
    *,
    fairness: int | None,
    rng: random.Random,
    deadline: float,
    moves: int,
    on_best=None,
) -> tuple[list[int], int, bool]:
    """Lower the breaks of ``state`` in place; return (best slots, their breaks, fair).

    The best fair schedule wins over any unfair one; among unfair ones the lowest energy (the
    least unfairness, then the fewest breaks). ``on_best(breaks, fair)`` is called on every new
    best. Stops at 0 breaks when fair, after ``moves`` proposals or at ``deadline``; the state
    is left wherever the walk ended.
    """
    inst = state.instance
    n_s = inst.n_slots
    first, second, feasible, fixed = inst.first, inst.second, inst.feasible_bits, inst.fixed
    options, tables, occupant, count = inst.feasible, inst.tables, state.occupant, state.count
    slot_of, mask, members = state.slot, state.mask, state.members
    ordered = inst.has_precedences
    energy = Energy(state, fairness)
    breaks = energy.breaks
    movable = [m for m in range(inst.n_meetings) if slot_of[m] >= 0 and fixed[m] < 0]
    known, bits = energy.known, energy.bits
    best = _Best(state, energy, on_best)
    if not movable or best.done():
        return best.result()
    started = time.perf_counter()
    span = max(deadline - started, 1e-9)
    current = energy.guided()
    temperature = START_TEMPERATURE
    cooling = math.log(END_TEMPERATURE / START_TEMPERATURE)
    for step in range(moves):
        if not step & 255:
            now = time.perf_counter()
            if now > deadline:
                break
            progress = max(step / moves, (now - started) / span)
            temperature = START_TEMPERATURE * math.exp(cooling * progress)
        if rng.random() < ROTATE:
            rotated = _rotation(state, energy, rng, current, temperature)
            if rotated is not None:
                current += rotated
                if rotated < 0 and best.improve(state, energy):
                    break
            continue
        eject = rng.random() < EJECT
        meeting = movable[rng.randrange(len(movable))]
        here = slot_of[meeting]
        a, b = first[meeting], second[meeting]
        troubled_a = breaks[a] or idle_of(mask[a])
        troubled_b = breaks[b] or idle_of(mask[b])
        if not (troubled_a or troubled_b) and rng.random() < SKIP_CALM:
            continue
        if rng.random() < TARGETED and (troubled_a or troubled_b):
            who = a if troubled_a and (not troubled_b or rng.random() < 0.5) else b
            busy = mask[who] & ~(1 << here)
            near = ((busy << 1) | (busy >> 1)) & ~busy & feasible[meeting]
            if not near:
                continue
            targets = [t for t in range(n_s) if near >> t & 1]
            there = targets[rng.randrange(len(targets))]
        else:
            choices = options[meeting]
            there = choices[rng.randrange(len(choices))]
        if there == here:
            continue

        if eject:
            # ---- ejection move: the meeting goes to `there`; what it collides with there
            # moves on to the free slot that suits it best, or the move is dropped
            taken: list[int] = []
            valid = True
            for who in (a, b):
                other = occupant[who * n_s + there]
                if other >= 0 and other not in taken:
                    if fixed[other] >= 0:
                        valid = False
                        break
                    taken.append(other)
            if not valid:
                continue
            if count[there] - len(taken) >= tables[there]:
                pool = members[there]
                victim = pool[rng.randrange(len(pool))]
                if fixed[victim] >= 0 or victim in taken:
                    continue
                taken.append(victim)
            changed: dict[int, int] = {a: mask[a] & ~(1 << here), b: mask[b] & ~(1 << here)}
            for other in taken:
                for who in (first[other], second[other]):
                    changed[who] = changed.get(who, mask[who]) & ~(1 << there)
            changed[a] |= 1 << there
            changed[b] |= 1 << there
            load = {here: -1, there: 1 - len(taken)}
            moves_to = []
            for other in taken:
                p, q = first[other], second[other]
                mask_p, mask_q = changed.get(p, mask[p]), changed.get(q, mask[q])
                busy = mask_p | mask_q
                best_slot, best_cost = -1, 1 << 30
                for slot in options[other]:
                    if (busy >> slot) & 1 or slot == there:
                        continue
                    if count[slot] + load.get(slot, 0) >= tables[slot]:
                        continue
                    bit = 1 << slot
                    cost = _cost(mask_p | bit, known, bits) + _cost(mask_q | bit, known, bits)
                    if cost < best_cost:
                        best_slot, best_cost = slot, cost
                if best_slot < 0:
                    valid = False
                    break
                changed[p] = mask_p | (1 << best_slot)
                changed[q] = mask_q | (1 << best_slot)
                load[best_slot] = load.get(best_slot, 0) + 1
                moves_to.append(best_slot)
            if not valid:
                continue
            if ordered:
                planned = dict(zip(taken, moves_to, strict=True))
                planned[meeting] = there
                if not _planned_order(state, planned):
                    continue
            updates = energy.change(mask, changed)
            delta = energy.guided() - current
            if delta > 0 and rng.random() >= math.exp(-delta / temperature):
                energy.revert(updates)
                continue
            for other in taken:
                state.remove(other)
            state.remove(meeting)
            state.place(meeting, there)
            for other, slot in zip(taken, moves_to, strict=True):
                state.place(other, slot)
        else:
            # ---- Kempe chain of slots (here, there) through the meeting
            chain = [meeting]
            seen = {meeting}
            moved_here = 1
            position = 0
            valid = True
            while position < len(chain):
                link = chain[position]
                position += 1
                other_slot = there if slot_of[link] == here else here
                if fixed[link] >= 0 or not (feasible[link] >> other_slot) & 1:
                    valid = False
                    break
                for who in (first[link], second[link]):
                    linked = occupant[who * n_s + other_slot]
                    if linked >= 0 and linked not in seen:
                        seen.add(linked)
                        chain.append(linked)
                        moved_here += slot_of[linked] == here
                if len(chain) > CHAIN_LIMIT:
                    valid = False
                    break
            if not valid:
                continue
            moved_there = len(chain) - moved_here
            if (
                count[here] - moved_here + moved_there > tables[here]
                or count[there] - moved_there + moved_here > tables[there]
            ):
                continue
            if ordered and not _keeps_order(state, chain, here, there, seen):
                continue
            flip = (1 << here) | (1 << there)
            changed = {}
            for link in chain:
                for who in (first[link], second[link]):
                    if who not in changed:
                        both = mask[who] & flip
                        changed[who] = mask[who] if both in (0, flip) else mask[who] ^ flip
            updates = energy.change(mask, changed)
            delta = energy.guided() - current
            if delta > 0 and rng.random() >= math.exp(-delta / temperature):
                energy.revert(updates)
                continue
            before = [slot_of[x] for x in chain]
            for link in chain:
                state.remove(link)
            for link, left in zip(chain, before, strict=True):
                state.place(link, there if left == here else here)
        current += delta
        if delta < 0 and best.improve(state, energy):
            break
    return best.result()


def _rotation(  # noqa: PLR0912 - every validity check is an early return
    state: State, energy: Energy, rng: random.Random, current: int, temperature: float
) -> int | None:
    """Move the contents of slot s to slot t, shifting the slots between by one towards s.

    Every participant busy in the range keeps the order of their meetings there, so blocks
    move as a whole. Returns the energy change when accepted, else None.
    """
    inst = state.instance
    n_s = inst.n_slots
    s, t = rng.randrange(n_s), rng.randrange(n_s)
    if s == t:
        return None
    low, high = min(s, t), max(s, t)
    new_slot = {}
    shift = -1 if s < t else 1
    for slot in range(low, high + 1):
        target = t if slot == s else slot + shift
        for meeting in state.members[slot]:
            if inst.fixed[meeting] >= 0 or not (inst.feasible_bits[meeting] >> target) & 1:
                return None
            new_slot[meeting] = target
        if len(state.members[slot]) > inst.tables[target]:
            return None
    if inst.has_precedences:
        for meeting, target in new_slot.items():
            for other in inst.before[meeting]:
                if new_slot.get(other, state.slot[other]) >= target:
                    return None
    width = high - low + 1
    inside = ((1 << width) - 1) << low
    changed: dict[int, int] = {}
    for meeting in new_slot:
        for who in (inst.first[meeting], inst.second[meeting]):
            if who in changed:
                continue
            mask = state.mask[who]
            part = mask & inside
            if s < t:
                moved = ((part >> (low + 1)) << low) | (((part >> s) & 1) << t)
            else:
                moved = ((part << 1) & inside) | (((part >> s) & 1) << t)
                moved &= ~(1 << (high + 1))
            changed[who] = (mask & ~inside) | moved
    updates = energy.change(state.mask, changed)
    delta = energy.guided() - current
    if delta > 0 and rng.random() >= math.exp(-delta / temperature):
        energy.revert(updates)
        return None
    for meeting in new_slot:
        state.remove(meeting)
    for meeting, target in new_slot.items():
        state.place(meeting, target)
    return delta


def _cost(mask: int, known: dict[int, tuple[int, int]], bits: int) -> int:
    """GUIDE x breaks + idle slots of one participant's mask (memoised in ``known``)."""
    if mask not in known:
        known[mask] = (breaks_of_mask(mask, bits), idle_of(mask))
    value = known[mask]
    return GUIDE * value[0] + value[1]


def _planned_order(state: State, planned: dict[int, int]) -> bool:
    """Whether moving the meetings of ``planned`` to their slots keeps every precedence."""
    inst, slot_of = state.instance, state.slot
    for meeting, slot in planned.items():
        for other in inst.before[meeting]:
            if planned.get(other, slot_of[other]) >= slot:
                return False
        for other in inst.after[meeting]:
            if 0 <= planned.get(other, slot_of[other]) <= slot:
                return False
    return True


def _keeps_order(state: State, chain: list[int], here: int, there: int, seen: set[int]) -> bool:
    """Whether swapping the chain between ``here`` and ``there`` keeps every precedence."""
    inst, slot_of = state.instance, state.slot

    def new_slot(meeting: int) -> int:
        slot = slot_of[meeting]
        if meeting in seen:
            return there if slot == here else here
        return slot

    for meeting in chain:
        slot = new_slot(meeting)
        for other in inst.before[meeting]:
            if new_slot(other) >= slot:
                return False
        for other in inst.after[meeting]:
            if 0 <= new_slot(other) <= slot:
                return False
    return True


class _Best:
    """The best schedule seen: fair ones first, then the lowest energy."""

    def __init__(self, state: State, energy: Energy, on_best) -> None:
        self.on_best = on_best
        self.key = (1, 0)
        self.slots: list[int] = []
        self.breaks, self.fair = 0, False
        self.improve(state, energy)

    def improve(self, state: State, energy: Energy) -> bool:
        """Record the state if it beats the best; return whether it cannot be beaten."""
        excess = energy.excess()
        key = (int(excess > 0), energy.value())
        if key < self.key or not self.slots:
            self.key, self.slots = key, state.slot[:]
            self.breaks, self.fair = energy.total, excess == 0
            if self.on_best is not None:
                self.on_best(self.breaks, self.fair)
        return self.done()

    def done(self) -> bool:
        return self.fair and self.breaks == 0

    def result(self) -> tuple[list[int], int, bool]:
        return self.slots, self.breaks, self.fair
