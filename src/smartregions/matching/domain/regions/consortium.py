"""The consortium builder: k regions from several member states covering a value chain.

The value chain is a set of codes (NACE, scientific domains, policy objectives: a region covers
a code when one of its priorities, or a priority of a region below it, is coded with it or a
code below it) or of activities of an evidence dataset (a region covers an activity it is
specialised in, RCA presence). :func:`~smartregions.matching.compute.consortium.build_consortium`
picks the members greedily with the (1 - 1/e) guarantee; this module loads the candidates,
validates the request and says what each member contributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError

from smartregions.analytics.models import Dataset
from smartregions.matching.compute.consortium import Consortium, build_consortium
from smartregions.matching.domain.regions.candidates import (
    CODE_KINDS,
    RegionRow,
    candidate_codes,
    candidate_regions,
    owners,
    priority_corpus,
)
from smartregions.matching.domain.regions.evidence import evidence_matrices, pick_dataset
from smartregions.matching.domain.regions.filters import RegionFilters, allowed_mask
from smartregions.regions.domain.taxonomies.resolve import resolve_kind_codes

MAX_K = 20
MAX_CHAIN = 200


@dataclass(frozen=True, slots=True)
class ChainElement:
    """One element of the value chain: a code or an activity, with its label."""

    code: str
    label: str


@dataclass(frozen=True)
class MemberProposal:
    """A proposed member, what it newly covers, and why it is there."""

    region: RegionRow
    elements: list[ChainElement]
    gain: float
    locked: bool
    restricted: bool


@dataclass(frozen=True)
class ConsortiumProposal:
    """The proposed consortium, its coverage and the guarantee that holds for it."""

    chain_kind: str
    dataset: Dataset | None
    year: int | None
    chain: list[ChainElement]
    members: list[MemberProposal]
    covered: int
    uncovered: list[ChainElement]
    countries: tuple[str, ...]
    k: int
    min_countries: int
    candidates: int
    greedy_picks: int
    restricted_picks: int
    guarantee: str

    @property
    def coverage_share(self) -> float:
        return self.covered / len(self.chain) if self.chain else 0.0

    @property
    def guarantee_holds(self) -> bool:
        """The (1 - 1/e) bound holds for the whole group (no pick lost coverage to the
        country rule)."""
        return self.restricted_picks == 0


def _codes_chain(codes: Sequence[str]) -> tuple[list[ChainElement], list[int]]:
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    terms, failing = [], list(wanted)
    for kind in CODE_KINDS:
        if not failing:
            break
        found, problems = resolve_kind_codes(kind=kind, codes=failing)
        terms += found
        failing = [code for code in failing if code in problems]
    if failing:
        raise ValidationError({"codes": f"Unknown code(s): {', '.join(failing)}."})
    unique = list({term.pk: term for term in terms}.values())
    return [ChainElement(t.code, t.label) for t in unique], [t.pk for t in unique]


def _check(k: int, min_countries: int, locked: Sequence[str], chain_size: int) -> None:
    errors: dict[str, str] = {}
    if not 1 <= k <= MAX_K:
        errors["k"] = f"Propose 1 to {MAX_K} members (got {k})."
    elif not 1 <= min_countries <= k:
        errors["min_countries"] = f"Ask for 1 to k={k} member states (got {min_countries})."
    if len(locked) > k:
        errors["locked"] = f"{len(locked)} locked members do not fit in k={k}."
    if chain_size == 0:
        errors["chain"] = "Give the value chain: at least one code or activity."
    elif chain_size > MAX_CHAIN:
        errors["chain"] = f"Give at most {MAX_CHAIN} value-chain elements."
    if errors:
        raise ValidationError(errors)


def _guarantee(result: Consortium, k: int, min_countries: int) -> str:
    added = sum(1 for m in result.members if not m.locked)
    locked = len(result.members) - added
    if result.restricted_picks:
        return (
            f"The rule of at least {min_countries} member states changed "
            f"{result.restricted_picks} pick(s). The first {result.greedy_picks} greedy pick(s) "
            "alone cover at least 63% (1 - 1/e) of the best group of that size; no bound is "
            "claimed against the best group that also spans the member states."
        )
    if locked:
        return (
            f"The {added} member(s) added to the {locked} locked one(s) gain at least 63% "
            f"(1 - 1/e) of the coverage the best {added} additions could give."
        )
    return (
        f"Greedy choice: the {len(result.members)} member(s) cover at least 63% (1 - 1/e) of "
        "what the best possible group of the same size would cover (Nemhauser, Wolsey & "
        "Fisher 1978)."
    )


def propose_consortium(
    *,
    codes: Sequence[str] = (),
    activities: Sequence[str] = (),
    dataset: str | None = None,
    year: int | None = None,
    k: int = 5,
    min_countries: int = 3,
    locked: Sequence[str] = (),
    dropped: Sequence[str] = (),
    filters: RegionFilters | None = None,
) -> ConsortiumProposal:
    """Propose up to ``k`` regions from at least ``min_countries`` member states covering the
    value chain: ``codes`` (resolved like priority codes; ``slug:code`` for another
    taxonomy) or ``activities`` (codes of the evidence ``dataset``'s activities, default
    dataset: the newest computed one), not both.

    ``locked`` regions (NUTS codes) are always in, ``dropped`` ones never; ``filters``
    restrict the candidates (level, countries, category). Only candidates covering part of the
    chain (and the locked ones) are considered. Read-only. Raises ``ValidationError`` naming
    the field (``codes``, ``activities``, ``chain``, ``dataset``, ``year``, ``k``,
    ``min_countries``, ``locked``, ``dropped``, filter fields).
    """
    filters = filters or RegionFilters()
    filters.check()
    locked = [c.strip().upper() for c in locked if c.strip()]
    dropped = [c.strip().upper() for c in dropped if c.strip()]
    codes = [c for c in codes if c.strip()]
    activities = [c.strip() for c in activities if c.strip()]
    if codes and activities:
        raise ValidationError({"activities": "Give the chain as codes or as activities, not both."})
    _check(k, min_countries, locked, len(codes) + len(activities))
    if both := sorted(set(locked) & set(dropped)):
        raise ValidationError({"dropped": f"Both locked and dropped: {', '.join(both)}."})
    candidates = candidate_regions(level=filters.level)
    allowed = allowed_mask(candidates, focal=None, filters=filters)
    by_code = {row.code: i for i, row in enumerate(candidates)}
    for name, given in (("locked", locked), ("dropped", dropped)):
        unknown = [c for c in given if c not in by_code or not allowed[by_code[c]]]
        if unknown:
            listed = ", ".join(unknown)
            msg = f"Not a candidate region (NUTS {filters.level}, filters): {listed}."
            raise ValidationError({name: msg})

    picked_dataset, picked_year = None, None
    if activities:
        chain, covers, picked_dataset, picked_year = _activity_coverage(
            activities, candidates, dataset, year
        )
    else:
        chain, term_ids = _codes_chain(codes)
        corpus = priority_corpus()
        owner = owners([p.region_code for p in corpus.priorities], candidates)
        declared = candidate_codes(corpus, owner, len(candidates))
        columns = [corpus.term_column[t] for t in term_ids]
        covers = declared[:, columns].toarray() > 0

    members = {
        row.code: np.flatnonzero(covers[i]).tolist()
        for i, row in enumerate(candidates)
        if allowed[i] and (covers[i].any() or row.code in locked)
    }
    countries = {row.code: row.country for row in candidates if row.code in members}
    try:
        result = build_consortium(
            chain=list(range(len(chain))),
            members=members,
            countries=countries,
            k=k,
            min_countries=min_countries,
            locked=locked,
            dropped=[c for c in dropped if c in members],
        )
    except ValueError as error:
        raise ValidationError({"min_countries": f"{str(error).capitalize()}."}) from None
    return ConsortiumProposal(
        chain_kind="activities" if activities else "codes",
        dataset=picked_dataset,
        year=picked_year,
        chain=chain,
        members=[
            MemberProposal(
                region=candidates[by_code[m.member]],
                elements=[chain[e] for e in m.elements],
                gain=m.gain,
                locked=m.locked,
                restricted=m.restricted,
            )
            for m in result.members
        ],
        covered=len(chain) - len(result.uncovered),
        uncovered=[chain[e] for e in result.uncovered],
        countries=result.countries,
        k=k,
        min_countries=min_countries,
        candidates=len(members),
        greedy_picks=result.greedy_picks,
        restricted_picks=result.restricted_picks,
        guarantee=_guarantee(result, k, min_countries),
    )


def _activity_coverage(
    activities: Sequence[str],
    candidates: Sequence[RegionRow],
    dataset: str | None,
    year: int | None,
) -> tuple[list[ChainElement], np.ndarray, Dataset, int]:
    picked = pick_dataset(slug=dataset, year=year)
    matrices = evidence_matrices(dataset=picked[0], year=picked[1]) if picked else None
    if matrices is None:
        raise ValidationError({"dataset": "No evidence dataset has computed results."})
    column = {code: j for j, code in enumerate(matrices.activity_codes)}
    wanted = list(dict.fromkeys(activities))
    unknown = [code for code in wanted if code not in column]
    if unknown:
        raise ValidationError(
            {"activities": f"Not an activity of {matrices.dataset.slug}: {', '.join(unknown)}."}
        )
    columns = [column[code] for code in wanted]
    chain = [ChainElement(code, matrices.activity_labels[column[code]]) for code in wanted]
    rows = matrices.rows_of([row.code for row in candidates])
    covers = np.zeros((len(candidates), len(columns)), dtype=bool)
    known = rows >= 0
    covers[known] = matrices.presence[np.ix_(rows[known], columns)] > 0
    return chain, covers, picked[0], picked[1]
