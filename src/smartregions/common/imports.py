"""Shared pieces of the importers: their result summary and an optional progress bar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass
class ImportResult:
    """What an import did. Re-running an import on the same input reports only ``unchanged``."""

    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        text = (
            f"{self.source}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deleted} deleted"
        )
        return "\n".join([text, *(f"  note: {note}" for note in self.notes)])


def progress(
    items: Iterable[T], *, enabled: bool, total: int | None = None, desc: str = ""
) -> Iterator[T]:
    """Wrap ``items`` in a tqdm progress bar on stderr when ``enabled`` (the CLI), else as is."""
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=desc, unit="row", leave=False)
