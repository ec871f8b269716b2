"""Writes on organisations: create and update."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Region, Term, ThematicArea

EDITABLE_FIELDS = ("name", "type", "size", "website", "description", "keywords", "region")
#: Slugs taken by web routes under /organisations/ (e.g. /organisations/new/).
RESERVED_SLUGS = frozenset({"new"})


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A URL slug for ``name`` that no other organisation uses (``name``, ``name-2``...)."""
    base = slugify(name)[:300] or "organisation"
    slug, n = base, 1
    others = Organisation.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_nace(terms: Sequence[Term]) -> None:
    wrong = [t.code for t in terms if t.taxonomy.kind != TaxonomyKind.ECONOMIC]
    if wrong:
        raise ValidationError({"nace_codes": f"Not economic-domain codes: {', '.join(wrong)}"})


@transaction.atomic
def create_organisation(
    *,
    actor: Any,
    name: str,
    type: str,
    region: Region,
    size: str = "",
    website: str = "",
    description: str = "",
    keywords: Iterable[str] = (),
    nace_codes: Sequence[Term] = (),
    thematic_areas: Sequence[ThematicArea] = (),
    is_synthetic: bool = False,
) -> Organisation:
    """Register an organisation in ``region``; records ``organisation.create``."""
    organisation = Organisation(
        name=name,
        slug=unique_slug(name),
        type=type,
        region=region,
        size=size,
        website=website,
        description=description,
        keywords=[k.strip() for k in keywords if k.strip()],
        is_synthetic=is_synthetic,
    )
    organisation.full_clean()
    organisation.save()
    _check_nace(nace_codes)
    organisation.nace_codes.set(nace_codes)
    organisation.thematic_areas.set(thematic_areas)
    log_activity(actor=actor, action="organisation.create", obj=organisation)
    return organisation


@transaction.atomic
def update_organisation(
    *,
    actor: Any,
    organisation: Organisation,
    nace_codes: Sequence[Term] | None = None,
    thematic_areas: Sequence[ThematicArea] | None = None,
    **changes: Any,
) -> Organisation:
    """Change an organisation's profile; a new name gets a new slug. Logs what changed."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise ValueError(msg)
    changed = sorted(k for k, v in changes.items() if getattr(organisation, k) != v)
    for key in changed:
        setattr(organisation, key, changes[key])
    if "name" in changed:
        organisation.slug = unique_slug(organisation.name, exclude_pk=organisation.pk)
    organisation.full_clean()
    organisation.save()
    if nace_codes is not None:
        _check_nace(nace_codes)
        organisation.nace_codes.set(nace_codes)
        changed.append("nace_codes")
    if thematic_areas is not None:
        organisation.thematic_areas.set(thematic_areas)
        changed.append("thematic_areas")
    log_activity(
        actor=actor, action="organisation.update", obj=organisation, data={"changed": changed}
    )
    return organisation
