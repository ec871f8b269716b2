"""Join requests: a region or organisation asks to join; the leads (or staff) decide.

Workflow (one function per step)::

    pending --approve--> approved   (the region or organisation becomes a member)
            --reject---> rejected   (with a reason the requester reads)
            --withdraw-> withdrawn  (by the requester)

Only one request per region or organisation waits at a time (a partial unique constraint);
nobody asks to become the lead. The leads are notified of a new or withdrawn request, the
requester of the decision. Closing the partnership rejects waiting requests
(:func:`~smartregions.partnerships.domain.partnerships.close_partnership`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.partnerships.domain.members import place_member
from smartregions.partnerships.domain.notifications_partnerships import (
    notify_leaders,
    notify_party,
    partnership_url,
)
from smartregions.partnerships.domain.partnerships import check_not_closed, lock_partnership
from smartregions.partnerships.enums import JoinRequestStatus, MemberRole
from smartregions.partnerships.models import JoinRequest, Partnership, PartnershipMember
from smartregions.regions.models import Region

#: The roles one may ask for (the lead is handed over, never requested).
REQUESTABLE_ROLES = (MemberRole.CO_LEAD, MemberRole.MEMBER, MemberRole.ASSOCIATED)
#: The same as (value, label) choices, for forms and the API schema.
REQUESTABLE_ROLE_CHOICES = [(role.value, role.label) for role in REQUESTABLE_ROLES]


def _members_url(partnership: Partnership) -> str:
    return partnership_url(partnership, "web:partnership-members")


@transaction.atomic
def request_to_join(
    *,
    actor: Any,
    partnership: Partnership,
    region: Region | None = None,
    organisation: Organisation | None = None,
    requested_role: str = MemberRole.MEMBER,
    message: str = "",
) -> JoinRequest:
    """Ask for ``region`` or ``organisation`` to join with ``requested_role`` (not lead).

    The surfaces check that ``actor`` acts for the region or organisation
    (``partnerships.join_for``). Refused for a closed partnership, a current member and while
    a request of the same party waits. Records ``partnership.join_request`` and notifies the
    leads.
    """
    lock_partnership(partnership)
    check_not_closed(partnership)
    if (region is None) == (organisation is None):
        raise ValidationError({"region": _("Ask for one region or one organisation to join.")})
    if requested_role not in REQUESTABLE_ROLES:
        raise ValidationError(
            {"requested_role": _("Ask to join as co-lead, member or associated partner.")}
        )
    field = "region" if region is not None else "organisation"
    party = region or organisation
    if PartnershipMember.objects.filter(
        partnership=partnership, left_at__isnull=True, **{field: party}
    ).exists():
        raise ValidationError({field: _("%(party)s is already a member.") % {"party": party}})
    if JoinRequest.objects.filter(
        partnership=partnership, status=JoinRequestStatus.PENDING, **{field: party}
    ).exists():
        raise ValidationError(
            {field: _("%(party)s already has a request waiting.") % {"party": party}}
        )
    join_request = JoinRequest(
        partnership=partnership,
        region=region,
        organisation=organisation,
        requested_role=requested_role,
        message=message.strip(),
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    join_request.full_clean()
    join_request.save()
    log_activity(
        actor=actor,
        action="partnership.join_request",
        obj=partnership,
        data={"join_request_id": join_request.pk, "requested_role": requested_role},
    )
    notify_leaders(
        partnership,
        kind="partnership.join_requested",
        title=_("%(party)s asks to join %(name)s") % {"party": party, "name": partnership.name},
        body=join_request.message,
        actor=actor,
        url=_members_url(partnership),
    )
    return join_request


def _lock_request(join_request: JoinRequest) -> tuple[Partnership, JoinRequest]:
    """Lock the partnership, then the request; the request must still be waiting."""
    partnership = lock_partnership(Partnership(pk=join_request.partnership_id))
    join_request.refresh_from_db(from_queryset=JoinRequest.objects.select_for_update())
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(
            {
                "status": _("The request is already %(status)s.")
                % {"status": join_request.get_status_display().lower()}
            }
        )
    return partnership, join_request


def _decide(join_request: JoinRequest, *, actor: Any, status: str, reason: str = "") -> None:
    join_request.status = status
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    join_request.reason = reason
    join_request.save(update_fields=["status", "decided_at", "decided_by", "reason"])


def _tell_requester(
    join_request: JoinRequest, partnership: Partnership, *, kind: str, title: str, actor: Any
) -> None:
    extra = [join_request.requested_by] if join_request.requested_by_id else []
    notify_party(
        join_request,
        partnership,
        kind=kind,
        title=title,
        body=join_request.reason,
        actor=actor,
        extra=extra,
    )


@transaction.atomic
def approve_join_request(
    *, actor: Any, join_request: JoinRequest, role: str | None = None
) -> PartnershipMember:
    """Approve a waiting request (leads or staff): the party becomes a member with ``role``
    (default: the role asked for; never lead). Records ``partnership.join_approve`` and
    notifies the requester."""
    partnership, join_request = _lock_request(join_request)
    check_not_closed(partnership)
    role = role or join_request.requested_role
    if role not in REQUESTABLE_ROLES:
        raise ValidationError(
            {"role": _("Admit the member as co-lead, member or associated partner.")}
        )
    member = place_member(
        partnership=partnership,
        region=join_request.region,
        organisation=join_request.organisation,
        role=role,
    )
    _decide(join_request, actor=actor, status=JoinRequestStatus.APPROVED)
    log_activity(
        actor=actor,
        action="partnership.join_approve",
        obj=partnership,
        data={"join_request_id": join_request.pk, "member_id": member.pk, "role": role},
    )
    _tell_requester(
        join_request,
        partnership,
        kind="partnership.join_approved",
        title=_("Welcome: %(party)s joined %(name)s")
        % {"party": member.region or member.organisation, "name": partnership.name},
        actor=actor,
    )
    return member


@transaction.atomic
def reject_join_request(*, actor: Any, join_request: JoinRequest, reason: str) -> JoinRequest:
    """Reject a waiting request with a reason (leads or staff). Records
    ``partnership.join_reject`` and notifies the requester with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the requester reads it.")})
    partnership, join_request = _lock_request(join_request)
    _decide(join_request, actor=actor, status=JoinRequestStatus.REJECTED, reason=reason)
    log_activity(
        actor=actor,
        action="partnership.join_reject",
        obj=partnership,
        data={"join_request_id": join_request.pk},
    )
    _tell_requester(
        join_request,
        partnership,
        kind="partnership.join_rejected",
        title=_("Your request to join %(name)s was rejected") % {"name": partnership.name},
        actor=actor,
    )
    return join_request


@transaction.atomic
def withdraw_join_request(*, actor: Any, join_request: JoinRequest) -> JoinRequest:
    """The requester withdraws a waiting request. Records ``partnership.join_withdraw`` and
    tells the leads (they no longer need to decide)."""
    partnership, join_request = _lock_request(join_request)
    _decide(join_request, actor=actor, status=JoinRequestStatus.WITHDRAWN)
    log_activity(
        actor=actor,
        action="partnership.join_withdraw",
        obj=partnership,
        data={"join_request_id": join_request.pk},
    )
    notify_leaders(
        partnership,
        kind="partnership.join_withdrawn",
        title=_("%(party)s withdrew its request to join %(name)s")
        % {
            "party": join_request.region or join_request.organisation,
            "name": partnership.name,
        },
        actor=actor,
        url=_members_url(partnership),
    )
    return join_request
