"""SME groups: form a group around a shared challenge, manage members and innovation partners."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.brokerage.domain.brokers import check_nace
from smartregions.brokerage.enums import (
    INNOVATION_PARTNER_TYPES,
    OPEN_CASE_STATUSES,
    GroupPartnerStatus,
    GroupStatus,
)
from smartregions.brokerage.models import Broker, Case, GroupMember, GroupPartner, SmeGroup
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Term, ThematicArea

#: Allowed group status changes.
GROUP_TRANSITIONS = {
    GroupStatus.FORMING: (GroupStatus.ACTIVE, GroupStatus.CLOSED),
    GroupStatus.ACTIVE: (GroupStatus.CLOSED,),
    GroupStatus.CLOSED: (),
}
#: Allowed partner status changes.
PARTNER_TRANSITIONS = {
    GroupPartnerStatus.PROPOSED: (GroupPartnerStatus.CONTACTED, GroupPartnerStatus.DECLINED),
    GroupPartnerStatus.CONTACTED: (GroupPartnerStatus.CONFIRMED, GroupPartnerStatus.DECLINED),
    GroupPartnerStatus.CONFIRMED: (),
    GroupPartnerStatus.DECLINED: (),
}


def _check_not_closed(group: SmeGroup) -> None:
    if group.status == GroupStatus.CLOSED:
        raise ValidationError({"status": _("The group is closed.")})


def _check_case_of_broker(*, group: SmeGroup, case: Case, field: str) -> None:
    """Only an open case of the group's own broker may bring its SME into the group.

    Why: a case is private to its broker and SME; attaching another broker's case would expose
    its SME and title through the group.
    """
    if case.broker_id != group.broker_id:
        raise ValidationError({field: _("Case %s is not one of your cases.") % case.pk})
    if case.status not in OPEN_CASE_STATUSES:
        raise ValidationError({field: _("Case %s is closed.") % case.pk})


def _add_member(*, actor: Any, group: SmeGroup, organisation: Organisation, case: Case | None):
    if case is not None:
        _check_case_of_broker(group=group, case=case, field="case")
    if organisation.type != OrganisationType.SME:
        raise ValidationError(
            {"organisation": _("%s is not an SME; only SMEs are group members.") % organisation}
        )
    if case is not None and case.organisation_id != organisation.pk:
        raise ValidationError({"case": _("The case belongs to another organisation.")})
    if group.members.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%s is already a member of the group.") % organisation}
        )
    member = GroupMember.objects.create(group=group, organisation=organisation, case=case)
    log_activity(
        actor=actor,
        action="group.add_member",
        obj=group,
        data={"organisation_id": organisation.pk, "case_id": getattr(case, "pk", None)},
    )
    return member


@transaction.atomic
def form_group(
    *,
    actor: Any,
    broker: Broker,
    name: str,
    challenge: str,
    thematic_area: ThematicArea | None = None,
    nace_codes: Sequence[Term] = (),
    cases: Sequence[Case] = (),
    organisations: Sequence[Organisation] = (),
    is_synthetic: bool = False,
) -> SmeGroup:
    """A broker forms an SME group around a shared challenge, from cases and/or organisations.

    Each case brings its SME (and is remembered as the member's origin); cases must be open
    cases of ``broker`` (field ``cases``); organisations must be SMEs; an SME appears once.
    The group starts ``forming``. Records ``group.form`` and one
    ``group.add_member`` per member.
    """
    group = SmeGroup(
        name=name.strip(),
        challenge=challenge.strip(),
        thematic_area=thematic_area,
        broker=broker,
        is_synthetic=is_synthetic,
    )
    group.full_clean()
    check_nace(nace_codes)
    group.save()
    group.nace_codes.set(nace_codes)
    log_activity(actor=actor, action="group.form", obj=group)
    for case in cases:
        _check_case_of_broker(group=group, case=case, field="cases")
    seen: set[int] = set()
    for case in cases:
        if case.organisation_id not in seen:
            seen.add(case.organisation_id)
            _add_member(actor=actor, group=group, organisation=case.organisation, case=case)
    for organisation in organisations:
        if organisation.pk not in seen:
            seen.add(organisation.pk)
            _add_member(actor=actor, group=group, organisation=organisation, case=None)
    return group


@transaction.atomic
def update_group(
    *,
    actor: Any,
    group: SmeGroup,
    name: str,
    challenge: str,
    thematic_area: ThematicArea | None,
    nace_codes: Sequence[Term],
) -> SmeGroup:
    """Change the group's name, challenge, thematic area and NACE codes."""
    _check_not_closed(group)
    group.name, group.challenge, group.thematic_area = (
        name.strip(),
        challenge.strip(),
        thematic_area,
    )
    group.full_clean()
    check_nace(nace_codes)
    group.save()
    group.nace_codes.set(nace_codes)
    log_activity(actor=actor, action="group.update", obj=group)
    return group


@transaction.atomic
def add_group_member(
    *, actor: Any, group: SmeGroup, organisation: Organisation, case: Case | None = None
) -> GroupMember:
    """Add an SME (optionally from one of its cases) to an open group.

    The case must be an open case of the group's broker and belong to the SME (field ``case``).
    """
    _check_not_closed(group)
    return _add_member(actor=actor, group=group, organisation=organisation, case=case)


@transaction.atomic
def remove_group_member(*, actor: Any, member: GroupMember) -> None:
    """Remove an SME from an open group. Records ``group.remove_member``."""
    _check_not_closed(member.group)
    log_activity(
        actor=actor,
        action="group.remove_member",
        obj=member.group,
        data={"organisation_id": member.organisation_id},
    )
    member.delete()


@transaction.atomic
def change_group_status(*, actor: Any, group: SmeGroup, status: str) -> SmeGroup:
    """Move a group forming -> active -> closed (forming -> closed too). A group needs at least
    two members to become active."""
    if status not in GROUP_TRANSITIONS.get(group.status, ()):
        raise ValidationError(
            {
                "status": _("A %(from)s group cannot become %(to)s.")
                % {"from": group.get_status_display().lower(), "to": status}
            }
        )
    if status == GroupStatus.ACTIVE and group.members.count() < 2:
        raise ValidationError({"status": _("A group needs at least two SMEs to become active.")})
    previous = group.status
    group.status = status
    group.save(update_fields=["status", "updated_at"])
    log_activity(
        actor=actor, action="group.status", obj=group, data={"from": previous, "to": status}
    )
    return group


def member_country_ids(group: SmeGroup) -> set[int]:
    """Countries of the group's member SMEs (partners must come from elsewhere)."""
    return set(group.members.values_list("organisation__region__country_id", flat=True))


@transaction.atomic
def add_group_partner(
    *,
    actor: Any,
    group: SmeGroup,
    organisation: Organisation,
    score: float | None = None,
    reason: str = "",
) -> GroupPartner:
    """Propose an innovation partner abroad for the group (status ``proposed``).

    The partner must be a research organisation, cluster, technology centre or intermediary
    in a country none of the members is in. Records ``group.add_partner``.
    """
    _check_not_closed(group)
    if organisation.type not in INNOVATION_PARTNER_TYPES:
        raise ValidationError(
            {
                "organisation": _("%(name)s is a %(type)s, not an innovation partner.")
                % {"name": organisation, "type": organisation.get_type_display().lower()}
            }
        )
    if organisation.region.country_id in member_country_ids(group):
        raise ValidationError(
            {
                "organisation": _("%s is in a member's country; partners come from abroad.")
                % organisation
            }
        )
    if group.partners.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("%s is already a partner of the group.") % organisation}
        )
    partner = GroupPartner.objects.create(
        group=group,
        organisation=organisation,
        score=score,
        reason=reason.strip(),
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_activity(
        actor=actor,
        action="group.add_partner",
        obj=group,
        data={"organisation_id": organisation.pk, "score": score},
    )
    return partner


@transaction.atomic
def set_partner_status(*, actor: Any, partner: GroupPartner, status: str) -> GroupPartner:
    """Move a partner proposed -> contacted -> confirmed, or to declined."""
    _check_not_closed(partner.group)
    if status not in PARTNER_TRANSITIONS.get(partner.status, ()):
        raise ValidationError(
            {
                "status": _("A %(from)s partner cannot become %(to)s.")
                % {"from": partner.get_status_display().lower(), "to": status}
            }
        )
    previous = partner.status
    partner.status = status
    partner.save(update_fields=["status", "updated_at"])
    log_activity(
        actor=actor,
        action="group.partner_status",
        obj=partner.group,
        data={"organisation_id": partner.organisation_id, "from": previous, "to": status},
    )
    return partner
