"""What a partner search is about: a thematic area, one of the region's priorities, free text,
or (nothing chosen) the region's whole strategy; turned into a code set and a query text."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from smartregions.matching.compute.text import words
from smartregions.matching.domain.regions.candidates import PriorityCorpus, PriorityRow
from smartregions.regions.models import Region, ThematicArea

MAX_TEXT = 5000


@dataclass(frozen=True)
class ResolvedQuery:
    """The query of a search: ``kind`` is ``priority``, ``area``, ``text`` or ``strategy``.

    ``term_columns`` are corpus term columns (empty: the codes component is left out);
    ``text`` the query text (no words: the text component is left out); ``priorities`` the
    focal region's priorities the query was built from.
    """

    kind: str
    label: str
    term_columns: tuple[int, ...]
    text: str
    priorities: tuple[PriorityRow, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def has_text(self) -> bool:
        return bool(words(self.text))


def focal_priorities(corpus: PriorityCorpus, region: Region) -> list[PriorityRow]:
    """The corpus priorities of ``region`` and of the regions below it."""
    return [p for p in corpus.priorities if p.region_code.startswith(region.code)]


def _codes_of(corpus: PriorityCorpus, priorities: list[PriorityRow]) -> tuple[int, ...]:
    columns = {c for p in priorities for c in corpus.columns(p.term_ids)}
    return tuple(sorted(columns))


def resolve_query(
    *,
    corpus: PriorityCorpus,
    region: Region,
    area: str = "",
    priority: int | None = None,
    text: str = "",
) -> ResolvedQuery:
    """Build the query from at most one of ``priority`` (an id of one of the region's
    priorities), ``area`` (a thematic-area slug) and ``text``.

    * priority: its codes and its text;
    * area: the codes and texts of the region's priorities tagged with the area; if it has
      none, the codes of every platform priority in the area and the area's name and
      description as text (said in a note);
    * text: the text alone (no codes);
    * nothing: the codes and texts of all the region's priorities.

    Raises ``ValidationError`` naming the field for two criteria at once, an unknown area, a
    priority of another region, or text over 5000 characters. At most one query (the area).
    """
    text = (text or "").strip()
    given = [name for name, value in (("priority", priority), ("area", area), ("q", text)) if value]
    if len(given) > 1:
        raise ValidationError(
            {given[1]: f"Search by one of priority, area or text, not {' and '.join(given)}."}
        )
    own = focal_priorities(corpus, region)
    if priority is not None:
        position = corpus.by_id.get(priority)
        chosen = corpus.priorities[position] if position is not None else None
        if chosen is None or chosen not in own:
            raise ValidationError(
                {"priority": f"Priority {priority} is not a priority of {region.code}."}
            )
        return ResolvedQuery(
            "priority", chosen.title, _codes_of(corpus, [chosen]), chosen.text, (chosen,)
        )
    if area:
        found = ThematicArea.objects.filter(slug=area).first()
        if found is None:
            raise ValidationError({"area": f"Unknown thematic area {area!r}."})
        tagged = [p for p in own if found.pk in p.area_ids]
        if tagged:
            return ResolvedQuery(
                "area",
                found.name,
                _codes_of(corpus, tagged),
                "\n".join(p.text for p in tagged),
                tuple(tagged),
            )
        platform = [p for p in corpus.priorities if found.pk in p.area_ids]
        note = (
            f"{region.name_latin} has no priority tagged “{found.name}”: the codes come from "
            f"the {len(platform)} priorities of the platform in that area."
        )
        return ResolvedQuery(
            "area",
            found.name,
            _codes_of(corpus, platform),
            "\n".join(part for part in (found.name, found.description) if part),
            (),
            (note,),
        )
    if text:
        if len(text) > MAX_TEXT:
            raise ValidationError({"q": f"Use at most {MAX_TEXT} characters of text."})
        return ResolvedQuery("text", text[:80], (), text)
    notes = () if own else (f"{region.name_latin} has no declared priority yet.",)
    return ResolvedQuery(
        "strategy",
        region.name_latin,
        _codes_of(corpus, own),
        "\n".join(p.text for p in own),
        tuple(own),
        notes,
    )
