"""Proposing, editing and deleting bankable interregional projects.

Every project starts as an idea (whoever creates it) and reaches later stages only through
:func:`~smartregions.partnerships.domain.pipeline.stages.move_project`, so the stage history
is complete. Who may call what is checked by the surfaces with
:mod:`smartregions.partnerships.rules.pipeline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.pipeline import notifications
from smartregions.partnerships.domain.pipeline.checks import (
    check_funding_fits,
    check_secured_for_funded,
    clean_amount,
    funding_lines,
    lead_errors,
    lock_open_partnership,
    lock_project,
)
from smartregions.partnerships.enums import PartnershipStatus, ProjectStage
from smartregions.partnerships.models import Partnership, Project, ProjectStageChange
from smartregions.regions.models import Region, ThematicPlatform

#: Fields :func:`update_project` may change (the partnership is fixed once proposed).
EDITABLE_FIELDS = (
    "title",
    "acronym",
    "description",
    "value_chain_segment",
    "trl_now",
    "trl_target",
    "budget",
    "lead_region",
    "lead_organisation",
    "thematic_platform",
)


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_trl(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9


def _trl_errors(trl_now: Any, trl_target: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not _is_trl(trl_now):
        errors["trl_now"] = _("The current TRL is a whole number from 1 to 9.")
    if not _is_trl(trl_target):
        errors["trl_target"] = _("The targeted TRL is a whole number from 1 to 9.")
    if not errors and trl_target < trl_now:
        errors["trl_target"] = _(
            "The targeted TRL (%(target)s) cannot be below the current TRL (%(now)s)."
        ) % {"target": trl_target, "now": trl_now}
    return errors


def _partner_errors(
    project: Project,
    partner_regions: Sequence[Region],
    partner_organisations: Sequence[Organisation],
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if any(region.pk == project.lead_region_id for region in partner_regions):
        errors["partner_regions"] = (
            _("The lead region %s cannot also be a partner region.") % project.lead_region
        )
    if project.lead_organisation_id is not None and any(
        organisation.pk == project.lead_organisation_id for organisation in partner_organisations
    ):
        errors["partner_organisations"] = (
            _("The lead organisation %s cannot also be a partner organisation.")
            % project.lead_organisation
        )
    return errors


def _validate(
    project: Project,
    *,
    partner_regions: Sequence[Region],
    partner_organisations: Sequence[Organisation],
    check_lead: bool = True,
) -> None:
    """Check ``project`` (unsaved changes included) and its partners; raise every problem.

    With ``check_lead`` a partnership's project must be led from within the partnership
    (:func:`~smartregions.partnerships.domain.pipeline.checks.lead_errors`).
    """
    errors: dict[str, str] = {}
    project.title = (project.title or "").strip()
    if not project.title:
        errors["title"] = _("Give the project a title.")
    errors.update(_trl_errors(project.trl_now, project.trl_target))
    partnership = project.partnership
    if partnership is not None:
        if project.thematic_platform_id != partnership.thematic_platform_id:
            errors["thematic_platform"] = (
                _("A partnership's projects belong to its thematic platform (%s).")
                % partnership.thematic_platform
            )
    elif project.thematic_platform_id is None:
        errors["thematic_platform"] = _("Choose the thematic platform of the project.")
    if project.lead_region_id is None:
        errors["lead_region"] = _("Choose the lead region.")
    else:
        errors.update(_partner_errors(project, partner_regions, partner_organisations))
    if partnership is not None and check_lead:
        region = project.lead_region if project.lead_region_id is not None else None
        lead = lead_errors(partnership, region=region, organisation=project.lead_organisation)
        errors.update({field: message for field, message in lead.items() if field not in errors})
    if errors:
        raise ValidationError(errors)
    project.full_clean()


def _distinct(items: Sequence[Any]) -> list[Any]:
    return list({item.pk: item for item in items}.values())


@transaction.atomic
def create_project(
    *,
    actor: Any,
    partnership: Partnership | None,
    title: str,
    lead_region: Region,
    trl_now: int,
    trl_target: int,
    budget: Decimal | int | str,
    thematic_platform: ThematicPlatform | None = None,
    acronym: str = "",
    description: str = "",
    value_chain_segment: str = "",
    lead_organisation: Organisation | None = None,
    partner_regions: Sequence[Region] = (),
    partner_organisations: Sequence[Organisation] = (),
    is_synthetic: bool = False,
) -> Project:
    """Propose a project in ``partnership``'s pipeline (or, without one, the platform's).

    The project starts as an idea, takes the partnership's thematic platform, and records its
    first stage change and ``project.create``. The partnership's leaders and the lead region's
    representatives are notified. A closed partnership takes no new projects (its row is locked
    while checking, so it cannot close meanwhile), and the project's lead region and
    organisation must belong to the partnership (see :func:`~.checks.lead_errors`).
    """
    if partnership is not None:
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if partnership.status == PartnershipStatus.CLOSED:
            raise ValidationError(
                {"partnership": _("%s is closed; it takes no new projects.") % partnership}
            )
        thematic_platform = thematic_platform or partnership.thematic_platform
    partner_regions = _distinct(partner_regions)
    partner_organisations = _distinct(partner_organisations)
    project = Project(
        partnership=partnership,
        thematic_platform=thematic_platform,
        title=title,
        acronym=acronym.strip(),
        description=description.strip(),
        value_chain_segment=value_chain_segment.strip(),
        trl_now=trl_now,
        trl_target=trl_target,
        budget=clean_amount(budget, field="budget"),
        lead_region=lead_region,
        lead_organisation=lead_organisation,
        stage=ProjectStage.IDEA,
        stage_changed_at=timezone.now(),
        created_by=_actor_or_none(actor),
        is_synthetic=is_synthetic,
    )
    _validate(project, partner_regions=partner_regions, partner_organisations=partner_organisations)
    project.save()
    project.partner_regions.set(partner_regions)
    project.partner_organisations.set(partner_organisations)
    ProjectStageChange.objects.create(
        project=project, from_stage="", to_stage=ProjectStage.IDEA, by=_actor_or_none(actor)
    )
    log_activity(
        actor=actor,
        action="project.create",
        obj=project,
        data={"partnership_id": project.partnership_id},
    )
    notifications.notify_project_proposed(project, actor=actor)
    return project


@transaction.atomic
def update_project(
    *,
    actor: Any,
    project: Project,
    partner_regions: Sequence[Region] | None = None,
    partner_organisations: Sequence[Organisation] | None = None,
    **changes: Any,
) -> Project:
    """Change fields of ``project`` (see :data:`EDITABLE_FIELDS`) and, where given, replace its
    partner regions or organisations.

    Locks the project, then its partnership: the projects of a closed partnership are not
    changed any more. A new lead region or organisation must belong to the partnership. A lower
    budget must still cover the funding mix and, for a funded or implemented project, keep the
    secured share. Records ``project.update`` with the changed field names.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise ValueError(msg)
    lock_project(project)
    lock_open_partnership(project)
    if "budget" in changes:
        changes["budget"] = clean_amount(changes["budget"], field="budget")
    for key in ("acronym", "description", "value_chain_segment"):
        if key in changes:
            changes[key] = (changes[key] or "").strip()
    changed = sorted(key for key, value in changes.items() if getattr(project, key) != value)
    for key in changed:
        setattr(project, key, changes[key])
    regions = (
        _distinct(partner_regions)
        if partner_regions is not None
        else list(project.partner_regions.all())
    )
    organisations = (
        _distinct(partner_organisations)
        if partner_organisations is not None
        else list(project.partner_organisations.all())
    )
    _validate(
        project,
        partner_regions=regions,
        partner_organisations=organisations,
        check_lead=bool({"lead_region", "lead_organisation"} & set(changed)),
    )
    if "budget" in changed:
        lines = funding_lines(project)
        check_funding_fits(budget=project.budget, lines=lines, field="budget")
        check_secured_for_funded(
            budget=project.budget, lines=lines, field="budget", stage=project.stage
        )
    project.save()
    if partner_regions is not None:
        project.partner_regions.set(regions)
        changed.append("partner_regions")
    if partner_organisations is not None:
        project.partner_organisations.set(organisations)
        changed.append("partner_organisations")
    log_activity(actor=actor, action="project.update", obj=project, data={"changed": changed})
    return project


@transaction.atomic
def delete_project(*, actor: Any, project: Project) -> None:
    """Delete a project that is still an idea (with its funding lines and history).

    Later stages are part of the pipeline's record: move such a project back first; nothing is
    deleted from the pipeline of a closed partnership. The activity log keeps the title and the
    partnership; the proposer and the lead region's representatives are notified.
    """
    lock_project(project)
    lock_open_partnership(project)
    if project.stage != ProjectStage.IDEA:
        raise ValidationError(
            {
                "stage": _("Only project ideas can be deleted; this project is at the %s stage.")
                % project.get_stage_display().lower()
            }
        )
    log_activity(
        actor=actor,
        action="project.delete",
        obj=project,
        data={"title": project.title, "partnership_id": project.partnership_id},
    )
    notifications.notify_project_deleted(project, actor=actor)
    project.delete()
