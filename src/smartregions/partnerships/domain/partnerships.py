"""Partnerships: create one (directly or from an accepted application), edit, launch, close.

Workflow (one domain function per step; who may call it is checked by the surfaces with
:mod:`smartregions.partnerships.rules.partnerships`)::

    forming --launch--> active --close--> closed

A partnership is created ``forming`` with its lead member and its first methodology stage (the
scoping note) started; a forming partnership is seen only by its members and platform staff.
Launching makes it public; closing ends it (its current stage is completed and waiting join
requests are rejected). Every step locks the partnership row, re-checks the state, writes the
activity log and notifies the users acting for the members.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregions.accounts.models import User
from smartregions.calls.enums import ApplicationStatus, CoApplicantStatus
from smartregions.calls.models import Application, CoApplicant
from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.notifications_partnerships import (
    notify_members,
    users_acting_for,
)
from smartregions.partnerships.enums import (
    JoinRequestStatus,
    MemberRole,
    MethodologyStage,
    PartnershipStatus,
)
from smartregions.partnerships.models import (
    JoinRequest,
    Partnership,
    PartnershipMember,
    StageRecord,
)
from smartregions.regions.models import Region, ThematicArea, ThematicPlatform

#: Path segments under /partnerships/ that are pages, never partnership slugs.
RESERVED_SLUGS = frozenset({"new", "mine", "join-requests", "from-application"})


def unique_partnership_slug(text: str, *, exclude_pk: int | None = None) -> str:
    """A URL slug for ``text`` that no other partnership uses (``text``, ``text-2``...)."""
    base = slugify(text)[:70].strip("-") or "partnership"
    others = Partnership.objects.exclude(pk=exclude_pk) if exclude_pk else Partnership.objects
    slug, n = base, 1
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def lock_partnership(partnership: Partnership) -> Partnership:
    """Lock the partnership's row for this transaction and reload ``partnership`` in place.

    Why: the caller's copy may be stale; every check of a write must see the committed row,
    and concurrent writers to one partnership (members, stages, join requests) wait in turn.
    """
    partnership.refresh_from_db(from_queryset=Partnership.objects.select_for_update())
    return partnership


def check_not_closed(partnership: Partnership) -> None:
    """Refuse any change to a closed partnership (it is an archive)."""
    if partnership.status == PartnershipStatus.CLOSED:
        raise ValidationError({"status": _("The partnership is closed: it cannot be changed.")})


def check_area(platform: ThematicPlatform, area: ThematicArea | None) -> None:
    """A thematic area that belongs to a platform must belong to the partnership's one."""
    if area is not None and area.platform_id is not None and area.platform_id != platform.pk:
        raise ValidationError(
            {
                "thematic_area": _("%(area)s belongs to another platform than %(platform)s.")
                % {"area": area.name, "platform": platform.name}
            }
        )


def _start_scoping(partnership: Partnership) -> None:
    StageRecord.objects.create(
        partnership=partnership, stage=MethodologyStage.SCOPING, started_at=timezone.now()
    )


@transaction.atomic
def create_partnership(
    *,
    actor: Any,
    name: str,
    thematic_platform: ThematicPlatform,
    lead_region: Region | None = None,
    lead_organisation: Organisation | None = None,
    acronym: str = "",
    description: str = "",
    thematic_area: ThematicArea | None = None,
    website: str = "",
    is_synthetic: bool = False,
) -> Partnership:
    """Create a forming partnership led by one region or one organisation.

    Platform staff create partnerships for anyone; a region representative creates one led by
    their region (the surfaces check ``partnerships.lead_as``). The scoping stage starts at
    once. Records ``partnership.create`` and notifies the users acting for the lead.
    """
    if (lead_region is None) == (lead_organisation is None):
        raise ValidationError({"lead_region": _("Name the lead: one region or one organisation.")})
    check_area(thematic_platform, thematic_area)
    partnership = Partnership(
        slug=unique_partnership_slug(acronym or name),
        name=name.strip(),
        acronym=acronym.strip(),
        description=description.strip(),
        thematic_platform=thematic_platform,
        thematic_area=thematic_area,
        website=website.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_synthetic=is_synthetic,
    )
    partnership.full_clean()
    partnership.save()
    PartnershipMember.objects.create(
        partnership=partnership,
        region=lead_region,
        organisation=lead_organisation,
        role=MemberRole.LEAD,
    )
    _start_scoping(partnership)
    log_activity(actor=actor, action="partnership.create", obj=partnership)
    notify_members(
        partnership,
        kind="partnership.created",
        title=_("%(member)s leads the new partnership %(name)s")
        % {"member": lead_region or lead_organisation, "name": partnership.name},
        actor=actor,
    )
    return partnership


