"""Loading the S3 thematic platforms and areas written in ``regions/reference/thematic.py``."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from smartregions.common.domain.activity import log_activity
from smartregions.common.imports import ImportResult
from smartregions.regions.models import ThematicArea, ThematicPlatform
from smartregions.regions.reference import thematic


@transaction.atomic
def load_thematic_areas(*, actor: Any = None) -> ImportResult:
    """Create or refresh the four thematic S3 platforms and the thematic areas under them.

    Platforms and areas are matched by slug; name, description and platform are brought in
    line with ``regions/reference/thematic.py``. Areas added by users are left alone. Counts in
    the result cover platforms and areas together. Records ``thematic_area.import``. Priorities
    and organisations are tagged with these areas, and partner search filters on them.
    """
    result = ImportResult(source="S3 thematic platforms and areas")
    platforms = {platform.slug: platform for platform in ThematicPlatform.objects.all()}
    new_platforms, changed_platforms = [], []
    for slug, name, description in thematic.PLATFORMS:
        platform = platforms.get(slug)
        if platform is None:
            new_platforms.append(ThematicPlatform(slug=slug, name=name, description=description))
        elif (platform.name, platform.description) != (name, description):
            platform.name, platform.description = name, description
            changed_platforms.append(platform)
        else:
            result.unchanged += 1
    ThematicPlatform.objects.bulk_create(new_platforms)
    ThematicPlatform.objects.bulk_update(changed_platforms, ["name", "description"])
    result.created += len(new_platforms)
    result.updated += len(changed_platforms)

    platform_ids = dict(ThematicPlatform.objects.values_list("slug", "id"))
    areas = {area.slug: area for area in ThematicArea.objects.all()}
    new_areas, changed_areas = [], []
    for slug, name, platform_slug, description in thematic.AREAS:
        platform_id = platform_ids[platform_slug] if platform_slug else None
        area = areas.get(slug)
        wanted = (name, platform_id, description)
        if area is None:
            new_areas.append(
                ThematicArea(slug=slug, name=name, platform_id=platform_id, description=description)
            )
        elif (area.name, area.platform_id, area.description) != wanted:
            area.name, area.platform_id, area.description = wanted
            changed_areas.append(area)
        else:
            result.unchanged += 1
    ThematicArea.objects.bulk_create(new_areas)
    ThematicArea.objects.bulk_update(changed_areas, ["name", "platform", "description"])
    result.created += len(new_areas)
    result.updated += len(changed_areas)
    log_activity(actor=actor, action="thematic_area.import", data=result.as_dict())
    return result
