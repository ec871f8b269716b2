"""Writes on analytics datasets: create one, import its observations from files.

An import is all or nothing: every row is validated first (region known in the dataset's NUTS
version or exactly recodable from an older one, activity in the dataset's taxonomy, value a
non-negative number, no region/activity/year twice) and any problem raises
``ImportRejected`` listing all of them before anything is written. The observations of the
years present in the input are then made equal to the input in one transaction (created,
updated, unchanged and deleted rows are counted), so re-importing a file changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from smartregions.analytics.domain.readers import LongRow, ReadReport, read_observations
from smartregions.analytics.enums import DatasetKind
from smartregions.analytics.models import Dataset, Observation
from smartregions.common.domain.activity import log_activity
from smartregions.common.errors import ProblemCollector
from smartregions.common.imports import ImportResult, progress
from smartregions.regions.domain.nuts import recode
from smartregions.regions.domain.taxonomies import TermLookup
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import NutsCorrespondence, Region, Taxonomy, Term

BATCH = 2000
DELETE_CHUNK = 900
KNOWN_NUTS_VERSIONS = (2003, 2006, 2010, 2013, 2016, 2021, 2024)
# Taxonomies whose codes are written in several ways; TermLookup knows them.
FORGIVING_TAXONOMIES = ("nace-rev2", "nabs-2007")
TERM_CODE_LENGTH = Term._meta.get_field("code").max_length


@transaction.atomic
def create_dataset(
    *,
    actor: Any,
    slug: str,
    name: str,
    activity_taxonomy: Taxonomy | str,
    nuts_version: int,
    kind: str = DatasetKind.ACTIVITY,
    region_level: int | None = None,
    value_label: str = "value",
    source: str = "",
    licence: str = "",
    description: str = "",
    is_synthetic: bool = False,
) -> Dataset:
    """Create an empty dataset (a region x activity x year panel) and log ``dataset.create``.

    ``activity_taxonomy`` is a :class:`Taxonomy` or its slug. Validates the fields (slug
    unique and well-formed, known kind, a NUTS version of the classification's history,
    level 0-3) and raises ``ValidationError`` naming the field otherwise. Observations come
    later through :func:`import_observations`.
    """
    errors: dict[str, str] = {}
    taxonomy = activity_taxonomy
    if isinstance(activity_taxonomy, str):
        taxonomy = Taxonomy.objects.filter(slug=activity_taxonomy).first()
        if taxonomy is None:
            errors["activity_taxonomy"] = f"No taxonomy {activity_taxonomy!r} is loaded."
    if nuts_version not in KNOWN_NUTS_VERSIONS:
        errors["nuts_version"] = f"Not a NUTS version: {nuts_version}."
    if region_level is not None and not 0 <= region_level <= 3:
        errors["region_level"] = f"NUTS levels are 0-3, not {region_level}."
    if Dataset.objects.filter(slug=slug).exists():
        errors["slug"] = f"A dataset {slug!r} exists already."
    if errors:
        raise ValidationError(errors)
    dataset = Dataset(
        slug=slug,
        name=name,
        activity_taxonomy=taxonomy,
        nuts_version=nuts_version,
        kind=kind,
        region_level=region_level,
        value_label=value_label,
        source=source,
        licence=licence,
        description=description,
        is_synthetic=is_synthetic,
    )
    dataset.full_clean()
    dataset.save()
    log_activity(
        actor=actor,
        action="dataset.create",
        obj=dataset,
        data={"slug": slug, "taxonomy": dataset.activity_taxonomy.slug, "nuts": nuts_version},
    )
    return dataset


@transaction.atomic
def import_observations(
    *,
    dataset: Dataset,
    path: Path,
    actor: Any = None,
    fmt: str | None = None,
    mapping: Mapping[str, str] | None = None,
    show_progress: bool = False,
    create_activities: bool = False,
) -> ImportResult:
    """Import long-form observations of ``dataset`` from CSV, Parquet, Eurostat TSV or SDMX-CSV.

    ``fmt`` is detected from the file when ``None`` (see :func:`.readers.detect_format`);
    ``mapping`` renames columns or picks and filters Eurostat dimensions (see
    :mod:`.readers`). Region codes unknown in the dataset's NUTS version are recoded from older
    versions when the recoding is exact (noted in the result); split, merged, boundary-changed,
    discontinued and unknown codes are problems. With ``create_activities=True`` codes missing
    from a custom (kind "other") taxonomy become new terms. Raises ``ImportRejected`` with
    every problem before writing; otherwise replaces the observations of the file's years in
    one transaction and logs ``dataset.import``.
    """
    path = Path(path)
    problems = ProblemCollector(str(path))
    report = ReadReport()
    try:
        rows = read_observations(path, problems=problems, fmt=fmt, mapping=mapping, report=report)
    except ValueError as exc:
        problems.add(None, None, str(exc))
        rows = []
    except OSError as exc:
        problems.add(None, None, f"cannot read the file: {exc}")
        rows = []
    if not rows and not problems:
        problems.add(None, None, "the file holds no observations")
    return store_rows(
        dataset=dataset,
        rows=rows,
        problems=problems,
        actor=actor,
        source=str(path),
        years=sorted({row.year for row in rows}),
        notes=report.notes(),
        show_progress=show_progress,
        create_activities=create_activities,
    )


@dataclass(frozen=True, slots=True)
class RegionMatch:
    """How a file's region code maps to a registry region, or why it does not."""

    region_id: int | None
    problem: str = ""
    note: str = ""


