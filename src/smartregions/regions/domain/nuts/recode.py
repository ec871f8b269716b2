"""Translating a NUTS code of an older version into the codes of a newer one."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from smartregions.regions.models import NutsCorrespondence, Region

# Change wording that means the area changed although a single code follows.
BOUNDARY_RE = re.compile(r"boundary|\bminus\b|\blost\b|\bpart", re.IGNORECASE)


class RecodeStatus(StrEnum):
    """How a code fared between two versions, from harmless to lossy."""

    SAME = "same"  # same code, same area (a renaming at most)
    RECODED = "recoded"  # new code, same area: data can be moved over as is
    BOUNDARY_CHANGE = "boundary_change"  # one successor, but the area changed
    MERGED = "merged"  # the successor also took in other regions
    SPLIT = "split"  # several successors
    DISCONTINUED = "discontinued"  # known in the old version, no successor
    UNKNOWN = "unknown"  # not a code of the old version


# Order of severity when chaining steps: a later harmless step does not hide an earlier loss.
SEVERITY = [
    RecodeStatus.SAME,
    RecodeStatus.RECODED,
    RecodeStatus.BOUNDARY_CHANGE,
    RecodeStatus.MERGED,
    RecodeStatus.SPLIT,
]


@dataclass(frozen=True)
class RecodeResult:
    """The codes of ``to_version`` that ``code`` of ``from_version`` became, and how."""

    code: str
    from_version: int
    to_version: int
    codes: list[str] = field(default_factory=list)
    status: RecodeStatus = RecodeStatus.UNKNOWN

    @property
    def is_exact(self) -> bool:
        """Whether data of the old code can be moved to the new one unchanged."""
        return self.status in {RecodeStatus.SAME, RecodeStatus.RECODED}


def _version_path(from_version: int, to_version: int) -> list[tuple[int, int]]:
    """The chain of stored version pairs leading from ``from_version`` to ``to_version``."""
    pairs = set(
        NutsCorrespondence.objects.values_list("from_version", "to_version").order_by().distinct()
    )
    nexts: dict[int, list[int]] = {}
    for old, new in pairs:
        nexts.setdefault(old, []).append(new)
    paths = [[from_version]]
    while paths:
        path = paths.pop(0)
        if path[-1] == to_version:
            return list(itertools.pairwise(path))
        paths += [[*path, new] for new in sorted(nexts.get(path[-1], [])) if new not in path]
    msg = (
        f"no NUTS correspondence from {from_version} to {to_version} has been imported "
        "(run `smartregions import_nuts changes` with the Eurostat change tables)"
    )
    raise ValueError(msg)


def _step(code: str, old: int, new: int) -> tuple[list[str], RecodeStatus]:
    """Successor codes of one version pair and the status of that step."""
    links = list(
        NutsCorrespondence.objects.filter(
            from_version=old, to_version=new, from_code=code
        ).values_list("to_code", "change")
    )
    if not links:
        both = Region.objects.filter(code=code, nuts_version__in=[old, new]).count() == 2
        return ([code], RecodeStatus.SAME) if both else ([], RecodeStatus.UNKNOWN)
    targets = {to_code: change for to_code, change in links if to_code}
    if not targets:
        return [], RecodeStatus.DISCONTINUED
    # A region can also be named as part of a region of another level ("new NUTS 1 region,
    # merge of ex-NUTS 2 regions FR26 and FR43"); its own level's successors come first.
    same_level = {t: c for t, c in targets.items() if len(t) == len(code)}
    targets = same_level or targets
    codes = sorted(targets)
    if len(codes) > 1:
        return codes, RecodeStatus.SPLIT
    target = codes[0]
    sources = set(
        NutsCorrespondence.objects.filter(
            from_version=old, to_version=new, to_code=target
        ).values_list("from_code", flat=True)
    )
    if len({source for source in sources if len(source) == len(target)}) > 1:
        return codes, RecodeStatus.MERGED
    if BOUNDARY_RE.search(targets[target]):
        return codes, RecodeStatus.BOUNDARY_CHANGE
    return codes, RecodeStatus.SAME if target == code else RecodeStatus.RECODED


def recode(*, code: str, from_version: int, to_version: int) -> RecodeResult:
    """Follow ``code`` from ``from_version`` to ``to_version`` through the stored correspondences.

    Chains version pairs (2013 -> 2016 -> 2021). A code absent from a pair's correspondence
    but present among the regions of both versions counts as unchanged. The status is the most
    severe of the steps (``same`` < ``recoded`` < ``boundary_change`` < ``merged`` < ``split``);
    ``discontinued`` when nothing follows, ``unknown`` when the code is not one of the old
    version. Read-only. Raises ``ValueError`` for a backward request or when no chain of
    correspondences between the versions has been imported. Used to recode, or flag, data that
    older sources (Eye@RIS3 era) coded in older NUTS versions.
    """
    code = code.strip().upper()
    if to_version < from_version:
        msg = f"recode goes forward only, not from {from_version} back to {to_version}"
        raise ValueError(msg)
    if to_version == from_version:
        exists = Region.objects.filter(code=code, nuts_version=from_version).exists()
        status = RecodeStatus.SAME if exists else RecodeStatus.UNKNOWN
        return RecodeResult(code, from_version, to_version, [code] if exists else [], status)
    codes, worst = [code], RecodeStatus.SAME
    for old, new in _version_path(from_version, to_version):
        next_codes: list[str] = []
        for current in codes:
            found, status = _step(current, old, new)
            if status is RecodeStatus.UNKNOWN:
                return RecodeResult(code, from_version, to_version, [], RecodeStatus.UNKNOWN)
            if status in SEVERITY and SEVERITY.index(status) > SEVERITY.index(worst):
                worst = status
            next_codes += [c for c in found if c not in next_codes]
        codes = next_codes
        if not codes:
            return RecodeResult(code, from_version, to_version, [], RecodeStatus.DISCONTINUED)
    return RecodeResult(code, from_version, to_version, sorted(codes), worst)
