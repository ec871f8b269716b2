"""Storing validated priorities in bulk: what both the template and the Czech importer write."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from smartregions.common.domain.activity import log_activity
from smartregions.common.imports import ImportResult
from smartregions.regions.domain.priorities import build_search_text
from smartregions.regions.domain.priority_io.template import RELATIONS
from smartregions.regions.enums import StrategyLevel, StrategyStatus
from smartregions.regions.models import Country, Priority, Region, Strategy, ThematicArea

PRIORITY_FIELDS = ("description", "keywords", "budget_eur", "language", "source")
BATCH = 500
StrategyKey = tuple[int, int | None, str]


@dataclass
class StrategySpec:
    """A strategy as an import wants it. ``status=None`` keeps the stored status (new: draft);
    ``language`` and ``is_synthetic`` only apply when the strategy is created."""

    country: Country
    region: Region | None
    title: str
    period_start: int
    period_end: int
    status: str | None = None
    language: str = ""
    is_synthetic: bool = False

    @property
    def key(self) -> StrategyKey:
        return (self.country.pk, self.region.pk if self.region else None, self.title)


@dataclass
class PrioritySpec:
    """A priority as an import wants it. Only the fields in ``values`` (``PRIORITY_FIELDS``) and
    the relations in ``relations`` (term or thematic-area ids) are set; others keep their value."""

    strategy_key: StrategyKey
    reference: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, set[int]] = field(default_factory=dict)
    is_synthetic: bool = False


def _zero() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0}


@dataclass
class StoreCounts:
    """What :func:`store_priorities` did to strategies and to priorities."""

    strategies: dict[str, int] = field(default_factory=_zero)
    priorities: dict[str, int] = field(default_factory=_zero)


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """``items`` in slices of ``size`` (keeps ``IN (...)`` lists under SQLite's limits)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store_strategies(specs: Iterable[StrategySpec], counts: StoreCounts) -> dict[tuple, Strategy]:
    wanted = {spec.key: spec for spec in specs}
    stored: dict[tuple, Strategy] = {}
    for chunk in chunks(sorted({key[2] for key in wanted})):
        for strategy in Strategy.objects.filter(title__in=chunk):
            key = (strategy.country_id, strategy.region_id, strategy.title)
            if key in wanted:
                stored[key] = strategy
    now = timezone.now()
    new, changed = [], []
    for key, spec in wanted.items():
        strategy = stored.get(key)
        if strategy is None:
            stored[key] = Strategy(
                country=spec.country,
                region=spec.region,
                level=StrategyLevel.REGIONAL if spec.region else StrategyLevel.NATIONAL,
                title=spec.title,
                period_start=spec.period_start,
                period_end=spec.period_end,
                status=spec.status or StrategyStatus.DRAFT,
                language=spec.language,
                is_synthetic=spec.is_synthetic,
            )
            new.append(stored[key])
            continue
        target = {"period_start": spec.period_start, "period_end": spec.period_end}
        target["status"] = spec.status or strategy.status
        if any(getattr(strategy, name) != value for name, value in target.items()):
            for name, value in target.items():
                setattr(strategy, name, value)
            strategy.updated_at = now
            changed.append(strategy)
    Strategy.objects.bulk_create(new, batch_size=BATCH)
    Strategy.objects.bulk_update(
        changed, ["period_start", "period_end", "status", "updated_at"], batch_size=BATCH
    )
    counts.strategies["created"] += len(new)
    counts.strategies["updated"] += len(changed)
    counts.strategies["unchanged"] += len(wanted) - len(new) - len(changed)
    return stored


def _through(name: str) -> tuple[Any, str]:
    target = "thematicarea_id" if name == "thematic_areas" else "term_id"
    return getattr(Priority, name).through, target


class _PriorityWriter:
    """Matches specs to stored priorities and collects the bulk writes that make them equal."""

    def __init__(self, strategies: dict[tuple, Strategy], specs: Sequence[PrioritySpec]) -> None:
        self.strategies = strategies
        ids = sorted({s.pk for s in strategies.values()})
        self.count: dict[int, int] = defaultdict(int)
        self.by_reference: dict[tuple[int, str], Priority] = {}
        self.by_title: dict[tuple[int, str], list[Priority]] = defaultdict(list)
        # References named in the input are claimed: a row without reference never takes them.
        self.used = {(strategies[s.strategy_key].pk, s.reference) for s in specs if s.reference}
        for chunk in chunks(ids):
            for priority in Priority.objects.filter(strategy_id__in=chunk):
                self.count[priority.strategy_id] += 1
                self.by_reference[(priority.strategy_id, priority.reference)] = priority
                if (priority.strategy_id, priority.reference) not in self.used:
                    self.by_title[(priority.strategy_id, priority.title)].append(priority)
        self.relations: dict[str, dict[int, dict[int, int]]] = {}
        for name in RELATIONS:
            through, target = _through(name)
            found: dict[int, dict[int, int]] = defaultdict(dict)
            for chunk in chunks(ids):
                rows = through.objects.filter(priority__strategy_id__in=chunk)
                for row_id, priority_id, target_id in rows.values_list("id", "priority_id", target):
                    found[priority_id][target_id] = row_id
            self.relations[name] = found
        self.area_names = dict(ThematicArea.objects.values_list("id", "name"))
        self.new: list[tuple[Priority, PrioritySpec]] = []
        self.changed: list[Priority] = []
        self.unchanged = 0
        self.add_rows: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.drop_rows: dict[str, list[int]] = defaultdict(list)

    def _match(self, strategy: Strategy, spec: PrioritySpec) -> Priority | None:
        if spec.reference:
            return self.by_reference.get((strategy.pk, spec.reference))
        same_title = self.by_title.get((strategy.pk, spec.title), [])
        return same_title[0] if len(same_title) == 1 else None

    def _free_reference(self, strategy: Strategy) -> str:
        n = self.count[strategy.pk] + 1
        while (strategy.pk, f"P{n}") in self.used:
            n += 1
        self.used.add((strategy.pk, f"P{n}"))
        return f"P{n}"

    def _search_text(self, priority: Priority, area_ids: Iterable[int]) -> str:
        return build_search_text(
            title=priority.title,
            description=priority.description,
            keywords=priority.keywords,
            thematic_areas=sorted(self.area_names[area_id] for area_id in area_ids),
        )

    def plan(self, spec: PrioritySpec) -> None:
        strategy = self.strategies[spec.strategy_key]
        priority = self._match(strategy, spec)
        if priority is None:
            reference = spec.reference or self._free_reference(strategy)
            priority = Priority(strategy=strategy, reference=reference, title=spec.title)
            priority.is_synthetic = spec.is_synthetic
            for name, value in spec.values.items():
                setattr(priority, name, value)
            areas = spec.relations.get("thematic_areas", set())
            priority.search_text = self._search_text(priority, areas)
            self.new.append((priority, spec))
            return
        stored = {name: self.relations[name].get(priority.pk, {}) for name in RELATIONS}
        wanted = {name: spec.relations.get(name, set(stored[name])) for name in RELATIONS}
        dirty = priority.title != spec.title
        priority.title = spec.title
        for name, value in spec.values.items():
            dirty |= getattr(priority, name) != value
            setattr(priority, name, value)
        search_text = self._search_text(priority, wanted["thematic_areas"])
        dirty |= priority.search_text != search_text
        priority.search_text = search_text
        for name in RELATIONS:
            added = sorted(wanted[name] - set(stored[name]))
            removed = sorted(set(stored[name]) - wanted[name])
            self.add_rows[name] += [(priority.pk, target) for target in added]
            self.drop_rows[name] += [stored[name][target] for target in removed]
            dirty |= bool(added or removed)
        if dirty:
            priority.updated_at = timezone.now()
            self.changed.append(priority)
        else:
            self.unchanged += 1

    def write(self) -> None:
        Priority.objects.bulk_create([priority for priority, _ in self.new], batch_size=BATCH)
        for priority, spec in self.new:
            for name in RELATIONS:
                targets = sorted(spec.relations.get(name, ()))
                self.add_rows[name] += [(priority.pk, target) for target in targets]
        Priority.objects.bulk_update(
            self.changed,
            ["title", *PRIORITY_FIELDS, "search_text", "updated_at"],
            batch_size=BATCH,
        )
        for name in RELATIONS:
            through, target = _through(name)
            for chunk in chunks(self.drop_rows[name]):
                through.objects.filter(id__in=chunk).delete()
            rows = [through(priority_id=p, **{target: t}) for p, t in self.add_rows[name]]
            through.objects.bulk_create(rows, batch_size=BATCH)


def store_priorities(
    *, strategies: Iterable[StrategySpec], priorities: Sequence[PrioritySpec]
) -> StoreCounts:
    """Create or update ``strategies`` and ``priorities`` with bulk writes; returns the counts.

    Strategies are identified by (country, region, title); priorities by (strategy, reference).
    A priority without reference takes the stored priority of the same title in its strategy
    (if exactly one, and its reference is not named elsewhere in the input), else the next free
    ``P<n>``. Given relations are replaced by exactly the given ids and ``search_text`` is
    recomputed. Nothing is deleted. Callers validate first (there is no per-row model
    validation, so 10,000 rows store in seconds) and call this inside a transaction.
    """
    counts = StoreCounts()
    stored = _store_strategies(strategies, counts)
    writer = _PriorityWriter(stored, priorities)
    for spec in priorities:
        writer.plan(spec)
    writer.write()
    counts.priorities.update(
        created=len(writer.new), updated=len(writer.changed), unchanged=writer.unchanged
    )
    return counts


def record_import(
    *, source: str, counts: StoreCounts, actor: Any, data: dict[str, Any], notes: Sequence[str] = ()
) -> ImportResult:
    """Log one ``priorities.import`` activity entry with the counts and build the result.

    The result's created/updated/unchanged count priorities; a note gives the strategies'.
    """
    s = counts.strategies
    result = ImportResult(source=source, **counts.priorities)
    result.notes.append(
        f"strategies: {s['created']} created, {s['updated']} updated, {s['unchanged']} unchanged"
    )
    result.notes += list(notes)
    log_activity(
        actor=actor,
        action="priorities.import",
        data={"source": source, **data, "strategies": s, "priorities": counts.priorities},
    )
    return result
