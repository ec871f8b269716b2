"""Members of a partnership (regions and organisations with a role) and their contact persons.

A partnership has exactly one lead at any time (a partial unique constraint enforces "at most
one"; these functions never leave it without one): the lead is handed over with
:func:`change_member_role` (the old lead becomes a co-lead) and cannot leave or step down.
A member that leaves keeps its row with ``left_at`` set (history); re-admitting it clears
``left_at``. Contacts are the people to reach at a member; only those marked public appear on
the public page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.notifications_partnerships import notify_party
from smartregions.partnerships.domain.partnerships import check_not_closed, lock_partnership
from smartregions.partnerships.enums import MemberRole
from smartregions.partnerships.models import MemberContact, Partnership, PartnershipMember
from smartregions.regions.models import Region


def touches_lead(member: PartnershipMember, role: str | None = None) -> bool:
    """Whether changing ``member`` (to ``role``, or removing it) moves the lead.

    Such a change needs ``partnerships.hand_over_lead`` besides ``manage_members``: only staff
    and the lead's own users give the lead away, so a co-lead cannot take it.
    """
    return MemberRole.LEAD in (member.role, role)


def _party_field(region: Region | None) -> str:
    return "region" if region is not None else "organisation"


def place_member(
    *,
    partnership: Partnership,
    region: Region | None,
    organisation: Organisation | None,
    role: str,
) -> PartnershipMember:
    """Add ``region`` or ``organisation`` with ``role``, or re-admit it if it had left.

    The caller has locked the partnership and checked it is not closed. Refuses a current
    member and a second lead.
    """
    if (region is None) == (organisation is None):
        raise ValidationError({"region": _("A member is either a region or an organisation.")})
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    field = _party_field(region)
    party = region or organisation
    existing = (
        PartnershipMember.objects.select_for_update()
        .filter(partnership=partnership, **{field: party})
        .first()
    )
    if existing is not None and existing.left_at is None:
        raise ValidationError({field: _("%(party)s is already a member.") % {"party": party}})
    if (
        role == MemberRole.LEAD
        and partnership.members.filter(role=MemberRole.LEAD, left_at__isnull=True).exists()
    ):
        raise ValidationError(
            {"role": _("The partnership has a lead: add the member, then hand the lead over.")}
        )
    if existing is not None:
        existing.left_at = None
        existing.role = role
        existing.joined_at = timezone.now()
        existing.save(update_fields=["left_at", "role", "joined_at"])
        return existing
    return PartnershipMember.objects.create(
        partnership=partnership, region=region, organisation=organisation, role=role
    )


@transaction.atomic
def add_member(
    *,
    actor: Any,
    partnership: Partnership,
    region: Region | None = None,
    organisation: Organisation | None = None,
    role: str = MemberRole.MEMBER,
) -> PartnershipMember:
    """Add a region or organisation to the partnership (leaders and staff).

    A member that had left is re-admitted. The lead is not added this way (there is one
    already): hand it over with :func:`change_member_role`. Records ``partnership.member_add``
    and notifies the users acting for the new member.
    """
    lock_partnership(partnership)
    check_not_closed(partnership)
    member = place_member(
        partnership=partnership, region=region, organisation=organisation, role=role
    )
    log_activity(
        actor=actor,
        action="partnership.member_add",
        obj=partnership,
        data={"member_id": member.pk, "role": role},
    )
    notify_party(
        member,
        partnership,
        kind="partnership.member_added",
        title=_("%(party)s joined the partnership %(name)s as %(role)s")
        % {
            "party": region or organisation,
            "name": partnership.name,
            "role": MemberRole(role).label.lower(),
        },
        actor=actor,
    )
    return member


def _lock_member(member: PartnershipMember) -> tuple[Partnership, PartnershipMember]:
    """Lock the member's partnership, then reload the member (same lock order everywhere)."""
    partnership = lock_partnership(Partnership(pk=member.partnership_id))
    member.refresh_from_db()
    if member.left_at is not None:
        raise ValidationError(
            {
                "member": _("%(member)s has left the partnership.")
                % {"member": member.region or member.organisation}
            }
        )
    return partnership, member


