"""The methodology stages of a partnership and what each produced.

The stages run in a fixed order (:data:`~smartregions.partnerships.enums.STAGE_ORDER`)::

    scoping -> mapping -> learn -> connect -> demonstrate -> commercialise -> scale_up

Each is a :class:`StageRecord` (when it started and was completed, its outputs in Markdown and
links to its documents). Starting the next stage completes the current one; stages never go
back, and a closed partnership's stages are frozen.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.partnerships.domain.notifications_partnerships import notify_members
from smartregions.partnerships.domain.partnerships import check_not_closed, lock_partnership
from smartregions.partnerships.enums import STAGE_ORDER, MethodologyStage
from smartregions.partnerships.models import Partnership, StageRecord

MAX_LINKS = 20
MAX_LINK_TITLE = 200


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` in the methodology, or ``None`` after the last one."""
    position = STAGE_ORDER.index(MethodologyStage(stage))
    return STAGE_ORDER[position + 1] if position + 1 < len(STAGE_ORDER) else None


@transaction.atomic
def start_next_stage(*, actor: Any, partnership: Partnership) -> StageRecord:
    """Complete the current stage and start the next one (leaders and staff).

    Refused after the last stage and for a closed partnership. A current stage without a
    record (data from before stages were recorded) gets one that starts at the launch.
    Records ``partnership.stage_start`` and notifies every member.
    """
    lock_partnership(partnership)
    check_not_closed(partnership)
    following = next_stage(partnership.current_stage)
    if following is None:
        raise ValidationError(
            {
                "current_stage": _("%(stage)s is the last stage of the methodology.")
                % {"stage": MethodologyStage(partnership.current_stage).label}
            }
        )
    now = timezone.now()
    current, _created = StageRecord.objects.select_for_update().get_or_create(
        partnership=partnership,
        stage=partnership.current_stage,
        defaults={"started_at": partnership.launched_at or partnership.created_at},
    )
    current.completed_at = now
    current.save(update_fields=["completed_at"])
    record = StageRecord.objects.create(partnership=partnership, stage=following, started_at=now)
    previous = partnership.current_stage
    partnership.current_stage = following
    partnership.save(update_fields=["current_stage", "updated_at"])
    log_activity(
        actor=actor,
        action="partnership.stage_start",
        obj=partnership,
        data={"from": previous, "to": following},
    )
    notify_members(
        partnership,
        kind="partnership.stage_started",
        title=_("%(name)s started the stage %(stage)s")
        % {"name": partnership.name, "stage": MethodologyStage(following).label},
        actor=actor,
    )
    return record


def clean_links(links: Any) -> list[dict[str, str]]:
    """Validate ``links`` (a list of ``{"title", "url"}``) and return them normalised.

    Every URL must be http(s); a missing title becomes the URL. Errors name the link.
    """
    if not isinstance(links, list):
        raise ValidationError({"links": _("Give the links as a list.")})
    if len(links) > MAX_LINKS:
        raise ValidationError({"links": _("At most %(n)d links per stage.") % {"n": MAX_LINKS}})
    validate = URLValidator(schemes=["http", "https"])
    cleaned: list[dict[str, str]] = []
    problems: list[str] = []
    for number, link in enumerate(links, start=1):
        if not isinstance(link, dict):
            problems.append(_("Link %(n)d is not a title and an address.") % {"n": number})
            continue
        url = str(link.get("url", "")).strip()
        title = str(link.get("title", "")).strip() or url
        try:
            validate(url)
        except ValidationError:
            problems.append(
                _("Link %(n)d: %(url)s is not a web address (http or https).")
                % {"n": number, "url": url or "(empty)"}
            )
            continue
        if len(title) > MAX_LINK_TITLE:
            problems.append(
                _("Link %(n)d: the title is longer than %(max)d characters.")
                % {"n": number, "max": MAX_LINK_TITLE}
            )
            continue
        cleaned.append({"title": title, "url": url})
    if problems:
        raise ValidationError({"links": problems})
    return cleaned


@transaction.atomic
def update_stage_outputs(
    *, actor: Any, record: StageRecord, outputs: str, links: list[dict[str, str]]
) -> StageRecord:
    """Write what a started stage produced: outputs (Markdown text) and document links.

    Leaders and staff; refused for a closed partnership. Records ``partnership.stage_outputs``.
    """
    partnership = lock_partnership(Partnership(pk=record.partnership_id))
    check_not_closed(partnership)
    record.refresh_from_db(from_queryset=StageRecord.objects.select_for_update())
    record.outputs = outputs.strip()
    record.links = clean_links(links)
    record.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save(update_fields=["outputs", "links", "updated_by"])
    log_activity(
        actor=actor,
        action="partnership.stage_outputs",
        obj=partnership,
        data={"stage": record.stage, "links": len(record.links)},
    )
    return record
