r"""Consortium builder: k regions from several member states covering a value chain.

A value chain is a set of elements :math:`E` (activities, codes) with weights
:math:`w_e \ge 0`; candidate member :math:`m` covers :math:`E_m \subseteq E`. The coverage of a
group :math:`S` is

.. math::

    f(S) = \sum_{e \in \bigcup_{m \in S} E_m} w_e ,

a monotone submodular function, so picking, k times, the member with the largest marginal
gain :math:`f(S \cup \{m\}) - f(S)` covers at least :math:`(1 - 1/e) \approx 63\%` of the best
possible k-member coverage (Nemhauser, Wolsey & Fisher 1978, "An analysis of approximations
for maximizing submodular set functions", Math. Programming 14: 265-294).

Constraints and how they bear on that guarantee:

* **locked** members are taken first (greedily among themselves). The rest is greedy on the
  residual function :math:`f(\cdot \mid L)`, itself monotone submodular, so the members added
  gain at least :math:`(1 - 1/e)` of the best gain any ``k - |L|`` additions could give.
* **dropped** members are removed from the candidates: the guarantee holds over the rest.
* **min_countries**: once the slots left equal the countries still missing, every remaining
  pick is limited to members from countries not yet in the group. A pick is flagged
  *restricted* when that limit cost coverage (the best allowed gain was below the best gain
  overall). The :math:`j` picks before the first restricted one
  (:attr:`Consortium.greedy_picks`) are plain greedy, and as :math:`f` is monotone the
  whole group, with nothing locked, still covers at least :math:`(1 - 1/e)` of the best
  :math:`j`-member group. It can fall short of the best group that itself satisfies the
  country constraint: no guarantee is claimed for that.

Ties in gain go first to a member from a country not yet in the group, then to the smaller
member id, so the result does not depend on input order.
Greedy stops early when no candidate adds coverage and the country constraint is met: a
member contributing nothing would only be an arbitrary name in the proposal.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Contribution:
    """One member of the proposed consortium and what it adds.

    Attributes
    ----------
    member : Hashable
        The member id (e.g. a NUTS code).
    country : str
        Its country.
    elements : tuple
        Value-chain elements it newly covers, in value-chain order.
    gain : float
        :math:`f(S \\cup \\{m\\}) - f(S)`: the summed weight of ``elements``.
    locked : bool
        Included because the user locked it.
    restricted : bool
        The new-country rule made this pick gain less than the best free candidate would.
    """

    member: Hashable
    country: str
    elements: tuple
    gain: float
    locked: bool
    restricted: bool


@dataclass(frozen=True, slots=True)
class Consortium:
    """The proposed group in pick order, with its coverage and what is left uncovered."""

    members: tuple[Contribution, ...]
    coverage: float
    total_weight: float
    uncovered: tuple
    countries: tuple[str, ...]

    @property
    def restricted_picks(self) -> int:
        """How many picks lost coverage to the new-country rule (0: plain greedy result)."""
        return sum(1 for member in self.members if member.restricted)

    @property
    def greedy_picks(self) -> int:
        """Unlocked picks made before the first restricted one: the :math:`j` of the bound."""
        count = 0
        for member in self.members:
            if member.restricted:
                break
            count += not member.locked
        return count


def build_consortium(
    *,
    chain: Mapping[Hashable, float] | Sequence[Hashable] | Collection[Hashable],
    members: Mapping[Hashable, Collection[Hashable]],
    countries: Mapping[Hashable, str],
    k: int,
    min_countries: int = 3,
    locked: Collection[Hashable] = (),
    dropped: Collection[Hashable] = (),
) -> Consortium:
    r"""Pick up to ``k`` members greedily maximising the weighted coverage of ``chain``.

    ``chain`` is the value chain: a mapping element -> weight, or a collection of elements
    (weight 1 each; sets are sorted, sequences keep their order, which is the order of
    ``elements`` and ``uncovered`` in the result). ``members`` maps each candidate id
    (sortable, e.g. NUTS codes) to the elements it covers; elements outside the chain are
    ignored. ``countries`` gives every candidate's country. See the module docstring for the
    algorithm, the constraints and the :math:`(1 - 1/e)` guarantee.

    Fewer than ``k`` members are returned when the candidates run out or, with the country
    constraint met, nobody adds coverage. Raises ``ValueError`` for impossible or
    inconsistent requests: ``k < 1``, ``k < len(locked)``, ``min_countries > k``, a member
    both locked and dropped, locked or dropped ids that are not candidates, a candidate
    without a country, duplicate chain elements, negative/non-finite weights or a chain of
    total weight 0, fewer than ``min_countries`` countries among the usable candidates (or
    not enough slots left after the locked ones to reach them). No side effects.
    """
    elements, weights = _chain(chain)
    ids = sorted(members)
    locked_set, dropped_set = set(locked), set(dropped)
    _check_request(
        ids,
        countries=countries,
        k=k,
        min_countries=min_countries,
        locked=locked_set,
        dropped=dropped_set,
    )
    column = {element: position for position, element in enumerate(elements)}
    incidence = np.zeros((len(ids), len(elements)), dtype=bool)
    for row, member in enumerate(ids):
        for element in members[member]:
            if element in column:
                incidence[row, column[element]] = True
    usable = np.array([member not in dropped_set for member in ids])
    country_of = [countries[member] for member in ids]
    _check_countries(
        ids,
        country_of=country_of,
        usable=usable,
        locked=locked_set,
        k=k,
        min_countries=min_countries,
    )

    covered = np.zeros(len(elements), dtype=bool)
    picked = np.zeros(len(ids), dtype=bool)
    group_countries: set[str] = set()
    chosen: list[Contribution] = []
    locked_rows = np.array([member in locked_set for member in ids])

    def pick(candidates: np.ndarray, *, is_locked: bool, free: np.ndarray | None = None) -> None:
        gains = incidence[:, ~covered].astype(np.float64) @ weights[~covered]
        # A pick is "restricted" only if the country rule cost coverage at this step; a tie
        # with the unrestricted best is still a greedy choice (under another tie rule).
        restricted = free is not None and gains[candidates].max() < gains[free].max()
        gains[~candidates] = -np.inf
        best = gains == gains.max()
        # Among equal gains a member from a country not yet in the group goes first: it costs
        # no coverage and brings the country rule closer (members adding nothing would
        # otherwise pile up from one country while the rule still asks for more).
        new_country = best & np.array([c not in group_countries for c in country_of])
        row = int(np.argmax(new_country if new_country.any() else best))  # smallest such id
        new = incidence[row] & ~covered
        covered[new] = True
        picked[row] = True
        group_countries.add(country_of[row])
        chosen.append(
            Contribution(
                member=ids[row],
                country=country_of[row],
                elements=tuple(elements[i] for i in np.flatnonzero(new)),
                gain=math.fsum(weights[new]),
                locked=is_locked,
                restricted=restricted,
            )
        )

    for _ in range(len(locked_set)):
        pick(locked_rows & ~picked, is_locked=True)
    while len(chosen) < k:
        free = usable & ~picked
        if not free.any():
            break
        missing = min_countries - len(group_countries)
        if missing >= k - len(chosen):
            new_country = np.array([c not in group_countries for c in country_of])
            pick(free & new_country, is_locked=False, free=free)
            continue
        gains = incidence[:, ~covered].astype(np.float64) @ weights[~covered]
        if missing <= 0 and not (gains[free] > 0).any():
            break
        pick(free, is_locked=False)

    return Consortium(
        members=tuple(chosen),
        coverage=math.fsum(weights[covered]),
        total_weight=math.fsum(weights),
        uncovered=tuple(elements[i] for i in np.flatnonzero(~covered)),
        countries=tuple(sorted(group_countries)),
    )


def _chain(chain: object) -> tuple[list[Hashable], np.ndarray]:
    if isinstance(chain, Mapping):
        elements = list(chain)
        weights = np.array([float(chain[e]) for e in elements], dtype=np.float64)
    else:
        elements = sorted(chain) if isinstance(chain, set | frozenset) else list(chain)
        weights = np.ones(len(elements))
    if len(set(elements)) != len(elements):
        msg = "the value chain lists an element twice"
        raise ValueError(msg)
    if not np.isfinite(weights).all() or (weights < 0).any():
        msg = "value-chain weights must be finite and >= 0"
        raise ValueError(msg)
    if weights.sum() <= 0:
        msg = "the value chain is empty or all its weights are zero: nothing to cover"
        raise ValueError(msg)
    return elements, weights


def _check_request(
    ids: list[Hashable],
    *,
    countries: Mapping[Hashable, str],
    k: int,
    min_countries: int,
    locked: set[Hashable],
    dropped: set[Hashable],
) -> None:
    problems: list[str] = []
    if k < 1:
        problems.append(f"k must be at least 1, got {k}")
    if k < len(locked):
        problems.append(f"k={k} is smaller than the {len(locked)} locked members")
    if min_countries > k:
        problems.append(f"{min_countries} countries cannot be reached with k={k} members")
    if locked & dropped:
        problems.append(f"members both locked and dropped: {sorted(locked & dropped)}")
    known = set(ids)
    if unknown := sorted((locked | dropped) - known):
        problems.append(f"locked/dropped members that are not candidates: {unknown}")
    if no_country := [member for member in ids if not countries.get(member)]:
        problems.append(f"candidates without a country: {no_country}")
    if problems:
        raise ValueError("; ".join(problems))


def _check_countries(
    ids: list[Hashable],
    *,
    country_of: list[str],
    usable: np.ndarray,
    locked: set[Hashable],
    k: int,
    min_countries: int,
) -> None:
    if not usable.any():
        msg = "no candidates left after dropping members"
        raise ValueError(msg)
    available = {country_of[row] for row in np.flatnonzero(usable)}
    if len(available) < min_countries:
        msg = (
            f"the candidates come from {len(available)} countries "
            f"({', '.join(sorted(available))}); at least {min_countries} are required"
        )
        raise ValueError(msg)
    locked_countries = {country_of[row] for row, member in enumerate(ids) if member in locked}
    missing = min_countries - len(locked_countries)
    if missing > k - len(locked):
        msg = (
            f"the locked members cover {len(locked_countries)} countries; {missing} more are "
            f"needed but only {k - len(locked)} slots are left"
        )
        raise ValueError(msg)