def _application_parties(application: Application) -> list[tuple[Any, Any, str]]:
    """(region, organisation, role) of every member-to-be, lead first, without repeats."""
    parties: list[tuple[Any, Any, str]] = []
    seen: set[tuple[str, int]] = set()

    def add(region: Any, organisation: Any, role: str) -> None:
        key = ("r", region.pk) if region is not None else ("o", organisation.pk)
        if key not in seen:
            seen.add(key)
            parties.append((region, organisation, role))

    if application.lead_region is not None:
        add(application.lead_region, None, MemberRole.LEAD)
    if application.lead_organisation is not None:
        role = MemberRole.CO_LEAD if application.lead_region is not None else MemberRole.LEAD
        add(None, application.lead_organisation, role)
    confirmed = (
        CoApplicant.objects.filter(application=application, status=CoApplicantStatus.CONFIRMED)
        .select_related("region", "organisation")
        .order_by("id")
    )
    for co_applicant in confirmed:
        add(co_applicant.region, co_applicant.organisation, MemberRole.MEMBER)
    return parties


@transaction.atomic
def create_partnership_from_application(
    *,
    actor: Any,
    application: Application,
    thematic_platform: ThematicPlatform | None = None,
) -> Partnership:
    """Turn an accepted application into a forming partnership (staff; one per application).

    Members: the lead region as lead; the lead organisation as lead when there is no lead
    region, else as co-lead; every confirmed co-applicant as member. Name, acronym, summary and
    thematic area come from the application, the platform from its call (staff choose one when
    the call has none). Locks the application so two clicks create one partnership. Records
    ``partnership.create_from_application`` and notifies every member.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(
            {
                "application": _(
                    "Only an accepted application becomes a partnership; this one is %(status)s."
                )
                % {"status": locked.get_status_display().lower()}
            }
        )
    existing = Partnership.objects.filter(application=locked).first()
    if existing is not None:
        raise ValidationError(
            {
                "application": _("The partnership %(name)s was already created from it.")
                % {"name": existing.name}
            }
        )
    locked = Application.objects.select_related(
        "call__thematic_platform", "lead_region", "lead_organisation", "thematic_area"
    ).get(pk=locked.pk)
    platform = locked.call.thematic_platform
    if platform is None:
        if thematic_platform is None:
            raise ValidationError(
                {"thematic_platform": _("The call has no thematic platform: choose one.")}
            )
        platform = thematic_platform
    elif thematic_platform is not None and thematic_platform.pk != platform.pk:
        raise ValidationError(
            {
                "thematic_platform": _("The call belongs to the platform %(platform)s.")
                % {"platform": platform.name}
            }
        )
    area = locked.thematic_area
    if area is not None and area.platform_id not in (None, platform.pk):
        area = None  # the application's area belongs elsewhere: leave it for the leads to set
    partnership = Partnership(
        slug=unique_partnership_slug(locked.acronym or locked.title),
        name=locked.title,
        acronym=locked.acronym,
        description=locked.summary,
        thematic_platform=platform,
        thematic_area=area,
        application=locked,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_synthetic=locked.is_synthetic,
    )
    partnership.full_clean()
    partnership.save()
    PartnershipMember.objects.bulk_create(
        [
            PartnershipMember(
                partnership=partnership, region=region, organisation=organisation, role=role
            )
            for region, organisation, role in _application_parties(locked)
        ]
    )
    _start_scoping(partnership)
    log_activity(
        actor=actor,
        action="partnership.create_from_application",
        obj=partnership,
        data={"application_id": locked.pk},
    )
    notify_members(
        partnership,
        kind="partnership.created",
        title=_("Your application %(title)s is now the partnership %(name)s")
        % {"title": locked.title, "name": partnership.name},
        actor=actor,
    )
    return partnership


@transaction.atomic
def update_partnership(
    *,
    actor: Any,
    partnership: Partnership,
    name: str,
    thematic_platform: ThematicPlatform,
    acronym: str = "",
    description: str = "",
    thematic_area: ThematicArea | None = None,
    website: str = "",
) -> Partnership:
    """Change a partnership's name, acronym, description, platform, area and website.

    The slug stays, so shared links keep working. Refused once closed. Records
    ``partnership.update`` with the changed fields.
    """
    lock_partnership(partnership)
    check_not_closed(partnership)
    check_area(thematic_platform, thematic_area)
    values = {
        "name": name.strip(),
        "acronym": acronym.strip(),
        "description": description.strip(),
        "thematic_platform_id": thematic_platform.pk,
        "thematic_area_id": thematic_area.pk if thematic_area else None,
        "website": website.strip(),
    }
    changed = sorted(
        field.removesuffix("_id")
        for field, value in values.items()
        if getattr(partnership, field) != value
    )
    for field, value in values.items():
        setattr(partnership, field, value)
    partnership.full_clean()
    partnership.save()
    log_activity(
        actor=actor, action="partnership.update", obj=partnership, data={"changed": changed}
    )
    return partnership


def _refuse_transition(partnership: Partnership, verb: str) -> ValidationError:
    return ValidationError(
        {
            "status": _("A %(status)s partnership cannot be %(verb)s.")
            % {"status": partnership.get_status_display().lower(), "verb": verb}
        }
    )


@transaction.atomic
def launch_partnership(*, actor: Any, partnership: Partnership) -> Partnership:
    """forming -> active: the partnership starts work and its page becomes public.

    Needs its lead member. Records ``partnership.launch`` and notifies every member.
    """
    lock_partnership(partnership)
    if partnership.status != PartnershipStatus.FORMING:
        raise _refuse_transition(partnership, _("launched"))
    if not partnership.members.filter(role=MemberRole.LEAD, left_at__isnull=True).exists():
        raise ValidationError({"members": _("Name the lead member before the launch.")})
    partnership.status = PartnershipStatus.ACTIVE
    partnership.launched_at = timezone.now()
    partnership.save(update_fields=["status", "launched_at", "updated_at"])
    log_activity(actor=actor, action="partnership.launch", obj=partnership)
    notify_members(
        partnership,
        kind="partnership.launched",
        title=_("The partnership %(name)s was launched") % {"name": partnership.name},
        actor=actor,
    )
    return partnership


@transaction.atomic
def close_partnership(*, actor: Any, partnership: Partnership, reason: str = "") -> Partnership:
    """active -> closed: the partnership ends; its current stage is completed.

    Waiting join requests are rejected (their requesters are told why). Records
    ``partnership.close`` and notifies every member with ``reason``.
    """
    lock_partnership(partnership)
    if partnership.status != PartnershipStatus.ACTIVE:
        raise _refuse_transition(partnership, _("closed"))
    now = timezone.now()
    partnership.status = PartnershipStatus.CLOSED
    partnership.closed_at = now
    partnership.save(update_fields=["status", "closed_at", "updated_at"])
    StageRecord.objects.filter(
        partnership=partnership, stage=partnership.current_stage, completed_at__isnull=True
    ).update(completed_at=now)
    waiting = list(
        JoinRequest.objects.select_for_update()
        .filter(partnership=partnership, status=JoinRequestStatus.PENDING)
        .order_by("id")
    )
    answer = _("The partnership has closed.")
    for join_request in waiting:
        join_request.status = JoinRequestStatus.REJECTED
        join_request.decided_at = now
        join_request.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        join_request.reason = answer
        join_request.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    log_activity(
        actor=actor,
        action="partnership.close",
        obj=partnership,
        data={"reason": reason.strip(), "rejected_requests": [r.pk for r in waiting]},
    )
    notify_members(
        partnership,
        kind="partnership.closed",
        title=_("The partnership %(name)s has closed") % {"name": partnership.name},
        body=reason.strip(),
        actor=actor,
    )
    if waiting:
        ids = [r.pk for r in waiting]
        parties = JoinRequest.objects.filter(pk__in=ids).select_related("region")
        requesters = User.objects.filter(pk__in=[r.requested_by_id for r in waiting])
        notify(
            recipients=[*users_acting_for(parties), *requesters],
            kind="partnership.join_rejected",
            title=_("Your request to join %(name)s was closed") % {"name": partnership.name},
            body=answer,
            exclude=actor,
        )
    return partnership