def older_versions(nuts_version: int) -> list[int]:
    """Older NUTS versions with stored correspondences, newest first (recoding sources)."""
    versions = NutsCorrespondence.objects.filter(from_version__lt=nuts_version).values_list(
        "from_version", flat=True
    )
    return sorted(set(versions), reverse=True)


def match_regions(
    *, codes: Iterable[str], nuts_version: int, level: int | None
) -> dict[str, RegionMatch]:
    """Map each code to a region of ``nuts_version`` (and ``level``), recoding older codes.

    A code of the version is taken as is. Otherwise the older versions with stored
    correspondences are tried, newest first, with :func:`~smartregions.regions.domain.nuts.recode`:
    the first version that knows the code decides; an exact recoding (same area) maps to
    the new region and carries a note, any other outcome is a problem. Read-only.
    """
    current = {
        code: (pk, lvl)
        for code, pk, lvl in Region.objects.filter(nuts_version=nuts_version).values_list(
            "code", "pk", "level"
        )
    }
    versions = older_versions(nuts_version)
    matches: dict[str, RegionMatch] = {}
    for raw in set(codes):
        code = raw.strip().upper()
        target, note = code, ""
        if code not in current:
            target, problem, note = _recode_older(code, versions, nuts_version)
            if problem:
                matches[raw] = RegionMatch(None, problem)
                continue
        if target not in current:
            matches[raw] = RegionMatch(
                None, f"{target} is not a region of NUTS {nuts_version} in the registry"
            )
            continue
        pk, region_level = current[target]
        if level is not None and region_level != level:
            problem = f"{target} is a NUTS-{region_level} region; the dataset is NUTS-{level}"
            matches[raw] = RegionMatch(None, problem)
            continue
        matches[raw] = RegionMatch(pk, note=note)
    return matches


def _recode_older(code: str, versions: Sequence[int], nuts_version: int) -> tuple[str, str, str]:
    """(new code, problem, note) for a code that is not of ``nuts_version``."""
    for version in versions:
        try:
            result = recode(code=code, from_version=version, to_version=nuts_version)
        except ValueError:
            continue
        if result.status == "unknown":
            continue
        if result.is_exact:
            return result.codes[0], "", f"{code} (NUTS {version}) -> {result.codes[0]}"
        successors = ", ".join(result.codes) or "no successor"
        problem = (
            f"{code} is a NUTS {version} code that was {result.status.replace('_', ' ')} "
            f"({successors}) by NUTS {nuts_version}: its data cannot be recoded exactly"
        )
        return "", problem, ""
    return "", f"unknown region code {code!r} for NUTS {nuts_version}", ""


def match_activities(*, taxonomy: Taxonomy, codes: Iterable[str]) -> dict[str, int | None]:
    """Map each activity code to the id of a term of ``taxonomy`` (``None`` when unknown).

    Case and surrounding space are ignored; NACE and NABS codes may be written in their
    usual variants (``C28``, ``2811``...) via one
    :class:`~smartregions.regions.domain.taxonomies.TermLookup`, which loads the taxonomy once
    however many codes need the forgiving lookup. Read-only.
    """
    by_code = {
        code.upper(): pk
        for code, pk in Term.objects.filter(taxonomy=taxonomy).values_list("code", "pk")
    }
    lookup = TermLookup() if taxonomy.slug in FORGIVING_TAXONOMIES else None
    found: dict[str, int | None] = {}
    for raw in set(codes):
        pk = by_code.get(raw.strip().upper())
        if pk is None and lookup is not None:
            term = lookup.find(taxonomy_slug=taxonomy.slug, code=raw)
            pk = term.pk if term else None
        found[raw] = pk
    return found