@transaction.atomic
def change_member_role(*, actor: Any, member: PartnershipMember, role: str) -> PartnershipMember:
    """Give a current member another role (leaders and staff).

    Making a member the lead hands the lead over: the previous lead becomes a co-lead in the
    same transaction, so there is always exactly one. The lead itself cannot step down (make
    another member the lead instead). Records ``partnership.member_role`` and notifies the
    member (and the previous lead on a hand-over).
    """
    partnership, member = _lock_member(member)
    check_not_closed(partnership)
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Unknown role: %(role)s.") % {"role": role}})
    if member.role == role:
        raise ValidationError(
            {
                "role": _("The member already has the role %(role)s.")
                % {"role": MemberRole(role).label.lower()}
            }
        )
    if member.role == MemberRole.LEAD:
        raise ValidationError(
            {"role": _("The lead cannot step down: make another member the lead instead.")}
        )
    previous_lead = None
    if role == MemberRole.LEAD:
        previous_lead = (
            PartnershipMember.objects.select_for_update()
            .filter(partnership=partnership, role=MemberRole.LEAD, left_at__isnull=True)
            .first()
        )
        if previous_lead is not None:
            previous_lead.role = MemberRole.CO_LEAD
            previous_lead.save(update_fields=["role"])
    previous_role = member.role
    member.role = role
    member.save(update_fields=["role"])
    log_activity(
        actor=actor,
        action="partnership.member_role",
        obj=partnership,
        data={
            "member_id": member.pk,
            "from": previous_role,
            "to": role,
            "previous_lead_id": previous_lead.pk if previous_lead else None,
        },
    )
    title = _("%(party)s is now %(role)s of %(name)s") % {
        "party": member.region or member.organisation,
        "role": MemberRole(role).label.lower(),
        "name": partnership.name,
    }
    notify_party(member, partnership, kind="partnership.member_role", title=title, actor=actor)
    if previous_lead is not None:
        notify_party(
            previous_lead, partnership, kind="partnership.member_role", title=title, actor=actor
        )
    return member


@transaction.atomic
def remove_member(*, actor: Any, member: PartnershipMember) -> PartnershipMember:
    """A member leaves the partnership (``left_at`` is set; its history stays).

    The lead cannot leave: hand the lead over first. Records ``partnership.member_remove`` and
    notifies the users acting for the member.
    """
    partnership, member = _lock_member(member)
    check_not_closed(partnership)
    if member.role == MemberRole.LEAD:
        raise ValidationError(
            {"member": _("The lead cannot leave: make another member the lead first.")}
        )
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    log_activity(
        actor=actor,
        action="partnership.member_remove",
        obj=partnership,
        data={"member_id": member.pk},
    )
    notify_party(
        member,
        partnership,
        kind="partnership.member_removed",
        title=_("%(party)s left the partnership %(name)s")
        % {"party": member.region or member.organisation, "name": partnership.name},
        actor=actor,
    )
    return member


def _clean_contact(contact: MemberContact) -> MemberContact:
    contact.name = contact.name.strip()
    contact.email = contact.email.strip()
    contact.position = contact.position.strip()
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def add_member_contact(
    *,
    actor: Any,
    member: PartnershipMember,
    name: str,
    email: str,
    position: str = "",
    is_public: bool = False,
    user: Any = None,
) -> MemberContact:
    """Add a contact person to a current member; ``is_public`` shows them on the public page
    (set it only with the person's consent). Records ``partnership.contact_add``."""
    partnership, member = _lock_member(member)
    check_not_closed(partnership)
    contact = _clean_contact(
        MemberContact(
            member=member,
            user=user,
            name=name,
            email=email,
            position=position,
            is_public=is_public,
        )
    )
    log_activity(
        actor=actor,
        action="partnership.contact_add",
        obj=partnership,
        data={"contact_id": contact.pk, "member_id": member.pk},
    )
    return contact


@transaction.atomic
def update_member_contact(
    *,
    actor: Any,
    contact: MemberContact,
    name: str,
    email: str,
    position: str = "",
    is_public: bool = False,
    user: Any = None,
) -> MemberContact:
    """Change a contact person's details or visibility. Records ``partnership.contact_update``."""
    partnership, _member = _lock_member(contact.member)
    check_not_closed(partnership)
    contact.refresh_from_db()
    contact.name, contact.email, contact.position = name, email, position
    contact.is_public, contact.user = is_public, user
    _clean_contact(contact)
    log_activity(
        actor=actor,
        action="partnership.contact_update",
        obj=partnership,
        data={"contact_id": contact.pk},
    )
    return contact


@transaction.atomic
def remove_member_contact(*, actor: Any, contact: MemberContact) -> None:
    """Delete a contact person. Records ``partnership.contact_remove``."""
    partnership, _member = _lock_member(contact.member)
    check_not_closed(partnership)
    log_activity(
        actor=actor,
        action="partnership.contact_remove",
        obj=partnership,
        data={"contact_id": contact.pk, "name": contact.name},
    )
    contact.delete()
