"""The expert team of a partnership: experts of the platform's pool, assigned by staff."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.calls.models import Expert
from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.partnerships.domain.notifications_partnerships import (
    leader_users,
    partnership_url,
)
from smartregions.partnerships.domain.partnerships import check_not_closed, lock_partnership
from smartregions.partnerships.models import ExpertAssignment, Partnership


@transaction.atomic
def assign_expert(
    *, actor: Any, partnership: Partnership, expert: Expert, role: str = ""
) -> ExpertAssignment:
    """Put an active expert of the pool on the partnership's team with a role (staff).

    Refused for a closed partnership, an inactive expert and an expert already on the team.
    Records ``partnership.expert_assign`` and notifies the expert and the leads.
    """
    lock_partnership(partnership)
    check_not_closed(partnership)
    expert = Expert.objects.select_related("user").get(pk=expert.pk)
    if not expert.is_active:
        raise ValidationError(
            {"expert": _("%(expert)s is not active in the expert pool.") % {"expert": expert}}
        )
    if ExpertAssignment.objects.filter(partnership=partnership, expert=expert).exists():
        raise ValidationError(
            {"expert": _("%(expert)s is already on the expert team.") % {"expert": expert}}
        )
    assignment = ExpertAssignment(
        partnership=partnership,
        expert=expert,
        role=role.strip(),
        assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assignment.full_clean()
    assignment.save()
    log_activity(
        actor=actor,
        action="partnership.expert_assign",
        obj=partnership,
        data={"expert_id": expert.pk, "role": assignment.role},
    )
    notify(
        recipients=[expert.user, *leader_users(partnership)],
        kind="partnership.expert_assigned",
        title=_("%(expert)s joined the expert team of %(name)s")
        % {"expert": expert, "name": partnership.name},
        body=assignment.role,
        url=partnership_url(partnership),
        exclude=actor,
    )
    return assignment


@transaction.atomic
def remove_expert(*, actor: Any, assignment: ExpertAssignment) -> None:
    """Take an expert off the partnership's team (staff). Records ``partnership.expert_remove``
    and notifies the expert."""
    partnership = lock_partnership(Partnership(pk=assignment.partnership_id))
    check_not_closed(partnership)
    expert = Expert.objects.select_related("user").get(pk=assignment.expert_id)
    log_activity(
        actor=actor,
        action="partnership.expert_remove",
        obj=partnership,
        data={"expert_id": expert.pk},
    )
    assignment.delete()
    notify(
        recipients=[expert.user],
        kind="partnership.expert_removed",
        title=_("You left the expert team of %(name)s") % {"name": partnership.name},
        url=partnership_url(partnership),
        exclude=actor,
    )