def store_rows(
    *,
    dataset: Dataset,
    rows: Sequence[LongRow],
    problems: ProblemCollector,
    actor: Any,
    source: str,
    years: Sequence[int],
    notes: Sequence[str] = (),
    show_progress: bool = False,
    create_activities: bool = False,
) -> ImportResult:
    """Validate ``rows`` against the registry and make ``years`` of ``dataset`` equal to them.

    Shared by the file, cube and EURITO importers; must run inside their transaction. Raises
    ``ImportRejected`` (with the problems already in ``problems``) before writing anything.
    """
    taxonomy = dataset.activity_taxonomy
    regions = match_regions(
        codes={row.region for row in rows},
        nuts_version=dataset.nuts_version,
        level=dataset.region_level,
    )
    activities = match_activities(taxonomy=taxonomy, codes={row.activity for row in rows})
    new_codes = _new_activity_codes(taxonomy, activities, problems, create=create_activities)
    seen: dict[tuple[int, int | str, int], int | str] = {}
    keyed: list[tuple[int, int, int | str, float]] = []
    for row in progress(rows, enabled=show_progress, total=len(rows), desc="check rows"):
        region = regions[row.region]
        activity = activities[row.activity]
        if region.problem:
            problems.add(row.line, "region", region.problem)
        if activity is None and row.activity not in new_codes:
            problems.add(row.line, "activity", f"{row.activity!r} is not a code of {taxonomy.slug}")
        if row.value < 0:
            problems.add(row.line, row.field, f"negative value {row.value:g}")
        if region.region_id is None:
            continue
        key = (row.year, region.region_id, activity if activity is not None else row.activity)
        if key in seen:
            problems.add(
                row.line,
                None,
                f"duplicate: {row.region}/{row.activity}/{row.year} is also on line {seen[key]}",
            )
            continue
        seen[key] = row.line
        keyed.append((row.year, region.region_id, key[2], row.value))
    problems.raise_if_any()

    created_terms = _create_terms(taxonomy, new_codes)
    result = ImportResult(source=source, notes=list(notes))
    recoded = sorted({regions[row.region].note for row in rows if regions[row.region].note})
    if recoded:
        shown = "; ".join(recoded[:20]) + (" ..." if len(recoded) > 20 else "")
        result.notes.append(f"{len(recoded)} region code(s) recoded exactly: {shown}")
    if created_terms:
        result.notes.append(f"{len(created_terms)} activity term(s) created in {taxonomy.slug}")
    values = {
        (year, region_id, created_terms.get(activity, activity)): value
        for year, region_id, activity, value in keyed
    }
    _write(dataset, values, years, result)
    if years:
        result.notes.append(f"years {', '.join(str(y) for y in sorted(set(years)))} replaced")
    if result.changed:
        dataset.save(update_fields=["updated_at"])
        log_activity(
            actor=actor,
            action="dataset.import",
            obj=dataset,
            data={**result.as_dict(), "years": sorted(set(years))},
        )
    return result


def _new_activity_codes(
    taxonomy: Taxonomy,
    activities: Mapping[str, int | None],
    problems: ProblemCollector,
    *,
    create: bool,
) -> set[str]:
    unknown = {code for code, pk in activities.items() if pk is None}
    if not create or not unknown:
        return set()
    if taxonomy.kind != TaxonomyKind.OTHER:
        problems.add(
            None,
            "activity",
            f"activities can only be created in a custom taxonomy (kind 'other'); "
            f"{taxonomy.slug} is {str(taxonomy.kind)!r}",
        )
        return set()
    too_long = sorted(code for code in unknown if len(code.strip()) > TERM_CODE_LENGTH)
    for code in too_long:
        problems.add(
            None, "activity", f"code {code!r} is longer than {TERM_CODE_LENGTH} characters"
        )
    return unknown - set(too_long)


def _create_terms(taxonomy: Taxonomy, codes: set[str]) -> dict[str, int]:
    """Create terms for new codes (label = code); returns raw code -> term id."""
    if not codes:
        return {}
    by_clean = {code: code.strip() for code in codes}
    Term.objects.bulk_create(
        [
            Term(taxonomy=taxonomy, code=clean, label=clean)
            for clean in sorted(set(by_clean.values()))
        ]
    )
    ids = dict(
        Term.objects.filter(taxonomy=taxonomy, code__in=by_clean.values()).values_list("code", "pk")
    )
    return {raw: ids[clean] for raw, clean in by_clean.items()}


def _write(
    dataset: Dataset,
    values: Mapping[tuple[int, int, int], float],
    years: Sequence[int],
    result: ImportResult,
) -> None:
    """Make the observations of ``years`` equal ``values``; count what changed."""
    existing = Observation.objects.filter(dataset=dataset, year__in=list(years)).values_list(
        "pk", "year", "region_id", "activity_id", "value"
    )
    to_update: list[Observation] = []
    stale: list[int] = []
    kept: set[tuple[int, int, int]] = set()
    for pk, year, region_id, activity_id, value in existing.iterator(chunk_size=BATCH):
        key = (year, region_id, activity_id)
        if key not in values:
            stale.append(pk)
            continue
        kept.add(key)
        if values[key] == value:
            result.unchanged += 1
        else:
            to_update.append(Observation(pk=pk, value=values[key]))
    to_create = [
        Observation(dataset=dataset, year=y, region_id=r, activity_id=a, value=v)
        for (y, r, a), v in values.items()
        if (y, r, a) not in kept
    ]
    for start in range(0, len(stale), DELETE_CHUNK):
        Observation.objects.filter(pk__in=stale[start : start + DELETE_CHUNK]).delete()
    Observation.objects.bulk_update(to_update, ["value"], batch_size=BATCH)
    Observation.objects.bulk_create(to_create, batch_size=BATCH)
    result.created += len(to_create)
    result.updated += len(to_update)
    result.deleted += len(stale)
